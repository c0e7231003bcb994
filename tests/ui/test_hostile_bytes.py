"""No raw control character reaches a terminal or a file, whatever is stored.

Hostile text (ESC sequences that clear the screen and retitle the window, the one-byte CSI,
NUL, BEL, DEL, C1 and bidirectional controls) is written straight into every text column of
the demo database, past every input check, as an import, another tool or an older version
could. The columns are read from the database schema, so a new column is covered without
touching this file. Then every staff and kiosk screen is opened and every export written, and
the bytes that reach the terminal (``terminal_capture``) or the file are searched.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from datetime import datetime

import pytest
from helpers import make_app, settle, sign_in
from terminal_capture import FORBIDDEN, leaks
from textual.screen import Screen

from peer_tui.models.db import database

# Clears the screen, retitles the window, an 8-bit CSI, NUL, BEL, BS, CR, DEL, NEL, and
# right-to-left override and isolate: each does something in a terminal or to the reading.
PAYLOAD = "\u00ab\x1b[2J\x1b]0;PWNED\x07\x9b1;31m\x00\x08\r\x7f\x85\u202e\u2066\u00bb"

# Text columns the program only ever matches against fixed values (the input schemas accept
# nothing else), hashes, and machine data: a hostile value there would only hide rows from
# the tour. Every other text column, including those added later, is planted.
NOT_PLANTED = {
    "assessment.instrument": "the key of an instrument file in assets/",
    "staff.role": "one of four role names",
    "staff.pin_hash": "a salted hash, never shown",
    "resident.status": "active, waitlist, discharged or alumni",
    "resident.kiosk_pin_hash": "a salted hash, never shown",
    "recovery_plan.direction": "professional or resident",
    "recovery_plan.pathways": "comma-separated pathway keys",
    "recovery_plan.review_rule": "an RRULE the program writes and parses",
    "domain.key": "the key goals are filed under",
    "goal.status": "one of the goal statuses",
    "action_step.owner": "one of the step owners",
    "app_meta.key": "keys the program writes for itself",
    "app_meta.value": "flags the program writes for itself (demo, benchmark ids)",
    "check_in.source": "kiosk or staff",
    "check_in.used_since_last": "one of the questionnaire's keys",
    "concern.source": "kiosk or staff",
    "concern.severity": "one of the severities",
    "concern.status": "open or resolved",
    "event.kind": "one of the entry kinds",
    "event.channel": "one of the contact channels",
    "event_role.role": "one of the competency keys",
    "plan_support.kind": "person, group or resource",
    "referral.status": "one of the referral stages",
    "referral.method": "one of the referral methods",
    "referral.domain_key": "the key of a recovery domain",
    "referral_step.stage": "one of the referral stages",
    "resource.category": "one of the resource categories",
    "resource.pathway": "one of the pathway keys",
    "consent.recipient_kind": "one of the recipient kinds",
    "audit_log.row_hash": "a SHA-256 digest the program computes",
    "audit_chain.anchor_hash": "a SHA-256 digest the program computes",
    "audit_chain.head_hash": "a SHA-256 digest the program computes",
    "course.key": "the course's key, from the packaged file",
    "course.definition": "JSON the program writes only after CourseDef accepted it (its names "
                         "refuse control characters; tests/test_training_rules.py)",
    "session_topic.topic_key": "a topic key of the course",
    "competency_check.topic_key": "a topic key of the course",
    "competency_check.kind": "one of the check kinds",
    "training_hours.kind": "supervision, continuing_education or practice",
}
# Rows left as they are so the test can still sign in (the same column elsewhere is planted).
SIGN_IN_ROWS = {"staff.username": "username = 'admin'",
                "resident.kiosk_code": "kiosk_code = '1001'"}
APPEND_ONLY = {"audit_log", "assessment"}  # refuse UPDATE: hostile rows are added instead


def text_columns() -> dict[str, list[str]]:
    """{table: [text column]} from the live schema."""
    found = {}
    for table in database.get_tables():
        columns = [c.name for c in database.get_columns(table)
                   if re.match(r"(var)?char|text|character", c.data_type.lower())]
        if columns:
            found[table] = columns
    return found


def hostile(value: str) -> str:
    """VALUE with the payload added; inside JSON, to every string value."""
    if value[:1] in "[{":
        try:
            data = json.loads(value)
        except ValueError:
            pass
        else:
            return json.dumps(_plant_json(data))
    return value + PAYLOAD


def _plant_json(data):
    if isinstance(data, str):
        return data + PAYLOAD
    if isinstance(data, list):
        return [_plant_json(item) for item in data]
    if isinstance(data, dict):
        return {key: _plant_json(item) for key, item in data.items()}
    return data


def plant_everywhere() -> int:
    """Write the payload into every plantable text column; returns the columns planted."""
    planted = 0
    with database.atomic():
        for table, columns in text_columns().items():
            targets = [c for c in columns if f"{table}.{c}" not in NOT_PLANTED]
            if table in APPEND_ONLY:
                _add_hostile_rows(table, targets)
                planted += len(targets)
                continue
            for column in targets:
                keep = SIGN_IN_ROWS.get(f"{table}.{column}", "0")
                rows = database.execute_sql(
                    f'SELECT rowid, "{column}" FROM "{table}" '
                    f'WHERE "{column}" IS NOT NULL AND NOT ({keep})').fetchall()
                database.obj.cursor().executemany(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?',
                    [(hostile(value), rowid) for rowid, value in rows])
                planted += 1
    return planted


def _add_hostile_rows(table: str, columns: list[str]) -> None:
    """Copies of the newest rows with every text column planted."""
    names = [c.name for c in database.get_columns(table) if c.name != "id"]
    rows = database.execute_sql(
        f'SELECT {", ".join(names)} FROM "{table}" ORDER BY id DESC LIMIT 20').fetchall()
    marks = ", ".join("?" for _ in names)
    for row in rows:
        values = [hostile(v or "") if n in columns else v for n, v in zip(names, row)]
        database.execute_sql(f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({marks})',
                             values)


def screen_classes(kiosk: bool) -> set[type]:
    """Every Screen class in the program's screens package, for the staff app or the kiosk."""
    import peer_tui.screens as package

    found = set()
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("kiosk") != kiosk:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__ \
                    and cls.__name__ not in ABSTRACT:
                found.add(cls)
    return found


