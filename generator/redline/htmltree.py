"""Parse and serialize the small, sanitized HTML fragments that Python-Markdown produces.

The inputs are trusted output of Markdown rendering followed by sanitizing, so a regex tokenizer is
enough and several times faster than ``html.parser`` (parsing dominates the cost of a redline).
Unclosed elements are closed at the end; stray end tags are ignored.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

Attrs = tuple[tuple[str, str | None], ...]

VOID_TAGS = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input") + ("link", "meta", "param", "source", "track", "wbr")
)
MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<![^>]*>"
    r"|<\?[^>]*>"
    r"|</(?P<end>[a-zA-Z][^\s/>]*)\s*>"
    r"|<(?P<start>[a-zA-Z][^\s/>]*)(?P<attrs>(?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)"
    r"\s*(?P<selfclose>/?)>"
    r"|(?P<text>[^<]+|<)",
    re.DOTALL,
)
_ATTR = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


@dataclass(eq=False)
class Node:
    """An element: lower-case tag, attributes in source order, children (Nodes or text)."""

    tag: str
    attrs: Attrs = ()
    children: list[Node | str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """Return the value of attribute ``name`` (None when absent or valueless)."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None


def parse_fragment(source: str) -> Node:
    """Parse an HTML fragment into a tree under a root Node whose tag is the empty string."""
    root = Node("")
    stack = [root]
    for match in MARKUP.finditer(source):
        text = match.group("text")
        if text is not None:
            stack[-1].children.append(html.unescape(text))
            continue
        start = match.group("start")
        if start is not None:
            node = Node(start.lower(), parse_attrs(match.group("attrs")))
            stack[-1].children.append(node)
            if node.tag not in VOID_TAGS and not match.group("selfclose"):
                stack.append(node)
            continue
        end = match.group("end")
        if end is not None:
            close_element(stack, end.lower())
    return root


def parse_attrs(source: str) -> Attrs:
    """Parse the attribute part of a start tag."""
    attrs = []
    for match in _ATTR.finditer(source):
        name, dq, sq, bare = match.groups()
        value = dq if dq is not None else sq if sq is not None else bare
        attrs.append((name.lower(), None if value is None else html.unescape(value)))
    return tuple(attrs)


def close_element(stack: list[Node], tag: str) -> None:
    """Pop the stack up to and including the innermost open ``tag``; ignore a stray end tag."""
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].tag == tag:
            del stack[depth:]
            return


def start_tag(tag: str, attrs: Attrs) -> str:
    """Serialize a start tag."""
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


def escape_text(text: str) -> str:
    """Escape text content."""
    return html.escape(text, quote=False)


def serialize(node: Node | str) -> str:
    """Serialize a node (or text) back to HTML."""
    out: list[str] = []
    write_node(node, out)
    return "".join(out)


def write_node(node: Node | str, out: list[str]) -> None:
    """Append the HTML of ``node`` to ``out``."""
    if isinstance(node, str):
        out.append(escape_text(node))
        return
    out.append(start_tag(node.tag, node.attrs))
    if node.tag in VOID_TAGS:
        return
    for child in node.children:
        write_node(child, out)
    out.append(f"</{node.tag}>")


def text_of(node: Node | str) -> str:
    """Return the concatenated text content of ``node``."""
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.children)


def with_attrs(attrs: Attrs, add_class: str = "", drop: frozenset[str] = frozenset()) -> Attrs:
    """Return ``attrs`` minus the names in ``drop``, with ``add_class`` appended to the class list."""
    kept = [(k, v) for k, v in attrs if k not in drop and not (add_class and k == "class")]
    if add_class:
        old = next((v for k, v in attrs if k == "class" and v), "")
        kept.append(("class", f"{old} {add_class}".strip()))
    return tuple(kept)
