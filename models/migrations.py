"""Numbered schema migrations. Never drop and recreate: append a new numbered step.

Rules for a new migration:
- add it to MIGRATIONS with the next number, and make that number ``LATEST_VERSION`` in
  ``schema_version`` (a start reads it there without loading this module); it runs inside
  the upgrade transaction;
- new tables: create them there with ``safe=True`` (and leave them out of migration 1's list);
- new columns: add them with ``playhouse.migrate`` through ``add_column_if_missing``, because
  migration 1 builds tables from today's models and a fresh database may already have them.
  A NOT NULL column needs a database default (``constraints=[SQL("DEFAULT ...")]``) so it is
  added by one ALTER TABLE: never rebuild a table (SQLite's way of changing a column drops
  and recreates it, which with foreign keys on fails, or cascades, on every row pointing at it);
- every upgrade must leave ``PRAGMA foreign_key_check`` clean (``upgrade`` refuses to commit
  otherwise) and is tested from a file made by each past version (tests/data).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from itertools import islice
from pathlib import Path

from peewee import CharField, ForeignKeyField
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from peer_tui.models.assessments import ASSESSMENT_TABLES
from peer_tui.models.audit import AuditChain, SchemaVersion, anchor_existing_rows
from peer_tui.models.base import utcnow
from peer_tui.models.checkin_results import LATER_TABLES as CHECKIN_RESULT_TABLES
from peer_tui.models.db import DatabaseProblem, database, is_sqlite, new_unique_file
from peer_tui.models.disclosures import LATER_TABLES as DISCLOSURE_TABLES
from peer_tui.models.event_links import LINK_TABLES, EventGoal, EventRole
from peer_tui.models.events import CheckIn, Concern, Event
from peer_tui.models.interviews import INTERVIEW_TABLES
from peer_tui.models.people import Consent, House, Resident, Staff, StaffHouse
from peer_tui.models.plans import Goal, PlanRevision
from peer_tui.models.resources import LATER_TABLES as REFERRAL_TABLES
from peer_tui.models.resources import Referral, Resource
from peer_tui.models.schema_version import LATEST_VERSION, current_version, newer_schema_message
from peer_tui.models.seed import seed_reference_data
from peer_tui.models.tables import ALL_TABLES
from peer_tui.models.training import TRAINING_TABLES


def _m1_initial(migrator: SchemaMigrator) -> None:
    """All tables and indexes, and the reference data (domains, starter resources)."""
    database.create_tables(ALL_TABLES, safe=True)
    seed_reference_data()


def _m2_append_only_audit(migrator: SchemaMigrator) -> None:
    """The audit log refuses UPDATE and DELETE at the database level."""
    if is_sqlite():
        for verb in ("UPDATE", "DELETE"):
            database.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} "
                f"BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
    else:
        database.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql"
        )
        database.execute_sql(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def _m3_open_follow_up_index(migrator: SchemaMigrator) -> None:
    """A partial index of open follow-ups, so refreshing a resident's summary after a save
    does not read every one of a long history's events to find the next follow-up."""
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS event_open_follow_up ON event (resident_id, follow_up_on) "
        "WHERE follow_up_on IS NOT NULL AND follow_up_done_at IS NULL AND voided_at IS NULL"
    )


def _m4_checkin_results(migrator: SchemaMigrator) -> None:
    """Goal updates proposed by check-ins, meetings attended, and the check-in's free text."""
    add_column_if_missing(migrator, "check_in", "free_text", CheckIn.free_text)
    database.create_tables(CHECKIN_RESULT_TABLES, safe=True)


