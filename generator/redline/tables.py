"""Pair the rows and columns of two versions of a table by what they are, never by position.

Columns are paired by their header text. Rows of a list of entities (a table with a name-like column:
Sub-processor, Vendor...) are paired with ``match_entities``, the matching that makes the entity
changes (same name, or same website after a rename), so the table's redline and the list of who
changed never disagree. Rows of any other table are paired by content: the same row, the same first
cell, then the most similar row. Pairs that cross (reordered rows) are left unpaired, so a reordered
row shows as removed at its old place and added at its new one. No Ops here: align.py builds them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..entities import NAME_HEADERS, Entity
from ..entity_changes import match_entities
from .blocks import Branch, Item, Leaf
from .sequences import diff_sequences

ROW_SIMILARITY = 0.4
Column = tuple[int | None, int | None]
_LINK = re.compile(r"<a\s[^>]*?href=\"(?P<href>[^\"]*)\"[^>]*>(?P<text>.*?)</a>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_FROM = re.compile(r"\s*\(from \d{4}-\d{2}-\d{2}\)$")
# What a page says after an announced entry's name (announced.py): its start day and deadline, not its name.
_MARKED = re.compile(r"(?:<br\s*/?>\s*)?<span class=\"policy-entry-(?:announced|since)\"[^>]*>.*?</span>", re.DOTALL)


@dataclass
class TableShape:
    """How the columns of two versions of a table correspond, and which column names an entity."""

    columns: list[Column]
    old_names: int | None
    new_names: int | None

    @property
    def identity(self) -> bool:
        """Every column kept in its place."""
        return all(o == n for o, n in self.columns)

    @property
    def entities(self) -> bool:
        return self.old_names is not None and self.new_names is not None


def rows_of(branch: Branch) -> list[Branch]:
    """The rows of a table, in order, wherever they sit (thead, tbody, tfoot or the table itself)."""
    rows: list[Branch] = []
    for item in branch.items:
        if isinstance(item, Branch) and item.tag == "tr":
            rows.append(item)
        elif isinstance(item, Branch) and item.tag in ("thead", "tbody", "tfoot"):
            rows.extend(rows_of(item))
    return rows


def cell_text(item: Item) -> str:
    return " ".join(item.text.casefold().split())


def header_cells(table: Branch) -> list[str]:
    """The texts of the first row's cells (the header row of a Markdown table)."""
    rows = rows_of(table)
    return [cell_text(cell) for cell in rows[0].items] if rows else []


def shape_of(old: Branch, new: Branch) -> TableShape:
    """Pair the columns of two tables by header text; columns with new headers are added or removed."""
    old_head, new_head = header_cells(old), header_cells(new)
    columns: list[Column] = []
    i = j = 0
    pending_old: list[int] = []
    pending_new: list[int] = []

    def flush() -> None:
        # A renamed header (as many columns removed as added) keeps its column; otherwise add and remove.
        if len(pending_old) == len(pending_new):
            columns.extend(zip(pending_old, pending_new, strict=True))
        else:
            columns.extend((o, None) for o in pending_old)
            columns.extend((None, n) for n in pending_new)
        pending_old.clear()
        pending_new.clear()

    for op, count in diff_sequences(old_head, new_head, "No"):
        if op == "=":
            flush()
            columns.extend(zip(range(i, i + count), range(j, j + count), strict=True))
            i, j = i + count, j + count
        elif op == "-":
            pending_old.extend(range(i, i + count))
            i += count
        else:
            pending_new.extend(range(j, j + count))
            j += count
    flush()
    return TableShape(columns, name_column(old_head), name_column(new_head))


def name_column(header: list[str]) -> int | None:
    return next((index for index, text in enumerate(header) if text in NAME_HEADERS), None)


def cell_columns(shape: TableShape, old_row: Branch, new_row: Branch) -> list[Column]:
    """The cell pairs of two rows: the table's columns, then any cells beyond the header, by position."""
    old_count, new_count = len(old_row.items), len(new_row.items)
    pairs = [(o if o is not None and o < old_count else None, n if n is not None and n < new_count else None)
             for o, n in shape.columns]
    pairs = [pair for pair in pairs if pair != (None, None)]
    old_width = max((o for o, _ in shape.columns if o is not None), default=-1) + 1
    new_width = max((n for _, n in shape.columns if n is not None), default=-1) + 1
    extra_old, extra_new = list(range(old_width, old_count)), list(range(new_width, new_count))
    for index in range(max(len(extra_old), len(extra_new))):
        pairs.append((extra_old[index] if index < len(extra_old) else None,
                      extra_new[index] if index < len(extra_new) else None))
    return pairs


