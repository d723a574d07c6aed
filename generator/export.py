"""The whole site as a docs tree any Material-compatible builder publishes without our plugin: each
policy page as Markdown holding our HTML as one raw block, the kept docs files, our assets, and the
record (feeds, lists, PDFs, manifest) written by the same outputs step as a plugin build."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml

from .announced import marked_markdown
from .errors import PolicyError
from .sitebuild import SiteBuild
from .sitefiles import ASSETS, PACKAGE_DIR, DocFile, plan_files
from .sitepages import head_links, page_content, page_markdown, page_view

EXPORT_TEMPLATE = "policy/export.html"
_ARTICLE_START = re.compile(r"^\s*<(article|section|div)\b")


@dataclass
class ExportedPage:
    """One page of the exported tree: where it is, whether the navigation lists it, and the `<head>`
    links and language our plugin would have added to it."""

    src: str
    in_nav: bool
    links: list[dict[str, str]] = field(default_factory=list)
    lang: str | None = None


@dataclass
class ExportReport:
    pages: list[ExportedPage] = field(default_factory=list)
    copied: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what fails a strict plugin build


def relative_to_page(path: str, page_url: str) -> str:
    """MkDocs' `url` template filter: a site path as a link from the page at `page_url` (so the HTML of
    a page is the same byte for byte whichever front end publishes it)."""
    path = path or "."
    parsed = urlsplit(path)
    if parsed.scheme or parsed.netloc or path.startswith(("/", "#")):
        return path
    norm = posixpath.normpath(path) + "/"
    level = 0
    while norm.startswith("../", level * 3):
        level += 1
    other = page_url
    if other != ".":
        head, tail = posixpath.split(other)
        other = head if "." in tail else other
    rel = posixpath.relpath("/" + path, "/" + posixpath.dirname(other))
    rel = rel + "/" if path.endswith("/") else rel
    return "../" * level + rel if level else rel


_LINK = re.compile(r'(?P<lead>\b(?:href|src)=")(?P<url>[^"]*)(?P<end>")')


def rebase_links(html: str, page_url: str, source_dir: str) -> str:
    """Relative links of a page at `page_url` made relative to its Markdown file's folder instead, for a
    builder that treats every relative link in a page as relative to its source file."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"

    def rebase(match: re.Match[str]) -> str:
        url = match.group("url")
        parts = urlsplit(url)
        if not url or parts.scheme or parts.netloc or url.startswith(("/", "#")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join("/" + base, parts.path or "."))
        rel = posixpath.relpath(target, "/" + source_dir)
        if parts.path.endswith("/") or not parts.path:
            rel = "./" if rel == "." else rel + "/"
        rel = rel + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return f"{match.group('lead')}{rel}{match.group('end')}"

    return _LINK.sub(rebase, html)