def _m5_audit_chain(migrator: SchemaMigrator) -> None:
    """A hash chain through the audit log (models/audit.py). The rows already there are
    anchored by one hash over all of them, recorded now; every new row is a link. The chain
    record cannot be deleted and its anchor cannot change, and its end only moves forward."""
    add_column_if_missing(migrator, "audit_log", "row_hash", CharField(max_length=64, null=True))
    AuditChain.create_table(safe=True)
    if not AuditChain.select().exists():
        last_id, digest = anchor_existing_rows()
        AuditChain.insert(id=1, anchor_id=last_id, anchor_hash=digest, head_id=last_id,
                          head_hash=digest).execute()
    if is_sqlite():
        for sql in (
            "CREATE TRIGGER IF NOT EXISTS audit_chain_no_delete BEFORE DELETE ON audit_chain "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain record cannot be removed'); END",
            "CREATE TRIGGER IF NOT EXISTS audit_chain_keep_anchor BEFORE UPDATE OF anchor_id, "
            "anchor_hash ON audit_chain "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain anchor cannot change'); END",
            "CREATE TRIGGER IF NOT EXISTS audit_chain_forward BEFORE UPDATE OF head_id ON "
            "audit_chain WHEN NEW.head_id < OLD.head_id "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain only moves forward'); END",
        ):
            database.execute_sql(sql)
    else:
        database.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_chain_guard() RETURNS trigger AS $$ BEGIN "
            "IF TG_OP = 'DELETE' THEN "
            "RAISE EXCEPTION 'the audit chain record cannot be removed'; END IF; "
            "IF NEW.anchor_id IS DISTINCT FROM OLD.anchor_id "
            "OR NEW.anchor_hash IS DISTINCT FROM OLD.anchor_hash THEN "
            "RAISE EXCEPTION 'the audit chain anchor cannot change'; END IF; "
            "IF NEW.head_id < OLD.head_id THEN "
            "RAISE EXCEPTION 'the audit chain only moves forward'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        database.execute_sql(
            "CREATE TRIGGER audit_chain_guard BEFORE UPDATE OR DELETE ON audit_chain "
            "FOR EACH ROW EXECUTE FUNCTION audit_chain_guard()"
        )


def _m6_plan_revision_sessions(migrator: SchemaMigrator) -> None:
    """A plan revision is one editing session: when its last save was folded in, and the
    timeline entry that stands for it (updated while the session lasts)."""
    add_column_if_missing(migrator, "plan_revision", "updated_at", PlanRevision.updated_at)
    add_column_if_missing(migrator, "plan_revision", "event_id", ForeignKeyField(
        Event, null=True, on_delete="SET NULL", field=Event.id))



def _m7_concern_assignment(migrator: SchemaMigrator) -> None:
    """Who assigned a concern, and when (the queue's Assigned column says to whom)."""
    add_column_if_missing(migrator, "concern", "assigned_at", Concern.assigned_at)
    add_column_if_missing(migrator, "concern", "assigned_by_id", ForeignKeyField(
        Staff, null=True, on_delete="SET NULL", field=Staff.id))


def _m8_training(migrator: SchemaMigrator) -> None:
    """Peer specialist training (models/training.py), and the packaged 72-hour course."""
    # Start-up: the course's schemas load only when a database is brought to this version.
    from peer_tui.models.training_seed import seed_course

    database.create_tables(TRAINING_TABLES, safe=True)
    seed_course()


