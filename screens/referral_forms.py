"""Referral forms: make a referral (``R`` on the resident view), record its next stage, and
add or change a resource directory entry. Each is a RecordForm (Ctrl+S saves, Esc asks
before discarding what was typed, each error under its field) that dismisses with the saved
value, or None when cancelled."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, Static

from peer_tui.models.referral_schemas import CATEGORY_LABELS, METHOD_LABELS, PATHWAY_LABELS
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.disclosure_fields import DisclosureFields
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.screens.record_forms import RecordForm
from peer_tui.screens.text import clean, one_line, plain
from peer_tui.services import consent_document, directory, referrals
from peer_tui.services.errors import ServiceError
from peer_tui.timeutil import fmt_date, local_today

ONE_OFF = 0  # the directory picker's "not in the directory" choice


class _Form(RecordForm):
    DEFAULT_CSS = """
    _Form .form-box > Vertical { height: auto; }
    """
    #: Input ids whose typing Esc should not silently throw away.
    TYPED: tuple[str, ...] = ()

    def has_typing(self) -> bool:
        return any(self.query_one(f"#{name}", Input).value.strip() for name in self.TYPED)

    def value_of(self, name: str):
        value = self.query_one(f"#{name}", Select).value
        return None if value is Select.NULL else value


class ReferralForm(_Form):
    """Refer a resident: to whom, why, how, and when to check on it."""

    FIRST_FIELD = "#resource_id"
    TITLE = "Make a referral"
    TYPED = ("provider_name", "provider_contact", "note")
    done_words = "referral made"
    # The pickers are filled from the database first, so letters typed ahead find an entry.
    OPENS_AFTER_LOAD = True

    def __init__(self, resident_id: int, resident_name: str) -> None:
        super().__init__()
        self.resident_id, self.resident_name = resident_id, resident_name

    def compose_fields(self) -> ComposeResult:
        yield Static(plain(f"For {self.resident_name}. Type to find a directory entry; "
                           "a provider not in it: choose 'One-off provider' and name it."),
                     classes="form-hint")
        yield from self.field("Refer to", FindSelect(
            [], id="resource_id", prompt="Type to find in the resource directory"),
            "resource_id")
        with Horizontal(classes="pair"):
            yield from self.field("One-off provider's name", Input(
                id="provider_name", max_length=100), "provider_name")
            yield from self.field("Their phone or address", Input(
                id="provider_contact", max_length=200), "provider_contact")
        yield Checkbox("Sharing with this provider needs the resident's consent",
                       id="needs_consent")
        yield from self.field("Why (a plan goal, or a recovery domain)", FindSelect(
            [], id="why", prompt="Type to find a goal or domain"), "domain_key")
        yield from self.field("How", FindSelect(
            [(label, key) for key, label in METHOD_LABELS.items()], id="method",
            value="warm_handoff", allow_blank=False), "method")
        with Horizontal(classes="pair"):
            yield from self.day_field("Made on", "made_on")
            yield from self.field("Next check (optional)", DateInput(
                local_today() + timedelta(days=7), id="next_check_on", prefer="future"),
                "next_check_on")
        yield from self.field("Note (optional)", Input(id="note", max_length=2000),
                              "note")

    def on_mount(self) -> None:
        self.run_service(referrals.form_choices, self.app.actor, self.resident_id,
                         done=self._choices, failed=self._load_failed)

    def _load_failed(self, exc: ServiceError) -> None:
        self.show_errors({"": f"The form could not be filled: {exc}"})
        self.call_later(self.open_first_field)

    def _choices(self, choices) -> None:
        entries, goals, domains = choices
        options = [(plain(f"{one_line(r.name, 60)} ({r.kind_label})"), r.id) for r in entries]
        options.append((Text("One-off provider (name it below)"), ONE_OFF))
        self.query_one("#resource_id", FindSelect).set_options(options)
        self._consent_for = {r.id: r.needs_consent for r in entries}
        # Names first, so that letters typed find them from their start ("ment": Mental).
        why = [(plain(f"{words} (plan goal)"), f"g:{gid}") for gid, words, _ in goals]
        why += [(Text(f"{name} (domain)"), f"d:{key}") for key, name in domains]
        self.query_one("#why", FindSelect).set_options(why)
        self.call_later(self.open_first_field)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "resource_id" and isinstance(event.value, int):
            consent = getattr(self, "_consent_for", {}).get(event.value)
            if consent is not None:
                self.query_one("#needs_consent", Checkbox).value = consent

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the referral."""
        if not self.dates_readable("made_on", "next_check_on"):
            return
        resource = self.value_of("resource_id")
        why = self.value_of("why") or ""
        name = self.query_one("#provider_name", Input).value
        if resource in (None, ONE_OFF) and not name.strip():
            field = "provider_name" if resource == ONE_OFF else "resource_id"
            self.show_errors({field: "Choose a directory entry, or choose 'One-off "
                                     "provider' and type its name."})
            return
        data = {
            "resource_id": None if resource in (None, ONE_OFF) else resource,
            "provider_name": name if resource in (None, ONE_OFF) else "",
            "provider_contact": self.query_one("#provider_contact", Input).value
            if resource in (None, ONE_OFF) else "",
            "needs_consent": self.query_one("#needs_consent", Checkbox).value,
            "goal_id": int(why[2:]) if why.startswith("g:") else None,
            "domain_key": why[2:] if why.startswith("d:") else "",
            "method": self.value_of("method"),
            "made_on": self.query_one("#made_on", DateInput).value,
            "next_check_on": self.query_one("#next_check_on", DateInput).value,
            "note": self.query_one("#note", Input).value,
        }
        if not why:
            self.show_errors({"domain_key": "Say why: choose a plan goal or a recovery "
                                            "domain."})
            return
        self.submit(referrals.make_referral, self.resident_id, data)

    def show_errors(self, errors: dict[str, str]) -> None:
        # The service names the goal or domain; the form has one "why" picker for both.
        errors = {("domain_key" if k == "goal_id" else k): v for k, v in errors.items()}
        super().show_errors(errors)