ABSTRACT = {"StaffScreen", "TableScreen", "FormModal", "RecordForm", "OneResidentForm", "PlanForm",
            "PrintForm", "TrainingForm", "_Form"}


class Tour:
    """Opens screens and reads what each one wrote to the terminal."""

    def __init__(self, app, pilot, terminal) -> None:
        self.app, self.pilot, self.terminal = app, pilot, terminal
        self.seen: set[type] = set()
        self.problems: dict[str, list[str]] = {}
        self.showed_payload: set[str] = set()  # the planted text was on screen (visibly)

    async def look(self, label: str) -> None:
        for _ in range(2):
            await settle(self.pilot)
        self.seen.update(type(s) for s in self.app.screen_stack)
        output = self.terminal.take()
        if "\u00ab" in output:
            self.showed_payload.add(label)
        found = leaks(output)
        if found:
            self.problems[label] = found[:3]

    async def visit(self, label: str, open_it) -> None:
        """Open a screen with OPEN_IT(), look, and close it again."""
        depth = len(self.app.screen_stack)
        open_it()
        await self.look(label)
        while len(self.app.screen_stack) > depth:
            self.app.pop_screen()
            await self.pilot.pause()

    def assert_clean_and_complete(self, kiosk: bool, showed: set[str]) -> None:
        assert showed <= self.showed_payload, "the planted text never reached these screens"
        assert not self.problems, "raw control characters reached the terminal:\n" + \
            "\n".join(f"  {label}: {found}" for label, found in self.problems.items())
        missing = {cls.__name__ for cls in screen_classes(kiosk)} - \
            {cls.__name__ for cls in self.seen}
        assert not missing, f"screens this test never opened (add them to the tour): {missing}"


@pytest.fixture
def hostile_house(demo_db):
    assert plant_everywhere() >= 30
    return database


def test_every_exemption_names_a_text_column(demo_db):
    columns = {f"{t}.{c}" for t, cs in text_columns().items() for c in cs}
    assert set(NOT_PLANTED) | set(SIGN_IN_ROWS) <= columns


def test_the_planted_values_are_in_the_database(hostile_house):
    name = database.execute_sql("SELECT display_name FROM staff WHERE username = 'admin'"
                                ).fetchone()[0]
    assert name.endswith(PAYLOAD)
    answers = database.execute_sql("SELECT answers FROM check_in LIMIT 1").fetchone()[0]
    assert "\\u001b[2J" in answers  # inside the JSON, as a string value


WITH_GOALS = ("SELECT p.resident_id FROM recovery_plan p JOIN goal g ON g.plan_id = p.id "
              "JOIN resident r ON r.id = p.resident_id WHERE r.status = 'active' "
              "GROUP BY p.resident_id ORDER BY p.resident_id")


