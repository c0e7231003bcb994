"""Training roster: everyone in training or certified, for the people who manage training.

One row per person: cohort, hours done against the course, how far behind the cohort, next session,
checks outstanding, and where they stand. Enter opens the trainee; `s` records a session for
the highlighted person's cohort (the whole cohort's attendance in one entry); `c` a check.
Staff who do not manage training reach their own record instead (``open_training``).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from peer_tui.models.training_schemas import fmt_hours
from peer_tui.screens.base import TableScreen
from peer_tui.screens.roles import requires
from peer_tui.screens.text import one_line
from peer_tui.screens.training_course import CourseForm, TrainingAttentionScreen
from peer_tui.screens.training_forms import CheckForm, CohortForm, SessionForm, TraineeForm
from peer_tui.screens.training_trainee import TraineeScreen
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import training as tr
from peer_tui.services import training_progress as tp
from peer_tui.services.permissions import Perm, allowed
from peer_tui.timeutil import fmt_date, local_today


def open_training(app) -> None:
    """The training key: the roster for coordinators, one's own record for other staff."""
    if allowed(app.actor, Perm.MANAGE_TRAINING):
        if not isinstance(app.screen, TrainingScreen):
            app.push_screen(TrainingScreen())
        return
    if isinstance(app.screen, TraineeScreen):
        return  # already on their own record

    def mine(trainee_id: int | None) -> None:
        if trainee_id is None:
            app.notify("You have no training record yet: a case manager adds you to a "
                       "cohort.", title="Training", markup=False, timeout=6)
            return
        app.push_screen(TraineeScreen(trainee_id))

    app.screen.run_service(tr.my_trainee_id, app.actor, done=mine, group="my-training")


BEHIND_MINUTES = 180  # a session's worth under the cohort's median


def standing(row: tp.RosterRow) -> str:
    """Where the person stands, in a word or two (the roster must fit 80 columns)."""
    if row.credential_expires is not None:
        return "expired" if row.credential_expires < local_today() else "certified"
    if row.complete:
        return "complete"
    if row.behind >= BEHIND_MINUTES:
        return f"behind {fmt_hours(row.behind)}"
    return "in training"


