"""Build-time services any front end needs, kept out of the MkDocs glue: redlines and PDFs cached by
content (those not in the cache made on every core), and feed discovery links."""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from . import urls
from .cache import Cache, code_fingerprint, digest
from .dates import display_date
from .model import Version
from .pages import Site
from .pdf import PdfFacts, PdfJob, pdf_job, render_pdf
from .redline import ChangedSection, Redline, compute_redline
from .rendering import PolicyMarkdown

T = TypeVar("T")
R = TypeVar("R")
# Wraps a long step's results as they arrive (total, label) to show progress (progress.py).
Tracker = Callable[[Iterable[R], int, str], Iterable[R]]


def no_progress(items: Iterable[R], _total: int, _label: str) -> Iterable[R]:
    return items


def cache_salts(markdown: PolicyMarkdown) -> dict[str, str | None]:
    """What decides each kind of cached value besides its key, and nothing more: renderings follow
    the code and the Markdown configuration, redlines the code and the segmenter, PDFs their key
    alone (their whole source, engine and fonts). Other options (`checks`, `plain_pages`...) are in
    none of them, so changing one re-makes nothing."""
    code = code_fingerprint()
    return {"render": digest(code, markdown.fingerprint()), "redline": digest(code, _version("budoux")),
            "pdf": None}


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def redline_key(old_html: str, new_html: str) -> str:
    return digest(old_html, new_html)


def cached_redline(cache: Cache, old_html: str, new_html: str) -> Redline:
    """The redline of two renderings, from the cache when these exact inputs were compared before."""
    key = redline_key(old_html, new_html)
    redline = _cached_redline(cache, key)
    if redline is None:
        redline = compute_redline(old_html, new_html)
        _cache_redline(cache, key, redline)
    return redline


# Below this many redlines to make (milliseconds each), starting worker processes is not worth it.
_REDLINE_POOL_FROM = 16


def prepare_redlines(cache: Cache, pairs: Iterable[tuple[str, str]], workers: int | None = None,
                     track: Tracker = no_progress) -> dict[str, Redline]:
    """Make the redlines of the (old, new) pairs of renderings that the cache lacks, on `workers`
    processes (default: every core this process may use; 1: in this process), and put them in the
    cache, where `cached_redline` then finds them: the same entries it would have made itself.

    Returns them by `redline_key` only when there is no cache to keep them (`cache_dir: ""`): holding
    every redline of a build in memory until its page is rendered would cost more than reading it back."""
    missing: dict[str, tuple[str, str]] = {}
    for old_html, new_html in pairs:
        key = redline_key(old_html, new_html)
        if key not in missing and not cache.has("redline", key):
            missing[key] = (old_html, new_html)
    kept: dict[str, Redline] = {}
    # A few chunks per worker: redlines are small (milliseconds), and each worker still gets a fair share.
    # Each one goes to the cache as it arrives and is let go: a build's redlines together are hundreds of MB.
    computed = run_all(_compute_pair, list(missing.values()), workers, _REDLINE_POOL_FROM, chunks_per_worker=4)
    for key, redline in zip(missing, track(computed, len(missing), "redlines"), strict=True):
        _cache_redline(cache, key, redline)
        if cache.root is None:
            kept[key] = redline
    return kept


def _compute_pair(pair: tuple[str, str]) -> Redline:
    return compute_redline(*pair)


def _cached_redline(cache: Cache, key: str) -> Redline | None:
    cached = cache.get("redline", key)
    if cached is None:
        return None
    return Redline(html=cached["html"], inserted=cached["inserted"], deleted=cached["deleted"],
                   moved=cached["moved"], sections=tuple(ChangedSection(*s) for s in cached["sections"]))


def _cache_redline(cache: Cache, key: str, redline: Redline) -> None:
    cache.put("redline", key, {
        "html": redline.html, "inserted": redline.inserted, "deleted": redline.deleted,
        "moved": redline.moved, "sections": [[s.heading, s.anchor] for s in redline.sections]})


# Below this many PDFs to make, starting worker processes (each loads Typst's fonts) costs more than it saves.
_POOL_FROM = 4


