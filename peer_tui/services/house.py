"""The houses of the organisation: a new one, the first one (its name checked by the forms'
rules). What is known of them is ``house_facts``, read by the staff app's start without the
forms' schemas."""

from __future__ import annotations

from peewee import fn

from peer_tui.models.db import database
from peer_tui.models.people import House
from peer_tui.models.schemas import InputSchema, Name
from peer_tui.services import audit
from peer_tui.services.errors import InvalidInput, validate
from peer_tui.services.house_facts import (HouseInfo, computer_house_name, house_ids_named,
                                           house_info, house_list, house_named)


class HouseInput(InputSchema):
    house: Name


def add_house(name: str) -> str:
    """A new house called NAME (the forms' rules for names); ValueError if taken."""

    try:
        clean = validate(HouseInput, {"house": name}).house
    except InvalidInput as exc:
        raise ValueError(f"House name: {exc}") from None
    with database.atomic():
        same = House.select(House.name).where(fn.LOWER(House.name) == clean.lower()).scalar()
        if same is not None:
            raise ValueError(f"There is already a house called {same}.")
        row = House.create(name=clean)
        audit.record(None, "house_create", "house", row.id)
    return clean


def ensure_house(name: str = "Main house") -> int:
    """The id of the first house, creating it if the database has none. NAME follows the
    forms' rules for names (it is shown on every screen)."""
    first = House.select().order_by(House.id).first()
    if first is not None:
        return first.id
    return House.create(name=validate(HouseInput, {"house": name}).house).id


__all__ = ["HouseInput", "add_house", "ensure_house", "HouseInfo", "computer_house_name",
           "house_ids_named", "house_info", "house_list", "house_named"]
