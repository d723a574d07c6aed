"""HTML for feed readers: only the allow-listed tags, absolute links, and redline marks that carry their
own inline style (readers drop stylesheets)."""

from __future__ import annotations

import re

import nh3

# Feed readers drop stylesheets, so the marks carry their look with them.
MARK_STYLES = {
    "<ins>": '<ins style="background:#d4f7d4;text-decoration:underline">',
    "<del>": '<del style="background:#fbdada;text-decoration:line-through">',
    '<ins class="redline-moved-to">': '<ins style="background:#dde6fb;text-decoration:underline">',
    '<del class="redline-moved-from">': '<del style="background:#dde6fb;text-decoration:line-through">',
}
FEED_TAGS = {
    "ins", "del", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "th", "td", "a", "p", "br", "code", "pre", "blockquote", "strong", "em",
}
URL_SCHEMES = {"http", "https", "mailto"}
LINKS_ONLY = {"*": set(), "a": {"href"}}  # "*" empties nh3's default generic attributes (lang, title)
_EMPTY_LINK = re.compile(r'<a href="[^"]*"></a>')  # the redline's move links: nothing to read without CSS


def readable_redline(html: str, page: str) -> str:
    """Redline HTML for feed readers: inline-styled marks, absolute links, nothing but the allow-list."""
    first = nh3.clean(html, tags=FEED_TAGS, attributes=LINKS_ONLY, url_schemes=URL_SCHEMES,
                      allowed_classes={"ins": {"redline-moved-to"}, "del": {"redline-moved-from"}},
                      link_rel=None, strip_comments=True, url_relative=("rewrite_with_base", page))
    # After the first pass every mark tag is written exactly as in MARK_STYLES (nh3 normalises them).
    styled = _EMPTY_LINK.sub("", first)
    for plain, with_style in MARK_STYLES.items():
        styled = styled.replace(plain, with_style)
    return nh3.clean(styled, tags=FEED_TAGS, attributes={**LINKS_ONLY, "ins": {"style"}, "del": {"style"}},
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     filter_style_properties={"background", "text-decoration"}, url_relative="deny")


def clean_html(html: str, page: str) -> str:
    """An entry's own HTML: the allow-list, with links made absolute against the entry's page."""
    return nh3.clean(html, tags=FEED_TAGS, attributes=LINKS_ONLY, url_schemes=URL_SCHEMES,
                     link_rel=None, url_relative=("rewrite_with_base", page))
