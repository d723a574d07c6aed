"""The changed parts of a redline only, for places too small for the whole document: a pull
request comment, a feed entry, a terminal.

Keeps every top-level block that carries a mark, and of a list or table only the items and rows
that carry one (with the table's head). The nearest heading above kept text is kept for context,
and each run of left-out blocks becomes one `<p class="redline-gap">…</p>`. Permalink anchors
(`a.headerlink`) are dropped: they mean nothing outside the page.
"""

from __future__ import annotations

from .htmltree import Node, parse_fragment, serialize

HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
PICKED_CONTAINERS = frozenset(("ul", "ol", "dl", "tbody"))
GAP = Node("p", (("class", "redline-gap"),), ["…"])


def has_mark(node: Node | str) -> bool:
    if isinstance(node, str):
        return False
    if node.tag in ("ins", "del"):
        return True
    if any(c.startswith("redline-") and c != "redline-gap" for c in (node.get("class") or "").split()):
        return True
    return any(has_mark(child) for child in node.children)


def drop_permalinks(node: Node) -> Node:
    children = [drop_permalinks(c) if isinstance(c, Node) else c for c in node.children
                if not (isinstance(c, Node) and c.tag == "a" and "headerlink" in (c.get("class") or "").split())]
    return Node(node.tag, node.attrs, children)


def pick_children(node: Node) -> Node:
    """A list or table with only its marked items (a table keeps its head)."""
    if node.tag == "table":
        kept = [pick_children(c) if isinstance(c, Node) and c.tag == "tbody" else c for c in node.children
                if isinstance(c, str) or c.tag != "tbody" or has_mark(c)]
        return Node(node.tag, node.attrs, kept)
    if node.tag in PICKED_CONTAINERS:
        kept: list[Node | str] = []
        in_gap = False
        for child in node.children:
            if isinstance(child, str):
                continue
            if has_mark(child):
                kept.append(child)
                in_gap = False
            elif not in_gap and node.tag in ("ul", "ol"):
                kept.append(Node("li", (("class", "redline-gap"),), ["…"]))
                in_gap = True
        return Node(node.tag, node.attrs, kept)
    return node


def excerpt_html(html: str) -> str:
    """The redline with unchanged blocks left out; "" when nothing changed."""
    root = parse_fragment(html)
    blocks = [c for c in root.children if isinstance(c, Node)]
    out: list[Node] = []
    heading: Node | None = None
    skipped = False
    for block in blocks:
        if "redline-gap" in (block.get("class") or "").split():
            skipped = True  # an excerpt of an excerpt stays the same
            continue
        if not has_mark(block):
            if block.tag in HEADINGS:
                heading = block
            skipped = True
            continue
        if skipped and out:
            out.append(GAP)
        if heading is not None and block.tag not in HEADINGS:
            out.append(heading)
        heading = None
        skipped = False
        out.append(pick_children(block) if block.tag in PICKED_CONTAINERS | {"table"} else block)
    return "\n".join(serialize(drop_permalinks(node)) for node in out)
