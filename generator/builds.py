"""Build-time services any front end needs, kept out of the MkDocs glue: output that replaces the
previous site only when complete, redlines cached by content, and feed discovery links."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable

from . import urls
from .cache import Cache, digest
from .redline import ChangedSection, Redline, compute_redline


def building_dir(final: str) -> str:
    """Where a build writes before it is swapped in: a sibling, so the final rename stays on one disk."""
    return f"{final.rstrip(os.sep)}.building-{os.getpid()}"


def start_output(final: str) -> str:
    building = building_dir(final)
    shutil.rmtree(building, ignore_errors=True)
    return building


def finish_output(building: str, final: str) -> None:
    """Put the finished site in place of the old one; the old one goes only after the new one is in."""
    old = f"{final.rstrip(os.sep)}.old-{os.getpid()}"
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(building, final)
    shutil.rmtree(old, ignore_errors=True)


def abandon_output(final: str) -> None:
    """A failed build: drop what it wrote; the previous site was never touched."""
    shutil.rmtree(building_dir(final), ignore_errors=True)


def cached_redline(cache: Cache, old_html: str, new_html: str) -> Redline:
    """The redline of two renderings, from the cache when these exact inputs were compared before."""
    key = digest(old_html, new_html)
    cached = cache.get("redline", key)
    if cached is not None:
        return Redline(html=cached["html"], inserted=cached["inserted"], deleted=cached["deleted"],
                       moved=cached["moved"], sections=tuple(ChangedSection(*s) for s in cached["sections"]))
    redline = compute_redline(old_html, new_html)
    cache.put("redline", key, {
        "html": redline.html, "inserted": redline.inserted, "deleted": redline.deleted,
        "moved": redline.moved, "sections": [[s.heading, s.anchor] for s in redline.sections]})
    return redline


def add_feed_links(output: str, links: list[tuple[str | None, str]], href_of: Callable[[str], str]) -> str:
    """`<link>`s in `<head>` so feed readers and browsers discover the site's and a policy's feeds.

    `links` pairs a policy id (None for the whole site) with a label; `href_of` turns a feed's
    site-relative path into the address to print on this page."""
    tags = []
    for policy_id, label in links:
        for kind, mime in (("atom", "application/atom+xml"), ("rss", "application/rss+xml"),
                           ("json", "application/feed+json")):
            href = href_of(urls.feed_path(policy_id, kind))
            # "alternate feed", not bare "alternate": Material's JavaScript takes every
            # link[rel=alternate] for a translation of the site and fetches a sitemap beside it.
            tags.append(f'<link rel="alternate feed" type="{mime}" title="{_attr(label)} ({kind.upper()})" '
                        f'href="{_attr(href)}">')
    return output.replace("</head>", "\n".join(tags) + "\n</head>", 1)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
