"""Each page's steps in a build, for any front end: the Markdown it renders, its HTML, the view its
template shows, its date, and the links in its `<head>` (feeds, languages)."""

from __future__ import annotations

import html as html_lib
import os
import posixpath
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from . import urls
from .announced import marked_markdown
from .builds import add_feed_links, add_language_links, set_html_lang
from .documents import opening_heading
from .links import dead_link_warning
from .model import Version
from .pages import anchor_ids, rewrite_html_links, rewrite_links
from .redline.demote import demote_headings
from .sanitize import sanitize_html
from .sitebuild import SiteBuild
from .views import changes_view, languages_view, policy_view

TEMPLATE = "policy/page.html"
_H1 = re.compile(r"<h1\b[^>]*>(?P<inner>.*?)</h1>", re.S)
_PERMALINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_LEADING_HEADING = re.compile(r"^\s*<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>(?P<inner>.*?)</h(?P=level)>", re.S)


@dataclass(frozen=True)
class PageMarkdown:
    """What a policy page gives its front end to render: Markdown, and its title when it has one."""

    markdown: str
    title: str | None = None  # escaped: titles reach the theme's templates unescaped
    is_nav_title: bool = False  # also the page's title in the navigation


@dataclass(frozen=True)
class PageContent:
    """A policy page's HTML; a rendering it took as it was brings its table of contents and anchors."""

    html: str
    toc: Any = None
    anchors: set[str] | None = None  # set exactly when the page took a rendering as it was


def page_markdown(build: SiteBuild, src: str, markdown: str) -> PageMarkdown | None:
    """The Markdown of a page the build makes (None for other pages)."""
    spec = build.specs.get(src)
    if spec is None or build.site is None:
        return None
    if spec.kind not in ("current", "version"):
        return PageMarkdown(markdown)
    policy, version = build.shown(spec)
    title = html_lib.escape(version.title, quote=False)
    current = spec.kind == "current"
    markdown = marked_markdown(build.site, policy, version, spec.kind)  # a list's announced entries marked
    # Reading the history rendered this text already: reuse that rendering rather than running
    # Markdown a second time. Only a live policy under the site's own Markdown is left to the front
    # end, whose link validation then runs on the text readers see now.
    if spec.kind == "version" or policy.retirement or build.options.markdown == "github":
        build.prerendered[src] = build.rendering(markdown)
        return PageMarkdown("", title, current)
    assert build.links is not None
    return PageMarkdown(rewrite_links(markdown, version.source, src, build.links.resolve,
                                     build.docs_root), title, current)


def page_content(build: SiteBuild, src: str, url: str, html: str) -> PageContent | None:
    """A policy page's HTML, sanitized; a version's is kept as its archived text; an ordinary page's
    root-relative links; None when nothing changes."""
    spec = build.specs.get(src)
    if spec is None and build.links is not None and 'href="/' in html:
        # An ordinary page (a README as the home page) links from the repository's top too, as on
        # GitHub; the front end has made its relative links already.
        return PageContent(rewrite_html_links(html, src, url, build.links.url_of, dead_link_warning(src),
                                              root=build.docs_root, only_root=True))
    if spec is None or spec.kind not in ("current", "version"):
        return None
    rendered = build.prerendered.pop(src, None)
    toc = anchors = None
    if rendered is not None:
        assert build.links is not None
        policy, version = build.shown(spec)
        # Links of the text in force on a live policy can be fixed now: a dead one is a warning.
        # Elsewhere (archives, retired policies) a dead link becomes plain text, silently.
        live = spec.kind == "current" and not policy.retirement
        html = rewrite_html_links(rendered["html"], version.source, url, build.links.url_of,
                                  on_missing=dead_link_warning(version.source) if live else None,
                                  root=build.docs_root)
        toc, anchors = rendered["toc"], anchor_ids(html)
    clean = sanitize_html(html)
    _, version = build.shown(spec)
    toc = toc_below_title(toc, clean, version)
    if spec.kind == "version":
        # Redlines (and PDFs) take what a reader sees: the page's h1 and the text below it, so a new
        # title shows as a change, and a title taken from a `## Title` is one heading in both versions.
        build.html[(spec.policy_id, spec.number)] = archived_text(clean, version)
    return PageContent(clean, toc, anchors)


