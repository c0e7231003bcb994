"""Consent forms: draw up (or change a draft), record the paper signature, revoke or record
the end event, and print. Each is a RecordForm (Ctrl+S saves, Esc asks before discarding
what was typed, errors under their fields) dismissing with the saved ConsentView (or the
written path when printing), None when cancelled."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from peer_tui.models.consent_schemas import DEFAULT_REVOKE_HOW, RECIPIENT_KIND_LABELS
from peer_tui.screens.widgets.date_input import DateInput
from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.screens.referral_forms import _Form
from peer_tui.screens.text import clean, plain
from peer_tui.services import consent_document, consents
from peer_tui.services.house_scope import resident_house_name

INPUTS = ("recipient", "information", "discloser", "expiry_event", "revoke_how",
          "irrevocable_until")
AREAS = ("purposes", "substance_use_info")


class ConsentForm(_Form):
    """Every element 42 CFR 2.31 asks for; it permits nothing until it is signed."""

    FIRST_FIELD = "#recipient"
    DEFAULT_CSS = """
    ConsentForm TextArea { height: 4; }
    """

    def __init__(self, resident_id: int, resident_name: str,
                 draft: consents.ConsentView | None = None, *, recipient: str = "",
                 purpose: str = "", kind: str = "other") -> None:
        super().__init__()
        self.resident_id, self.resident_name, self.draft = resident_id, resident_name, draft
        self.start = {"recipient": recipient, "purpose": purpose, "kind": kind}
        self.title = "Change the draft consent" if draft else "Draw up a consent"
        self.done_words = ("draft consent changed" if draft
                           else "consent drawn up; print it (p) to sign")

    def compose_fields(self) -> ComposeResult:
        d = self.draft
        yield Static(plain(f"For {self.resident_name}. It permits nothing until the "
                           "printed form is signed and the signature recorded (s)."),
                     classes="form-hint")
        yield from self.field("Recipient (a name, or a general designation)", Input(
            clean(d.recipient) if d else self.start["recipient"], id="recipient",
            max_length=200), "recipient")
        with Horizontal(classes="pair"):
            yield from self.field("Kind of recipient", FindSelect(
                [(label, key) for key, label in RECIPIENT_KIND_LABELS.items()],
                id="recipient_kind", value=d.recipient_kind if d else self.start["kind"],
                allow_blank=False), "recipient_kind")
            yield Checkbox("A general designation", value=d.recipient_general if d
                           else False, id="recipient_general")
        yield from self.field("Purposes, one per line", TextArea(
            "\n".join(d.purposes) if d else self.start["purpose"], id="purposes",
            soft_wrap=True, show_line_numbers=False), "purposes")
        yield from self.text_field("How much and what kind of information", "information", d, 2000)
        yield from self.field("The substance-use information, described explicitly",
                              TextArea(d.substance_use_info if d else "",
                                       id="substance_use_info", soft_wrap=True,
                                       show_line_numbers=False), "substance_use_info")
        yield from self.text_field("Who may disclose (this program)", "discloser", d, 200)
        with Horizontal(classes="pair"):
            yield from self.field("Expires on", DateInput(
                d.expires_on if d else None, id="expires_on", prefer="future"),
                "expires_on")
            yield from self.text_field("or ends when (an event)", "expiry_event", d, 300)
        yield from self.field("The right to revoke, and how", Input(
            clean(d.revoke_how) if d else DEFAULT_REVOKE_HOW, id="revoke_how",
            max_length=1000), "revoke_how")
        yield Checkbox("Criminal justice: a condition of probation, parole or a court "
                       "(42 CFR 2.35)", value=d.criminal_justice if d else False,
                       id="criminal_justice")
        yield from self.text_field("Cannot be revoked until (2.35 only; optional)",
                                   "irrevocable_until", d, 300)

    def on_mount(self) -> None:
        # What the form opened with (a draft's words, or what the referral filled in) is not
        # typing: Esc on an untouched form closes it at once.
        self.opened_with = self._words()
        if self.draft is None:
            self.run_service(resident_house_name, self.app.actor, self.resident_id,
                             done=self._house)

    def _house(self, name: str) -> None:
        # The resident's own house discloses, whichever house is the organisation's first.
        box = self.query_one("#discloser", Input)
        if not box.value and name:
            box.value = f"{name} peer recovery program"

    def _words(self) -> list[str]:
        """What is typed in the consent's text fields (the house's name filled in after
        opening is left out: it is not the user's)."""
        typed = [self.query_one(f"#{n}", Input).value.strip()
                 for n in ("recipient", "information", "expiry_event", "irrevocable_until")]
        return typed + [self.query_one(f"#{n}", TextArea).text.strip() for n in AREAS]

    def has_typing(self) -> bool:
        return self._words() != self.opened_with

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: save the consent as a draft."""
        if not self.dates_readable("expires_on"):
            return
        data = {n: self.query_one(f"#{n}", Input).value for n in INPUTS}
        data.update({n: self.query_one(f"#{n}", TextArea).text for n in AREAS})
        data.update(recipient_kind=self.value_of("recipient_kind"),
                    recipient_general=self.query_one("#recipient_general", Checkbox).value,
                    criminal_justice=self.query_one("#criminal_justice", Checkbox).value,
                    expires_on=self.query_one("#expires_on", DateInput).value)
        self.submit(consents.save_consent, self.resident_id, data,
                    self.draft.id if self.draft else None)


class SignatureForm(_Form):
    """Signed on paper on a day, witnessed by a staff member; where the scan is."""

    FIRST_FIELD = "#signed_on"
    TITLE = "Record the signature"
    TYPED = ("scan_path",)
    done_words = "signature recorded; the consent is in effect"

    def __init__(self, consent: consents.ConsentView) -> None:
        super().__init__()
        self.consent = consent

    def compose_fields(self) -> ComposeResult:
        yield Static(plain(f"{self.consent.resident_name}'s consent to "
                           f"{self.consent.recipient}, signed on paper."),
                     classes="form-hint")
        yield from self.day_field("Signed on", "signed_on")
        yield from self.field("Witnessed by", Select([], id="witnessed_by",
                                                     prompt="Choose who witnessed it"),
                              "witnessed_by")
        yield from self.field("Scanned copy (a file path, optional)", Input(
            id="scan_path", max_length=500), "scan_path")

    def on_mount(self) -> None:
        self.run_service(consents.witness_choices, done=self._witnesses)

    def _witnesses(self, people) -> None:
        box = self.query_one("#witnessed_by", Select)
        box.set_options([(plain(name), sid) for sid, name in people])
        if any(sid == self.app.actor.id for sid, _ in people):
            box.value = self.app.actor.id

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: record the signature and its witness."""
        if not self.dates_readable("signed_on"):
            return
        witness = self.value_of("witnessed_by")
        if witness is None:
            self.show_errors({"witnessed_by": "Choose the staff member who witnessed it."})
            return
        self.submit(consents.record_signature, self.consent.id, {
            "signed_on": self.query_one("#signed_on", DateInput).value,
            "witnessed_by": witness, "scan_path": self.query_one("#scan_path", Input).value})


