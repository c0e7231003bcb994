"""The words a plan's stored keys are shown in: on screen, in the printed plan and in the
plan's history of changes. Plain data, no database, so the pure history code can use it."""

from __future__ import annotations

STATUS_LABELS = {"not_started": "not started", "in_progress": "in progress",
                 "achieved": "achieved", "paused": "paused", "let_go": "let go"}
OWNER_LABELS = {"resident": "resident", "peer_specialist": "peer specialist",
                "case_manager": "case manager", "other": "other"}
PATHWAY_LABELS = {"clinical": "clinical", "non_clinical": "non-clinical",
                  "self_managed": "self-managed"}
