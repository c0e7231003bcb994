"""The packaged course (assets/training_course.json), checked by its schema and stored once.

The database copy is the one the program uses and an administrator may edit; the file is
only the starting point, so editing it later changes nothing in a database that has it.
"""

from __future__ import annotations

import json

from peer_tui.models.seed import load_asset_json
from peer_tui.models.training import Course
from peer_tui.models.training_schemas import CourseDef

COURSE_ASSET = "training_course.json"


def packaged_course() -> CourseDef:
    """The course in the asset file; raises pydantic's ValidationError if the file is wrong."""
    return CourseDef(**load_asset_json(COURSE_ASSET))


def seed_course() -> None:
    course = packaged_course()
    Course.insert(key=course.key, definition=json.dumps(course.as_file())
                  ).on_conflict_ignore().execute()