class EndForm(_Form):
    """Revoke a consent, or record that the event ending it happened (END True)."""

    FIRST_FIELD = "#on"
    TYPED = ("note",)

    def __init__(self, consent: consents.ConsentView, end: bool = False) -> None:
        super().__init__()
        self.consent, self.end = consent, end
        self.title = "The consent's end event happened" if end else "Revoke the consent"
        self.done_words = "consent ended" if end else "consent revoked"

    def compose_fields(self) -> ComposeResult:
        c = self.consent
        what = (f"Ends when {c.expiry_event or c.irrevocable_until}." if self.end else
                "From that day it permits nothing; it stays on file.")
        yield Static(plain(f"{c.resident_name}'s consent to {c.recipient}. {what}"),
                     classes="form-hint")
        yield from self.day_field("On")
        yield from self.field("Note (optional)", Input(id="note", max_length=1000),
                              "note")
        if not self.end and c.criminal_justice and c.irrevocable_until:
            yield Static(plain(f"This consent cannot be revoked until "
                               f"{c.irrevocable_until} (42 CFR 2.35)."),
                         classes="form-hint")
            yield Checkbox("That has happened", id="event_occurred")
            yield self.error_slot("event_occurred")

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: record the consent's revocation or end event."""
        if not self.dates_readable("on"):
            return
        data = {"on": self.query_one("#on", DateInput).value,
                "note": self.query_one("#note", Input).value}
        if self.query("#event_occurred"):
            data["event_occurred"] = self.query_one("#event_occurred", Checkbox).value
        service = consents.end_consent if self.end else consents.revoke_consent
        self.submit(service, self.consent.id, data)


class PrintForm(_Form):
    """Write a printable document: its format, then the file (``compose_file_fields``);
    Ctrl+S writes it through ``write``, and the form closes saying where it went."""

    FIRST_FIELD = "#fmt"

    def compose_fields(self) -> ComposeResult:
        yield from self.compose_file_fields()

    def write(self, service, record_id: int) -> None:
        """SERVICE(actor, RECORD_ID, the format, the file) once, in a worker."""
        self.submit(service, record_id, self.value_of("fmt"),
                    self.query_one("#path", Input).value, done=self._written)

    def _written(self, path) -> None:
        self.saved(f"Written to {path}")
        self.dismiss(path)


class PrintConsentForm(PrintForm):
    TITLE = "Print the consent form"

    def __init__(self, consent: consents.ConsentView) -> None:
        super().__init__()
        self.consent = consent

    def compose_fields(self) -> ComposeResult:
        yield from super().compose_fields()
        yield Static(Text("Every element of 42 CFR 2.31 is filled in; unsigned, it has "
                          "lines for the signature, the date and the witness."),
                     classes="form-hint")

    def action_save(self) -> None:
        """Ctrl+S, clinical staff: write the consent form."""
        self.write(consent_document.consent_document, self.consent.id)
