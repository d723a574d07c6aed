"""Align two block trees into an edit script: equal, deleted, inserted and modified blocks.

Sibling blocks are aligned by key (see ``sequences``). Unmatched blocks
between two anchors are paired by word overlap when they are of a compatible kind; paired blocks are
aligned recursively, down to a word diff inside each changed leaf. Blocks that exist word for word
elsewhere in the other version are left unpaired so that the move pass can claim them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass

from .align_tables import align_table, modify_row
from .blocks import HEADING_TAGS, Branch, Item, Leaf
from .ops import MoveHints, Op
from .sequences import diff_plain, diff_sequences, diff_words
from .tables import TableShape

PAIR_SIMILARITY = 0.4
BRANCH_PAIR_SIMILARITY = 0.2
PAIR_WINDOW = 12
MIN_MOVE_WORDS = 4
# Releasing an exact anchor must pay off clearly: the blocks it crossed may be moves themselves.
RELEASE_FACTOR = 1.5


def align_documents(old: Branch, new: Branch) -> list[Op]:
    """Return the edit script turning the old root's items into the new root's items."""
    shared = shared_move_keys(old, new)
    return align_items(old.items, new.items, MoveHints(shared, shared))


def collect_movable_keys(root: Branch) -> set[str]:
    """Collect the keys of all movable leaves."""
    keys: set[str] = set()
    stack: list[Item] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, Branch):
            stack.extend(item.items)
        elif item.movable:
            keys.add(item.key)
    return keys


def shared_move_keys(old: Branch, new: Branch) -> frozenset[str]:
    """Keys of movable leaves present in both versions (their size is checked only when it matters)."""
    return frozenset(collect_movable_keys(old) & collect_movable_keys(new))


def may_move(leaf: Leaf) -> bool:
    """Tell whether a leaf is big enough to show as moved (any heading, other blocks of 4+ words)."""
    if not leaf.movable:
        return False
    return leaf.words >= (1 if leaf.tag in HEADING_TAGS else MIN_MOVE_WORDS)


@dataclass
class Segment:
    """A run of the sibling diff: equal blocks (an anchor) or a gap of deleted and inserted blocks."""

    equal: bool
    old: list[Item]
    new: list[Item]
    plan: list[tuple[int, int, float]] | None = None  # the gap's pairing, once computed


def align_items(old: Sequence[Item], new: Sequence[Item], hints: MoveHints) -> list[Op]:
    """Align two sibling lists."""
    ops: list[Op] = []
    for segment in release_crossed_anchors(split_segments(old, new), hints):
        if segment.equal:
            ops.extend(Op("eq", o, n) for o, n in zip(segment.old, segment.new, strict=True))
        else:
            ops.extend(pair_gap(segment, hints))
    return ops


def split_segments(old: Sequence[Item], new: Sequence[Item]) -> list[Segment]:
    """Diff sibling keys into alternating anchors and gaps."""
    segments: list[Segment] = []
    i = j = 0
    for op, count in diff_sequences([x.key for x in old], [x.key for x in new], "No"):
        if op == "=":
            segments.append(Segment(True, list(old[i : i + count]), list(new[j : j + count])))
            i, j = i + count, j + count
            continue
        if not segments or segments[-1].equal:
            segments.append(Segment(False, [], []))
        if op == "-":
            segments[-1].old.extend(old[i : i + count])
            i += count
        else:
            segments[-1].new.extend(new[j : j + count])
            j += count
    return segments


def release_crossed_anchors(segments: list[Segment], hints: MoveHints) -> list[Segment]:
    """Turn an anchor back into a gap when it crossed a larger body of similar blocks.

    A moved paragraph can be the only exact match between two regions whose blocks were all edited;
    the diff then anchors on it and leaves every edited block unpaired. Releasing it lets the gap
    pairing line the edited blocks up, and the move pass shows the paragraph as moved.
    """
    result = list(segments)
    index = 1
    while index < len(result) - 1:
        before, anchor, after = result[index - 1], result[index], result[index + 1]
        crossed = (before.old and after.new) or (before.new and after.old)
        if anchor.equal and not before.equal and not after.equal and crossed and may_pay_off(before, anchor, after):
            merged = Segment(False, before.old + anchor.old + after.old, before.new + anchor.new + after.new)
            kept_score = plan_score(before, hints) + plan_score(after, hints) + words_of(anchor.old)
            if plan_score(merged, hints) > RELEASE_FACTOR * kept_score:
                result[index - 1 : index + 2] = [merged]
                continue
        index += 1
    return result


def may_pay_off(before: Segment, anchor: Segment, after: Segment) -> bool:
    """A cheap filter before scoring a release: could the crossed blocks outweigh the anchor?

    Source sizes stand in for word counts, and the anchor is measured only up to the bound, since
    anchors can be most of a page.
    """
    old_size = size_of(before.old) + size_of(after.old)
    new_size = size_of(before.new) + size_of(after.new)
    limit = min(old_size, new_size) / RELEASE_FACTOR
    total = 0
    for item in anchor.old:
        total += item.size
        if total >= limit:
            return False
    return True


def size_of(items: Sequence[Item]) -> int:
    """The source size of some blocks."""
    return sum(item.size for item in items)


def words_of(items: Sequence[Item]) -> int:
    """Count the words of some blocks."""
    return sum(item.words for item in items)


def plan_score(segment: Segment, hints: MoveHints) -> float:
    """Score how well a gap's blocks pair up: similarity weighted by size."""
    score = 0.0
    for old_index, new_index, similarity_ in segment_plan(segment, hints):
        score += similarity_ * (segment.old[old_index].words + segment.new[new_index].words) / 2
    return score


