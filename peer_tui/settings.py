"""Settings: thresholds, timeouts, crisis lines. Data, not code.

Read from a JSON file (``PEER_TUI_SETTINGS``, else ``$XDG_CONFIG_HOME/peer-tui/settings.json``)
over the defaults below; a missing file means defaults. Unknown keys are refused so a typo in
the file is noticed instead of silently ignored.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from typing import Literal

from pydantic import (BaseModel, ConfigDict, Field, ValidationError, field_validator,
                      model_validator)

from peer_tui.models.local_text import split_languages
from peer_tui.models.schemas import text_type
from peer_tui.models.seed import load_asset_json
from peer_tui.settings_file import KIOSK_HOUSE_DEFAULT, SettingsProblem, settings_path


CrisisLineName, CrisisLineHow = text_type(100), text_type(200)
FollowUpLabel = text_type(40)


class CrisisLineWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: CrisisLineName | None = None
    how: CrisisLineHow | None = None


class CrisisLine(BaseModel):
    """Shown on the kiosk's crisis screen: the same text rules as the forms. NAME and HOW are
    English, or one text per language (``{"en": ..., "es": ...}``)."""

    model_config = ConfigDict(frozen=True)

    name: CrisisLineName
    how: CrisisLineHow
    translations: dict[str, CrisisLineWords] = {}

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, raw):
        return split_languages(raw, ("name", "how"))

    def localized(self, code: str) -> CrisisLine:
        words = self.translations.get(code)
        return self.model_copy(update=words.model_dump(exclude_none=True)) if words else self


def _default_crisis_lines() -> list[CrisisLine]:
    return [CrisisLine(**item) for item in load_asset_json("crisis_lines.json")]


class FollowUpPoint(BaseModel):
    """A follow-up interview a funder requires: DAYS after intake (or discharge), done in the
    window from BEFORE days before to AFTER days after that day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    label: FollowUpLabel
    anchor: Literal["intake", "discharge"] = "intake"
    days: int = Field(0, ge=0, le=3660)
    before: int = Field(0, ge=0, le=366)
    after: int = Field(14, ge=0, le=366)


