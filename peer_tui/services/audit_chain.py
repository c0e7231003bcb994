"""Is the audit log as it was written? Walks the hash chain (models/audit.py) from its anchor
to its newest link and names the first row that does not match.

The triggers make the log append-only, but whoever can write the file can drop them. What
they cannot do without leaving a trace is change or remove a row: its hash, or the next row's,
no longer matches, and removing the newest rows leaves the chain record pointing past the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from peer_tui.models.audit import CHAIN_FIELDS, AnchorHash, AuditChain, AuditLog, chain_hash
from peer_tui.models.db import database, is_sqlite
from peer_tui.services.permissions import require

#: The triggers that keep the log append-only (migrations 2 and 5), by database.
GUARDS_SQLITE = ("audit_log_no_update", "audit_log_no_delete", "audit_chain_no_delete",
                 "audit_chain_keep_anchor", "audit_chain_forward")
GUARDS_POSTGRES = ("audit_log_append_only", "audit_chain_guard", "audit_log_no_truncate",
                   "audit_chain_no_truncate")


NO_CHAIN_YET = ("this database has no hash chain yet (an older schema); opening it with this "
                "peer-tui adds one.")


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    rows: int  # rows read before the verdict (all of them when intact)
    broken_at: int | None  # the first row that does not match, when one can be named
    problem: str  # one sentence, '' when intact

    def describe(self) -> str:
        if self.intact:
            return f"intact ({self.rows} row{'s' if self.rows != 1 else ''})"
        if self.problem == NO_CHAIN_YET:  # an older schema, not tampering
            return f"not yet: {self.problem}"
        return f"BROKEN: {self.problem}"


def verify() -> ChainReport:
    """Check every row's hash, the anchor, the newest link and the guarding triggers."""
    if "audit_chain" not in database.get_tables():
        return ChainReport(False, 0, None, NO_CHAIN_YET)
    head = AuditChain.get_or_none(AuditChain.id == 1)
    if head is None:
        return ChainReport(False, 0, None, "the chain record (audit_chain) was deleted.")
    report = _walk(head)
    if report.intact:
        missing = missing_guards()
        if missing:
            return ChainReport(False, report.rows, None, (
                "the rows match, but the triggers that keep the log append-only were "
                f"removed ({', '.join(missing)})."))
    return report


def _walk(head: AuditChain) -> ChainReport:
    """Rows up to the anchor hash together; every later row links to the one before. An
    empty anchor hash means the chain record was deleted and started again (``record``)."""
    restarted = head.anchor_hash == ""
    fields = [getattr(AuditLog, name) for name in CHAIN_FIELDS]
    rows = AuditLog.select(AuditLog.id, AuditLog.row_hash, *fields).order_by(AuditLog.id)
    anchor, last_anchored, anchor_checked = AnchorHash(), 0, False
    previous, last_id, count = head.anchor_hash, 0, 0
    for row_id, row_hash, *values in rows.tuples().iterator():
        count += 1
        if row_id <= head.anchor_id:
            anchor.add(row_id, values)
            last_anchored = last_id = row_id
            if restarted:
                previous = row_hash or ""
            continue
        if not anchor_checked:
            anchor_checked = True
            if not restarted and not _anchor_holds(head, anchor, last_anchored):
                return _anchor_broken(head, count)
        if row_hash != chain_hash(previous, values):
            gap = _gap(last_id, row_id) if is_sqlite() else ""
            return ChainReport(False, count, row_id, (
                f"audit row #{row_id} does not match its hash{gap}: it was changed, or a "
                "row before it was changed, removed or added outside peer-tui."))
        previous, last_id = row_hash, row_id
    if not anchor_checked and not restarted and not _anchor_holds(head, anchor, last_anchored):
        return _anchor_broken(head, count)
    if restarted:
        return ChainReport(False, count, None, (
            f"the chain record was deleted and started again after row #{head.anchor_id}; "
            "the rows up to there cannot be vouched for."))
    if last_id < head.head_id:
        return ChainReport(False, count, None, (
            f"the newest audit rows were removed: the log ends at row #{last_id}, the chain "
            f"at row #{head.head_id}."))
    if (last_id, previous) != (head.head_id, head.head_hash):
        return ChainReport(False, count, last_id, (
            f"the chain record does not match the newest row (#{last_id}); it was changed "
            "outside peer-tui."))
    return ChainReport(True, count, None, "")


def _gap(last_id: int, row_id: int) -> str:
    """SQLite numbers rows one after another (a rolled-back row leaves no hole), so a hole
    right before the broken row says what happened."""
    if row_id == last_id + 2:
        return f" (row #{last_id + 1} before it is missing)"
    if row_id > last_id + 2:
        return f" (rows #{last_id + 1}-#{row_id - 1} before it are missing)"
    return ""


def _anchor_holds(head: AuditChain, anchor: AnchorHash, last_anchored: int) -> bool:
    return anchor.hexdigest() == head.anchor_hash and last_anchored == head.anchor_id


def _anchor_broken(head: AuditChain, count: int) -> ChainReport:
    return ChainReport(False, count, None, (
        f"the audit rows from before the chain began (#1-#{head.anchor_id}) were changed or "
        "removed."))


def missing_guards() -> list[str]:
    """The append-only triggers that are not there any more."""
    if is_sqlite():
        present = {name for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        return [name for name in GUARDS_SQLITE if name not in present]
    present = {name for (name,) in database.execute_sql(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()}
    return [name for name in GUARDS_POSTGRES if name not in present]


def chain_status(actor) -> ChainReport:
    """For the admin's audit screen (admins only)."""
    require(actor, admin=True)
    return verify()


__all__ = ["ChainReport", "verify", "chain_status", "missing_guards"]