def row_entity(row: Branch, column: int) -> Entity | None:
    """The entity a row names: its name cell's link text and address, or its text (no start date)."""
    if column >= len(row.items):
        return None
    cell = row.items[column]
    raw = cell.raw if isinstance(cell, Leaf) else (cell.raw or "")
    marked = _MARKED.search(raw) is not None
    raw = _MARKED.sub("", raw)
    link = _LINK.search(raw)
    if link:
        name = " ".join(_TAG.sub("", link.group("text")).split())
        return Entity(name, (("website", link.group("href")),)) if name else None
    text = " ".join(html.unescape(_TAG.sub("", raw)).split()) if marked else cell.text
    name = _FROM.sub("", text)
    return Entity(name) if name else None


def pair_rows(old: Sequence[Branch], new: Sequence[Branch], shape: TableShape, head: bool) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same rows, in order in both versions."""
    entities = shape.entities and not head  # a header row names no entity
    return in_order(entity_pairs(old, new, shape) if entities else content_pairs(old, new, shape))


def entity_pairs(old: Sequence[Branch], new: Sequence[Branch], shape: TableShape) -> dict[int, int]:
    assert shape.old_names is not None and shape.new_names is not None
    old_found = [(i, row_entity(row, shape.old_names)) for i, row in enumerate(old)]
    new_found = [(i, row_entity(row, shape.new_names)) for i, row in enumerate(new)]
    old_rows = [(i, e) for i, e in old_found if e is not None]
    new_rows = [(i, e) for i, e in new_found if e is not None]
    matched = match_entities([e for _, e in old_rows], [e for _, e in new_rows])
    return {old_rows[o][0]: new_rows[n][0] for n, o in matched.items()}


def content_pairs(old: Sequence[Branch], new: Sequence[Branch], shape: TableShape) -> dict[int, int]:
    """The same row (equal content), then the same first shared cell, then the most similar row."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    by_key: dict[str, list[int]] = {}
    for index, row in enumerate(new):
        by_key.setdefault(row.key, []).append(index)
    for index, row in enumerate(old):
        candidates = by_key.get(row.key)
        if candidates:
            pairs[index] = candidates.pop(0)
            taken.add(pairs[index])
    first = next(((o, n) for o, n in shape.columns if o is not None and n is not None), None)
    if first is not None:
        old_firsts = first_cells(old, first[0], set(pairs))
        new_firsts = first_cells(new, first[1], taken)
        for text, index in old_firsts.items():
            if text in new_firsts:
                pairs[index] = new_firsts[text]
                taken.add(new_firsts[text])
    scored = sorted(((similarity_of(old[o], new[n]), o, n) for o in range(len(old)) if o not in pairs
                     for n in range(len(new)) if n not in taken), reverse=True)
    for score, o, n in scored:
        if score >= ROW_SIMILARITY and o not in pairs and n not in taken:
            pairs[o] = n
            taken.add(n)
    return pairs


def first_cells(rows: Sequence[Branch], column: int, skip: set[int]) -> dict[str, int]:
    """Texts of a column that name exactly one row (ambiguous or empty texts pair nothing)."""
    seen: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if index not in skip and column < len(row.items):
            text = cell_text(row.items[column])
            if text:
                seen.setdefault(text, []).append(index)
    return {text: indexes[0] for text, indexes in seen.items() if len(indexes) == 1}


def similarity_of(old: Branch, new: Branch) -> float:
    a, b = old.word_set, new.word_set
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def in_order(pairs: dict[int, int]) -> list[tuple[int, int]]:
    """The largest set of pairs in the same order in both versions (a longest increasing subsequence)."""
    ordered = sorted(pairs.items())
    tails: list[int] = []  # tails[k]: index in ordered of the smallest end of a chain of length k + 1
    before: list[int] = []  # the previous pair in the chain ending at each pair
    for position, (_, new_index) in enumerate(ordered):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if ordered[tails[middle]][1] < new_index:
                low = middle + 1
            else:
                high = middle
        before.append(tails[low - 1] if low else -1)
        if low == len(tails):
            tails.append(position)
        else:
            tails[low] = position
    chain: list[tuple[int, int]] = []
    position = tails[-1] if tails else -1
    while position >= 0:
        chain.append(ordered[position])
        position = before[position]
    return chain[::-1]
