"""An allow-list for policy HTML (nh3): raw HTML in a policy cannot run script or carry handlers."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "nav", "aside", "article", "header", "footer",
}
_GENERIC = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-describedby"}
ALLOWED_ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"},
    "details": {"open"},
    "ins": {"datetime", "cite"},
    "del": {"datetime", "cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Keep the structure policies need; drop scripts, handlers, styles and foreign URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )
