"""Write the edit script as redline HTML and count what changed.

Marks: ``<del id="change-N">``/``<ins id="change-N">`` for changed words (N in document order);
whole inserted or deleted blocks carry ``redline-block-ins``/``redline-block-del`` (table rows also
``redline-row-ins``/``redline-row-del``); changed leaves carry ``redline-changed``. A moved block is
``<del class="redline-moved-from" id="move-N-from">`` at its old place and
``<ins class="redline-moved-to" id="move-N-to">`` at its new place, each followed by an empty link
``<a class="redline-aux ...">`` to the other place. Marks sit inside block elements, never around
them, and the ``id`` attributes of deleted content are dropped so ids stay unique.
"""

from __future__ import annotations

from collections.abc import Sequence

from .blocks import HEADING_TAGS, Branch, Item, Leaf
from .htmltree import VOID_TAGS, Attrs, Node, start_tag, text_of, with_attrs
from .inline import MARK_TAGS, NO_ID, InlineWriter, write_children
from .moves import Move
from .ops import Op
from .result import ChangedSection, Redline
from .tokens import collapse_space

BLOCK_CLASS = {"-": "redline-block-del", "+": "redline-block-ins"}
ROW_CLASS = {"-": "redline-row-del", "+": "redline-row-ins"}


def render_redline(ops: list[Op], moves: dict[int, Move]) -> Redline:
    """Render the edit script of two documents."""
    writer = RedlineWriter(moves)
    writer.write_ops(ops)
    return Redline(
        html="".join(writer.out) + "\n",
        inserted=writer.inserted,
        deleted=writer.deleted,
        moved=writer.moved,
        sections=tuple(writer.sections),
    )