def _ids(sql: str) -> list[int]:
    return [row[0] for row in database.execute_sql(sql).fetchall()]


@pytest.mark.actions(
    "AuditLogScreen.apply",
    "CaseloadScreen.attention",
    "CaseloadScreen.handoff",
    "CaseloadScreen.mine",
    "CaseloadScreen.status",
    "ConcernsScreen.toggle_status",
    "HandoffScreen.reload",
    "PeerTuiApp.concerns",
    "PeerTuiApp.group_note",
    "PeerTuiApp.lock",
    "PlanPane.details",
    "PlanPane.edit",
    "PlanPane.history",
    "PlanPane.review",
    "PlanPane.schedule",
    "ResidentScreen.log_contact",
    "ResidentScreen.tab",
    "StaffAdminScreen.reset_pin")
async def test_every_staff_screen(hostile_house, terminal):
    from peer_tui.screens.confirm_quit import QuitConfirmScreen
    from peer_tui.screens.first_run import FirstRunScreen
    from peer_tui.screens.message_form import MessageForStaffScreen
    from peer_tui.screens.resident import ResidentScreen
    from peer_tui.screens.widgets.plan_pane import PlanPane
    from peer_tui.screens.widgets.timeline_pane import TimelinePane
    from peer_tui.settings import Settings

    active = _ids(WITH_GOALS)
    discharged = _ids("SELECT id FROM resident WHERE status != 'active' ORDER BY id")
    # The tour takes minutes on a busy machine: the idle lock must not cut it short.
    app = make_app(settings=Settings(idle_lock_minutes=240))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        tour = Tour(app, pilot, terminal)
        await tour.look("sign-in")
        await sign_in(pilot, "admin", "2468")
        await tour.look("caseload")
        home = app.screen
        for action in ("mine", "attention", "attention", "status"):
            getattr(home, f"action_{action}")()
            await tour.look(f"caseload {action}")
        await tour.visit("help", app.action_help)
        await tour.visit("hand-off", home.action_handoff)
        await tour.visit("add resident", home.action_add)
        from peer_tui.screens.handoff_since import HandoffSinceScreen
        await tour.visit("hand-off since", lambda: app.push_screen(HandoffSinceScreen(
            datetime.now(), day_first=False, starts=[])))
        await tour.visit("first run", lambda: app.push_screen(FirstRunScreen()))
        # Asked on Ctrl+Q with unsaved forms, whose titles can hold a resident's name.
        await tour.visit("quit?", lambda: app.push_screen(QuitConfirmScreen([PAYLOAD])))
        # The front desk's message for staff (its title holds the resident's name).
        await tour.visit("message for staff", lambda: app.push_screen(
            MessageForStaffScreen(active[0], PAYLOAD)))

        for rid in (active[0], discharged[0]):
            app.push_screen(ResidentScreen(rid))
            await tour.look(f"resident {rid}")
            resident = app.screen
            for action in ("log_contact", "edit", "discharge", "kiosk", "barc", "barc_correct",
                           "interview"):
                await tour.visit(f"resident {action}", getattr(resident, f"action_{action}"))
            # The move to another house (one house here: the dialog itself, with the name)
            from peer_tui.screens.transfer_form import TransferScreen

            await tour.visit("transfer", lambda: app.push_screen(TransferScreen(rid, PAYLOAD)))
            resident.action_tab("tab-plan")
            await tour.look("plan tab")
            pane = resident.query_one(PlanPane)
            table = pane.query_one("DataTable")
            for kind in ("g:", "s:"):  # a goal, then an action step
                key = next(k for k in pane.rows if k.startswith(kind))
                table.move_cursor(row=table.get_row_index(key))
                await tour.visit(f"plan edit {kind}", pane.action_edit)
            for action in ("details", "support", "schedule", "review", "sign_off", "export",
                           "history"):
                await tour.visit(f"plan {action}", getattr(pane, f"action_{action}"))
            resident.action_tab("tab-timeline")
            await tour.look("timeline tab")
            timeline = resident.query_one(TimelinePane)
            for row in range(min(timeline.list.row_count, 8)):
                timeline.list.move_to(row)
                await tour.look(f"timeline row {row}")
                for action in ("correct", "void"):
                    await tour.visit(f"timeline {action} {row}",
                                     getattr(timeline, f"action_{action}"))
            for action in ("filter", "jump", "raise_concern"):
                await tour.visit(f"timeline {action}", getattr(timeline, f"action_{action}"))
            await _referrals_and_consents(tour, app, resident, rid)
            app.pop_screen()
            await pilot.pause()

        from peer_tui.screens.house_referrals import ReferralsScreen
        from peer_tui.screens.referral_forms import ResourceForm
        from peer_tui.services import directory

        app.screen.action_referrals()
        await tour.look("house referrals")
        app.screen.action_all()
        await tour.look("house referrals, all")
        await tour.visit("directory", app.screen.action_directory)
        await tour.visit("directory add", lambda: app.push_screen(ResourceForm()))
        entry = directory.list_resources(app.actor)[0]
        await tour.visit("directory edit", lambda: app.push_screen(ResourceForm(entry)))
        app.pop_screen()
        await pilot.pause()
        assert ReferralsScreen in tour.seen
        app.action_concerns()
        await tour.look("concerns")
        concerns = app.screen
        concerns.action_toggle_status()
        await tour.look("concerns resolved")
        from peer_tui.screens.concern_detail import ConcernDetailScreen
        for cid in _ids("SELECT concern_id FROM concern_note GROUP BY concern_id LIMIT 2") + \
                _ids("SELECT id FROM concern WHERE status = 'resolved' LIMIT 1"):
            await tour.visit(f"concern {cid}", lambda: app.push_screen(ConcernDetailScreen(cid)))
        app.pop_screen()
        await tour.visit("group note", app.action_group_note)
        app.action_staff_admin()
        await tour.look("staff accounts")
        await tour.visit("reset pin", app.screen.action_reset_pin)
        app.pop_screen()
        await tour.visit("audit log", app.action_audit_log)
        await tour.visit("program report", app.action_program_report)
        app.action_training()
        await tour.look("training")
        roster = app.screen
        for action in ("session", "check", "add", "cohort", "attention", "course"):
            await tour.visit(f"training {action}", getattr(roster, f"action_{action}"))
        roster.action_open()
        await tour.look("trainee")
        trainee = app.screen
        for action in ("check", "credential", "supervision", "education", "practice",
                       "transcript"):
            await tour.visit(f"trainee {action}", getattr(trainee, f"action_{action}"))
        app.pop_screen()
        app.pop_screen()
        await pilot.pause()
        app.action_lock()
        await tour.look("lock")
        app.notify(PAYLOAD, title=PAYLOAD)  # a notification of stored text
        await tour.look("notification")
    tour.assert_clean_and_complete(kiosk=False, showed={
        "sign-in", "caseload", "plan tab", "timeline tab", "staff accounts", "audit log",
        "concerns", "group note", "lock", "notification", "plan edit g:", "plan edit s:",
        "training", "trainee", "training session", "program report"})


