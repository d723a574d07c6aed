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

from .htmltree import VOID_TAGS, Attrs, Node, parse_attrs, parse_fragment
from .tokens import Token, collapse_space, find_words, split_words, tokenize

_TAG = re.compile(r"<[^>]*>")
_HEADING_TAG = re.compile(r"<h[1-6][\s>]")


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
_BLOCK_TAG = re.compile(
    r"<!--.*?-->"
    r"|<(?P<slash>/?)(?P<name>" + "|".join(sorted(BLOCK_TAGS, key=len, reverse=True)) + r")"
    r"(?P<attrs>(?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>",
    re.DOTALL,
)


@dataclass(eq=False)
class Leaf:
    """A block with inline content; ``tag`` is None for bare text beside nested blocks.

    ``raw`` is the content's source HTML; it is parsed into ``children`` only when the leaf changed.
    """

    tag: str | None
    attrs: Attrs
    raw: str
    preformatted: bool = False

    @cached_property
    def key(self) -> str:
        inline = "p\x01" + (self.raw if self.preformatted else collapse_raw(self.raw))
        if self.tag is None or (self.tag == "p" and not key_attrs(self.attrs)):
            return inline
        if self.tag in VOID_TAGS:
            return f"{self.tag}{key_attrs(self.attrs)!r}"
        # Keyed like a Branch holding one bare run, so <li>x</li> equals <li><p>x</p></li>.
        return f"{self.tag}{key_attrs(self.attrs)!r}\x02{inline}\x04"

    @cached_property
    def children(self) -> list[Node | str]:
        return parse_fragment(self.raw).children

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tokenize(self.raw, self.preformatted)

    @cached_property
    def plain_tokens(self) -> list[str] | None:
        """Token strings when the content is unformatted text (no tags), else None."""
        if self.preformatted or "<" in self.raw:
            return None
        return split_words(self.text)

    @cached_property
    def text(self) -> str:
        return collapse_space(html.unescape(_TAG.sub("", self.raw)))

    @cached_property
    def word_list(self) -> list[str]:
        return find_words(self.text)

    @cached_property
    def words(self) -> int:
        return len(self.word_list)

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(map(str.lower, self.word_list))

    @property
    def movable(self) -> bool:
        return self.tag in MOVABLE_TAGS

    @property
    def size(self) -> int:
        """Characters of source, a cheap stand-in for the amount of content."""
        return len(self.raw)

    @property
    def has_ids(self) -> bool:
        """Tell whether the content carries id attributes (which deleted copies must drop)."""
        return " id=" in self.raw


@dataclass(eq=False)
class Branch:
    """A block made of other blocks."""

    tag: str
    attrs: Attrs
    items: list[Item] = field(default_factory=list)
    raw: str | None = None  # the content's source HTML (None for synthetic branches)

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
        return frozenset().union(*(item.word_set for item in self.items))

    @cached_property
    def size(self) -> int:
        return sum(item.size for item in self.items)

    @property
    def has_headings(self) -> bool:
        """Tell whether a heading may be inside (sections must see it); True when unsure."""
        return self.raw is None or _HEADING_TAG.search(self.raw) is not None

    @cached_property
    def columns(self) -> int:
        """The widest row of a table (0 for anything without rows)."""
        if self.tag == "tr":
            return len(self.items)
        return max((item.columns for item in self.items if isinstance(item, Branch)), default=0)

    movable = False


Item = Leaf | Branch


@dataclass(eq=False)
class Scanned:
    """A block element found by the scanner: its parts are block elements and raw inline HTML."""

    tag: str
    attrs: Attrs
    start: int
    end: int = -1
    parts: list[Scanned | str] = field(default_factory=list)


def parse_blocks(source: str) -> Branch:
    """Split an HTML fragment into a root Branch (tag "") of blocks.

    Only block-level tags are parsed here; inline content stays raw HTML until a leaf changes, which
    keeps the cost of the unchanged majority of a page to one regular-expression scan.
    """
    root = scan_blocks(source)
    return Branch("", (), build_items(root.parts, source, preformatted=False))


def scan_blocks(source: str) -> Scanned:
    """Find the block elements of a fragment and the raw inline HTML between them."""
    root = Scanned("", (), 0, len(source))
    stack = [root]
    position = 0
    for match in _BLOCK_TAG.finditer(source):
        if match.start() > position:
            stack[-1].parts.append(source[position : match.start()])
        position = match.end()
        name = match.group("name")
        if name is None:  # a comment
            continue
        tag = name
        if match.group("slash"):
            close_scanned(stack, tag, match.start())
            continue
        attrs = match.group("attrs")
        element = Scanned(tag, parse_attrs(attrs) if attrs else (), match.end())
        stack[-1].parts.append(element)
        if tag not in VOID_TAGS:
            stack.append(element)
    if position < len(source):
        stack[-1].parts.append(source[position:])
    for element in stack[1:]:
        element.end = len(source)
    return root


def close_scanned(stack: list[Scanned], tag: str, position: int) -> None:
    """Close the innermost open ``tag`` (and anything left open inside it); ignore a stray end tag."""
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].tag == tag:
            for element in stack[depth:]:
                element.end = position
            del stack[depth:]
            return


def build_item(element: Scanned, source: str, preformatted: bool) -> Item:
    """Classify one block element as a Leaf or a Branch."""
    preformatted = preformatted or element.tag == "pre"
    if element.tag in VOID_TAGS:
        return Leaf(element.tag, element.attrs, "")
    has_blocks = any(isinstance(part, Scanned) for part in element.parts)
    if has_blocks or element.tag in ALWAYS_BRANCH:
        items = build_items(element.parts, source, preformatted)
        return Branch(element.tag, element.attrs, items, source[element.start : element.end])
    return Leaf(element.tag, element.attrs, source[element.start : element.end], preformatted)


def build_items(parts: Sequence[Scanned | str], source: str, preformatted: bool) -> list[Item]:
    """Block elements become items; raw inline HTML between them becomes bare Leaves."""
    items: list[Item] = []
    for part in parts:
        if isinstance(part, Scanned):
            items.append(build_item(part, source, preformatted))
        elif part.strip():
            items.append(Leaf(None, (), part, preformatted))
    return items


def collapse_raw(raw: str) -> str:
    """Collapse whitespace for comparison; most blocks are one line, so skip the regex for them."""
    if "\n" in raw or "  " in raw or "\t" in raw or "\r" in raw:
        return collapse_space(raw)
    return raw.strip()


def key_attrs(attrs: Attrs) -> Attrs:
    """Drop ``id``: heading ids follow heading text and are not content."""
    return tuple(a for a in attrs if a[0] != "id")