def template_env() -> jinja2.Environment:
    """Our page templates with what MkDocs gives them: the `url` filter, relative to the page."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(PACKAGE_DIR / "templates")), autoescape=False)
    env.filters["url"] = jinja2.pass_context(lambda ctx, path: relative_to_page(path, ctx["page_url"]))
    return env


def export_site(build: SiteBuild, docs: list[DocFile], docs_dir: str, config_file: str | None, name: str, url: str,
                directory_urls: bool, file_url: Callable[[str], str | None], out: Path,
                links_from: str = "source") -> ExportReport:
    """Write the site's docs tree into `out`: every page the plugin makes as Markdown, the docs files it
    keeps, our assets, and the record files (which a builder copies as they are). `links_from` "page":
    links are relative to the page's address, as in a plugin build (a builder that leaves raw HTML
    alone, like MkDocs); "source": relative to the Markdown file (Zensical rebases them to the page)."""
    history, root = build.read(docs_dir, config_file, name, url, directory_urls)
    assert build.site is not None
    plan = plan_files(docs, history, build.specs, build.options.selection, root)
    if plan.error is not None:
        raise PolicyError(plan.error)
    report = ExportReport(notes=list(plan.notes), warnings=list(plan.warnings))
    build.link_files(file_url)
    removed, hidden = set(plan.remove), set(plan.hide)
    report.copied = _copy_docs(docs, removed | set(build.specs), out)
    sources = {page.src: page.content for page in plan.add}
    front = {src: _front_matter(sources.get(src) or _read(docs, src)) for src in build.specs}
    contents: dict[str, str | None] = {}
    for src in build.specs:  # MkDocs' order: every page's Markdown and HTML, then the redlines, then views
        contents[src] = _page_html(build, src)
    build.prepare_redlines()
    env = template_env()
    in_nav = {page.src: page.in_nav for page in plan.add}
    for src, spec in build.specs.items():
        page_url = build.site.url_of(src)
        view = page_view(build, src, contents[src])
        assert view is not None
        body = env.get_template(EXPORT_TEMPLATE).render(policy_view=view, page_url=page_url)
        if links_from == "source":
            body = rebase_links(body, page_url, posixpath.dirname(src))
        page = ExportedPage(src, in_nav.get(src, src not in hidden))
        page.links, page.lang = _head_of(head_links(build, src, page_url, name, "<html><head></head></html>"))
        meta = {**_page_meta(front[src], spec.title), "policy_links": page.links}
        if page.lang:
            # The theme's <html lang> is the site's: a translation's page marks its own language here.
            body = f'<div lang="{html_lib.escape(page.lang)}">\n{body.strip()}\n</div>'
        _write(out / src, _markdown_page(meta, body))
        report.pages.append(page)
    for dest, source in ASSETS.items():
        (out / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / dest)
    build.write_outputs(out)
    return report


def _page_html(build: SiteBuild, src: str) -> str | None:
    """A policy page's HTML as the plugin makes it; text left to the front end's Markdown (a live
    policy under the site's own Markdown) is rendered here by the site's Markdown."""
    step = page_markdown(build, src, "")
    if step is None or build.site is None:
        return None
    spec = build.specs[src]
    if spec.kind in ("current", "version") and src not in build.prerendered:
        policy, version = build.shown(spec)
        build.prerendered[src] = build.rendering(marked_markdown(build.site, policy, version, spec.kind))
    content = page_content(build, src, build.site.url_of(src), "")
    return content.html if content is not None else None


def _copy_docs(docs: Iterable[DocFile], skip: set[str], out: Path) -> int:
    copied = 0
    for doc in docs:
        if doc.src in skip or doc.generated or not doc.abs_path:
            continue
        target = out / doc.src
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(doc.abs_path, target)
        copied += 1
    return copied


def _read(docs: list[DocFile], src: str) -> str:
    for doc in docs:
        if doc.src == src:
            return doc.read()
    return ""


def _front_matter(text: str) -> dict[str, Any]:
    """A page's YAML front matter (a policy's own, or the one the plugin gives a generated page)."""
    if not text.startswith("---"):
        return {}
    parts = text.split("\n---", 1)
    try:
        meta = yaml.safe_load(parts[0][3:]) if len(parts) == 2 else None
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


# A policy's own front matter is for the plugin (its dates, ids, summaries); a builder gets only what
# a page's front matter means to it.
_KEPT = ("title", "description", "search", "hide", "status", "icon", "tags")


def _page_meta(meta: dict[str, Any], title: str) -> dict[str, Any]:
    kept = {key: meta[key] for key in _KEPT if key in meta}
    kept.setdefault("title", title)
    return kept


def _markdown_page(meta: dict[str, Any], body: str) -> str:
    """Front matter, then our HTML as one raw block: Markdown passes a block-level element through as it
    is, up to its closing tag."""
    if not _ARTICLE_START.match(body):
        raise PolicyError(f"export: a page's HTML does not start with a block element: {body[:60]!r}")
    head = yaml.safe_dump(meta, sort_keys=True, allow_unicode=True)
    return f"---\n{head}---\n\n{body.strip()}\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link":
            # Every key present: a template need not ask whether one is (MiniJinja's undefined is strict).
            self.links.append({key: values.get(key, "") for key in ("rel", "type", "hreflang", "title", "href")})
        elif tag == "html":
            self.lang = values.get("lang")


def _head_of(html: str) -> tuple[list[dict[str, str]], str | None]:
    """The `<link>`s and `lang` the plugin adds to a page, as data a template override can print."""
    parser = _HeadParser()
    parser.feed(html)
    return parser.links, parser.lang
