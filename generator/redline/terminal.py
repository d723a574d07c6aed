"""Redline HTML as text for a terminal.

With colour: deleted text red and struck through, inserted text green and underlined, moved text
magenta (old place) and cyan (new place). Without colour: ``[-deleted-]``, ``{+inserted+}``,
``[>moved away<]`` and ``{>moved here<}``. Headings keep their ``#``, list items ``-`` (indented by
depth), table rows ``| a | b |``, block quotes ``>``.
"""

from __future__ import annotations

from .blocks import BLOCK_TAGS, HEADING_TAGS
from .htmltree import Node, parse_fragment
from .tokens import collapse_space

RESET = "\x1b[0m"
COLORS = {"del": "\x1b[31;9m", "ins": "\x1b[32;4m", "moved-from": "\x1b[35;9m", "moved-to": "\x1b[36;4m"}
MARKERS = {"del": ("[-", "-]"), "ins": ("{+", "+}"), "moved-from": ("[>", "<]"), "moved-to": ("{>", "<}")}


def render_terminal(html: str, color: bool = True) -> str:
    """Return the redline as terminal text."""
    lines: list[str] = []
    write_blocks(parse_fragment(html), lines, TerminalStyle(color), prefix="", depth=0)
    return "\n".join(lines).strip("\n") + "\n"


class TerminalStyle:
    """Turns marks into ANSI sequences or text markers, restoring outer marks after inner ones."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self.stack: list[str] = []

    def open(self, kind: str) -> str:
        self.stack.append(kind)
        return COLORS[kind] if self.color else MARKERS[kind][0]

    def close(self) -> str:
        kind = self.stack.pop()
        if not self.color:
            return MARKERS[kind][1]
        return RESET + "".join(COLORS[k] for k in self.stack)


def mark_kind(node: Node) -> str | None:
    """Return the mark an element stands for, if any."""
    if node.tag not in ("ins", "del"):
        return None
    classes = (node.get("class") or "").split()
    for moved in ("moved-from", "moved-to"):
        if f"redline-{moved}" in classes:
            return moved
    return node.tag


def write_blocks(node: Node, lines: list[str], style: TerminalStyle, prefix: str, depth: int) -> None:
    """Write a container's blocks; inline runs between them become lines of their own."""
    run: list[Node | str] = []
    for child in node.children:
        if isinstance(child, Node) and child.tag in BLOCK_TAGS:
            flush_inline(run, lines, style, prefix)
            run = []
            write_block(child, lines, style, prefix, depth)
        else:
            run.append(child)
    flush_inline(run, lines, style, prefix)


def flush_inline(run: list[Node | str], lines: list[str], style: TerminalStyle, prefix: str) -> None:
    """Write an inline run as one line, unless it is blank."""
    text = inline_text(run, style, preformatted=False).strip()
    if text:
        lines.append(prefix + text)


def write_block(node: Node, lines: list[str], style: TerminalStyle, prefix: str, depth: int) -> None:
    """Write one block element."""
    if node.tag in HEADING_TAGS:
        level = int(node.tag[1])
        lines.extend(["", prefix + "#" * level + " " + inline_text(node.children, style, False).strip()])
    elif node.tag == "li":
        nested = Node("li", (), [])
        head: list[Node | str] = []
        for child in node.children:
            target = nested.children if isinstance(child, Node) and child.tag in BLOCK_TAGS else head
            target.append(child)
        bullet = prefix + "  " * depth + "- "
        lines.append(bullet + inline_text(head, style, False).strip())
        write_blocks(nested, lines, style, prefix + "  " * (depth + 1), 0)
    elif node.tag in ("ul", "ol", "table"):
        if not prefix and lines and lines[-1].strip():
            lines.append("")
        write_blocks(node, lines, style, prefix, depth)
    elif node.tag == "tr":
        cells = [c for c in node.children if isinstance(c, Node) and c.tag in ("td", "th")]
        texts = [inline_text(c.children, style, False).strip() for c in cells]
        lines.append(prefix + "| " + " | ".join(texts) + " |")
    elif node.tag == "blockquote":
        write_blocks(node, lines, style, prefix + "> ", depth)
    elif node.tag == "pre":
        lines.extend(prefix + line for line in inline_text(node.children, style, True).rstrip("\n").split("\n"))
    elif node.tag == "hr":
        lines.append(prefix + "---")
    elif node.tag in ("p", "dt", "dd", "td", "th", "caption", "summary"):
        lines.extend(["", prefix + inline_text(node.children, style, False).strip()])
    else:
        write_blocks(node, lines, style, prefix, depth)


def inline_text(children: list[Node | str], style: TerminalStyle, preformatted: bool) -> str:
    """Render inline content with marks."""
    parts: list[str] = []
    for child in children:
        if isinstance(child, str):
            parts.append(child if preformatted else collapse_inline(child))
        elif "redline-aux" in (child.get("class") or "").split():
            parts.append(" (moved away)" if "redline-move-from" in (child.get("class") or "") else " (moved here)")
        elif child.tag == "br":
            parts.append("\n")
        else:
            kind = mark_kind(child)
            if kind:
                parts.append(style.open(kind))
            parts.append(inline_text(child.children, style, preformatted))
            href = child.get("href")
            if child.tag == "a" and href and style.stack:
                # Inside a mark the target may be what changed, so show it.
                parts.append(f" <{href}>")
            if kind:
                parts.append(style.close())
    return "".join(parts)


def collapse_inline(text: str) -> str:
    """Collapse whitespace but keep one space at either end, so words stay apart."""
    if not text.strip():
        return " " if text else ""
    return (" " if text[0].isspace() else "") + collapse_space(text) + (" " if text[-1].isspace() else "")
