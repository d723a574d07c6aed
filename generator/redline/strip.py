"""Recover the text of either version from a redline (the round-trip check).

Removing every ``<del>`` with its content and unwrapping every ``<ins>`` gives the new version's text;
the reverse gives the old version's. Elements with class ``redline-aux`` (links between the two ends of
a move) are not text of either version and are dropped. Block boundaries count as whitespace, and
whitespace is collapsed, as a reader sees it.
"""

from __future__ import annotations

from typing import Literal

from .blocks import BLOCK_TAGS
from .htmltree import Node, parse_fragment
from .tokens import collapse_space

AUX_CLASS = "redline-aux"


def strip_redline(html: str, keep: Literal["old", "new"]) -> str:
    """Return the text of the ``keep`` version of a redline (or of any plain fragment)."""
    if keep not in ("old", "new"):
        raise ValueError(f"keep must be 'old' or 'new', got {keep!r}")
    dropped = "del" if keep == "new" else "ins"
    parts: list[str] = []
    collect_text(parse_fragment(html), dropped, parts)
    return collapse_space("".join(parts))


def collect_text(node: Node, dropped: str, parts: list[str]) -> None:
    """Append the kept text under ``node`` to ``parts``."""
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag != dropped and AUX_CLASS not in (child.get("class") or "").split():
            block = child.tag in BLOCK_TAGS or child.tag == "br"
            if block:
                parts.append(" ")
            collect_text(child, dropped, parts)
            if block:
                parts.append(" ")
