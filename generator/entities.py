"""Lists of entities (sub-processors): one entry per company, read from a mapping of fields (a data
file's row) or from a list written in Markdown (tables and bullets). What changed between two lists is
entity_changes.py's job. No I/O here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# The fields in the order a reader (and the table) wants them; a Markdown list may add its own.
FIELDS = ("name", "purpose", "locations", "data_categories", "transfer_mechanism", "website", "group",
          "effective")
LABELS = {"name": "Sub-processor", "purpose": "Purpose", "locations": "Location", "data_categories": "Data categories",
          "transfer_mechanism": "Transfer mechanism", "website": "Website", "group": "Group",
          "effective": "Effective"}
_TITLE = re.compile(r"\bsub-?processors?\b", re.I)


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
