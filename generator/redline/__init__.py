"""Word-level redlines between two rendered versions of a policy page.

``compute_redline(old_html, new_html)`` aligns the blocks of both versions, diffs changed blocks word by
word and returns a ``Redline``. ``strip_redline(html, keep)`` recovers either version's text from a
redline: it removes ``<del>`` (keep="new") or ``<ins>`` (keep="old") with their content, unwraps the
other mark, and drops the ``redline-aux`` elements (the links between the two ends of a move), so
``strip_redline(compute_redline(a, b).html, "old") == strip_redline(a, "old")`` for any pair.
Plain Python: no MkDocs here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from .align import align_documents
from .blocks import parse_blocks
from .moves import find_moves
from .render import render_redline
from .result import ChangedSection, Redline
from .strip import strip_redline

__all__ = ["ChangedSection", "Redline", "compute_redline", "strip_redline"]


def compute_redline(old_html: str, new_html: str) -> Redline:
    """Compare two rendered HTML fragments (old, new) and return their redline."""
    with paused_gc():
        # The intermediate trees die when build_redline returns, before the collector resumes.
        return build_redline(old_html, new_html)


def build_redline(old_html: str, new_html: str) -> Redline:
    """Parse, align, find moves and render."""
    ops = align_documents(parse_blocks(old_html), parse_blocks(new_html))
    return render_redline(ops, find_moves(ops))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    A redline allocates tens of thousands of tuples; with a large heap (a whole MkDocs build) the
    collector's generation scans then cost more than the redline itself. Reference counting still
    frees everything; the previous collector state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
