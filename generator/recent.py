"""A list's recent and upcoming changes, for the top of its page: who was added, removed or changed, when
it was announced, when it takes effect, and until when customers may object to a newcomer."""

from __future__ import annotations

import gettext
from typing import Any

from .entity_changes import ENGLISH, EntityChange, field_words, objection_deadline
from .i18n import translations
from .model import Policy, Version
from .pages import Site

RECENT_VERSIONS = 3  # versions in force or past that are shown, besides every announced one
MOST_PAST_ROWS = 5  # a version that touched every entry would otherwise push the list itself far down


def recent_changes(site: Site, policy: Policy) -> list[dict[str, Any]]:
    """One row per changed entity: every announced version's (latest first), then a few of the latest others."""
    with_changes = [v for v in policy.versions if v.entity_changes]
    upcoming = [v for v in with_changes if v.status == "upcoming"]
    past = [v for v in with_changes if v.status != "upcoming"][-RECENT_VERSIONS:]
    tr = translations(site.language_of(policy))  # the page's words
    rows = [change_row(site, policy, v, c, tr) for v in reversed(upcoming) for c in v.entity_changes]
    earlier = [change_row(site, policy, v, c, tr) for v in reversed(past) for c in v.entity_changes]
    return rows + earlier[:MOST_PAST_ROWS]


def change_row(site: Site, policy: Policy, version: Version, change: EntityChange,
               tr: gettext.NullTranslations = ENGLISH) -> dict[str, Any]:
    start = change.entity.effective if change.entity is not None and change.change == "added" else None
    since = start or version.effective
    return {
        "name": change.name,
        "change": change.change,  # added, removed or changed
        "detail": detail(change, tr),
        "announced": site.date(version.published_day, policy.id),
        "since": site.date(since, policy.id),
        "upcoming": version.status == "upcoming" or (start is not None and start > version.published_day),
        "objections_until": site.date(objection_deadline(start), policy.id)
        if start is not None and start > version.published_day else None,
        # Still possible on the site's day: where to object is said under the table.
        "objections_open": start is not None and start > version.published_day
        and objection_deadline(start) >= site.history.as_of,
        "redline_url": site.redline_url(version),
        "number": version.number,
    }


def detail(change: EntityChange, tr: gettext.NullTranslations = ENGLISH) -> str:
    """What changed about a changed entity, in words: "renamed from X", "purpose, locations"."""
    if change.change != "changed":
        return ""
    _ = tr.gettext
    words = {**field_words(tr), "locations": _("locations")}
    fields = [words.get(f) or f.replace("_", " ") for f in change.fields if f != "name"]
    parts = [_("renamed from %(name)s") % {"name": change.old_name}] if change.old_name else []
    if fields:
        parts.append(", ".join(fields))
    return "; ".join(parts)
