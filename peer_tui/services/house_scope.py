"""Houses as a boundary: which residents a signed-in staff member may see, and switching house.

Staff work in one or more houses (``StaffHouse``); administrators in all of them, and in a
database of one house everyone works in it (so a single house needs no memberships at all:
the SQLite default stays as it always was). A session works in one current house (``Actor.house_id``); an administrator may also work across the
whole organisation (``house_id`` None, with the house as a filter). Every service that reads
or changes a resident asks ``require_resident`` (or one of its siblings for events, concerns
and plan rows) before anything else, and every list filters with ``in_scope``: a resident of
another house is "not found", never "forbidden", so nothing confirms that they exist.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from peewee import SQL, fn

from peer_tui.models.people import House, Resident, StaffHouse
from peer_tui.services.errors import NotFound, PermissionDenied

NOT_HERE = "No such resident in this house."


@dataclass(frozen=True)
class HouseChoice:
    id: int | None  # None: every house of the organisation (administrators)
    name: str


def _all_houses() -> tuple[int, ...]:
    return tuple(h for (h,) in House.select(House.id).order_by(House.id).tuples())


def _memberships(staff_id: int) -> tuple[int, ...]:
    return tuple(h for (h,) in StaffHouse.select(StaffHouse.house)
                 .where(StaffHouse.staff == staff_id).order_by(StaffHouse.house).tuples())


def staff_houses(staff_id: int, role: str) -> tuple[int, ...]:
    """The houses STAFF_ID works in, in house order (administrators: every house; with one
    house, everyone works in it)."""
    houses = _all_houses()
    if role == "admin" or len(houses) <= 1:
        return houses
    return _memberships(staff_id)


def opening_house(staff_id: int, role: str, houses: tuple[int, ...]) -> int | None:
    """Where a session opens: the staff member's first house. An administrator who is a
    member of no house in particular opens on the whole organisation (None) when there are
    several."""
    if role == "admin" and len(houses) > 1:
        own = _memberships(staff_id)
        return own[0] if own else None
    return houses[0] if houses else None


def scope(actor) -> tuple[int, ...]:
    """The house ids ACTOR works in right now: the current house, or (administrators, or a
    session opened before it had a house) all of theirs. Read at every call, so a house made
    or a membership ended since the sign-in counts at once."""
    if actor is None:
        return ()
    allowed = staff_houses(actor.id, actor.role)
    if actor.house_id is not None:
        return (actor.house_id,) if actor.house_id in allowed else ()
    return allowed


def in_scope(actor, house_field=Resident.house):
    """A condition for a query: the row's house is one ACTOR works in right now (the same
    rule as ``scope``, in SQL, so a list is still one statement)."""
    if actor is None:
        return SQL("1 = 0")
    only_one_house = House.select(fn.COUNT(House.id)) <= 1
    if actor.role == "admin":
        allowed = house_field.is_null(False)
    else:
        allowed = house_field.in_(StaffHouse.select(StaffHouse.house)
                                  .where(StaffHouse.staff == actor.id)) | only_one_house
    if actor.house_id is not None:
        return (house_field == actor.house_id) & allowed
    return allowed


def require_resident(actor, resident_id: int) -> int:
    """The house of RESIDENT_ID, if ACTOR works there now; NotFound otherwise."""
    house = Resident.select(Resident.house).where(Resident.id == resident_id,
                                                  in_scope(actor)).scalar()
    if house is None:
        raise NotFound(NOT_HERE)
    return house


def require_row(actor, model, row_id: int, what: str) -> None:
    """Like require_resident, for a row that belongs to a resident (an event, a concern)."""
    resident_id = model.select(model.resident).where(model.id == row_id).scalar()
    if resident_id is None:
        raise NotFound(f"No such {what}.")
    try:
        require_resident(actor, resident_id)
    except NotFound:
        raise NotFound(f"No such {what} in this house.") from None


def resident_house_name(actor, resident_id: int) -> str:
    """The name of the house RESIDENT_ID lives in, if ACTOR works there (NotFound otherwise):
    the house a resident's documents are printed under, whichever house is first."""
    return House.get_by_id(require_resident(actor, resident_id)).name


def choices(actor) -> list[HouseChoice]:
    """The houses ACTOR may switch to, and for administrators the whole organisation."""
    names = dict(House.select(House.id, House.name).where(House.id.in_(actor.house_ids))
                 .order_by(House.id).tuples()) if actor.house_ids else {}
    result = [HouseChoice(h, names[h]) for h in actor.house_ids if h in names]
    if actor.role == "admin" and len(result) > 1:
        result.append(HouseChoice(None, "All houses"))
    return result


def switch(actor, house_id: int | None):
    """ACTOR working in HOUSE_ID from now on (None: every house, administrators only)."""
    if house_id is None and actor.role != "admin":
        raise PermissionDenied("Only an administrator works across every house.")
    if house_id is not None and house_id not in actor.house_ids:
        raise PermissionDenied("You do not work in that house.")
    name = "All houses" if house_id is None else House.get_by_id(house_id).name
    return replace(actor, house_id=house_id, house_name=name)


def next_house(actor):
    """ACTOR in the next of their houses (after the last, the first again)."""
    options = choices(actor)
    if len(options) < 2:
        raise PermissionDenied("You work in one house only.")
    ids = [c.id for c in options]
    position = ids.index(actor.house_id) if actor.house_id in ids else -1
    return switch(actor, ids[(position + 1) % len(ids)])


__all__ = ["HouseChoice", "NOT_HERE", "staff_houses", "opening_house", "scope", "in_scope",
           "require_resident", "require_row", "resident_house_name", "choices", "switch",
           "next_house"]