class RedlineWriter(InlineWriter):
    """Accumulates the HTML, the counts and the changed sections of one redline."""

    def __init__(self, moves: dict[int, Move]) -> None:
        self.moves = moves
        self.out: list[str] = []
        self.inserted = self.deleted = self.moved = 0
        self.marks = 0
        self.sections: list[ChangedSection] = []
        self.heading = ""
        self.heading_noted = False

    # -- bookkeeping -------------------------------------------------------------------------

    def next_mark_id(self) -> str:
        """Number the next change mark and note it for its section."""
        self.marks += 1
        anchor = f"change-{self.marks}"
        self.note_anchor(anchor)
        return anchor

    def note_anchor(self, anchor: str) -> None:
        """Record ``anchor`` as the first mark of the current section, if it is the first."""
        if not self.heading_noted:
            self.sections.append(ChangedSection(self.heading, anchor))
            self.heading_noted = True

    def enter_block(self, item: Leaf) -> None:
        """Start a new section when the block is a heading."""
        if item.tag in HEADING_TAGS:
            self.heading, self.heading_noted = heading_text(item), False

    def count(self, op: str, words: int) -> None:
        """Add words to the inserted or deleted count."""
        if op == "+":
            self.inserted += words
        elif op == "-":
            self.deleted += words

    # -- blocks ------------------------------------------------------------------------------

    def write_ops(self, ops: Sequence[Op]) -> None:
        """Write sibling blocks separated by newlines."""
        for index, op in enumerate(ops):
            if index:
                self.out.append("\n")
            if op.kind == "eq" and op.new is not None:
                self.write_equal(op.new)
            elif op.kind == "del" and op.old is not None:
                self.write_whole(op.old, "-", top=True)
            elif op.kind == "ins" and op.new is not None:
                self.write_whole(op.new, "+", top=True)
            else:
                self.write_modified(op)

    def write_open(self, tag: str | None, attrs: Attrs) -> None:
        if tag:
            self.out.append(start_tag(tag, attrs))

    def write_close(self, tag: str | None) -> None:
        if tag and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def write_equal(self, item: Item) -> None:
        """Write an unchanged block as it is in the new version."""
        if isinstance(item, Leaf):
            self.enter_block(item)
            self.write_open(item.tag, item.attrs)
            self.out.append(item.raw)
            self.write_close(item.tag)
            return
        self.write_open(item.tag, item.attrs)
        if item.raw is not None and not item.has_headings:
            self.out.append(item.raw)
        else:
            for child in item.items:
                self.out.append("\n")
                self.write_equal(child)
            self.out.append("\n")
        self.write_close(item.tag)

    def write_whole(self, item: Item, op: str, top: bool) -> None:
        """Write a wholly deleted (op "-") or inserted ("+") block."""
        attrs = item.attrs if op == "+" else with_attrs(item.attrs, drop=NO_ID)
        if top and item.tag:
            classes = f"{BLOCK_CLASS[op]} {ROW_CLASS[op]}" if item.tag == "tr" else BLOCK_CLASS[op]
            attrs = with_attrs(attrs, add_class=classes)
        if isinstance(item, Branch):
            self.write_open(item.tag, attrs)
            for child in item.items:
                self.out.append("\n")
                self.write_whole(child, op, top=False)
            self.out.append("\n")
            self.write_close(item.tag)
            return
        move = self.moves.get(id(item))
        if move is not None:
            self.write_moved(item, move, op)
            return
        self.enter_block(item)
        self.write_open(item.tag, attrs)
        if item.raw.strip():
            tag = MARK_TAGS[op]
            self.out.append(f'<{tag} id="{self.next_mark_id()}">')
            self.write_content(item, drop_ids=op == "-")
            self.out.append(f"</{tag}>")
            self.count(op, item.words)
        self.write_close(item.tag)

    def write_moved(self, item: Leaf, move: Move, op: str) -> None:
        """Write one end of a moved block, with a link to the other end."""
        side, other, tag = ("from", "to", "del") if op == "-" else ("to", "from", "ins")
        anchor = f"move-{move.number}-{side}"
        attrs = item.attrs if op == "+" else with_attrs(item.attrs, drop=NO_ID)
        self.enter_block(item)
        self.write_open(item.tag, with_attrs(attrs, add_class=f"redline-block-moved-{side}"))
        self.note_anchor(anchor)
        self.out.append(f'<{tag} class="redline-moved-{side}" id="{anchor}">')
        if op == "+" and move.words is not None:
            self.write_words(list(move.words))
            self.moved += sum(1 for o, (_, _, is_word) in move.words if o == "=" and is_word)
        else:
            self.write_content(item, drop_ids=op == "-")
            if op == "+":
                self.moved += item.words
        label = "Moved: go to the new position" if side == "from" else "Moved: go to the old position"
        self.out.append(
            f'</{tag}><a class="redline-aux redline-move-link redline-move-{side}" '
            f'href="#move-{move.number}-{other}" title="{label}" aria-label="{label}"></a>'
        )
        self.write_close(item.tag)

    def write_content(self, item: Leaf, drop_ids: bool) -> None:
        """Write a leaf's inline content as it is (without ids for deleted copies)."""
        if drop_ids and item.has_ids:
            write_children(item.children, self.out, drop_ids=True)
        else:
            self.out.append(item.raw)

    def write_modified(self, op: Op) -> None:
        """Write a block present in both versions with changes inside."""
        new = op.new
        if isinstance(new, Leaf):
            self.enter_block(new)
            changed = any(o != "=" for o, _ in (op.plain if op.plain is not None else op.words))
            attrs = with_attrs(new.attrs, add_class="redline-changed") if changed and new.tag else new.attrs
            self.write_open(new.tag, attrs)
            if op.plain is not None:
                self.write_plain_words(op.plain)
            else:
                self.write_words(op.words)
            self.write_close(new.tag)
            return
        assert isinstance(new, Branch)
        self.write_open(new.tag, new.attrs)
        self.out.append("\n")
        self.write_ops(op.children)
        self.out.append("\n")
        self.write_close(new.tag)


def heading_text(leaf: Leaf) -> str:
    """A heading's text without the permalink anchor that the toc extension may append."""
    if "headerlink" not in leaf.raw:
        return leaf.text
    kept = [c for c in leaf.children if not (isinstance(c, Node) and "headerlink" in (c.get("class") or ""))]
    return collapse_space("".join(text_of(c) for c in kept))
