"""Redline HTML reduced to what GitHub keeps in a pull-request comment.

GitHub renders raw HTML in Markdown comments but sanitizes it: classes and ids go, and only common
tags survive. This keeps ins, del, headings, lists, tables, links, paragraphs, line breaks, code,
block quotes and emphasis, unwraps anything else, and replaces the move links with a short note.
Everything is wrapped in one ``<div>`` with no blank line inside, so Markdown treats the whole
redline as a single HTML block and never re-parses its text.
"""

from __future__ import annotations

from .htmltree import VOID_TAGS, Node, escape_text, parse_fragment, start_tag

KEPT_TAGS = frozenset(
    ("ins", "del", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody")
    + ("tr", "th", "td", "a", "p", "br", "code", "pre", "blockquote", "strong", "em", "hr", "sup")
    + ("dl", "dt", "dd")
)
CONTAINER_TAGS = frozenset(("ul", "ol", "table", "thead", "tbody", "tr", "blockquote", "dl"))
MOVE_NOTES = {"redline-move-from": " <em>(moved away)</em>", "redline-move-to": " <em>(moved here)</em>"}


def render_github(html: str) -> str:
    """Return redline HTML that survives GitHub's comment sanitizer."""
    out = ["<div>\n"]
    write_github(parse_fragment(html), out, preformatted=False)
    out.append("</div>\n" if out[-1].endswith("\n") else "\n</div>\n")
    return "".join(out)


def write_github(node: Node, out: list[str], preformatted: bool) -> None:
    """Append the kept form of ``node``'s children to ``out``."""
    for child in node.children:
        if isinstance(child, str):
            if not preformatted and child.isspace() and (not out or out[-1].endswith("\n")):
                continue
            text = escape_text(child)
            # A newline inside <pre> could form a blank line, which would end the HTML block.
            out.append(text.replace("\n", "&#10;") if preformatted else text.replace("\n", " "))
            continue
        classes = (child.get("class") or "").split()
        if "redline-aux" in classes:
            out.append(next((MOVE_NOTES[c] for c in classes if c in MOVE_NOTES), ""))
            continue
        if child.tag not in KEPT_TAGS:
            write_github(child, out, preformatted)
            continue
        href = child.get("href")
        out.append(start_tag(child.tag, (("href", href),) if child.tag == "a" and href else ()))
        if child.tag in VOID_TAGS:
            continue
        if child.tag in CONTAINER_TAGS:
            out.append("\n")
        write_github(child, out, preformatted or child.tag == "pre")
        out.append(f"</{child.tag}>")
        if child.tag not in ("ins", "del", "a", "code", "strong", "em", "sup") and not preformatted:
            out.append("\n")