def version_pdf_job(site: Site, version: Version, body_html: str, site_root: str,
                    fonts: Sequence[str] = ()) -> PdfJob:
    """What the PDF of one version is made from. `body_html` is its archived page's text, whose
    relative links start from that page's address."""
    locale = site.locale_of(version.policy_id)  # a translation's dates in its own locale, as on its pages
    language, _, region = locale.partition("_")
    facts = PdfFacts(
        site_name=site.name, title=version.title, number=version.number,
        effective=display_date(version.effective, locale),
        published=display_date(version.published_day, locale),
        commit=version.commit, sha256=version.sha256, permanent_url=site.permanent_url(version),
        lang=language, chrome_lang=site.language, region=region or None)
    page = site.version_url(version)
    base = urls.absolute_url(site.url, page) if site.url else (Path(site_root) / page).as_uri() + "/"
    label = f"{version.policy_id}, version {version.number} ({language})"
    return pdf_job(facts, body_html, base, site_root, site.url, version.published, label, fonts)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def cached_pdfs(cache: Cache, jobs: list[PdfJob], workers: int | None = None,
                track: Tracker = no_progress) -> dict[str, bytes]:
    """Each job's PDF by key: from the cache when made before, else rendered, on `workers` processes
    (default: every core this process may use). Each PDF is made once for the life of the cache."""
    made: dict[str, bytes] = {}
    missing: dict[str, PdfJob] = {}
    for job in jobs:
        data = cache.get_bytes("pdf", job.key, ".pdf")
        if data is not None:
            made[job.key] = data
        else:
            missing[job.key] = job
    made_now = track(run_all(render_pdf, list(missing.values()), workers, _POOL_FROM), len(missing), "PDFs")
    rendered = dict(zip(missing, made_now, strict=True))
    for key, data in rendered.items():
        cache.put_bytes("pdf", key, data, ".pdf")
    made.update(rendered)
    return made


def run_all(function: Callable[[T], R], items: Sequence[T], workers: int | None, pool_from: int,
            chunks_per_worker: int | None = None) -> Iterator[R]:
    """`function` over `items`, results in order as they come: on `workers` processes (default:
    every core this process may use) when there are at least `pool_from` items, else in this
    process. Items go to the workers one at a time, or in `chunks_per_worker` chunks each (fewer
    round trips for many small items)."""
    workers = min(workers or available_cores(), len(items))
    if workers <= 1 or len(items) < pool_from:
        yield from (function(item) for item in items)
        return
    # fork where there is one: workers start at once, without re-running the front end's main
    # module (spawn would, and needs it guarded); logging's locks are re-made after a fork.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Frozen objects are never scanned by a child's garbage collector, so the build's pages in memory
    # stay shared with the children instead of being copied page by page.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(items) // (workers * chunks_per_worker)) if chunks_per_worker else 1
            yield from pool.map(function, items, chunksize=chunk)
    finally:
        gc.unfreeze()


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


_HTML_LANG = re.compile(r'<html\b[^>]*?\blang="[^"]*"')


def set_html_lang(output: str, language: str) -> str:
    """`lang` on `<html>`: a translation's page is in its own language."""
    match = _HTML_LANG.search(output)
    if match is None:
        return output.replace("<html", f'<html lang="{_attr(language)}"', 1)
    tag = re.sub(r'\blang="[^"]*"', f'lang="{_attr(language)}"', match.group(0))
    return output[: match.start()] + tag + output[match.end():]


def add_language_links(output: str, alternates: list[tuple[str, str]], href_of: Callable[[str], str]) -> str:
    """`hreflang` alternates in `<head>`, one per language a policy is published in.

    `rel="alternate translation"`, not bare "alternate": Material's JavaScript takes every
    link[rel=alternate] for a whole translated site and fetches a sitemap.xml beside it."""
    tags = [f'<link rel="alternate translation" hreflang="{_attr(code)}" href="{_attr(href_of(url))}">'
            for code, url in alternates]
    return output.replace("</head>", "\n".join(tags) + "\n</head>", 1) if tags else output


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