class StageForm(_Form):
    """The referral's next stage (or a check at the same one), with its date."""

    FIRST_FIELD = "#stage"
    TITLE = "Referral: next stage"
    TYPED = ("note", "reason")
    done_words = "referral updated"

    def __init__(self, referral: referrals.ReferralView) -> None:
        super().__init__()
        self.referral = referral

    def compose_fields(self) -> ComposeResult:
        r = self.referral
        choices = referrals.next_stages(r.stage)
        yield Static(plain(f"{r.resident_name} to {r.to}: {r.stage_label} since "
                           f"{fmt_date(r.updated_on)}, made {fmt_date(r.made_on)}."),
                     classes="form-hint")
        options = [(("Checked, still " if s == r.stage else "") + referrals.STAGE_LABELS[s],
                    s) for s in choices]
        first = next((s for s in choices if s != r.stage), choices[0] if choices else None)
        yield from self.field("Stage", FindSelect(options, id="stage", value=first,
                                                  allow_blank=False), "stage")
        with Horizontal(classes="pair"):
            yield from self.day_field("On")
            yield from self.field("Next check (while it stays open)", DateInput(
                None, id="next_check_on", prefer="future"), "next_check_on")
        yield from self.field("Reason (when closing)", Input(id="reason", max_length=500),
                              "reason")
        yield from self.field("Note (optional)", Input(id="note", max_length=2000),
                              "note")

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: record the referral's next stage."""
        if not self.dates_readable("on", "next_check_on"):
            return
        data = {"stage": self.value_of("stage") or "",
                **self.values("on", "next_check_on", "reason", "note")}
        self.submit(referrals.move_referral, self.referral.id, data)


RESOURCE_TEXT = ("name", "description", "address", "phone", "hours", "website")


class ResourceForm(_Form):
    """Add a resource directory entry, or change one."""

    FIRST_FIELD = "#name"
    TYPED = RESOURCE_TEXT

    def __init__(self, entry: directory.ResourceInfo | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.title = "Change a directory entry" if entry else "Add a directory entry"
        self.done_words = "directory entry changed" if entry else "directory entry added"

    def compose_fields(self) -> ComposeResult:
        e = self.entry
        yield from self.text_field("Name", "name", e, 200)
        with Horizontal(classes="pair"):
            yield from self.field("Type", FindSelect(
                [(label, key) for key, label in CATEGORY_LABELS.items()], id="category",
                value=e.category if e else "mutual_aid", allow_blank=False), "category")
            yield from self.field("Pathway", FindSelect(
                [(label, key) for key, label in PATHWAY_LABELS.items()], id="pathway",
                value=e.pathway if e else "non_clinical", allow_blank=False), "pathway")
        yield from self.text_field("What it offers", "description", e, 2000)
        yield from self.text_field("Address", "address", e, 300)
        with Horizontal(classes="pair"):
            yield from self.text_field("Phone", "phone", e, 100)
            yield from self.text_field("Hours", "hours", e, 200)
        yield from self.text_field("Website", "website", e, 200)
        yield Checkbox("Sharing anything with them needs the resident's consent",
                       value=e.needs_consent if e else False, id="needs_consent")

    def has_typing(self) -> bool:
        if self.entry is None:
            return super().has_typing()
        return any(self.query_one(f"#{n}", Input).value != clean(getattr(self.entry, n))
                   for n in RESOURCE_TEXT)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the directory entry."""
        data = {n: self.query_one(f"#{n}", Input).value for n in RESOURCE_TEXT}
        data.update(category=self.value_of("category"), pathway=self.value_of("pathway"),
                    needs_consent=self.query_one("#needs_consent", Checkbox).value)
        self.submit(directory.save_resource, self.entry.id if self.entry else None, data)


class PacketForm(DisclosureFields, _Form):
    """A referral packet for the provider: a disclosure, so it goes through a consent."""

    FIRST_FIELD = "#for_whom"
    TITLE = "Referral packet for the provider"
    TYPED = ("recipient", "purpose", "emergency_reason")

    def __init__(self, referral: referrals.ReferralView) -> None:
        super().__init__()
        self.referral = referral
        self.resident_id = referral.resident_id

    def compose_fields(self) -> ComposeResult:
        yield Static(plain(f"{self.referral.resident_name} to {self.referral.to}: who, "
                           "why, how and the contact, for the provider."),
                     classes="form-hint")
        yield from self.compose_disclosure(resident_copy=False)
        yield from self.compose_file_fields()

    def on_mount(self) -> None:
        self.load_disclosure()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.disclosure_changed(event)

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: write the referral packet (a disclosure)."""
        self.submit(consent_document.referral_packet, self.referral.id,
                    self.value_of("fmt"), self.query_one("#path", Input).value,
                    self.disclosure_data())

    def _done(self, path) -> None:
        self.saved(f"Written to {path}; the disclosure is logged.")
        self.dismiss(path)