def page_view(build: SiteBuild, src: str, content: str | None) -> dict[str, Any] | None:
    """What a policy page's template shows (None for other pages); `content` is the page's HTML."""
    spec = build.specs.get(src)
    if spec is None or build.site is None:
        return None
    if spec.kind == "changes":
        return changes_view(build.site)
    policy = build.site.history.policy(spec.policy_id)
    view = policy_view(build.site, policy, spec.kind, spec.number)
    if spec.kind in ("current", "version"):
        view["heading_html"], view["body_html"] = split_title(content or "", build.shown(spec)[1])
    elif spec.kind in ("redline", "compare"):
        redline = build.redline(spec, policy)
        # The page's own h1 names the comparison: the compared text's headings go one level down.
        view["redline"] = replace(redline, html=demote_headings(redline.html))
    return view


def split_title(html: str, version: Version) -> tuple[str, str]:
    """A current or version page's h1 and the text below it. A text that opens with an h1 keeps it as
    the page's; one that opens with the heading its title came from (`## Title`, or `Title` over
    `---`) has that heading as its h1, not a second copy of it; any other text (titled in front
    matter) gets its title as an h1 above it."""
    match = title_match(html, version)
    if match is None:
        # A title h1 further down (under a line such as "Last updated: …") is the page's one h1 where it stands.
        return ("" if titled_below(html, version.title) else f"<h1>{html_lib.escape(version.title)}</h1>"), html
    return f"<h1{match['attrs']}>{match['inner']}</h1>", html[match.end():]


def titled_below(html: str, title: str) -> bool:
    """Whether an h1 of the text, not its first block, says the title (its permalink aside)."""
    for h1 in _H1.finditer(html):
        words = html_lib.unescape(_TAG.sub("", _PERMALINK.sub("", h1["inner"]))).split()
        if words == title.split():
            return True
    return False


def title_match(html: str, version: Version) -> re.Match[str] | None:
    """The heading a text opens with, when it is the page's title."""
    match = _LEADING_HEADING.match(html)
    if match and (match["level"] == "1" or opening_heading(version.markdown) == version.title):
        return match
    return None


def toc_below_title(toc: list[dict[str, Any]] | None, html: str, version: Version) -> list[dict[str, Any]] | None:
    """The table of contents of a page whose opening `## Title` is its h1: without that heading (the
    theme leaves out only a leading h1), what stood under it lifted to the top."""
    match = title_match(html, version)
    anchor = re.search(r'\bid="([^"]*)"', match["attrs"]) if match and match["level"] != "1" else None
    if not toc or anchor is None or toc[0].get("id") != anchor.group(1):
        return toc
    return [*toc[0].get("children", []), *toc[1:]]


def archived_text(html: str, version: Version) -> str:
    """A version's text as redlines and its PDF take it: what its page shows, its h1 included, so a
    new title is a change and a title taken from a `## Title` is the same h1 in every version."""
    match = title_match(html, version)
    if match is not None and match["level"] == "1":
        return html
    heading, body = split_title(html, version)
    if not heading:
        return html
    return f"{heading}\n{body}" if match is None else heading + body


def update_date(build: SiteBuild, src: str) -> str | None:
    """A page's date from history, not the build clock, so the same history builds the same site;
    None leaves the front end's own."""
    if build.site is None:
        return None
    spec = build.specs.get(src)
    if spec is not None and spec.policy_id:
        return build.shown(spec)[1].effective.isoformat()
    if "SOURCE_DATE_EPOCH" not in os.environ and build.site.history.last_change is not None:
        return build.site.history.last_change.isoformat()
    return None


def head_links(build: SiteBuild, src: str, url: str, site_name: str, output: str) -> str:
    """A page's feeds in `<head>`; a policy's page also its own feeds, language and translations."""
    if build.site is None:
        return output
    links: list[tuple[str | None, str]] = [(None, f"{site_name}: policy changes")]
    spec = build.specs.get(src)
    if spec is not None and spec.policy_id:
        policy = build.site.history.policy(spec.policy_id)
        links.append((spec.policy_id, f"{policy.title}: changes"))
        if policy.translates is not None:
            output = set_html_lang(output, build.site.language_of(policy))
        if spec.kind == "current":
            alternates = [(lang["code"], lang["url"]) for lang in languages_view(build.site, policy)]
            output = add_language_links(output, alternates if len(alternates) > 1 else [],
                                        lambda path: urls.relative_url(url, path))
    return add_feed_links(output, links, lambda path: urls.relative_url(url, path))


def not_found_links(build: SiteBuild, site_url: str | None, site_name: str, output: str) -> str:
    """The 404 page's feeds: it is served at any depth, so its links start from the site's root path."""
    if build.site is None:
        return output
    root = urlsplit(site_url or "/").path or "/"
    links: list[tuple[str | None, str]] = [(None, f"{site_name}: policy changes")]
    return add_feed_links(output, links, lambda path: posixpath.join(root, path))
