"""Find blocks that moved: a deleted leaf and an inserted leaf with (nearly) the same words.

Exact matches pair first; then a leaf with at least ``NEAR_MIN_WORDS`` words may pair with one that
shares ``NEAR_RATIO`` of its words in order (the words changed inside it are still marked). Moves are
numbered in the order their first mark appears in the output.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .align import may_move
from .blocks import Item, Leaf
from .ops import Op
from .sequences import WordOp, diff_words

NEAR_MIN_WORDS = 8
NEAR_RATIO = 0.9


@dataclass(frozen=True)
class Move:
    """One moved block: its number and, when nearly unchanged, the word diff at the new place."""

    number: int
    old: Leaf
    new: Leaf
    words: tuple[WordOp, ...] | None


def find_moves(ops: list[Op]) -> dict[int, Move]:
    """Map ``id()`` of each moved leaf (old and new side) to its Move."""
    deleted: list[tuple[int, Leaf]] = []
    inserted: list[tuple[int, Leaf]] = []
    for order, (side, leaf) in enumerate(walk_changed_leaves(ops)):
        if may_move(leaf):
            (deleted if side == "del" else inserted).append((order, leaf))
    pairs = match_exact(deleted, inserted) + match_near(deleted, inserted)
    pairs.sort(key=lambda pair: min(pair[0][0], pair[1][0]))
    moves: dict[int, Move] = {}
    for number, ((_, old), (_, new), words) in enumerate(pairs, start=1):
        move = Move(number, old, new, words)
        moves[id(old)] = moves[id(new)] = move
    return moves


def walk_changed_leaves(ops: list[Op]) -> Iterator[tuple[str, Leaf]]:
    """Yield ("del"|"ins", leaf) for every wholly deleted or inserted leaf, in output order."""
    for op in ops:
        if op.kind == "del" and op.old is not None:
            yield from (("del", leaf) for leaf in leaves_of(op.old))
        elif op.kind == "ins" and op.new is not None:
            yield from (("ins", leaf) for leaf in leaves_of(op.new))
        elif op.kind == "mod":
            yield from walk_changed_leaves(op.children)


def leaves_of(item: Item) -> Iterator[Leaf]:
    """Yield the leaves of a block in document order."""
    if isinstance(item, Leaf):
        yield item
    else:
        for child in item.items:
            yield from leaves_of(child)


Candidate = tuple[int, Leaf]
Pair = tuple[Candidate, Candidate, "tuple[WordOp, ...] | None"]


def match_exact(deleted: list[Candidate], inserted: list[Candidate]) -> list[Pair]:
    """Pair leaves with equal keys, first come first served; matched entries are removed."""
    by_key: dict[object, list[Candidate]] = {}
    for candidate in deleted:
        by_key.setdefault(candidate[1].key, []).append(candidate)
    pairs: list[Pair] = []
    for candidate in list(inserted):
        pool = by_key.get(candidate[1].key)
        if pool:
            old = pool.pop(0)
            deleted.remove(old)
            inserted.remove(candidate)
            pairs.append((old, candidate, None))
    return pairs


def match_near(deleted: list[Candidate], inserted: list[Candidate]) -> list[Pair]:
    """Pair nearly equal leaves of the same tag; cheap filters run before any word diff."""
    pairs: list[Pair] = []
    for candidate in list(inserted):
        new = candidate[1]
        if new.words < NEAR_MIN_WORDS:
            continue
        new_words = new.word_set
        for old_candidate in deleted:
            old = old_candidate[1]
            if old.tag != new.tag or min(old.words, new.words) < NEAR_RATIO * max(old.words, new.words):
                continue
            old_words = old.word_set
            if len(old_words & new_words) < NEAR_RATIO * max(len(old_words), len(new_words)) - 1:
                continue
            words = diff_words(old.tokens, new.tokens)
            same = sum(1 for op, (_, _, is_word) in words if op == "=" and is_word)
            if same >= NEAR_RATIO * max(old.words, new.words):
                deleted.remove(old_candidate)
                pairs.append((old_candidate, candidate, tuple(words)))
                break
    return pairs