def segment_plan(segment: Segment, hints: MoveHints) -> list[tuple[int, int, float]]:
    """The pairing of a gap, computed once."""
    if segment.plan is None:
        segment.plan = plan_pairs(segment.old, segment.new, hints)
    return segment.plan


def plan_pairs(dels: list[Item], inss: list[Item], hints: MoveHints) -> list[tuple[int, int, float]]:
    """Pair deleted and inserted siblings in order: (old index, new index, similarity)."""
    if len(dels) == len(inss) == 1:
        # One block replaced by one block of the same kind: show it in place, however different.
        old, new = dels[0], inss[0]
        candidates = not is_move_candidate(old, hints.new_keys) and not is_move_candidate(new, hints.old_keys)
        if candidates and compatible(old, new):
            return [(0, 0, similarity(old.word_set, new.word_set))]
    pairs = []
    start = 0
    for old_index, old in enumerate(dels):
        if is_move_candidate(old, hints.new_keys):
            continue
        match = find_partner(old, inss, start, hints)
        if match is not None:
            pairs.append((old_index, match[0], match[1]))
            start = match[0] + 1
    return pairs


def pair_gap(segment: Segment, hints: MoveHints) -> Iterator[Op]:
    """Emit a gap as deleted, inserted and modified blocks, keeping both versions' order."""
    dels, inss = segment.old, segment.new
    old_start = new_start = 0
    for old_index, new_index, _ in segment_plan(segment, hints):
        yield from (Op("del", o) for o in dels[old_start:old_index])
        yield from (Op("ins", new=n) for n in inss[new_start:new_index])
        yield modify(dels[old_index], inss[new_index], hints)
        old_start, new_start = old_index + 1, new_index + 1
    yield from (Op("del", o) for o in dels[old_start:])
    yield from (Op("ins", new=n) for n in inss[new_start:])


def find_partner(old: Item, inss: list[Item], start: int, hints: MoveHints) -> tuple[int, float] | None:
    """Return (index, similarity) of the most similar compatible inserted item in the window."""
    best: tuple[int, float] | None = None
    for index in range(start, min(len(inss), start + PAIR_WINDOW)):
        new = inss[index]
        if is_move_candidate(new, hints.old_keys) or not compatible(old, new):
            continue
        score = similarity(old.word_set, new.word_set)
        threshold = BRANCH_PAIR_SIMILARITY if isinstance(old, Branch) else PAIR_SIMILARITY
        if score >= threshold and (best is None or score > best[1]):
            best = (index, score)
    return best


def is_move_candidate(item: Item, other_keys: frozenset[Hashable]) -> bool:
    """Tell whether a leaf appears word for word in the other version."""
    return isinstance(item, Leaf) and item.key in other_keys and may_move(item)


def compatible(old: Item, new: Item) -> bool:
    """Tell whether two blocks may be shown as one changed block."""
    if isinstance(old, Leaf) and isinstance(new, Leaf):
        return old.tag == new.tag or {old.tag, new.tag} <= {None, "p"}
    if old.tag != new.tag:
        return False
    if old.tag == "tr":
        return isinstance(old, Branch) and isinstance(new, Branch) and old.columns == new.columns
    return True


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two lower-cased word sets, or half the containment when that is higher.

    Containment lets "delete it" pair with "delete it, unless the law requires us to keep it".
    """
    if not a or not b:
        return 1.0 if a == b else 0.0
    shared = len(a & b)
    jaccard = shared / len(a | b)
    return max(jaccard, shared / min(len(a), len(b)) / 2) if shared >= 2 else jaccard


def modify(old: Item, new: Item, hints: MoveHints) -> Op:
    """Align two compatible blocks shown as one changed block."""
    if isinstance(old, Leaf) and isinstance(new, Leaf):
        if old.plain_tokens is not None and new.plain_tokens is not None:
            return Op("mod", old, new, plain=diff_plain(old.plain_tokens, new.plain_tokens))
        return Op("mod", old, new, words=diff_words(old.tokens, new.tokens))
    old_branch, new_branch = as_branch(old), as_branch(new)
    if new_branch.tag == "table":
        return Op("mod", old_branch, new_branch, children=align_table(old_branch, new_branch, hints))
    if new_branch.tag == "tr":
        shape = TableShape([(i, i) for i in range(max(old_branch.columns, new_branch.columns))], None, None)
        return modify_row(old_branch, new_branch, shape, hints)
    return Op("mod", old_branch, new_branch, children=align_items(old_branch.items, new_branch.items, hints))


def as_branch(item: Item) -> Branch:
    """View a leaf as a branch holding one bare run (a tight list item next to a loose one)."""
    if isinstance(item, Branch):
        return item
    return Branch(item.tag or "", item.attrs, [Leaf(None, (), item.raw, item.preformatted)])
