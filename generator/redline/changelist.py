"""A redline's list of changes, in document order, for a reader to jump to.

Each ``<ins>``/``<del>`` with an id (``change-N``, ``move-N-from``, ``move-N-to``) is a mark: the id to
link to, what the mark is, its words (shortened), the nearest heading above it and a few words just
before it, so two changes to the same word can be told apart. A reader sees one change per mark,
except that a deletion followed at once by an insertion ("them" struck, "children under 16" added)
is one replacement, which links to both.
"""

from __future__ import annotations

from dataclasses import dataclass

from .htmltree import Node, parse_fragment
from .tokens import collapse_space

HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
MOST_WORDS = 12
CONTEXT_WORDS = 4


@dataclass(frozen=True)
class MarkEntry:
    """One mark: ``kind`` is "inserted", "deleted", "moved-from" or "moved-to"."""

    anchor: str
    kind: str
    words: str
    section: str
    before: str


@dataclass(frozen=True)
class ChangeEntry:
    """One change as a reader counts it: a mark, or (``kind`` "replaced") a deletion and the insertion
    right after it. Its section and the words before it are its first mark's."""

    kind: str
    marks: tuple[MarkEntry, ...]

    @property
    def anchor(self) -> str:
        return self.marks[0].anchor

    @property
    def section(self) -> str:
        return self.marks[0].section

    @property
    def before(self) -> str:
        return self.marks[0].before

    @property
    def words(self) -> str:
        """The words the change leaves: a replacement's new words."""
        return self.marks[-1].words

    @property
    def old_words(self) -> str:
        """The words a replacement takes out ("" for other changes)."""
        return self.marks[0].words if self.kind == "replaced" else ""


def list_marks(html: str) -> tuple[MarkEntry, ...]:
    """Every mark of a redline's HTML with an id, in document order."""
    return tuple(_walk(html).entries)


def list_changes(html: str) -> tuple[ChangeEntry, ...]:
    """A redline's changes as readers count them, in document order: every mark in exactly one."""
    walker = _walk(html)
    changes: list[ChangeEntry] = []
    for mark, replaces in zip(walker.entries, walker.replaces, strict=True):
        if replaces:
            changes[-1] = ChangeEntry("replaced", (changes[-1].marks[0], mark))
        else:
            changes.append(ChangeEntry(mark.kind, (mark,)))
    return tuple(changes)


def _walk(html: str) -> _Walker:
    walker = _Walker()
    walker.walk(parse_fragment(html))
    return walker


def shorten(text: str, most: int = MOST_WORDS) -> str:
    """The first ``most`` words of ``text``, with "…" when some were left out."""
    words = text.split()
    return " ".join(words[:most]) + (" …" if len(words) > most else "")


def last_words(text: str, most: int = CONTEXT_WORDS) -> str:
    words = text.split()
    return ("… " if len(words) > most else "") + " ".join(words[-most:])


class _Walker:
    def __init__(self) -> None:
        self.entries: list[MarkEntry] = []
        self.replaces: list[bool] = []  # each entry's: it is the insertion that replaces the deletion before it
        self.section = ""
        self.before: list[str] = []  # unchanged text of the current block so far

    def walk(self, node: Node) -> None:
        deletion = False  # the last thing met in this element was a deletion (blanks aside)
        for child in node.children:
            if isinstance(child, str):
                self.before.append(child)
                deletion = deletion and not child.strip()
                continue
            follows, deletion = deletion, False
            if is_heading(child):
                self.section = heading_text(child)
                self.before = []
                self.walk_block(child)
            elif child.tag in ("ins", "del") and child.get("id"):
                kind = self.add(child)
                self.replaces.append(follows and kind == "inserted")
                deletion = kind == "deleted"
            elif is_permalink(child):
                continue
            else:
                if child.tag in ("p", "li", "td", "th", "dd", "dt", "pre", "blockquote", "tr"):
                    self.before = []
                self.walk(child)

    def walk_block(self, node: Node) -> None:
        self.walk(node)
        self.before = []

    def add(self, mark: Node) -> str:
        classes = (mark.get("class") or "").split()
        if "redline-moved-from" in classes:
            kind = "moved-from"
        elif "redline-moved-to" in classes:
            kind = "moved-to"
        else:
            kind = "inserted" if mark.tag == "ins" else "deleted"
        words = collapse_space(words_of(mark)).strip()
        before = last_words(collapse_space("".join(self.before)))
        self.entries.append(MarkEntry(mark.get("id") or "", kind, shorten(words), self.section, before))
        if mark.tag == "ins":  # the new text reads on after an insertion, not after a deletion
            self.before.append(" " + words + " ")
        return kind


def is_heading(node: Node) -> bool:
    """A heading, also one below h6 (`role="heading"`, as a demoted redline has them)."""
    return node.tag in HEADINGS or node.get("role") == "heading"


def is_permalink(node: Node) -> bool:
    return node.tag == "a" and "headerlink" in (node.get("class") or "").split()


def heading_text(node: Node) -> str:
    """A heading's words as they read now: permalinks and deleted words left out."""
    kept = [c for c in node.children if not (isinstance(c, Node) and c.tag == "del")]
    return collapse_space("".join(words_of(c) for c in kept)).strip()


def words_of(node: Node | str) -> str:
    """The text of a node without its permalinks ("¶"), which an inserted heading's mark holds too."""
    if isinstance(node, str):
        return node
    return "" if is_permalink(node) else "".join(words_of(c) for c in node.children)