@pytest.mark.actions(
    "QuestionScreen.help_now",
    "QuestionScreen.next",
    "SummaryScreen.send",
    "WelcomeScreen.check_in")
async def test_every_kiosk_screen(hostile_house, terminal):

    from peer_tui.kiosk_app import KioskApp
    from peer_tui.screens.kiosk_crisis import CrisisScreen
    from peer_tui.screens.kiosk_idle import StillThereScreen
    from peer_tui.screens.kiosk_question import QuestionScreen
    from peer_tui.screens.kiosk_summary import SummaryScreen
    from peer_tui.services.house import house_info

    info = house_info()
    app = KioskApp(house_name=info.name, is_demo=info.is_demo,
                   clock=lambda: datetime(2026, 1, 5, 9, 30))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        tour = Tour(app, pilot, terminal)
        await tour.look("welcome")
        await pilot.press("enter")
        await tour.look("kiosk sign-in")
        app.screen.query_one("#code").value = "1001"
        app.screen.query_one("#pin").value = "1357"
        app.screen.query_one("#pin").focus()
        await pilot.press("enter")
        await tour.look("first question")
        await tour.visit("help now", lambda: app.screen.action_help_now())
        for step in range(40):
            screen = app.screen
            if isinstance(screen, SummaryScreen):
                break
            if isinstance(screen, CrisisScreen):
                await pilot.press("enter")
            elif isinstance(screen, QuestionScreen):
                await pilot.press("x" if screen.question.type == "text" else "1")
                if app.screen is screen:
                    await pilot.press("enter")
            await tour.look(f"question {step}")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await tour.look("statements offer")  # 1001 is due for the BARC-10
        await pilot.press("1")
        await tour.look("first statement")
        for _ in range(10):
            await pilot.press("4")
        await tour.look("thank you with the total")
        await tour.visit("still there", lambda: app.push_screen(StillThereScreen(30)))
        await pilot.press("f12")
        await tour.look("staff unlock")
    tour.assert_clean_and_complete(kiosk=True, showed={"welcome", "first question"})


