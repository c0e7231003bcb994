"""Every table, in dependency order (parents before children)."""

from peer_tui.models.audit import AuditLog, SchemaVersion
from peer_tui.models.events import CheckIn, Concern, ConcernNote, Event, GroupSession
from peer_tui.models.meta import AppMeta
from peer_tui.models.people import Consent, House, Resident, Staff
from peer_tui.models.plans import (
    ActionStep,
    Domain,
    Goal,
    PlanReview,
    PlanRevision,
    PlanSupport,
    RecoveryPlan,
)
from peer_tui.models.resources import Referral, Resource

ALL_TABLES = [
    SchemaVersion, AppMeta, Staff, House, Resident, Consent, Domain, Resource, Referral,
    RecoveryPlan, PlanRevision, Goal, ActionStep, PlanSupport, PlanReview,
    GroupSession, CheckIn, Concern, ConcernNote, Event, AuditLog,
]
