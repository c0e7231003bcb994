"""Facts about this installation: its houses, the house this computer belongs to, whether
it holds demo data. Read only, and without pydantic: the staff app's start reads them in the
process that checks the database while the app loads (``peer_tui.checks``)."""

from __future__ import annotations

from dataclasses import dataclass

from peer_tui.models.meta import get_meta
from peer_tui.models.people import House, Resident, Staff, StaffHouse


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


def house_named(name: str) -> tuple[int | None, str]:
    """(id, name) of the house called NAME (any case), or of the only house when NAME is
    empty (a kiosk's house). ValueError with a sentence when that cannot be decided."""
    houses = list(House.select(House.id, House.name).order_by(House.id).tuples())
    wanted = " ".join(name.split()).casefold()
    if wanted:
        for house_id, house_name in houses:
            if house_name.casefold() == wanted:
                return house_id, house_name
        known = ", ".join(n for _, n in houses) or "none yet"
        raise ValueError(f"There is no house called {name.strip()!r} (houses: {known}).")
    if len(houses) > 1:
        raise ValueError("This database has several houses: name one with --house NAME "
                         "(a kiosk also reads the kiosk_house setting): "
                         + ", ".join(n for _, n in houses) + ".")
    return (houses[0][0], houses[0][1]) if houses else (None, "")


def computer_house_name(setting: str = "") -> str:
    """The house this computer belongs to, as its staff sign-in names it: the house SETTING
    names (the kiosk_house setting, any case), else the only house. '' when there are several
    and SETTING names none of them: the sign-in then names no house rather than the first."""
    try:
        return house_named(setting)[1]
    except ValueError:
        return ""


def house_ids_named(names: list[str]) -> list[int]:
    """The ids of the houses called NAMES (any case); ValueError naming one that is not."""
    return [house_named(name)[0] for name in names if name.strip()]


def house_list() -> list[tuple[str, int, int]]:
    """(name, active residents, staff who work there) for every house."""

    out = []
    for house in House.select().order_by(House.id):
        residents = Resident.select().where(Resident.house == house,
                                            Resident.status == "active").count()
        staff = StaffHouse.select().where(StaffHouse.house == house).count()
        out.append((house.name, residents, staff))
    return out