def _m9_referrals(migrator: SchemaMigrator) -> None:
    """Referrals followed to their outcome: where to (a directory entry or a one-off
    provider), why, how, the next check, every stage as a row; the directory's address,
    phone, hours and whether sharing with it needs a consent."""
    for name in ("address", "phone", "hours", "needs_consent", "updated_at"):
        add_column_if_missing(migrator, "resource", name, getattr(Resource, name))
    for name in ("provider_name", "provider_contact", "goal_id", "domain_key", "method",
                 "made_on", "next_check_on", "needs_consent", "closed_reason", "updated_at"):
        add_column_if_missing(migrator, "referral", name, getattr(Referral, name))
    add_column_if_missing(migrator, "referral", "consent_id", ForeignKeyField(
        Consent, null=True, on_delete="RESTRICT", field=Consent.id))
    columns = {c.name: c for c in database.get_columns("referral")}
    if not columns["resource_id"].null:  # a one-off provider has no directory entry

        migrate(migrator.drop_not_null("referral", "resource_id"))
    database.create_tables(REFERRAL_TABLES, safe=True)
    # Referrals made before stages existed: "connected" is now "contacted", and each gets
    # the step it was made with, so its history starts where it did.
    Referral.update(status="contacted").where(Referral.status == "connected").execute()
    database.execute_sql(
        "INSERT INTO referral_step (referral_id, stage, \"on\", note, staff_id, recorded_at) "
        "SELECT r.id, 'made', DATE(r.created_at), '', r.staff_id, r.created_at FROM referral r "
        "WHERE NOT EXISTS (SELECT 1 FROM referral_step s WHERE s.referral_id = r.id)")
    database.execute_sql("UPDATE referral SET made_on = DATE(created_at) WHERE made_on IS NULL")
    Resource.update(needs_consent=True).where(
        Resource.category.in_(["treatment", "legal"])).execute()


def _m10_consents(migrator: SchemaMigrator) -> None:
    """Consents with every element of 42 CFR 2.31 (and 2.35's irrevocable criminal-justice
    consent), their signature as witnessed on paper, revocation and end as dates; the log
    of disclosures made under them."""
    for name in ("signed", "discloser", "substance_use_info", "recipient_general",
                 "revoke_how", "expiry_event", "criminal_justice", "irrevocable_until",
                 "scan_path", "revoke_note", "ended_on", "ended_note"):
        add_column_if_missing(migrator, "consent", name, getattr(Consent, name))
    for name in ("witnessed_by_id", "revoked_by_id"):
        add_column_if_missing(migrator, "consent", name, ForeignKeyField(
            Staff, null=True, on_delete="SET NULL", field=Staff.id))
    database.execute_sql("CREATE INDEX IF NOT EXISTS consent_resident_id_expires_on "
                         "ON consent (resident_id, expires_on)")
    database.create_tables(DISCLOSURE_TABLES, safe=True)


def _m11_assessments(migrator: SchemaMigrator) -> None:
    """Standardised assessments (the BARC-10), saved once: the database refuses UPDATE and
    DELETE on them (a correction is a new row). The resident's BARC-10 summary columns."""

    database.create_tables(ASSESSMENT_TABLES, safe=True)
    for column in ("summary_barc_total", "summary_barc_at", "summary_barc_drop"):
        add_column_if_missing(migrator, "resident", column, getattr(Resident, column))
    if is_sqlite():
        for verb in ("UPDATE", "DELETE"):
            database.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS assessment_no_{verb.lower()} "
                f"BEFORE {verb} ON assessment "
                "BEGIN SELECT RAISE(ABORT, 'an assessment is saved once: correct it with a "
                "new one'); END")
    else:
        database.execute_sql(
            "CREATE OR REPLACE FUNCTION assessment_saved_once() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'an assessment is saved once: correct it with a new one'; "
            "END $$ LANGUAGE plpgsql")
        database.execute_sql(
            "CREATE TRIGGER assessment_saved_once BEFORE UPDATE OR DELETE ON assessment "
            "FOR EACH ROW EXECUTE FUNCTION assessment_saved_once()")


def _m12_event_tags(migrator: SchemaMigrator) -> None:
    """A contact's roles and linked goals as rows (models/event_links.py) instead of the
    comma-separated ``event.roles`` and ``event.goal_ids``, which are moved, then dropped."""
    database.create_tables(LINK_TABLES, safe=True)
    columns = {c.name for c in database.get_columns("event")}
    if {"roles", "goal_ids"} <= columns:
        _move_event_tags()
    for name in ("roles", "goal_ids"):
        if name in columns:
            drop_column_in_place(migrator, "event", name)


