"""The resource directory: find, add and change entries (clinical staff), retire them (admin).

Nothing that has referrals is ever deleted: an entry is retired (hidden from the pickers,
still named on every referral made to it) and can be brought back.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from peer_tui.models.base import utcnow
from peer_tui.models.db import database
from peer_tui.models.referral_schemas import (CATEGORY_LABELS, PATHWAY_LABELS,
                                              ResourceInput)
from peer_tui.models.resources import Referral, Resource
from peer_tui.services import audit
from peer_tui.services.auth import Actor
from peer_tui.services.errors import InvalidInput, existing, validate
from peer_tui.services.permissions import Perm, require_perm


@dataclass(frozen=True)
class ResourceInfo:
    id: int
    name: str
    category: str
    pathway: str
    description: str
    address: str
    phone: str
    hours: str
    website: str
    needs_consent: bool
    active: bool
    referrals: int = 0

    @property
    def kind_label(self) -> str:
        return (f"{CATEGORY_LABELS.get(self.category, self.category)}, "
                f"{PATHWAY_LABELS.get(self.pathway, self.pathway).lower()}")


def _info(r: Resource, referrals: int = 0) -> ResourceInfo:
    return ResourceInfo(r.id, r.name, r.category, r.pathway, r.description, r.address,
                        r.phone or r.contact, r.hours, r.website, bool(r.needs_consent),
                        bool(r.active), referrals)


def list_resources(actor: Actor, *, include_retired: bool = False) -> list[ResourceInfo]:
    """The directory, active entries first then by name, with how many referrals each has."""
    require_perm(actor, Perm.READ_CLINICAL, "open the resource directory")
    query = Resource.select().order_by(Resource.active.desc(), Resource.name)
    if not include_retired:
        query = query.where(Resource.active == True)  # noqa: E712
    counts = dict(Referral.select(Referral.resource, fn.COUNT(Referral.id)).where(
        Referral.resource.is_null(False)).group_by(Referral.resource).tuples())
    return [_info(r, counts.get(r.id, 0)) for r in query]


def get_resource(actor: Actor, resource_id: int) -> ResourceInfo:
    require_perm(actor, Perm.READ_CLINICAL, "open the resource directory")
    row = existing(Resource, resource_id, "That directory entry does not exist.")
    return _info(row, Referral.select().where(Referral.resource == row.id).count())


def save_resource(actor: Actor, resource_id: int | None, data: dict) -> ResourceInfo:
    """Add an entry (RESOURCE_ID None) or change one. Names are unique, ignoring case."""
    require_perm(actor, Perm.WRITE_NOTES, "change the resource directory")
    item = validate(ResourceInput, data)
    with database.atomic():
        # casefold() also matches non-ASCII names, which SQL's NOCASE does not (a directory
        # is a few dozen rows).
        taken = [rid for rid, name in Resource.select(Resource.id, Resource.name).tuples()
                 if name.casefold() == item.name.casefold() and rid != resource_id]
        if taken:
            raise InvalidInput({"name": f"The directory already has {item.name!r}."})
        values = item.model_dump()
        if resource_id is None:
            row = Resource.create(**values, updated_at=utcnow())
            audit.record(actor, "resource_add", "resource", row.id)
        else:
            row = existing(Resource, resource_id, "That directory entry does not exist.")
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            row.save()
            audit.record(actor, "resource_edit", "resource", row.id)
    return get_resource(actor, row.id)


def set_retired(actor: Actor, resource_id: int, retired: bool) -> ResourceInfo:
    """Retire an entry (or bring it back). Its referrals keep it; it leaves the pickers."""
    require_perm(actor, Perm.ADMIN, "retire directory entries")
    with database.atomic():
        row = existing(Resource, resource_id, "That directory entry does not exist.")
        if row.active != retired:
            raise InvalidInput({"": f"{row.name} is already "
                                    f"{'retired' if retired else 'in use'}."})
        row.active = not retired
        row.updated_at = utcnow()
        row.save()
        audit.record(actor, "resource_retire" if retired else "resource_restore", "resource",
                     row.id)
    return get_resource(actor, resource_id)
