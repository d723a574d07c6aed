"""Dates in one place: timezone-aware parsing, the as-of day, and display formatting (Babel)."""

from __future__ import annotations

import datetime as dt
import functools
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date

AS_OF_ENV = "POLICY_AS_OF"


def parse_commit_time(value: str) -> dt.datetime:
    """Parse git's strict ISO 8601 (`%cI`) into an aware datetime, keeping its offset."""
    parsed = dt.datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        raise ValueError(f"commit time without an offset: {value!r}")
    return parsed


def parse_day(value: object) -> dt.date:
    """Accept a YAML date or an ISO `YYYY-MM-DD` string; anything else is an error."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), got a date and time {value.isoformat()!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"is not a date (YYYY-MM-DD) (got {value!r})")


def load_zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def local_day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The calendar day a moment falls on in the site's time zone."""
    return moment.astimezone(zone).date()


def resolve_as_of_moment(explicit: str | dt.date | None, zone: dt.tzinfo) -> dt.datetime:
    """The site's one clock: the moment that decides what is in force and dates a preview draft.

    Explicit, else $POLICY_AS_OF, else $SOURCE_DATE_EPOCH, else now. A day (YYYY-MM-DD) stands for
    its last moment in the site's time zone, so everything that happened that day has happened.
    This is the only place the generator reads the wall clock."""
    if isinstance(explicit, dt.datetime):
        return explicit if explicit.tzinfo else explicit.replace(tzinfo=zone)
    if isinstance(explicit, dt.date):
        return _end_of(explicit, zone)
    value = explicit or os.environ.get(AS_OF_ENV)
    if value:
        try:
            return _end_of(dt.date.fromisoformat(value.strip()), zone)
        except ValueError as exc:
            raise ValueError(f"as-of date {value!r} is not YYYY-MM-DD") from exc
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).astimezone(zone)
        except ValueError as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH {epoch!r} is not a number of seconds") from exc
    return dt.datetime.now(tz=zone)


def resolve_as_of(explicit: str | dt.date | None, zone: dt.tzinfo) -> dt.date:
    """The as-of day in the site's time zone (see `resolve_as_of_moment`)."""
    return resolve_as_of_moment(explicit, zone).astimezone(zone).date()


def _end_of(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, zone)


@functools.lru_cache(maxsize=8192)
def display_date(day: dt.date, locale: str) -> str:
    """'October 10, 2023' in English; the site's language elsewhere (cached: Babel is slow and every
    page's version list repeats the same few hundred dates)."""
    return format_date(day, format="long", locale=locale)


def real_time() -> dt.datetime:
    """The moment now, for what must carry when it really happens, not the site's day: a webhook's
    signature (receivers refuse old ones as replays) and a delivery record. Never shown on a page."""
    return dt.datetime.now(tz=dt.UTC)
