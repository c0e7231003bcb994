"""The "who is it for" part of every form that writes a document about a resident: the
resident's own copy, someone else under a consent, or a medical emergency (42 CFR 2.51).

Choosing a consent fills in its recipient and first purpose; both can be changed, and the
service refuses what the consent does not cover (``services/disclosures.py``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static
from rich.text import Text

from peer_tui.screens.widgets.find_select import FindSelect
from peer_tui.screens.text import clean, one_line, plain
from peer_tui.services import consents

FOR_RESIDENT = "resident"
FOR_CONSENT = "consent"
FOR_EMERGENCY = "emergency"
DISCLOSURE_FIELDS = ("consent_id", "recipient", "purpose", "emergency_reason")


class DisclosureFields:
    """Mixin for a RecordForm: ``compose_disclosure`` in compose, ``load_disclosure`` on
    mount, ``disclosure_data`` when saving (None: the resident's own copy)."""

    resident_id: int
    _consents: dict[int, consents.ConsentView]

    def compose_disclosure(self, *, resident_copy: bool = True) -> ComposeResult:
        choices = [("Someone else, under the resident's consent", FOR_CONSENT),
                   ("A medical emergency (42 CFR 2.51), no consent possible", FOR_EMERGENCY)]
        if resident_copy:
            choices.insert(0, ("The resident (their own copy)", FOR_RESIDENT))
        yield from self.field("Who is it for", FindSelect(  # type: ignore[attr-defined]
            choices, id="for_whom", value=choices[0][1], allow_blank=False), "for_whom")
        yield from self.field("Under which consent", Select(  # type: ignore[attr-defined]
            [], id="consent_id", prompt="Loading the consents in effect..."), "consent_id")
        yield from self.field("Recipient (as the consent names them)",  # type: ignore
                              Input(id="recipient", max_length=200), "recipient")
        yield from self.field("Purpose (one the consent names)",  # type: ignore
                              Input(id="purpose", max_length=300), "purpose")
        yield from self.field(  # type: ignore[attr-defined]
            "The emergency: what it is, and why consent cannot be obtained",
            Input(id="emergency_reason", max_length=1000), "emergency_reason")
        yield Static(Text("Every disclosure is logged (when, what, to whom, under which "
                          "consent, by whom) and carries the notice prohibiting "
                          "redisclosure (42 CFR 2.32)."), classes="form-hint")

    def load_disclosure(self) -> None:
        self._consents = {}
        self.run_service(consents.consents_in_effect, self.app.actor,  # type: ignore
                         self.resident_id, done=self._consents_loaded,
                         failed=lambda exc: self._consents_loaded([]))
        self._show_disclosure_fields()

    def _consents_loaded(self, views) -> None:
        self._consents = {v.id: v for v in views}
        box = self.query_one("#consent_id", Select)  # type: ignore[attr-defined]
        box.set_options([(plain(f"{one_line(v.recipient, 40)}: "
                                f"{one_line('; '.join(v.purposes), 40)} (ends {v.ends})"), v.id)
                         for v in views])
        box.prompt = ("Choose the consent that covers it" if views else
                      "No consent in effect: draw one up on the Consents tab")

    def _show_disclosure_fields(self) -> None:
        whom = self.query_one("#for_whom", Select).value  # type: ignore[attr-defined]
        shown = {FOR_RESIDENT: (), FOR_CONSENT: ("consent_id", "recipient", "purpose"),
                 FOR_EMERGENCY: ("recipient", "emergency_reason")}.get(whom, ())
        for name in DISCLOSURE_FIELDS:
            self.query_one(f"#{name}").parent.display = name in shown  # type: ignore

    def disclosure_changed(self, event: Select.Changed) -> bool:
        """Call from on_select_changed; True when the event was ours."""
        if event.select.id == "for_whom":
            self._show_disclosure_fields()
            return True
        if event.select.id == "consent_id" and isinstance(event.value, int):
            view = self._consents.get(event.value)
            if view is not None:
                self.query_one("#recipient", Input).value = clean(view.recipient)  # type: ignore
                self.query_one("#purpose", Input).value = clean(  # type: ignore
                    view.purposes[0] if view.purposes else "")
            return True
        return False

    def has_typing(self) -> bool:
        """Esc asks first when a recipient, purpose or emergency was typed."""
        return any(self.query_one(f"#{n}", Input).value.strip()  # type: ignore[attr-defined]
                   for n in ("recipient", "purpose", "emergency_reason"))

    def disclosure_data(self) -> dict | None:
        whom = self.query_one("#for_whom", Select).value  # type: ignore[attr-defined]
        if whom == FOR_RESIDENT:
            return None
        consent = self.query_one("#consent_id", Select).value  # type: ignore[attr-defined]
        return {"consent_id": consent if isinstance(consent, int) else None,
                "recipient": self.query_one("#recipient", Input).value,  # type: ignore
                "purpose": (self.query_one("#purpose", Input).value  # type: ignore
                            if whom == FOR_CONSENT else "medical emergency"),
                "emergency": whom == FOR_EMERGENCY,
                "emergency_reason": self.query_one("#emergency_reason", Input).value  # type: ignore
                if whom == FOR_EMERGENCY else ""}
