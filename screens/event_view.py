"""How one timeline entry reads in full (the detail pane): literal text, never markup."""

from __future__ import annotations

from rich.text import Text

from peer_tui.screens.text import clean
from peer_tui.screens.widgets.marks import mark
from peer_tui.services.timeline import KIND_LABELS, EventDetail
from peer_tui.timeutil import fmt_date, fmt_datetime


def detail_text(detail: EventDetail) -> Text:
    text = Text()
    head = [fmt_datetime(detail.occurred_at), KIND_LABELS.get(detail.kind, detail.kind)]
    if detail.channel and detail.channel != "kiosk":
        how = detail.channel_label
        if detail.duration_minutes:
            how += f", {detail.duration_minutes} min"
        head.append(how)
    if detail.staff_name:
        head.append(clean(detail.staff_name))
    text.append(" \u00b7 ".join(head), style="bold")
    text.append(f"   #{detail.id}", style="dim")
    if detail.voided_at is not None:
        text.append(f"\nVOIDED {fmt_datetime(detail.voided_at)} by "
                    f"{clean(detail.voided_by) or 'someone'}: ", style=mark("alert"))
        text.append(clean(detail.void_reason))
    if detail.corrected_by:
        text.append(f"\nCORRECTED by entry #{detail.corrected_by[-1]} (o goes to it)",
                    style=mark("warn-strong"))
    if detail.corrects_id:
        text.append(f"\nCorrects entry #{detail.corrects_id} (o goes to it)", style=mark("warn"))
    text.append("\n" + clean(detail.summary))
    if detail.group_name:
        text.append("\nGroup: ", style="bold")
        text.append(clean(detail.group_name))
    if detail.concern_id:
        text.append("\nConcern: ", style="bold")
        text.append(f"#{detail.concern_id}, {detail.concern_status or 'open'} "
                    "(Enter opens it)")
    if detail.roles:
        text.append("\nRoles: ", style="bold")
        text.append(", ".join(detail.roles))
    if detail.goals:
        text.append("\nGoals: ", style="bold")
        text.append("; ".join(clean(g) for g in detail.goals))
    if detail.follow_up_on is not None:
        text.append("\nFollow-up: ", style="bold")
        if detail.follow_up_done_at is not None and detail.corrected_by:
            text.append(f"{fmt_date(detail.follow_up_on)}, passed to the correction")
        elif detail.follow_up_done_at is not None:
            text.append(f"{fmt_date(detail.follow_up_on)}, done "
                        f"{fmt_datetime(detail.follow_up_done_at)}")
        else:
            text.append(f"{fmt_date(detail.follow_up_on)}, open (Space marks it done)")
    if detail.note and detail.note.strip() != detail.summary.strip():
        text.append("\n\n" + clean(detail.note).replace("\r", ""))
    text.append(f"\nRecorded {fmt_datetime(detail.recorded_at)}", style="dim")
    return text


def fill_width(table, key: str, width: int, minimum: int = 20) -> None:
    """Give column KEY of TABLE whatever WIDTH the other columns leave (no sideways scroll)."""
    column = next((c for c in table.columns.values() if c.key.value == key), None)
    if column is None:
        return
    fixed = sum(c.width for c in table.columns.values() if c is not column)
    padding = 2 * table.cell_padding * len(table.columns)
    column.auto_width = False
    column.width = max(minimum, width - fixed - padding - 2)  # 2: the scrollbar
    # DataTable has no public "column width changed" call; these two redo its layout.
    table._require_update_dimensions = True
    table._clear_caches()
    table.refresh(layout=True)
