"""The steps of a redline's edit script: what the aligners produce and the writers read."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal

from .blocks import Item
from .sequences import WordOp

OpKind = Literal["eq", "del", "ins", "mod"]


@dataclass(eq=False)
class Op:
    """One step of the edit script; ``children`` or ``words`` detail a modified block."""

    kind: OpKind
    old: Item | None = None
    new: Item | None = None
    children: list[Op] = field(default_factory=list)
    words: list[WordOp] = field(default_factory=list)
    # Set when both leaves are unformatted text: ``words`` then holds (op, text) pairs.
    plain: list[tuple[str, str]] | None = None


@dataclass
class MoveHints:
    """Keys of leaves that could be moves: present in both versions but not aligned in place."""

    old_keys: frozenset[Hashable]
    new_keys: frozenset[Hashable]
