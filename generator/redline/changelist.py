"""A redline's list of changes: one entry per mark, in document order, for a reader to jump to.

Each ``<ins>``/``<del>`` with an id (``change-N``, ``move-N-from``, ``move-N-to``) becomes one
entry: the id to link to, what the mark is, its words (shortened), the nearest heading above it and
a few words just before it, so two changes to the same word can be told apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .htmltree import Node, parse_fragment, text_of
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


def list_changes(html: str) -> tuple[MarkEntry, ...]:
    """Every mark of a redline's HTML with an id, in document order."""
    walker = _Walker()
    walker.walk(parse_fragment(html))
    return tuple(walker.entries)


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
        self.section = ""
        self.before: list[str] = []  # unchanged text of the current block so far

    def walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.before.append(child)
            elif is_heading(child):
                self.section = heading_text(child)
                self.before = []
                self.walk_block(child)
            elif child.tag in ("ins", "del") and child.get("id"):
                self.add(child)
            elif is_permalink(child):
                continue
            else:
                if child.tag in ("p", "li", "td", "th", "dd", "dt", "pre", "blockquote", "tr"):
                    self.before = []
                self.walk(child)

    def walk_block(self, node: Node) -> None:
        self.walk(node)
        self.before = []

    def add(self, mark: Node) -> None:
        classes = (mark.get("class") or "").split()
        if "redline-moved-from" in classes:
            kind = "moved-from"
        elif "redline-moved-to" in classes:
            kind = "moved-to"
        else:
            kind = "inserted" if mark.tag == "ins" else "deleted"
        words = collapse_space(text_of(mark)).strip()
        before = last_words(collapse_space("".join(self.before)))
        self.entries.append(MarkEntry(mark.get("id") or "", kind, shorten(words), self.section, before))
        if mark.tag == "ins":  # the new text reads on after an insertion, not after a deletion
            self.before.append(" " + words + " ")


def is_heading(node: Node) -> bool:
    """A heading, also one below h6 (`role="heading"`, as a demoted redline has them)."""
    return node.tag in HEADINGS or node.get("role") == "heading"


def is_permalink(node: Node) -> bool:
    return node.tag == "a" and "headerlink" in (node.get("class") or "").split()


def heading_text(node: Node) -> str:
    """A heading's words as they read now: permalinks and deleted words left out."""
    kept = [c for c in node.children if not (isinstance(c, Node) and (is_permalink(c) or c.tag == "del"))]
    return collapse_space("".join(text_of(c) for c in kept)).strip()