def _default_followup_points() -> list[FollowUpPoint]:
    return [FollowUpPoint(key="intake", label="At intake", days=0, before=0, after=7),
            FollowUpPoint(key="3_months", label="3 months", days=91, before=14, after=28),
            FollowUpPoint(key="6_months", label="6 months", days=182, before=30, after=60),
            FollowUpPoint(key="discharge", label="At discharge", anchor="discharge", days=0,
                          before=7, after=14)]


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    idle_lock_minutes: float = Field(5, gt=0, le=240)
    """Staff screens lock after this many idle minutes; unsaved work is kept."""
    contact_warn_days: int = Field(3, ge=1)
    """Days without contact before a caseload row is marked 'due'."""
    contact_alert_days: int = Field(7, ge=1)
    """Days without contact before a caseload row is marked 'overdue' (needs attention)."""
    checkin_gap_days: int = Field(3, ge=1)
    """Days without a kiosk check-in before the resident appears in needs-attention."""
    day_first: bool = False
    """Read 03/04 as 3 April (True) or March 4 (False, US)."""
    kiosk_idle_seconds: int = Field(60, ge=5)
    """Kiosk asks "still there?" after this many idle seconds."""
    kiosk_countdown_seconds: int = Field(30, ge=3)
    """...and returns to the welcome screen after this countdown."""
    kiosk_house: str = Field(KIOSK_HOUSE_DEFAULT, max_length=100)
    """The house this computer belongs to: its kiosk's residents sign in there
    (``peer-tui kiosk --house`` wins) and its staff sign-in screen names it. Needed for the
    kiosk when the database has several houses."""
    kiosk_max_attempts: int = Field(5, ge=1)
    kiosk_lockout_minutes: int = Field(10, ge=1)
    kiosk_exit_attempts: int = Field(3, ge=1)
    """Wrong usernames/PINs at the kiosk's staff exit (F12) before the exit pauses. Only that
    kiosk's exit pauses: a staff account is never locked from the kiosk."""
    kiosk_exit_pause_seconds: int = Field(30, ge=1, le=3600)
    """The first pause of the kiosk's staff exit; each further pause doubles, up to 15 min."""
    questionnaire: str = ""
    """A house's own check-in questionnaire: a JSON file shaped like the packaged
    assets/questionnaire.json (a relative path is read from beside this settings file).
    Empty: the packaged one. Checked when the kiosk starts."""
    staff_max_attempts: int = Field(5, ge=1)
    staff_lockout_minutes: int = Field(5, ge=1)
    backups_keep: int = Field(7, ge=1)
    """How many automatic daily backups to keep."""
    shift_starts: list[str] = Field(default_factory=lambda: ["07:00", "15:00", "23:00"])
    """When shifts start (HH:MM, local). The hand-off starts at the earlier of your last
    sign-out and the start of the shift you signed in during; an empty list: 24 hours."""
    urgent_poll_seconds: float = Field(5, gt=0)
    """How often staff screens look for new urgent concerns (e.g. from the kiosk)."""
    plan_session_minutes: int = Field(30, ge=0, le=24 * 60)
    """A staff member's plan saves at most this many minutes after their previous one fold
    into one plan revision (and one timeline entry); 0 makes every save its own revision."""
    barc10_every_days: int = Field(30, ge=1, le=366)
    """The BARC-10 (recovery capital) is offered at the kiosk at admission, then once this
    many days have passed since the last one."""
    barc10_overdue_days: int = Field(7, ge=0, le=366)
    """Days past due (or past the intake date, for the first one) before "BARC-10 overdue"
    puts the resident in needs-attention."""
    barc10_drop_points: int = Field(5, ge=1, le=50)
    """A total this many points or more below the one before puts the resident in
    needs-attention ("BARC-10 dropped by N")."""
    crisis_lines: list[CrisisLine] = Field(default_factory=_default_crisis_lines)
    report_small_count: int = Field(5, ge=1, le=100)
    """Counts below this are shown as "<5" (for 5) in program reports exported for outside
    the program, so nobody can be identified from a small cell; 1 suppresses nothing."""
    followup_points: list[FollowUpPoint] = Field(default_factory=_default_followup_points)
    """The follow-up interviews funders require: each a key, a label, DAYS after intake or
    discharge (anchor), and the window (BEFORE and AFTER days) it counts as done in."""
    kiosk_language: Literal["en", "es"] = "en"
    """The kiosk's language when nobody has chosen one (en English, es Spanish); the
    resident's choice on the welcome screen lasts until the kiosk goes back to the start."""
    training_supervision_hours: float = Field(12, ge=0, le=2000)
    """Supervision hours a certified peer specialist needs in each renewal period."""
    training_ce_hours: float = Field(20, ge=0, le=2000)
    """Continuing-education hours needed in each renewal period."""
    training_practice_hours: float = Field(500, ge=0, le=20000)
    """Practice hours needed in each renewal period."""
    training_attention_days: int = Field(60, ge=1, le=366)
    """Renewals due within this many days appear in the training "needs attention" list."""
    training_supervision_gap_days: int = Field(45, ge=1, le=366)
    """A certified peer specialist with no supervision for longer than this is listed."""

    @field_validator("followup_points")
    @classmethod
    def _distinct_points(cls, value: list[FollowUpPoint]) -> list[FollowUpPoint]:
        keys = [p.key for p in value]
        if len(set(keys)) != len(keys):
            raise ValueError("each follow-up point needs its own key")
        return value

    @field_validator("shift_starts")
    @classmethod
    def _clock_times(cls, value: list[str]) -> list[str]:
        from peer_tui.shift import parse_clock  # start-up: the date words load when first used

        return [parse_clock(v).strftime("%H:%M") for v in value]

    def shift_times(self):
        from peer_tui.shift import parse_clock  # start-up: the date words load when first used

        return sorted(parse_clock(v) for v in self.shift_starts)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    path = settings_path()
    if not path.exists():
        return Settings()
    try:
        settings = Settings(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError, TypeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, ValidationError):  # name the setting, not "1 validation error"
            error = exc.errors()[0]
            first = f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
        raise SettingsProblem(f"Settings file {path} is not valid: {first}") from None
    if settings.questionnaire and not Path(settings.questionnaire).expanduser().is_absolute():
        settings = settings.model_copy(
            update={"questionnaire": str(path.parent / settings.questionnaire)})
    return settings


__all__ = ["Settings", "SettingsProblem", "get_settings", "settings_path"]