def _move_event_tags() -> None:
    """Every role key and goal id of the old columns becomes a row, in the order they were
    written; a value repeated in one entry is one row. A goal id naming no goal (the program
    never wrote one: it checks them) cannot be a link and is left out; the copy of the file
    kept before the upgrade still has it."""
    goals = {g for (g,) in Goal.select(Goal.id).tuples()}
    cursor = database.execute_sql(
        "SELECT id, roles, goal_ids FROM event WHERE roles <> '' OR goal_ids <> '' ORDER BY id")
    while batch := list(islice(cursor, 1000)):
        roles, links = [], []
        for event_id, role_text, goal_text in batch:
            roles += [(event_id, r) for r in dict.fromkeys(
                p.strip() for p in (role_text or "").split(",")) if r]
            links += [(event_id, g) for g in dict.fromkeys(
                int(p) for p in (goal_text or "").split(",") if p.strip().isdigit())
                if g in goals]
        if roles:
            EventRole.insert_many(roles, fields=[EventRole.event, EventRole.role]).execute()
        if links:
            EventGoal.insert_many(links, fields=[EventGoal.event, EventGoal.goal]).execute()


def _m13_program_report(migrator: SchemaMigrator) -> None:
    """Why a stay ended, in the funders' categories (the reason in words stays beside it),
    follow-up interviews (models/interviews.py), and an index that finds a month's contacts
    or groups across every resident."""
    add_column_if_missing(migrator, "resident", "discharge_kind", Resident.discharge_kind)
    database.create_tables(INTERVIEW_TABLES, safe=True)
    database.execute_sql("CREATE INDEX IF NOT EXISTS event_kind_occurred_at "
                         "ON event (kind, occurred_at)")


def _no_truncate_of_the_append_only_tables() -> None:
    """PostgreSQL's TRUNCATE fires no row triggers: refuse it on the audit log, the chain
    record and the saved-once assessments too (SQLite has no TRUNCATE; its DELETE triggers
    already cover it)."""
    if is_sqlite():
        return
    database.execute_sql(
        "CREATE OR REPLACE FUNCTION audit_chain_no_truncate() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'the audit chain record cannot be removed'; END $$ LANGUAGE plpgsql")
    for table, function in (("audit_log", "audit_log_append_only"),
                            ("audit_chain", "audit_chain_no_truncate"),
                            ("assessment", "assessment_saved_once")):
        database.execute_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        database.execute_sql(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")


def _m14_houses(migrator: SchemaMigrator) -> None:
    """Houses as a boundary: the houses each staff member works in (an existing database's
    staff all work in the house or houses it has), and kiosk codes unique within a house
    instead of across the organisation. Also, for an organisation's PostgreSQL server: the
    append-only tables refuse TRUNCATE."""
    _no_truncate_of_the_append_only_tables()
    StaffHouse.create_table(safe=True)
    houses = [h for (h,) in House.select(House.id).tuples()]
    linked = {(s, h) for s, h in StaffHouse.select(StaffHouse.staff, StaffHouse.house).tuples()}
    rows = [{"staff": s, "house": h} for (s,) in Staff.select(Staff.id).tuples()
            for h in houses if (s, h) not in linked]
    if rows:
        StaffHouse.insert_many(rows).execute()
    database.execute_sql("DROP INDEX IF EXISTS resident_kiosk_code")
    database.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS resident_house_id_kiosk_code "
                         "ON resident (house_id, kiosk_code)")


# Every column the caseload's filter, its name, room and peer-specialist sorts and the house
# scope read of a resident: its keys (sort value, id, count of matches) are read from this
# index alone. Read from the table, every match cost a row of some 250 bytes, most of them
# not in the page cache: a caseload of 15,000 active residents read about 25 MB for each
# keystroke (about 50 ms), not 60 rows. Summary columns are left out, so the writes that
# refresh them do not touch it.
CASELOAD_INDEX = (
    "CREATE INDEX IF NOT EXISTS resident_caseload ON resident (status, house_id, last_name, "
    "first_name, preferred_name, room, peer_specialist_id, case_manager_id)")


