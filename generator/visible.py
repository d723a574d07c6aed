"""What a reader can see of a rendered policy: its words and where its links go.

Two renderings with the same signature differ only in things a reader cannot see (white space,
line wrapping, trailing spaces, bullet or emphasis markers, list numbers that render the same,
attribute order), so a commit between them is not a version. Links are compared by destination
after mapping to today's pages, so a link edited to a renamed page's new address is no change."""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from collections.abc import Callable

from .cache import digest

# Block boundaries separate words; inline tags (em, strong, a, code...) do not.
_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"))
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_PERMALINK = re.compile(r"""\bclass\s*=\s*["'][^"']*\bheaderlink\b""")

Resolver = Callable[[str], str]


def visible_signature(rendered: str, source: str, resolve: Resolver | None = None) -> str:
    """A digest of the words and link destinations of `rendered`, the HTML of the file `source`
    (docs-relative). `resolve` maps a docs path as linked then to the path that shows it today."""
    links: list[str] = []
    pieces: list[str] = []
    position = 0
    for match in _TAG.finditer(rendered):
        pieces.append(rendered[position:match.start()])
        position = match.end()
        closing, name = match.group(1), (match.group(2) or "").lower()
        if name in _BLOCKS:
            pieces.append(" ")
        if name == "a" and not closing and match.group(3):
            attrs = match.group(3)
            href = _HREF.search(attrs)
            if href and not _PERMALINK.search(attrs):
                links.append(destination(htmllib.unescape(next(g for g in href.groups() if g is not None)),
                                         source, resolve))
    pieces.append(rendered[position:])
    words = htmllib.unescape("".join(pieces)).split()
    # A heading's permalink symbol is the theme's, not the policy's words.
    words = [w for w in words if w != "\u00b6"]
    return digest("\x1f".join(words), "\x1f".join(links))


def destination(href: str, source: str, resolve: Resolver | None) -> str:
    """Where a link goes, independent of how it was written: today's page for a relative path."""
    if not href or href.startswith("#") or _SCHEME.match(href) or href.startswith("//"):
        return href
    path, _, anchor = href.partition("#")
    if path.startswith("/"):
        return href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    if resolve is not None:
        target = resolve(target)
    return f"{target}#{anchor}" if anchor else target


def dated_pair(old_html: str, new_html: str, old_effective: str, new_effective: str) -> tuple[str, str]:
    """What a redline compares when a version changes only its dates: both texts led by their
    effective day, so the change a reader can see (the day) is marked; other pairs are unchanged.
    The days are display text (the page's locale)."""
    if old_effective == new_effective or visible_signature(old_html, "") != visible_signature(new_html, ""):
        return old_html, new_html
    line = '<p class="policy-redline-dates">Effective {}</p>\n'
    return (line.format(htmllib.escape(old_effective, quote=False)) + old_html,
            line.format(htmllib.escape(new_effective, quote=False)) + new_html)
