"""Facts about this installation: the house name, whether it holds demo data."""

from __future__ import annotations

from dataclasses import dataclass

from peer_tui.models.meta import get_meta
from peer_tui.models.people import House, Staff
from peer_tui.models.schemas import InputSchema, Name
from peer_tui.services.errors import validate


class HouseInput(InputSchema):
    house: Name


@dataclass(frozen=True)
class HouseInfo:
    name: str
    is_demo: bool
    has_staff: bool


def house_info() -> HouseInfo:
    first = House.select(House.name).order_by(House.id).first()
    return HouseInfo(
        name=first.name if first else "",
        is_demo=get_meta("demo") == "1",
        has_staff=Staff.select().exists(),
    )


def ensure_house(name: str = "Main house") -> int:
    """The id of the first house, creating it if the database has none. NAME follows the
    forms' rules for names (it is shown on every screen)."""
    first = House.select().order_by(House.id).first()
    if first is not None:
        return first.id
    return House.create(name=validate(HouseInput, {"house": name}).house).id
