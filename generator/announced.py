"""A list's announced entries, marked in its own tables: on a version's page the entries it announces
(they start after the day it was published), on the list's page also those every upcoming version adds,
each with its start day and the last day to object, in the page's words and date format.

An entry that has started says so in words too ("from January 5, 2027"), never the ISO day of the
data file. A list whose entries have no day of their own keeps its Markdown as it is, byte for byte.
Only lists kept as data are marked: the table of a list written in Markdown is its editors' own text."""

from __future__ import annotations

import datetime as dt
import gettext
from html import escape

from .datafile import render_tables
from .dates import display_date
from .entities import Entity
from .entity_changes import match_entities, objection_deadline
from .i18n import words_in
from .model import Policy, Version
from .pages import Site

CLASS = "policy-entry-announced"  # the redline leaves it out of a row's name (redline/tables.py)
Row = tuple[Entity, dt.date | None]  # an entry, and the day it starts when that is still ahead


def marked_markdown(site: Site, policy: Policy, version: Version, kind: str) -> str:
    """The Markdown of a list's current page (`kind` "current") or of a version's page."""
    if version.entities is None:
        return version.markdown
    plain = render_tables([e.as_dict() for e in version.entities])
    if plain not in version.markdown:  # a list written in Markdown
        return version.markdown
    current = kind == "current"
    rows = current_rows(policy, version, site.history.as_of) if current else announced_rows(version)
    # An entry with a day of its own says it in the page's words and date format: announced (with the
    # last day to object) while that day is ahead, "from <day>" once it has come.
    if not any(start or entity.effective for entity, start in rows):
        return version.markdown
    tr, lang = words_in(site.language_of(policy))
    locale = site.locale_of(policy.id)
    entries = [(entity.as_dict(), start) for entity, start in rows]
    marks = {id(entry): announced_mark(start, tr, locale, lang) if start else started_mark(entry, tr, locale, lang)
             for entry, start in entries}
    return version.markdown.replace(plain, render_tables([e for e, _ in entries], lambda e: marks[id(e)]), 1)


def announced_rows(version: Version) -> list[Row]:
    """A version's entries; those that start after it was published are announced by it."""
    return [(e, e.effective if e.effective and e.effective > version.published_day else None)
            for e in version.entities or ()]


def current_rows(policy: Policy, shown: Version, today: dt.date) -> list[Row]:
    """The entries in force, and, each where the latest upcoming version lists it, every entry an
    upcoming version adds; withdrawn before it starts, an entry is not shown."""
    rows: list[Row] = [(e, e.effective if e.effective and e.effective > today else None)
                       for e in shown.entities or ()]
    later = [v for v in policy.upcoming if v.number > shown.number]
    if not later or policy.retirement is not None:
        return rows
    latest = later[-1].entities or ()
    pairs = match_entities(shown.entities or (), latest)
    cursor = 0  # where the next added entry goes: after the entry it follows in the upcoming list
    for index, entity in enumerate(latest):
        if index in pairs:
            cursor = next(i for i, (e, _) in enumerate(rows) if e is shown.entities[pairs[index]]) + 1
            continue
        rows.insert(cursor, (entity, start_of(entity, later)))
        cursor += 1
    return rows


def start_of(entity: Entity, later: list[Version]) -> dt.date:
    """The day an added entry starts: its own day, not before the version that adds it takes effect."""
    adding = next((v for v in later if any(c.change == "added" and c.name == entity.name
                                           for c in v.entity_changes)), later[0])
    return max(entity.effective or adding.effective, adding.effective)


def announced_mark(start: dt.date, tr: gettext.NullTranslations, locale: str, lang: str | None) -> str:
    """After the name: a badge, the start day and the last day to object, on a line of their own."""
    _ = tr.gettext
    words = _md(_("from %(start)s; objections until %(deadline)s")) % {
        "start": _time(start, locale), "deadline": _time(objection_deadline(start), locale)}
    attribute = f' lang="{lang}"' if lang else ""
    return (f' <br><span class="{CLASS}"{attribute}><strong class="{CLASS}__badge">{_md(_("announced"))}</strong> '
            f"{words}</span>")


def started_mark(entry: dict, tr: gettext.NullTranslations, locale: str, lang: str | None) -> str | None:
    """An entry that started on a day of its own: "(from January 5, 2027)"."""
    if not entry.get("effective"):
        return None
    day = dt.date.fromisoformat(entry["effective"])
    attribute = f' lang="{lang}"' if lang else ""
    words = _md(tr.gettext("from %(date)s")) % {"date": _time(day, locale)}
    return f' <span class="policy-entry-since"{attribute}>({words})</span>'


def _time(day: dt.date, locale: str) -> str:
    return f'<time datetime="{day.isoformat()}">{_md(display_date(day, locale))}</time>'


def _md(text: str) -> str:
    """Words inside a Markdown table cell: HTML-escaped, and nothing Markdown would read as syntax."""
    text = escape(text, quote=False)
    for char in "\\|*_[]`":
        text = text.replace(char, "\\" + char)
    return text