async def _referrals_and_consents(tour, app, resident, rid: int) -> None:
    """The resident's Referrals and Consents tabs, and every form they open."""
    from peer_tui.screens.consent_forms import ConsentForm, EndForm, PrintConsentForm, SignatureForm
    from peer_tui.screens.consents_view import ConsentsPane, PrintAccountingForm
    from peer_tui.screens.referral_forms import PacketForm, StageForm
    from peer_tui.screens.referrals_view import ResidentReferrals

    resident.action_tab("tab-referrals")
    await tour.look("referrals tab")
    await tour.visit("refer", resident.action_refer)
    referral = resident.query_one(ResidentReferrals).selected()
    if referral is not None:
        for label, screen in (("stage", StageForm(referral)), ("packet", PacketForm(referral))):
            await tour.visit(f"referral {label}", lambda s=screen: app.push_screen(s))
        await tour.visit("referral consent", resident.query_one(ResidentReferrals).action_consent)
    resident.action_tab("tab-consents")
    await tour.look("consents tab")
    pane = resident.query_one(ConsentsPane)
    await tour.visit("consent new", pane.action_new)
    consent = pane.selected()
    if consent is not None:
        for label, screen in (("sign", SignatureForm(consent)), ("revoke", EndForm(consent)),
                              ("end", EndForm(consent, end=True)),
                              ("print", PrintConsentForm(consent)),
                              ("edit", ConsentForm(rid, "", consent))):
            await tour.visit(f"consent {label}", lambda s=screen: app.push_screen(s))
    await tour.visit("accounting", pane.action_accounting)
    await tour.visit("print accounting", lambda: app.push_screen(PrintAccountingForm(rid)))


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_consent_referral_and_accounting_documents(hostile_house, tmp_path, fmt):
    from peer_tui.services import auth, consent_document, disclosures

    admin = auth.sign_in("admin", "2468").actor
    cid, rid = database.execute_sql("SELECT id, resident_id FROM consent LIMIT 1").fetchone()
    referral = _ids("SELECT id FROM referral LIMIT 1")[0]
    # In effect, for anyone (a general designation) and a purpose a form could type: what a
    # person types is checked on the way in; everything stored is planted.
    database.execute_sql("UPDATE consent SET revoked_on = NULL, ended_on = NULL, "
                         "expires_on = NULL, signed = 1, signed_on = '2020-01-01', "
                         "recipient_general = 1, purpose = 'Care' WHERE id = ?", (cid,))
    paths = [consent_document.consent_document(admin, cid, fmt, str(tmp_path / f"c.{fmt}")),
             consent_document.referral_packet(admin, referral, fmt, str(tmp_path / f"r.{fmt}"),
                                              {"consent_id": cid, "recipient": "Dr. X",
                                               "purpose": "Care"}),
             disclosures.accounting_document(admin, rid, fmt, str(tmp_path / f"a.{fmt}"))]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "\u00ab" in text, path  # the planted values are there...
        found = [repr(text[max(0, m.start() - 20): m.end() + 20])
                 for m in FORBIDDEN.finditer(text)]
        assert not found, found[:5]  # ...without their control characters


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_plan_exports(hostile_house, tmp_path, fmt):
    from peer_tui.services import auth, plan_document

    admin = auth.sign_in("admin", "2468").actor
    for rid in _ids(WITH_GOALS + " LIMIT 3"):
        path = plan_document.export_plan(admin, rid, fmt, str(tmp_path / f"{rid}.{fmt}"))
        text = path.read_text(encoding="utf-8")
        assert "\u00ab" in text  # the planted values are there...
        found = [repr(text[max(0, m.start() - 20): m.end() + 20])
                 for m in FORBIDDEN.finditer(text)]
        assert not found, found[:5]  # ...without their control characters


@pytest.mark.parametrize("fmt", ["csv", "txt", "html"])
def test_program_report_exports(hostile_house, tmp_path, fmt):
    from peer_tui.services import auth, program_report
    from peer_tui.services.report_scope import last_month

    admin = auth.sign_in("admin", "2468").actor
    paths = program_report.export_report(admin, last_month(), None, fmt,
                                         str(tmp_path / f"report.{fmt}"), internal=True)
    text = "".join(open(path, encoding="utf-8").read() for path in paths)
    assert "\u00ab" in text  # the planted house and staff names are there...
    found = [repr(text[max(0, m.start() - 20): m.end() + 20]) for m in FORBIDDEN.finditer(text)]
    assert not found, found[:5]  # ...without their control characters