class TrainingScreen(TableScreen):
    FIRST_FIELD = "#training-table"
    TITLE_TEXT = "Training"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Open", show=False, tooltip="Open the highlighted trainee"),
        Binding("s", "session", "Session", tooltip="Record a session for the highlighted "
                                                   "person's cohort (attendance for all)"),
        Binding("c", "check", "Check", tooltip="Record a competency check"),
        Binding("a", "add", "Add", tooltip="Add a trainee"),
        Binding("k", "cohort", "Cohort", tooltip="Add a cohort"),
        # Administrators' keys: named on the status line (the footer must fit 80 columns).
        Binding("n", "attention", "Renewals", show=False, tooltip="Needs attention: renewals and "
                                                      "missing supervision (administrators)"),
        Binding("e", "course", "Course", show=False, tooltip="Change the course: topics and hours "
                                                 "(administrators)"),
        Binding("r", "reload", "Reload", show=False),
    ]

    DEFAULT_CSS = """
    TrainingScreen #training-status { height: 1; padding: 0 1; color: $text-muted; }
    TrainingScreen #training-table { height: 1fr; }
    """

    # Widths add up to 79 with the cells' padding: the roster fits 80 columns.
    ID_PREFIX = "training"
    LOADING = "Loading..."
    COLUMNS = (("Name", "name", 18), ("Cohort", "cohort", 12), ("Hours", "hours", 9),
               ("Next", "next", 10), ("Checks", "checks", 6), ("Standing", "standing", 12))

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, tp.RosterRow] = {}
        self.cohorts: list[tr.CohortInfo] = []

    def action_reload(self) -> None:
        """r, training coordinators: read the roster again."""
        self.reload()

    def reload(self) -> None:
        self.run_service(tp.roster, self.actor, done=self._loaded, group="roster",
                         exclusive=True)
        self.run_service(tr.list_cohorts, self.actor, done=self._cohorts, group="cohorts",
                         exclusive=True)

    def _cohorts(self, cohorts: list[tr.CohortInfo]) -> None:
        self.cohorts = cohorts

    def _loaded(self, rows: list[tp.RosterRow]) -> None:
        table = self.query_one("#training-table", SafeTable)
        keep = table.cursor_row
        table.clear()
        self.rows = {r.id: r for r in rows}
        for r in rows:
            table.add_row(Text(one_line(r.name, 18)), Text(one_line(r.cohort or "-", 12)),
                          Text(f"{fmt_hours(r.counted)[:-1]}/{fmt_hours(r.required)}"),
                          Text(fmt_date(r.next_session)),
                          Text(str(r.checks_outstanding) if r.checks_outstanding else "-"),
                          Text(standing(r), style="bold" if r.behind >= 6 * 60
                               and not r.complete else ""), key=str(r.id))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        done = sum(1 for r in rows if r.complete)
        admin = " \u00b7 n renewals \u00b7 e course" if allowed(self.actor, Perm.ADMIN) else ""
        self.query_one("#training-status", Static).update(Text(
            f"{len(rows)} people, {done} finished \u00b7 Enter opens{admin}" if rows else
            f"Nobody in training yet: k adds a cohort, a adds a trainee{admin}."))

    def current(self) -> tp.RosterRow | None:
        key = self.query_one("#training-table", SafeTable).cursor_key
        return None if key is None else self.rows.get(int(key))

    def _say(self, message: str) -> None:
        self.app.notify(message, title="Training", severity="warning", markup=False)

    def action_open(self) -> None:
        """Enter, training coordinators: the highlighted trainee's progress."""
        row = self.current()
        if row is None:
            self._say("Nobody to open: a adds a trainee.")
            return
        self.app.push_screen(TraineeScreen(row.id))

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_open()

    def action_session(self) -> None:
        """s, training coordinators: record a session for the highlighted trainee's cohort."""
        row = self.current()
        cohort_id = row.cohort_id if row is not None else None
        if cohort_id is None and len(self.cohorts) == 1:
            cohort_id = self.cohorts[0].id
        if cohort_id is None:
            self._say("Highlight someone in the cohort the session was for (k adds a "
                      "cohort, a adds trainees)." if self.cohorts or row else
                      "Add a cohort first (k), then its trainees (a).")
            return
        self.app.push_screen(SessionForm(cohort_id), lambda _: self.reload())

    def action_check(self) -> None:
        """c, training coordinators: record a competency check for the highlighted trainee."""
        row = self.current()
        if row is None:
            self._say("Nobody to check: a adds a trainee.")
            return
        def open_form(view) -> None:
            self.app.push_screen(CheckForm(row.id, row.name, view), lambda _: self.reload())

        self.run_service(lambda actor: [(t.key, t.name) for t in tr.get_course(
            actor).course.topics], self.actor, done=open_form, group="course")

    def action_add(self) -> None:
        """a, training coordinators: add a trainee (to the highlighted trainee's cohort)."""
        row = self.current()
        self.app.push_screen(TraineeForm([(c.id, c.name) for c in self.cohorts],
                                         row.cohort_id if row else None),
                             lambda _: self.reload())

    def action_cohort(self) -> None:
        """k, training coordinators: add a cohort."""
        self.app.push_screen(CohortForm(), lambda _: self.reload())

    @requires(Perm.ADMIN, "see training renewals")
    def action_attention(self) -> None:
        """n, administrators: renewals and supervision that need attention."""
        self.app.push_screen(TrainingAttentionScreen())

    @requires(Perm.ADMIN, "change the training course")
    def action_course(self) -> None:
        """e, administrators: change the course's topics and hours."""
        self.run_service(tr.get_course, self.actor, group="course",
                         done=lambda view: self.app.push_screen(CourseForm(view),
                                                                lambda _: self.reload()))

    def action_back(self) -> None:
        """Esc, training coordinators: back to where the roster was opened from."""
        self.app.pop_screen()
