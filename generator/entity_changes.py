"""What changed between two lists of entities (sub-processors), and how to say it in plain words.

An entity is identified by its name, or, when its name changed, by its website: a company that
renames itself keeps its address, so the change reads "changed: name", not a removal and an addition.
Order never matters: a reordered list is the same list. No I/O here."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from .dates import display_date
from .entities import FIELDS, Entity

ChangeKind = Literal["added", "removed", "changed"]
ENGLISH = gettext.NullTranslations()  # the language the sentences are written in


@dataclass(frozen=True)
class EntityChange:
    change: ChangeKind
    name: str
    fields: tuple[str, ...] = ()  # the fields that changed ("changed" only)
    entity: Entity | None = None  # the entry as it is now (as it was, for "removed")
    old_name: str | None = None  # a renamed entity's previous name

    def as_dict(self) -> dict:
        data: dict = {"change": self.change, "name": self.name, "fields": list(self.fields)}
        if self.old_name:
            data["old_name"] = self.old_name
        return data


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", name.casefold()).strip()


def _site(entity: Entity) -> str | None:
    website = entity.get("website")
    if not website:
        return None
    host = urlsplit(website if "//" in website else f"//{website}").netloc.casefold()
    return host.removeprefix("www.") or None


def match_entities(old: Sequence[Entity], new: Sequence[Entity]) -> dict[int, int]:
    """Pair the entries of two lists that are the same entity: {new index: old index}.

    By name first, then, for the entries left, by website (a renamed company keeps its address).
    The redline pairs the rows of a sub-processor table with this too, so the table and the list of
    entity changes never disagree."""
    by_name: dict[str, list[int]] = {}
    for index, entity in enumerate(old):
        by_name.setdefault(_key(entity.name), []).append(index)
    pairs: dict[int, int] = {}
    for index, entity in enumerate(new):
        candidates = by_name.get(_key(entity.name))
        if candidates:
            pairs[index] = candidates.pop(0)
    taken = set(pairs.values())
    by_site: dict[str, int] = {}
    for index, entity in enumerate(old):
        site = _site(entity)
        if index not in taken and site and site not in by_site:
            by_site[site] = index
    for index, entity in enumerate(new):
        site = _site(entity)
        if index not in pairs and site and site in by_site:
            pairs[index] = by_site.pop(site)
    return pairs


def diff_entities(old: tuple[Entity, ...], new: tuple[Entity, ...]) -> tuple[EntityChange, ...]:
    """Added, removed and changed entities between two lists (new-list order, then removals)."""
    pairs = match_entities(old, new)
    changes: list[EntityChange] = []
    for index, entity in enumerate(new):
        if index not in pairs:
            changes.append(EntityChange("added", entity.name, entity=entity))
            continue
        previous = old[pairs[index]]
        fields = _changed_fields(previous, entity)
        if fields:
            old_name = previous.name if "name" in fields else None
            changes.append(EntityChange("changed", entity.name, fields, entity, old_name))
    taken = set(pairs.values())
    changes += [EntityChange("removed", e.name, entity=e) for i, e in enumerate(old) if i not in taken]
    return tuple(changes)


def _changed_fields(old: Entity, new: Entity) -> tuple[str, ...]:
    names = ("name",) if old.name != new.name else ()
    a, b = dict(old.fields), dict(new.fields)
    keys = [k for k in FIELDS if k != "name"] + sorted((set(a) | set(b)) - set(FIELDS))
    return names + tuple(k for k in keys if a.get(k) != b.get(k))


def describe_changes(changes: tuple[EntityChange, ...], tr: gettext.NullTranslations = ENGLISH,
                     locale: str = "en") -> str:
    """One plain sentence per kind: "Added: X, for Y, in Z. Removed: W. Changed: V (purpose)."

    In English unless given a page's words (`tr`) and the locale of its dates."""
    _ = tr.gettext
    added = [_describe_added(c.entity or Entity(c.name), tr, locale) for c in changes if c.change == "added"]
    removed = [c.name for c in changes if c.change == "removed"]
    changed = [_describe_changed(c, tr) for c in changes if c.change == "changed"]
    parts = [_sentence(label, items, tr) for label, items in ((_("Added"), added), (_("Removed"), removed),
                                                              (_("Changed"), changed)) if items]
    return " ".join(parts)


def change_items(changes: tuple[EntityChange, ...], tr: gettext.NullTranslations = ENGLISH,
                 locale: str = "en") -> list[dict[str, str]]:
    """One item per changed entity, for a page or feed: {"change", "label", "name", "text"}."""
    _ = tr.gettext
    labels = {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}
    items = []
    for change in changes:
        if change.change == "added":
            text = _describe_added(change.entity or Entity(change.name), tr, locale)
        elif change.change == "removed":
            text = change.name
        else:
            text = _describe_changed(change, tr)
        items.append({"change": change.change, "label": labels[change.change], "name": change.name, "text": text})
    return items


def field_words(tr: gettext.NullTranslations = ENGLISH) -> dict[str, str]:
    """Each known field of an entry as a sentence names it (lower case), in the words' language."""
    _ = tr.gettext
    return {"name": _("sub-processor"), "purpose": _("purpose"), "locations": _("location"),
            "data_categories": _("data categories"), "transfer_mechanism": _("transfer mechanism"),
            "website": _("website"), "group": _("group"), "effective": _("effective")}


def _sentence(label: str, items: list[str], tr: gettext.NullTranslations) -> str:
    joined = "; ".join(items)
    # A name ending in a full stop ("Inc.") ends the sentence too.
    template = tr.gettext("%(label)s: %(items)s") if joined.endswith(".") else tr.gettext("%(label)s: %(items)s.")
    return template % {"label": label, "items": joined}


def _describe_added(entity: Entity, tr: gettext.NullTranslations, locale: str) -> str:
    _ = tr.gettext
    text = entity.name
    purpose = entity.get("purpose")
    if purpose:
        # "for product analytics" inside an English sentence; other languages keep the list's own words.
        purpose = _lower_first(purpose) if locale.startswith("en") else purpose.rstrip(".")
        text = _("%(text)s, for %(purpose)s") % {"text": text, "purpose": purpose}
    if entity.get("locations"):
        text = _("%(text)s, in %(locations)s") % {"text": text, "locations": entity.get("locations")}
    if entity.effective:
        # Written for readers, in the one date format of the words around it.
        text = _("%(text)s, from %(date)s") % {"text": text, "date": display_date(entity.effective, locale)}
    return text


def _describe_changed(change: EntityChange, tr: gettext.NullTranslations) -> str:
    _ = tr.gettext
    words = field_words(tr)
    fields = [words.get(f) or f.replace("_", " ").lower() for f in change.fields]
    if change.old_name:
        text = _("%(old)s is now %(new)s") % {"old": change.old_name, "new": change.name}
        others = [word for field, word in zip(change.fields, fields, strict=True) if field != "name"]
        return _("%(text)s (%(fields)s)") % {"text": text, "fields": ", ".join(others)} if others else text
    return _("%(text)s (%(fields)s)") % {"text": change.name, "fields": ", ".join(fields)}


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text[:2].isalpha() and not text[:2].isupper() else text


def objection_deadline(effective: dt.date) -> dt.date:
    """Customers may object until the day before a new entity starts processing."""
    return effective - dt.timedelta(days=1)
