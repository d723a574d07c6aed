"""Turn a parsed HTML fragment into the block tree the redline aligns.

A *Leaf* is a block whose content is inline (a paragraph, heading, tight list item, table cell, code
block, or the bare text of a list item before its nested list). A *Branch* is a block made of blocks
(lists, tables, rows, block quotes, admonitions, loose list items). Each item has a ``key``: equal keys
mean "renders to the same text and formatting", so Markdown-only differences (bullet style, emphasis
markers, re-wrapping, tight vs loose list items) compare equal. ``id`` attributes are ignored.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .htmltree import VOID_TAGS, Attrs, Node, escape_text, parse_fragment, start_tag, text_of
from .tokens import Token, collapse_space, count_words, tokenize

_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")


def tag_set(names: str) -> frozenset[str]:
    """Build a set of tag names from a space-separated list."""
    return frozenset(names.split())


BLOCK_TAGS = tag_set(
    "address article aside blockquote caption details dd dialog div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table"
    " tbody td tfoot th thead tr ul"
)
ALWAYS_BRANCH = tag_set("table thead tbody tfoot tr ul ol dl")
HEADING_TAGS = tag_set("h1 h2 h3 h4 h5 h6")
MOVABLE_TAGS = frozenset({"p", "li", "dt", "dd", "pre", "blockquote", *HEADING_TAGS})


@dataclass(eq=False)
class Leaf:
    """A block with inline content; ``tag`` is None for bare text beside nested blocks."""

    tag: str | None
    attrs: Attrs
    children: Sequence[Node | str]
    preformatted: bool = False
    raw: str | None = None  # the content's source HTML, when it is one element's whole content

    @cached_property
    def key(self) -> str:
        inline = "p\x01" + self.canonical
        if self.tag is None or (self.tag == "p" and not key_attrs(self.attrs)):
            return inline
        if self.tag in VOID_TAGS:
            return f"{self.tag}{key_attrs(self.attrs)!r}"
        # Keyed like a Branch holding one bare run, so <li>x</li> equals <li><p>x</p></li>.
        return f"{self.tag}{key_attrs(self.attrs)!r}\x02{inline}\x04"

    @cached_property
    def canonical(self) -> str:
        """The content's HTML with whitespace collapsed (from the source when possible: faster)."""
        if self.raw is None:
            return canonical_inline(self.children, self.preformatted)
        return self.raw if self.preformatted else collapse_space(self.raw)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tokenize(self.children, self.preformatted)

    @cached_property
    def text(self) -> str:
        if self.raw is not None:
            return collapse_space(html.unescape(_TAG.sub("", self.raw)))
        return collapse_space("".join(text_of(child) for child in self.children))

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(_WORD.findall(self.text.lower()))

    @cached_property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def movable(self) -> bool:
        return self.tag in MOVABLE_TAGS


@dataclass(eq=False)
class Branch:
    """A block made of other blocks."""

    tag: str
    attrs: Attrs
    items: list[Item] = field(default_factory=list)

    @cached_property
    def key(self) -> str:
        # A string, not a nested tuple: its hash is computed once, lookups stay cheap.
        return f"{self.tag}{key_attrs(self.attrs)!r}\x02" + "\x03".join(item.key for item in self.items) + "\x04"

    @cached_property
    def text(self) -> str:
        return " ".join(item.text for item in self.items)

    @cached_property
    def words(self) -> int:
        return sum(item.words for item in self.items)

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(_WORD.findall(self.text.lower()))

    @cached_property
    def columns(self) -> int:
        """The widest row of a table (0 for anything without rows)."""
        if self.tag == "tr":
            return len(self.items)
        return max((item.columns for item in self.items if isinstance(item, Branch)), default=0)

    movable = False


Item = Leaf | Branch


def parse_blocks(source: str) -> Branch:
    """Parse an HTML fragment into a root Branch (tag "")."""
    root = parse_fragment(source)
    return Branch("", (), build_items(root.children, source, preformatted=False))


def build_item(node: Node, source: str, preformatted: bool) -> Item:
    """Classify one block element as a Leaf or a Branch."""
    preformatted = preformatted or node.tag == "pre"
    if node.tag in VOID_TAGS:
        return Leaf(node.tag, node.attrs, ())
    has_blocks = any(isinstance(c, Node) and c.tag in BLOCK_TAGS for c in node.children)
    if has_blocks or node.tag in ALWAYS_BRANCH:
        return Branch(node.tag, node.attrs, build_items(node.children, source, preformatted))
    raw = source[node.inner_start : node.inner_end]
    return Leaf(node.tag, node.attrs, node.children, preformatted, raw)


def build_items(children: Sequence[Node | str], source: str, preformatted: bool) -> list[Item]:
    """Group a container's children: block elements become items, inline runs become bare Leaves."""
    items: list[Item] = []
    run: list[Node | str] = []
    for child in children:
        if isinstance(child, Node) and child.tag in BLOCK_TAGS:
            flush_run(run, items, preformatted)
            run = []
            items.append(build_item(child, source, preformatted))
        elif isinstance(child, Node) or child:
            run.append(child)
    flush_run(run, items, preformatted)
    return items


def flush_run(run: list[Node | str], items: list[Item], preformatted: bool) -> None:
    """Append an inline run as a bare Leaf unless it is only whitespace."""
    if run and not all(isinstance(c, str) and c.isspace() for c in run):
        items.append(Leaf(None, (), run, preformatted))


def key_attrs(attrs: Attrs) -> Attrs:
    """Drop ``id``: heading ids follow heading text and are not content."""
    return tuple(a for a in attrs if a[0] != "id")


def canonical_inline(children: Sequence[Node | str], preformatted: bool) -> str:
    """Serialize inline content with whitespace collapsed and ids dropped, for comparison."""
    parts: list[str] = []
    write_canonical(children, preformatted, parts)
    joined = "".join(parts)
    return joined if preformatted else joined.strip()


def write_canonical(children: Sequence[Node | str], preformatted: bool, parts: list[str]) -> None:
    """Append the canonical form of ``children`` to ``parts``."""
    for child in children:
        if isinstance(child, str):
            parts.append(escape_text(child if preformatted else collapse_inner(child)))
        else:
            parts.append(start_tag(child.tag, key_attrs(child.attrs)))
            if child.tag not in VOID_TAGS:
                write_canonical(child.children, preformatted, parts)
                parts.append(f"</{child.tag}>")


def collapse_inner(text: str) -> str:
    """Collapse whitespace runs to one space, keeping a single space at either end."""
    if not text or text.isspace():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    tail = " " if text[-1].isspace() else ""
    return lead + collapse_space(text) + tail