def _m15_caseload_index(migrator: SchemaMigrator) -> None:
    """The caseload's keys come from an index alone (``CASELOAD_INDEX``)."""
    database.execute_sql(CASELOAD_INDEX)



# The caseload by name, in order: the sort value exactly as caseload_query.SORTS writes it
# (SQLite uses an index on an expression only for the same text), then the id, then what
# the filter and the house scope read. A block of 60 is read from the start of the status's
# run and stops there, and the count of matches is a count of index entries: neither sorts
# every match first. On PostgreSQL the caseload has not been measured at this size; it
# keeps the index of migration 15.
CASELOAD_NAME_INDEX = (
    "CREATE INDEX IF NOT EXISTS resident_caseload_name ON resident (status, "
    "(COALESCE(last_name || ' ' || first_name, '')), id, house_id, last_name, first_name, "
    "preferred_name, room, peer_specialist_id, case_manager_id)")


def _m16_caseload_name_index(migrator: SchemaMigrator) -> None:
    """The caseload by name is read in order from an index (``CASELOAD_NAME_INDEX``)."""
    if is_sqlite():
        database.execute_sql(CASELOAD_NAME_INDEX)


# A house's follow-ups that count, found by resident: the program report's overdue
# follow-ups for one house looked them up through the resident index, reading every row of
# the house's whole history (some 20,000), most of them not in the page cache of a large
# database. Partial (only entries with a follow-up, not voided) and holding what the report
# reads of them, so the table is not read at all. The same on PostgreSQL.
FOLLOW_UP_INDEX = (
    "CREATE INDEX IF NOT EXISTS event_follow_up_by_resident ON event (resident_id, "
    "follow_up_on, follow_up_done_at, occurred_at, staff_id, voided_at) "
    "WHERE follow_up_on IS NOT NULL AND voided_at IS NULL")


def _m17_follow_up_index(migrator: SchemaMigrator) -> None:
    """A house's follow-ups are read from an index alone (``FOLLOW_UP_INDEX``)."""
    database.execute_sql(FOLLOW_UP_INDEX)


# The transfers between houses, in order: every house's program report reads them all
# (``report_scope.house_moves``), and through the (at, id) index that read the whole audit
# log, which gains a row with every view, sign-in, check-in and report. Partial, so it holds
# the transfers alone and grows with them, not with the log. The same on PostgreSQL.
TRANSFER_INDEX = (
    "CREATE INDEX IF NOT EXISTS audit_log_transfer ON audit_log (at, id) "
    "WHERE action = 'transfer'")


def _m18_transfer_index(migrator: SchemaMigrator) -> None:
    """The transfers are read from their own index (``TRANSFER_INDEX``)."""
    database.execute_sql(TRANSFER_INDEX)


MIGRATIONS = {
    1: _m1_initial,
    2: _m2_append_only_audit,
    3: _m3_open_follow_up_index,
    4: _m4_checkin_results,
    5: _m5_audit_chain,
    6: _m6_plan_revision_sessions,
    7: _m7_concern_assignment,
    8: _m8_training,
    9: _m9_referrals,
    10: _m10_consents,
    11: _m11_assessments,
    12: _m12_event_tags,
    13: _m13_program_report,
    14: _m14_houses,
    15: _m15_caseload_index,
    16: _m16_caseload_name_index,
    17: _m17_follow_up_index,
    18: _m18_transfer_index,
}


