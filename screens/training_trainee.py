"""One trainee: hours per topic against the plan as bars, checks passed and what is
missing, sessions attended, and after the course the credential and hours for renewal.

A staff member reaches their own record here (read only); coordinators reach anyone's and
record checks, credentials and hours from it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from peer_tui.models.training_schemas import CHECK_LABELS, fmt_hours
from peer_tui.screens.base import StaffScreen
from peer_tui.screens.roles import requires
from peer_tui.screens.text import clean, one_line
from peer_tui.screens.training_after_forms import CredentialForm, HoursForm, TrainingExportForm
from peer_tui.screens.training_forms import CheckForm
from peer_tui.screens.widgets.marks import mark
from peer_tui.screens.widgets.safe_table import SafeTable
from peer_tui.services import training_progress as tp
from peer_tui.services import training_rules as rules
from peer_tui.services.permissions import Perm, allowed
from peer_tui.timeutil import fmt_date

BAR_WIDTH = 12
SHORT_CHECK = {"role_play": "role-play", "quiz": "quiz", "observed_practice": "observed"}


class TraineeScreen(StaffScreen):
    FIRST_FIELD = "#topics"
    TITLE_TEXT = "Training record"

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("c", "check", "Check", tooltip="Record a competency check (the highlighted "
                                               "topic)"),
        Binding("p", "transcript", "Transcript", tooltip="Print the transcript (text or "
                                                          "HTML)"),
        Binding("x", "certificate", "Certificate", tooltip="Print the certificate of "
                                                             "completion"),
        # Coordinators' keys: named on the line above the table (the footer fits 80 columns).
        Binding("r", "credential", "Credential", show=False,
                tooltip="Record a credential (issuing body, number, dates)"),
        Binding("v", "supervision", "Supervision", show=False, tooltip="Log supervision hours"),
        Binding("d", "education", "Continuing education", show=False,
                tooltip="Log continuing-education hours"),
        Binding("w", "practice", "Practice hours", show=False, tooltip="Log practice hours"),
    ]

    DEFAULT_CSS = """
    TraineeScreen #trainee-head { height: auto; padding: 0 1; text-style: bold; }
    TraineeScreen #trainee-summary { height: auto; padding: 0 1; }
    TraineeScreen #trainee-keys { height: auto; padding: 0 1; color: $text-muted; }
    TraineeScreen #topics { height: auto; max-height: 13; }
    TraineeScreen #trainee-more { height: 1fr; padding: 0 1; }
    TraineeScreen #trainee-more:focus { background: $boost; }
    """

    def __init__(self, trainee_id: int) -> None:
        super().__init__()
        self.trainee_id = trainee_id
        self.view: tp.TraineeView | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("Loading...", id="trainee-head", markup=False)
        yield Static("", id="trainee-summary", markup=False)
        yield Static("", id="trainee-keys", markup=False)
        table = SafeTable(id="topics", cursor_type="row", zebra_stripes=True)
        table.add_column("Topic", key="topic", width=28)
        table.add_column("Progress", key="bar", width=BAR_WIDTH)
        table.add_column("Hours", key="hours", width=9)
        # As wide as the longest it can hold (all three kinds of check): a width taken from
        # the rows would change between trainees, and the header drawn before the rows came
        # would keep the old one.
        table.add_column("Checks", key="checks", width=len(" ".join(
            f"{short} --" for short in SHORT_CHECK.values())))
        yield table
        with VerticalScroll(id="trainee-more", can_focus=True):
            yield Static("", id="trainee-details", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        manage = allowed(self.actor, Perm.MANAGE_TRAINING)
        keys = self.query_one("#trainee-keys", Static)
        keys.update(Text("c check \u00b7 r credential \u00b7 v supervision \u00b7 d continuing "
                         "ed. \u00b7 w practice" if manage else
                         "p prints your transcript, x your certificate \u00b7 Tab, then arrows, scroll"))
        # No load here: the screen is resumed when it is first shown too (on_screen_resume).

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.run_service(tp.trainee_view, self.actor, self.trainee_id,
                         requirements=rules.Requirements.from_settings(self.settings),
                         done=self._loaded, group="trainee", exclusive=True)

    def _loaded(self, view: tp.TraineeView) -> None:
        self.view = view
        prog = view.progress
        head = f"{view.name} \u00b7 {view.cohort or 'no cohort'} \u00b7 {view.course_name}"
        self.query_one("#trainee-head", Static).update(Text(clean(head)))
        state = (f"course complete {fmt_date(view.completed_on)}" if prog.complete
                 else f"{len(prog.missing())} topics to finish")
        self.query_one("#trainee-summary", Static).update(Text(
            f"Hours {fmt_hours(prog.counted)} of {fmt_hours(prog.required)} \u00b7 checks "
            f"{prog.checks_passed} of {prog.checks_needed} passed \u00b7 {state}"))
        table = self.query_one("#topics", SafeTable)
        keep = table.cursor_row
        table.clear()
        for t in prog.topics:
            filled = rules.bar(t.done, t.planned, BAR_WIDTH)
            bar = Text(filled.replace("\u2591", ""), style=mark("good" if t.met else "warn"))
            bar.append(filled.lstrip("\u2588"), style="dim")
            checks = " ".join(f"{SHORT_CHECK[k]} {'ok' if k in t.checks_passed else '--'}"
                              for k in t.checks_needed) or "-"
            table.add_row(Text(one_line(t.name, 28)), bar,
                          Text(f"{fmt_hours(t.done)[:-1]}/{fmt_hours(t.planned)}"),
                          Text(checks), key=t.key)
        if prog.topics:
            table.move_cursor(row=min(keep, len(prog.topics) - 1))
        self.query_one("#trainee-details", Static).update(Text(self._details(view)))

    @staticmethod
    def _details(view: tp.TraineeView) -> str:
        lines = []
        missing = view.progress.missing()
        lines.append("Still to do:" if missing else "Nothing missing: every topic's hours and "
                     "checks are met.")
        lines.extend(f"  {m}" for m in missing)
        if view.credential is not None:
            c = view.credential
            lines += ["", f"Credential: {c.issuing_body}, no. {c.number}, issued "
                          f"{fmt_date(c.issued_on)}, expires {fmt_date(c.expires_on)}",
                      "  This period: supervision "
                      f"{fmt_hours(view.hours['supervision'])}, continuing education "
                      f"{fmt_hours(view.hours['continuing_education'])}, practice "
                      f"{fmt_hours(view.hours['practice'])}; last supervision "
                      f"{fmt_date(view.last_supervision, 'none')}"]
            lines.extend(f"  Needs attention: {r}" for r in view.renewal)
        lines += ["", f"Checks ({len(view.checks)} attempts, retries kept):"]
        lines.extend(f"  {fmt_date(c.checked_on)}  {CHECK_LABELS.get(c.kind, c.kind)}, "
                     f"{c.topic}: {'passed' if c.passed else 'not yet'} ({c.assessor})"
                     + (f" - {one_line(c.note, 60)}" if c.note else "")
                     for c in view.checks)
        lines += ["", f"Sessions attended ({len(view.sessions)}):"]
        lines.extend(f"  {fmt_date(s.held_on)}  {fmt_hours(s.attended)} of "
                     f"{fmt_hours(s.minutes)}: {s.topics} ({s.trainer})" for s in view.sessions)
        return clean("\n".join(lines))

    def _topic(self) -> str | None:
        return self.query_one("#topics", SafeTable).cursor_key

    @requires(Perm.MANAGE_TRAINING, "record a competency check")
    def action_check(self) -> None:
        """c, training coordinators: record a competency check (the highlighted topic first)."""
        if self.view is None:
            return
        topics = [(t.key, t.name) for t in self.view.progress.topics]
        self.app.push_screen(CheckForm(self.view.id, self.view.name, topics, self._topic()),
                             lambda _: self.reload())

    @requires(Perm.MANAGE_TRAINING, "record a credential")
    def action_credential(self) -> None:
        """r, training coordinators: record a credential."""
        if self.view is None:
            return
        self.app.push_screen(CredentialForm(self.view.id, self.view.name),
                             lambda _: self.reload())

    def _hours(self, kind: str) -> None:
        if self.view is None:
            return
        self.app.push_screen(HoursForm(self.view.id, self.view.name, kind),
                             lambda _: self.reload())

    @requires(Perm.MANAGE_TRAINING, "log supervision hours")
    def action_supervision(self) -> None:
        """v, training coordinators: log supervision hours."""
        self._hours("supervision")

    @requires(Perm.MANAGE_TRAINING, "log continuing-education hours")
    def action_education(self) -> None:
        """d, training coordinators: log continuing-education hours."""
        self._hours("continuing_education")

    @requires(Perm.MANAGE_TRAINING, "log practice hours")
    def action_practice(self) -> None:
        """w, training coordinators: log practice hours."""
        self._hours("practice")

    def action_transcript(self) -> None:
        """p, staff on a training record: print the transcript."""
        if self.view is not None:
            self.app.push_screen(TrainingExportForm(self.view.id, "transcript"))

    def action_certificate(self) -> None:
        """x, staff on a training record: print the certificate, once the course is complete."""
        if self.view is None:
            return
        if not self.view.progress.complete:
            self.app.notify("No certificate yet: the course is not complete ("
                            f"{len(self.view.progress.missing())} topics to finish; see "
                            "Still to do).", title="Not yet", severity="warning",
                            markup=False)
            return
        self.app.push_screen(TrainingExportForm(self.view.id, "certificate"))

    def action_back(self) -> None:
        """Esc, staff on a training record: back to where it was opened from."""
        self.app.pop_screen()
