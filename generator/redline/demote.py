"""A redline's headings one level down, for a page whose own h1 stands above the compared text.

The document's title (its h1) becomes an h2, each section heading one level lower; an h6 becomes an
element that assistive technology still reads as a heading, at level 7 (HTML has no h7). Ids, classes
and content stay as they are, so anchors and marks inside headings keep working. Only heading tags
are rewritten; every other byte is copied, so the rest of the redline is untouched.
"""

from __future__ import annotations

import re

from .htmltree import MARKUP, parse_attrs, start_tag, with_attrs

# A heading demoted from h1 was the document's title: the class lets a stylesheet say so.
TITLE_CLASS = "redline-title"
DEEPEST_CLASS = "redline-h7"


def demote_headings(html: str) -> str:
    """`html` with every h1-h6 one level lower (h6: a `div` with `role="heading" aria-level="7"`)."""
    out: list[str] = []
    done = 0
    for match in MARKUP.finditer(html):
        tag = (match.group("start") or match.group("end") or "").lower()
        if len(tag) != 2 or tag[0] != "h" or tag[1] not in "123456":
            continue
        out.append(html[done:match.start()])
        out.append(demoted_tag(match, int(tag[1])))
        done = match.end()
    out.append(html[done:])
    return "".join(out)


def demoted_tag(match: re.Match[str], level: int) -> str:
    """One heading tag, start or end, a level lower."""
    name = "div" if level == 6 else f"h{level + 1}"
    if match.group("end") is not None:
        return f"</{name}>"
    attrs = parse_attrs(match.group("attrs") or "")
    if level == 1:
        attrs = with_attrs(attrs, TITLE_CLASS)
    elif level == 6:
        attrs = (*with_attrs(attrs, DEEPEST_CLASS, drop=frozenset(("role", "aria-level"))),
                 ("role", "heading"), ("aria-level", "7"))
    return start_tag(name, attrs)
