"""Tables in a redline: parts aligned by tag, rows paired by what they are (tables.py), cells by
column; a row that matches no other is removed or added."""

from __future__ import annotations

from collections.abc import Sequence

from .blocks import Branch, Item
from .ops import MoveHints, Op
from .sequences import diff_sequences
from .tables import TableShape, cell_columns, pair_rows, shape_of


def align_table(old: Branch, new: Branch, hints: MoveHints) -> list[Op]:
    """Align a table's parts (head, body...) by tag, and their rows by what they are."""
    shape = shape_of(old, new)
    if is_row_group(old) and is_row_group(new):
        return align_rows(old.items, new.items, shape, hints, head=False)
    ops: list[Op] = []
    i = j = 0
    for op, count in diff_sequences([x.tag for x in old.items], [x.tag for x in new.items], "No"):
        if op == "-":
            ops.extend(Op("del", o) for o in old.items[i : i + count])
            i += count
        elif op == "+":
            ops.extend(Op("ins", new=n) for n in new.items[j : j + count])
            j += count
        else:
            for o, n in zip(old.items[i : i + count], new.items[j : j + count], strict=True):
                ops.append(align_part(o, n, shape, hints))
            i, j = i + count, j + count
    return ops


def align_part(old: Item, new: Item, shape: TableShape, hints: MoveHints) -> Op:
    """Align one part of a table (thead, tbody, a caption) with the same part of the other version."""
    if old.key == new.key and shape.identity:
        return Op("eq", old, new)
    if isinstance(old, Branch) and isinstance(new, Branch) and is_row_group(old) and is_row_group(new):
        children = align_rows(old.items, new.items, shape, hints, head=new.tag == "thead")
        return Op("mod", old, new, children=children)
    return Op("eq", old, new) if old.key == new.key else _modify(old, new, hints)


def is_row_group(branch: Branch) -> bool:
    return bool(branch.items) and all(isinstance(x, Branch) and x.tag == "tr" for x in branch.items)


def align_rows(old: Sequence[Item], new: Sequence[Item], shape: TableShape, hints: MoveHints, head: bool) -> list[Op]:
    """Rows paired by what they are; unpaired rows are removed or added, in both versions' order."""
    old_rows = [x for x in old if isinstance(x, Branch)]
    new_rows = [x for x in new if isinstance(x, Branch)]
    ops: list[Op] = []
    old_start = new_start = 0
    for old_index, new_index in pair_rows(old_rows, new_rows, shape, head):
        ops.extend(Op("del", o) for o in old_rows[old_start:old_index])
        ops.extend(Op("ins", new=n) for n in new_rows[new_start:new_index])
        ops.append(modify_row(old_rows[old_index], new_rows[new_index], shape, hints))
        old_start, new_start = old_index + 1, new_index + 1
    ops.extend(Op("del", o) for o in old_rows[old_start:])
    ops.extend(Op("ins", new=n) for n in new_rows[new_start:])
    return ops


def modify_row(old: Branch, new: Branch, shape: TableShape, hints: MoveHints) -> Op:
    """Compare two rows cell by cell, column by column; a cell of an added column is inserted."""
    if old.key == new.key:
        return Op("eq", old, new)
    children: list[Op] = []
    for o, n in cell_columns(shape, old, new):
        if o is None:
            children.append(Op("ins", new=new.items[n]))  # type: ignore[index]
        elif n is None:
            children.append(Op("del", old.items[o]))
        else:
            children.append(pair_cells(old.items[o], new.items[n], hints))
    return Op("mod", old, new, children=children)


def pair_cells(old: Item, new: Item, hints: MoveHints) -> Op:
    """Compare two cells in the same column."""
    return Op("eq", old, new) if old.key == new.key else _modify(old, new, hints)


def _modify(old: Item, new: Item, hints: MoveHints) -> Op:
    # align.py's modify aligns any two blocks and calls back here for tables: imported when called.
    from .align import modify

    return modify(old, new, hints)
