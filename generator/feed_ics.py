"""A channel -> an iCalendar file (icalendar): one all-day event per version on the day it takes effect.

Each event's UID is `<version id>@<host>` (e.g. `privacy@3@legal.example.com`)."""

from __future__ import annotations

import datetime as dt

import icalendar

from .dates import display_date
from .entity_changes import objection_deadline
from .feed_entries import Channel, Entry, entry_summary
from .model import Version

PRODID = "-//policy-history//policy change feeds//EN"


def render_ics(channel: Channel, host: str) -> bytes:
    """One all-day event per version on the day it takes effect, so announced changes show up ahead."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", channel.title)
    for entry in channel.entries:
        if entry.version is not None:
            calendar.add_component(version_event(entry, entry.version, host, channel))
    return calendar.to_ical()


def version_event(entry: Entry, version: Version, host: str, channel: Channel) -> icalendar.Event:
    locale, objections = channel.locale, channel.objections
    event = icalendar.Event()
    event.add("uid", f"{version.id}@{host}")
    event.add("dtstamp", version.published.astimezone(dt.UTC))
    event.add("dtstart", version.effective)
    event.add("dtend", version.effective + dt.timedelta(days=1))
    event.add("summary", f"{version.title}: version {version.number} takes effect")
    notices = "".join(f"\n{c.name} takes effect {display_date(c.entity.effective, locale)}; objections until "
                      f"{display_date(objection_deadline(c.entity.effective), locale)}."
                      for c in version.proposed if c.entity is not None and c.entity.effective is not None)
    if notices and objections:
        notices += f"\n{objections}"
    event.add("description", f"{entry_summary(version)}{notices}\n\n{entry.url}")
    event.add("url", entry.url)
    event.add("categories", [entry.policy_title])
    event.add("transp", "TRANSPARENT")
    return event
