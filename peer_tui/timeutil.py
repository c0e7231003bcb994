"""One date format everywhere, local time on screen, UTC in the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def to_local(value: datetime) -> datetime:
    """A stored naive-UTC datetime as naive local time."""
    return value.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


def local_to_utc(value: datetime) -> datetime:
    """A naive local datetime (what a person typed) as naive UTC for storage."""
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def day_start_utc(day: date) -> datetime:
    """Local midnight at the start of DAY, as the naive UTC the database stores."""
    return local_to_utc(datetime.combine(day, datetime.min.time()))


def day_end_utc(day: date) -> datetime:
    """Local midnight after DAY (where the day ends, exclusive), as the naive UTC stored."""
    return day_start_utc(day + timedelta(days=1))


def local_today() -> date:
    return datetime.now().date()


def fmt_date(value: date | datetime | None, empty: str = "-") -> str:
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.strftime(DATE_FORMAT)


def fmt_datetime(value: datetime | None, empty: str = "-") -> str:
    return to_local(value).strftime(DATETIME_FORMAT) if value is not None else empty


def days_since(value: datetime | None, today: date | None = None) -> int | None:
    if value is None:
        return None
    return ((today or local_today()) - to_local(value).date()).days
