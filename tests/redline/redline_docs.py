"""Hypothesis strategies for policy-like Markdown documents and edited versions of them.

A document is a list of block tuples; ``render_markdown`` turns one into Markdown source and
``render_html`` into the HTML the redline receives. Edits mutate a copy: words changed, blocks
inserted, deleted or moved, table rows added, cells changed, link targets changed, and presentation-only
changes (bullet character, emphasis marker, line wrapping).
"""

from __future__ import annotations

import copy
from typing import Any

import markdown
from hypothesis import strategies as st

EXTENSIONS = ["toc", "tables", "attr_list", "footnotes", "md_in_html"]
_WORDS = (
    "we collect use share your personal data service account provider may must not "
    "third-party don't 1.5 e-mail R&D processor controller rights retain delete consent a the"
)
VOCABULARY = _WORDS.split()
PUNCTUATION = [".", ",", ";", ":", "?"]
URLS = ["https://example.com/a", "https://example.com/b", "https://example.org/privacy"]

Block = tuple[Any, ...]

words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8)


@st.composite
def spans(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """Inline content: plain words, emphasis, strong text, intraword emphasis and links."""
    parts: list[tuple[str, ...]] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "text", "em", "strong", "glued", "link"]))
        text = " ".join(draw(words))
        if kind == "link":
            parts.append(("link", text, draw(st.sampled_from(URLS))))
        elif kind == "glued":
            parts.append(("glued", draw(st.sampled_from(["data", "share"])), draw(st.sampled_from(["base", "d"]))))
        else:
            parts.append((kind, text))
        if draw(st.booleans()):
            parts.append(("text", draw(st.sampled_from(PUNCTUATION))))
    return parts


@st.composite
def list_items(draw: st.DrawFn, depth: int = 0) -> list[tuple[Any, ...]]:
    """List items, each (spans, nested items)."""
    items = []
    for _ in range(draw(st.integers(1, 4))):
        nested = draw(list_items(depth + 1)) if depth < 2 and draw(st.integers(0, 3)) == 0 else []
        items.append((draw(spans()), nested))
    return items


@st.composite
def tables(draw: st.DrawFn) -> Block:
    """A table: header cells and rows of cells."""
    columns = draw(st.integers(2, 4))
    header = [" ".join(draw(words)) for _ in range(columns)]
    rows = [[" ".join(draw(words)) for _ in range(columns)] for _ in range(draw(st.integers(1, 4)))]
    return ("table", header, rows)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    """One block of any kind."""
    kind = draw(st.sampled_from(["h", "p", "p", "p", "ul", "ol", "table", "quote"]))
    if kind == "h":
        return ("h", draw(st.integers(2, 3)), " ".join(draw(words)))
    if kind == "p":
        return ("p", draw(spans()))
    if kind in ("ul", "ol"):
        return (kind, draw(list_items()))
    if kind == "table":
        return draw(tables())
    return ("quote", draw(spans()))


documents = st.lists(blocks(), min_size=1, max_size=10)


@st.composite
def edited(draw: st.DrawFn, doc: list[Block]) -> list[Block]:
    """Apply one to four random edits to a copy of ``doc``."""
    new = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(EDITS))
        edit(draw, new)
    return new


def edit_words(draw: st.DrawFn, doc: list[Block]) -> None:
    """Replace, insert or delete a word in some paragraph or list item."""
    targets = list(iter_spans(doc))
    if not targets:
        return
    parts = draw(st.sampled_from(targets))
    index = draw(st.integers(0, len(parts) - 1))
    part = list(parts[index])
    if part[0] in ("text", "em", "strong", "link"):
        tokens = part[1].split()
        position = draw(st.integers(0, len(tokens)))
        choice = draw(st.sampled_from(["replace", "insert", "delete"]))
        if choice == "insert" or not tokens:
            tokens.insert(position, draw(st.sampled_from(VOCABULARY)))
        elif choice == "replace":
            tokens[min(position, len(tokens) - 1)] = draw(st.sampled_from(VOCABULARY))
        elif len(tokens) > 1:
            del tokens[min(position, len(tokens) - 1)]
        part[1] = " ".join(tokens)
    parts[index] = tuple(part)


def edit_link(draw: st.DrawFn, doc: list[Block]) -> None:
    """Point a link somewhere else."""
    for parts in iter_spans(doc):
        for index, part in enumerate(parts):
            if part[0] == "link":
                parts[index] = ("link", part[1], draw(st.sampled_from(URLS)))
                return


