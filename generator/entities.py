"""Lists of entities (sub-processors): one entry per company, and what changed between two lists.

An entity is identified by its name, or, when its name changed, by its website: a company that
renames itself keeps its address, so the change reads "changed: name", not a removal and an addition.
Order never matters: a reordered list is the same list. No I/O here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

# The fields in the order a reader (and the table) wants them; a Markdown list may add its own.
FIELDS = ("name", "purpose", "locations", "data_categories", "transfer_mechanism", "website", "group",
          "effective")
LABELS = {"name": "Sub-processor", "purpose": "Purpose", "locations": "Location", "data_categories": "Data categories",
          "transfer_mechanism": "Transfer mechanism", "website": "Website", "group": "Group",
          "effective": "Effective"}
_TITLE = re.compile(r"\bsub-?processors?\b", re.I)

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Entity:
    """One entry of a list: its fields as text (lists joined with '; '), in a fixed order."""

    name: str
    fields: tuple[tuple[str, str], ...] = ()  # (field, value) pairs other than the name

    def get(self, key: str) -> str | None:
        return dict(self.fields).get(key)

    @property
    def effective(self) -> dt.date | None:
        value = self.get("effective")
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            return None

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, **dict(self.fields)}


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


def make_entity(values: dict[str, object]) -> Entity:
    """An entity from a mapping of field -> text or list of texts; empty fields are left out."""
    name = _clean(values.get("name"))
    known = [k for k in FIELDS if k != "name"]
    extra = sorted(k for k in values if k not in FIELDS)
    fields = []
    for key in known + extra:
        value = _clean(values.get(key))
        if value:
            fields.append((key, value))
    return Entity(name=name, fields=tuple(fields))


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_clean(v) for v in value if _clean(v))
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def is_entity_list(title: str, kind: object) -> bool:
    """A policy whose front matter says `kind: subprocessors`, or whose title says sub-processors."""
    return kind == "subprocessors" or bool(_TITLE.search(title or ""))


# -- comparing ---------------------------------------------------------------------------------------
def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", name.casefold()).strip()


def _site(entity: Entity) -> str | None:
    website = entity.get("website")
    if not website:
        return None
    host = urlsplit(website if "//" in website else f"//{website}").netloc.casefold()
    return host.removeprefix("www.") or None


def diff_entities(old: tuple[Entity, ...], new: tuple[Entity, ...]) -> tuple[EntityChange, ...]:
    """Added, removed and changed entities between two lists (new-list order, then removals)."""
    before = {_key(e.name): e for e in old}
    matched: dict[str, Entity] = {}  # new entity's key -> its old self
    unmatched_new = []
    for entity in new:
        previous = before.get(_key(entity.name))
        if previous is not None and _key(entity.name) not in matched:
            matched[_key(entity.name)] = previous
        else:
            unmatched_new.append(entity)
    taken = {_key(e.name) for e in matched.values()}
    by_site = {_site(e): e for e in old if _key(e.name) not in taken and _site(e)}
    renamed: dict[str, Entity] = {}
    for entity in unmatched_new:
        previous = by_site.pop(_site(entity), None) if _site(entity) else None
        if previous is not None:
            renamed[_key(entity.name)] = previous
            taken.add(_key(previous.name))
    changes: list[EntityChange] = []
    for entity in new:
        key = _key(entity.name)
        previous = matched.get(key) or renamed.get(key)
        if previous is None:
            changes.append(EntityChange("added", entity.name, entity=entity))
            continue
        fields = _changed_fields(previous, entity)
        if fields:
            old_name = previous.name if "name" in fields else None
            changes.append(EntityChange("changed", entity.name, fields, entity, old_name))
    for entity in old:
        if _key(entity.name) not in taken:
            changes.append(EntityChange("removed", entity.name, entity=entity))
    return tuple(changes)


def _changed_fields(old: Entity, new: Entity) -> tuple[str, ...]:
    names = ("name",) if old.name != new.name else ()
    a, b = dict(old.fields), dict(new.fields)
    keys = [k for k in FIELDS if k != "name"] + sorted((set(a) | set(b)) - set(FIELDS))
    return names + tuple(k for k in keys if a.get(k) != b.get(k))


def describe_changes(changes: tuple[EntityChange, ...]) -> str:
    """One plain sentence per kind: "Added: X, for Y, in Z. Removed: W. Changed: V (purpose)." """
    added = [_describe_added(c.entity or Entity(c.name)) for c in changes if c.change == "added"]
    removed = [c.name for c in changes if c.change == "removed"]
    changed = [_describe_changed(c) for c in changes if c.change == "changed"]
    parts = [_sentence(label, items) for label, items in (("Added", added), ("Removed", removed),
                                                          ("Changed", changed)) if items]
    return " ".join(parts)


def change_items(changes: tuple[EntityChange, ...]) -> list[dict[str, str]]:
    """One item per changed entity, for a page or feed: {"change", "label", "name", "text"}."""
    items = []
    for change in changes:
        if change.change == "added":
            text = _describe_added(change.entity or Entity(change.name))
        elif change.change == "removed":
            text = change.name
        else:
            text = _describe_changed(change)
        items.append({"change": change.change, "label": change.change.capitalize(), "name": change.name,
                      "text": text})
    return items


def _sentence(label: str, items: list[str]) -> str:
    text = f"{label}: " + "; ".join(items)
    return text if text.endswith(".") else text + "."


def _describe_added(entity: Entity) -> str:
    text = entity.name
    if entity.get("purpose"):
        text += f", for {_lower_first(entity.get('purpose') or '')}"
    if entity.get("locations"):
        text += f", in {entity.get('locations')}"
    if entity.effective:
        text += f", from {entity.effective.isoformat()}"
    return text


def _describe_changed(change: EntityChange) -> str:
    fields = [LABELS.get(f, f.replace("_", " ")).lower() for f in change.fields]
    if change.old_name:
        return f"{change.old_name} is now {change.name}" + (
            f" ({', '.join(f for f in fields if f != 'sub-processor')})" if len(fields) > 1 else "")
    return f"{change.name} ({', '.join(fields)})"


def _lower_first(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text[:2].isalpha() and not text[:2].isupper() else text


def objection_deadline(effective: dt.date) -> dt.date:
    """Customers may object until the day before a new entity starts processing."""
    return effective - dt.timedelta(days=1)


# -- lists written in Markdown -----------------------------------------------------------------------
NAME_HEADERS = {"name", "sub-processor", "subprocessor", "sub processor", "vendor", "entity", "company",
                "sub-processors", "subprocessors", "provider", "service provider"}
_HEADER_FIELDS = {
    "purpose": "purpose", "service": "purpose", "services": "purpose", "function": "purpose",
    "description": "purpose", "processing activity": "purpose", "nature of processing": "purpose",
    "location": "locations", "locations": "locations", "country": "locations", "region": "locations",
    "location of processing": "locations", "data location": "locations", "processing location": "locations",
    "transfer mechanism": "transfer_mechanism", "safeguards": "transfer_mechanism", "transfer": "transfer_mechanism",
    "data categories": "data_categories", "personal data": "data_categories", "categories of data": "data_categories",
    "website": "website", "url": "website", "effective": "effective",
}
_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_BOLD = re.compile(r"^(\*\*|__)(?P<text>.+?)\1")
_BULLET = re.compile(r"^(?P<indent>[ ]{0,1})[-*+][ \t]+(?P<item>\S.*)$")
_HEADING = re.compile(r"^[ ]{0,3}(?P<level>#{1,6})[ \t]+(?P<text>.+?)[ \t#]*$")
_SPLIT = re.compile(r"\s+[-\u2013\u2014:]\s+|:\s+")
_ROW = re.compile(r"^\s*\|?(.*?)\|?\s*$")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")


def entities_from_markdown(body: str) -> tuple[Entity, ...]:
    """The entities of a list written in Markdown: the rows of tables with a name-like column, and
    bullet items that start with a name (a link, bold text, or text before a dash or colon), each with
    the heading or lead-in sentence it is listed under as its group."""
    entities: list[Entity] = []
    lines = body.splitlines()
    group: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = _HEADING.match(line)
        if heading:
            # The title (a level-1 heading) is the list's, not a group of it.
            group = _plain(heading.group("text")) if len(heading.group("level")) > 1 else None
            index += 1
            continue
        if index + 1 < len(lines) and "|" in line and _DELIMITER.match(lines[index + 1]):
            rows, index = _table(lines, index)
            entities += [make_entity({**row, "group": row.get("group") or group}) for row in rows]
            continue
        bullet = _BULLET.match(line)
        if bullet:
            values = _bullet(bullet.group("item"))
            if values:
                entities.append(make_entity({**values, "group": group}))
        elif line.strip().endswith(":") and not line.startswith((" ", "\t")):
            group = _plain(line.strip().rstrip(":"))  # a lead-in sentence: "Located in the EU:"
        index += 1
    return tuple(e for e in entities if e.name)


def _cells(line: str) -> list[str]:
    inner = _ROW.match(line).group(1)  # type: ignore[union-attr]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _table(lines: list[str], start: int) -> tuple[list[dict[str, object]], int]:
    headers = [_plain(c).casefold() for c in _cells(lines[start])]
    index = start + 2
    body = []
    while index < len(lines) and "|" in lines[index] and lines[index].strip():
        body.append(_cells(lines[index]))
        index += 1
    name_column = next((i for i, h in enumerate(headers) if h in NAME_HEADERS), None)
    if name_column is None:
        return [], index
    rows = []
    for cells in body:
        values: dict[str, object] = {}
        for i, header in enumerate(headers):
            cell = cells[i] if i < len(cells) else ""
            if i == name_column:
                values.update(_name_cell(cell))
            elif header:
                key = _HEADER_FIELDS.get(header, header.replace(" ", "_"))
                values[key] = _plain(cell)
        rows.append(values)
    return rows, index


def _name_cell(cell: str) -> dict[str, object]:
    link = _LINK.match(cell.strip())
    if link:
        return {"name": _plain(link.group("text")), "website": link.group("url")}
    return {"name": _plain(cell)}


def _bullet(item: str) -> dict[str, object] | None:
    item = item.strip()
    link = _LINK.match(item)
    bold = _BOLD.match(item)
    if link:
        values: dict[str, object] = {"name": _plain(link.group("text")), "website": link.group("url")}
        rest = item[link.end():]
    elif bold:
        values, rest = {"name": _plain(bold.group("text"))}, item[bold.end():]
    else:
        split = _SPLIT.search(item)
        if not split:
            return None
        values, rest = {"name": _plain(item[: split.start()])}, item[split.start():]
    purpose = _plain(rest).lstrip(".:,;-\u2013\u2014 ").strip()
    if purpose:
        values["purpose"] = purpose
    return values


_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]+|<[^>]+>|\\(?=[|*_\[\]])")


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())


def announced_day(entities: tuple[Entity, ...] | None, published_day: dt.date) -> dt.date | None:
    """A list that announces entities starting later takes effect when the last of them starts."""
    later = [e.effective for e in entities or () if e.effective and e.effective > published_day]
    return max(later, default=None)