def add_column_if_missing(migrator: SchemaMigrator, table: str, name: str, field) -> None:
    """Add a column in place. A NOT NULL column goes in with its database default in the same
    statement; peewee would otherwise add it nullable and then rebuild the table to make it
    NOT NULL, and rebuilding a table that other rows point at broke every upgrade of a
    database with check-ins in it ("FOREIGN KEY constraint failed")."""
    if name in {c.name for c in database.get_columns(table)}:
        return
    if field.null:
        migrate(migrator.add_column(table, name, field))
        return
    if not any("DEFAULT" in str(getattr(c, "sql", c)).upper() for c in field.constraints or ()):
        raise ValueError(f"{table}.{name} is NOT NULL: give it a database default "
                         "(constraints=[SQL(\"DEFAULT ...\")]) so it can be added in place")
    migrate(migrator.add_column(table, name, field, allow_not_null=True))


def drop_column_in_place(migrator: SchemaMigrator, table: str, name: str) -> None:
    """Drop a column with one ALTER TABLE. SQLite does that in place from 3.35 on; before it,
    peewee would rebuild the table (refused: see the module's docstring), so the upgrade
    stops with a sentence instead."""
    if is_sqlite() and sqlite3.sqlite_version_info < (3, 35, 0):
        raise DatabaseProblem(
            f"This upgrade needs SQLite 3.35 or newer; this Python has {sqlite3.sqlite_version}. "
            "Nothing was changed.")
    migrate(migrator.drop_column(table, name, cascade=False))


def _migrator() -> SchemaMigrator:
    return SqliteMigrator(database.obj) if is_sqlite() else PostgresqlMigrator(database.obj)


def backup_before_upgrade(version: int) -> Path | None:
    """Copy the SQLite file (online backup) before changing its schema; returns the copy."""
    if not is_sqlite():
        return None
    source = Path(database.obj.database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = new_unique_file(source.parent, f"{source.name}.v{version}-{stamp}", ".bak")
    fd_target = sqlite3.connect(target)
    try:
        database.connection().backup(fd_target)
    finally:
        fd_target.close()
    target.chmod(0o600)
    return target


def upgrade(*, backup: bool = True) -> tuple[int, int, Path | None]:
    """Bring the open database to LATEST_VERSION in one transaction.

    Returns (from_version, to_version, backup_path). Refuses databases that are not ours or
    that a newer peer-tui made, with a one-line DatabaseProblem.
    """
    version = current_version()
    if version < 0:
        raise DatabaseProblem("This SQLite file is not a peer-tui database (unknown tables).")
    if version > LATEST_VERSION:
        raise DatabaseProblem(newer_schema_message(version))
    if version == LATEST_VERSION:
        return version, version, None
    copy = backup_before_upgrade(version) if backup and version > 0 else None
    _apply(version, LATEST_VERSION)
    return version, LATEST_VERSION, copy


def _apply(version: int, target: int) -> None:
    """Run migrations VERSION+1..TARGET in one transaction, the way SQLite documents schema
    changes: foreign keys off while the schema changes (so no statement can fail or cascade
    on the rows that point at a table), then a foreign-key check of the result before the
    commit. A violation rolls everything back: the file stays as the older version left it."""
    migrator = _migrator()
    sqlite = is_sqlite()
    if sqlite:
        database.execute_sql("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction
    try:
        with database.atomic():
            for number in range(version + 1, target + 1):
                MIGRATIONS[number](migrator)
                SchemaVersion.insert(version=number, applied_at=utcnow()).execute()
            if sqlite:
                broken = database.execute_sql("PRAGMA foreign_key_check").fetchmany(3)
                if broken:
                    raise DatabaseProblem(
                        f"Upgrading the database to schema {target} would leave rows pointing "
                        f"at missing ones ({', '.join(str(tuple(r)) for r in broken)}); "
                        "nothing was changed.")
    finally:
        if sqlite:
            database.execute_sql("PRAGMA foreign_keys=ON")


def migrate_to(target: int) -> None:
    """Apply migrations up to TARGET only (used by tests to build an old database)."""
    _apply(max(current_version(), 0), target)


__all__ = ["LATEST_VERSION", "MIGRATIONS", "upgrade", "current_version", "migrate_to",
           "add_column_if_missing"]