def insert_block(draw: st.DrawFn, doc: list[Block]) -> None:
    doc.insert(draw(st.integers(0, len(doc))), draw(blocks()))


def delete_block(draw: st.DrawFn, doc: list[Block]) -> None:
    if len(doc) > 1:
        del doc[draw(st.integers(0, len(doc) - 1))]


def move_block(draw: st.DrawFn, doc: list[Block]) -> None:
    block = doc.pop(draw(st.integers(0, len(doc) - 1)))
    doc.insert(draw(st.integers(0, len(doc))), block)


def edit_table(draw: st.DrawFn, doc: list[Block]) -> None:
    """Add a row, delete a row, or change a cell of some table."""
    found = [b for b in doc if b[0] == "table"]
    if not found:
        return
    _, header, rows = draw(st.sampled_from(found))
    choice = draw(st.sampled_from(["add", "delete", "cell"]))
    if choice == "add":
        rows.insert(draw(st.integers(0, len(rows))), [" ".join(draw(words)) for _ in header])
    elif choice == "delete" and len(rows) > 1:
        del rows[draw(st.integers(0, len(rows) - 1))]
    else:
        row = draw(st.sampled_from(rows))
        row[draw(st.integers(0, len(row) - 1))] = " ".join(draw(words))


def edit_list(draw: st.DrawFn, doc: list[Block]) -> None:
    """Insert or delete a list item, possibly nested."""
    found = [b for b in doc if b[0] in ("ul", "ol")]
    if not found:
        return
    items = draw(st.sampled_from(found))[1]
    if draw(st.booleans()) or len(items) == 1:
        items.insert(draw(st.integers(0, len(items))), (draw(spans()), []))
    else:
        del items[draw(st.integers(0, len(items) - 1))]


EDITS = [edit_words, edit_words, edit_link, insert_block, delete_block, move_block, edit_table, edit_table, edit_list]


def iter_spans(doc: list[Block]):
    """Yield every editable inline span list."""
    for block in doc:
        if block[0] in ("p", "quote"):
            yield block[1]
        elif block[0] in ("ul", "ol"):
            yield from iter_item_spans(block[1])


def iter_item_spans(items):
    for item_spans, nested in items:
        yield item_spans
        yield from iter_item_spans(nested)


def render_spans(parts: list[tuple[str, ...]], style: int = 0) -> str:
    """Markdown for inline content; ``style`` switches emphasis markers (same HTML)."""
    em, strong = ("*", "**") if style == 0 else ("_", "__")
    out = []
    for part in parts:
        if part[0] == "text":
            out.append(part[1])
        elif part[0] == "em":
            out.append(f"{em}{part[1]}{em}")
        elif part[0] == "strong":
            out.append(f"{strong}{part[1]}{strong}")
        elif part[0] == "glued":
            out.append(f"{part[1]}*{part[2]}*")
        else:
            out.append(f"[{part[1]}]({part[2]})")
    return " ".join(out)


def render_items(items, kind: str, depth: int, style: int) -> list[str]:
    lines = []
    for number, (item_spans, nested) in enumerate(items, start=1):
        marker = f"{number}." if kind == "ol" else ("-" if style == 0 else "*")
        lines.append("    " * depth + f"{marker} {render_spans(item_spans, style)}")
        if nested:
            lines.extend(render_items(nested, "ul", depth + 1, style))
    return lines


def render_markdown(doc: list[Block], style: int = 0) -> str:
    """Markdown source; ``style`` 1 uses other bullets, emphasis markers and wraps paragraphs."""
    out = []
    for block in doc:
        kind = block[0]
        if kind == "h":
            out.append("#" * block[1] + " " + block[2])
        elif kind == "p":
            text = render_spans(block[1], style)
            out.append(text.replace(" ", "\n", 1) if style else text)
        elif kind in ("ul", "ol"):
            out.append("\n".join(render_items(block[1], kind, 0, style)))
        elif kind == "table":
            _, header, rows = block
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines.extend("| " + " | ".join(row) + " |" for row in rows)
            out.append("\n".join(lines))
        else:
            out.append("> " + render_spans(block[1], style))
    return "\n\n".join(out) + "\n"


def render_html(doc: list[Block], style: int = 0) -> str:
    """The HTML the redline receives for ``doc``."""
    return markdown.markdown(render_markdown(doc, style), extensions=EXTENSIONS)
