"""The `policy` MkDocs plugin: thin hooks that feed the history into MkDocs' build."""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import urls
from .builds import abandon_output, add_feed_links, cached_redline, finish_output, start_output
from .cache import Cache, digest
from .config import PolicyConfig
from .dates import load_zone, resolve_as_of_moment
from .errors import PolicyError
from .feeds import write_feeds
from .frontmatter import FrontMatterError, read_front_matter, split_source
from .gitlog import GitRepository
from .history import Options, is_candidate, read_history
from .manifest import MANIFEST_PATH, build_manifest, dump_manifest
from .pages import PageSpec, Site, page_source, rewrite_html_links, rewrite_links
from .redline import Redline
from .sanitize import sanitize_html
from .views import changes_view, policy_view

log = logging.getLogger("mkdocs.plugins.policy")

PACKAGE_DIR = Path(__file__).parent
ASSETS = {
    "assets/policy/policy.css": PACKAGE_DIR / "assets" / "policy.css",
    "assets/policy/policy-redline.css": PACKAGE_DIR / "assets" / "policy-redline.css",
    "assets/policy/policy.js": PACKAGE_DIR / "assets" / "policy.js",
}
_LEADING_H1 = re.compile(r"^\s*(<h1\b[^>]*>.*?</h1>)", re.S)


class PolicyPlugin(BasePlugin[PolicyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.specs: dict[str, PageSpec] = {}
        self.html: dict[tuple[str, int], str] = {}
        self.redlines: dict[str, Redline] = {}
        self.render_md: markdown.Markdown | None = None
        self.command = "build"
        self.dirty = False
        self.final_site_dir: str | None = None
        self._prerendered: dict[str, dict[str, Any]] = {}
        self._sources: dict[str, str] = {}
        self.files: Files | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache handles) alive across serve rebuilds.
        self.command = command
        self.dirty = dirty

    # -- configuration -------------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        try:
            self.zone = load_zone(self.config.timezone)
            self.as_of_moment = resolve_as_of_moment(self.config.as_of, self.zone)
            self.as_of = self.as_of_moment.date()
        except ValueError as exc:
            raise PluginError(f"policy plugin: {exc}") from None
        theme_language = config.theme.get("language") or "en"
        self.locale = (self.config.locale or theme_language).replace("-", "_")
        config.theme.dirs.append(str(PACKAGE_DIR / "templates"))
        for path in ASSETS:
            if path.endswith(".css") and path not in config.extra_css:
                config.extra_css.append(path)
            elif path.endswith(".js") and path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(path)
        self.render_md = markdown.Markdown(extensions=config.markdown_extensions,
                                           extension_configs=config.mdx_configs)
        self.cache = Cache(self._cache_root(config), _config_key(config, self.config))
        self._redirect_output(config)
        return config

    def _cache_root(self, config: MkDocsConfig) -> str | None:
        if not self.config.cache_dir:
            return None
        return os.path.join(os.path.dirname(config.config_file_path or "."), self.config.cache_dir)

    def _redirect_output(self, config: MkDocsConfig) -> None:
        """Build into a sibling folder and swap it in at the end: a failed build leaves site/ untouched."""
        self.final_site_dir = None
        if self.command != "build" or self.dirty:
            return
        self.final_site_dir = config.site_dir
        config.site_dir = start_output(config.site_dir)

    def render(self, text: str) -> str:
        assert self.render_md is not None
        key = digest(text)
        cached = self.cache.get("render", key)
        if isinstance(cached, dict):
            return cached["html"]
        md = self.render_md.reset()
        html = md.convert(text)
        # Kept with its table of contents: an archived page reuses this rendering as it is.
        self.cache.put("render", key, {"html": html, "toc": getattr(md, "toc_tokens", [])})
        return html

    # -- files ---------------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        try:
            repo = GitRepository(config.docs_dir)
            try:
                # `mkdocs serve` previews uncommitted edits as a draft version dated at the site's
                # as-of moment (its one clock); builds publish history only.
                preview = self.as_of_moment if self.command == "serve" else None
                history, problems = read_history(repo, self.render, Options(
                    zone=self.zone, as_of=self.as_of, exclude=tuple(self.config.exclude), working_tree=preview))
                dirty = repo.working_tree_differs()
            finally:
                repo.close()
        except PolicyError as exc:
            raise PluginError(f"policy: {exc}") from None
        for problem in problems:
            log.warning(f"policy: {problem}")
        if dirty and self.command != "serve":
            log.info("policy: the policies folder has uncommitted changes; the site shows committed history only")
        self.site = Site(history=history, directory_urls=config.use_directory_urls, locale=self.locale,
                         name=config.site_name, url=config.site_url or "",
                         compare_current=self.config.compare_current,
                         email_subscribe_url=self.config.email_subscribe_url)
        self.html = {}
        self.redlines = {}
        self._prerendered = {}
        self.specs = {spec.src_uri: spec for spec in self.site.page_specs()}
        sections = {s for p in history.policies for v in p.versions for s in v.sections}
        self._drop_sections(files, sections)
        for spec in self.specs.values():
            self._add_page(files, config, spec)
        for src in self._uncommitted(files, history, sections):
            log.warning(f"policy: {src} is not committed yet, so it has no history; commit it to publish it")
        for dest, source in ASSETS.items():
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        self.files = files
        self._sources = {path: p.source for p in history.policies for path in p.paths}
        self._sources.update({p.source: p.source for p in history.policies})
        return files

    def _drop_sections(self, files: Files, sections: set[str]) -> None:
        for src in sections:
            file = files.get_file_from_path(src)
            if file is not None and src not in self.specs:
                files.remove(file)

    def _add_page(self, files: Files, config: MkDocsConfig, spec: PageSpec) -> None:
        existing = files.get_file_from_path(spec.src_uri)
        if not spec.generated:
            if existing is None:
                raise PluginError(f"policy: {spec.src_uri} is in the history but missing from the docs folder")
            return
        if existing is not None:
            raise PluginError(f"policy: {spec.src_uri} is a file in the docs folder, but the policy plugin "
                              f"generates a page at that address; rename the file or exclude it")
        # Titles reach Material's templates unescaped (MkDocs' Jinja does not autoescape): escape them here.
        meta = {"title": html.escape(spec.title, quote=False), "search": {"exclude": True}}
        files.append(File.generated(config, spec.src_uri, content=page_source(spec, meta),
                                    inclusion=InclusionLevel.NOT_IN_NAV))

    def _uncommitted(self, files: Files, history, sections: set[str]) -> list[str]:
        """Policy files on disk that history does not know (excluded and opted-out files are not policies)."""
        known = {p.source for p in history.policies} | sections
        exclude = tuple(self.config.exclude)
        return [f.src_uri for f in files.documentation_pages()
                if f.src_uri not in known and f.src_uri not in self.specs and not f.generated_by
                and is_candidate(f.src_uri, exclude) and not _opted_out(f)]

    # -- pages ---------------------------------------------------------------------------------
    def _url_of(self, path: str) -> str | None:
        """Where a docs path of any version is served now: its policy's page, or the file itself."""
        assert self.site is not None and self.files is not None
        source = self._sources.get(path)
        if source is not None:
            return self.site.url_of(source)
        file = self.files.get_file_from_path(path)
        return file.url if file is not None else None

    def _resolver(self):
        """Docs path as of any version -> the source path of the page that shows it today."""
        return lambda path: self._sources.get(path, path)

    def on_page_markdown(self, markdown_text: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        spec = self.specs.get(page.file.src_uri)
        if spec is None or self.site is None:
            return markdown_text
        page.meta["template"] = "policy/page.html"
        if spec.kind in ("current", "version"):
            policy = self.site.history.policy(spec.policy_id)
            version = policy.version(spec.number) if spec.number else policy.shown
            page.meta["title"] = html.escape(version.title, quote=False)
            if spec.kind == "current":
                page.title = page.meta["title"]
            if spec.kind == "version":
                # Reading the history rendered this text already (with the site's extensions):
                # reuse that rendering rather than running Markdown a second time.
                rendered = self.cache.get("render", digest(version.markdown))
                if isinstance(rendered, dict):
                    self._prerendered[page.file.src_uri] = rendered
                    return ""
            return rewrite_links(version.markdown, version.source, page.file.src_uri, self._resolver())
        return markdown_text

    @event_priority(-50)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        spec = self.specs.get(page.file.src_uri)
        if spec is None or spec.kind not in ("current", "version"):
            return html
        rendered = self._prerendered.pop(page.file.src_uri, None)
        if rendered is not None:
            version = self.site.history.policy(spec.policy_id).version(spec.number)
            html = rewrite_html_links(rendered["html"], version.source, page.url, self._url_of)
            page.toc = get_toc(rendered["toc"])
        clean = sanitize_html(html)
        if spec.kind == "version":
            self.html[(spec.policy_id, spec.number)] = clean
        return clean

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav) -> dict[str, Any]:
        spec = self.specs.get(page.file.src_uri)
        if spec is None or self.site is None:
            return context
        if spec.kind == "changes":
            context["policy_view"] = changes_view(self.site)
            return context
        policy = self.site.history.policy(spec.policy_id)
        view = policy_view(self.site, policy, spec.kind, spec.number)
        if spec.kind in ("current", "version"):
            match = _LEADING_H1.match(page.content or "")
            view["heading_html"] = match.group(1) if match else ""
            view["body_html"] = (page.content or "")[match.end():] if match else page.content
        elif spec.kind in ("redline", "compare"):
            view["redline"] = self._redline(spec, policy)
        context["policy_view"] = view
        return context

    def _redline(self, spec: PageSpec, policy) -> Redline:
        if spec.kind == "redline":
            old, new = spec.number - 1, spec.number
        else:
            old, new = spec.number, policy.shown.number
        redline = cached_redline(self.cache, self.html[(policy.id, old)], self.html[(policy.id, new)])
        if spec.kind == "redline":
            # The feeds need only the changed blocks: keep those, not a second copy of the document.
            self.redlines[policy.version(new).id] = replace(redline, html=redline.excerpt())
        return redline

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page | None:
        """Pages carry dates from history, not the build clock, so the same history builds the same site."""
        if self.site is None:
            return page
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.policy_id:
            policy = self.site.history.policy(spec.policy_id)
            version = policy.version(spec.number) if spec.number else policy.shown
            page.update_date = version.effective.isoformat()
        elif "SOURCE_DATE_EPOCH" not in os.environ and self.site.history.last_change is not None:
            page.update_date = self.site.history.last_change.isoformat()
        return page

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        if self.site is None:
            return output
        links: list[tuple[str | None, str]] = [(None, f"{config.site_name}: policy changes")]
        spec = self.specs.get(page.file.src_uri)
        if spec is not None and spec.policy_id:
            links.append((spec.policy_id, f"{self.site.history.policy(spec.policy_id).title}: changes"))
        return add_feed_links(output, links, lambda path: urls.relative_url(page.url, path))

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str | None:
        # The 404 page is served at any depth, so its links start from the site's root path.
        if self.site is None or template_name != "404.html":
            return output_content
        root = urlsplit(config.site_url or "/").path or "/"
        links: list[tuple[str | None, str]] = [(None, f"{config.site_name}: policy changes")]
        return add_feed_links(output_content, links, lambda path: posixpath.join(root, path))

    def _write_outputs(self, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        out = Path(config.site_dir)
        feeds: dict = {}
        if not self.site.url:
            log.warning("policy: set `site_url` in mkdocs.yml: feeds and notices need absolute addresses, "
                        "so no feeds were written")
        else:
            try:
                feeds = write_feeds(self.site, self.redlines, out, limit=self.config.feed_entries)
            except ValueError as exc:
                raise PluginError(f"policy: feeds: {exc}") from None
        (out / MANIFEST_PATH).write_text(dump_manifest(build_manifest(self.site, feeds)), encoding="utf-8")

    @event_priority(-100)
    def _swap_output(self, config: MkDocsConfig) -> None:
        """Last of all post-build work: put the finished site in place of the old one."""
        if self.final_site_dir is None:
            return
        finish_output(config.site_dir, self.final_site_dir)
        config.site_dir = self.final_site_dir
        self.final_site_dir = None

    on_post_build = CombinedEvent(_write_outputs, _swap_output)

    def on_build_error(self, *, error: Exception) -> None:
        if self.final_site_dir is not None and self.config.enabled:
            abandon_output(self.final_site_dir)
            self.final_site_dir = None


def _config_key(config: MkDocsConfig, options: PolicyConfig) -> str:
    """What, besides the inputs themselves, decides cached renderings and redlines."""
    def name(value: object) -> str:
        return getattr(value, "__qualname__", type(value).__name__)
    relevant = {"markdown_extensions": config.markdown_extensions, "mdx_configs": config.mdx_configs,
                "use_directory_urls": config.use_directory_urls, "options": dict(options)}
    return json.dumps(relevant, sort_keys=True, default=name)


def _opted_out(file: File) -> bool:
    """`policy: false` in the file's front matter, read the way history reads it."""
    try:
        return not read_front_matter(split_source(file.content_string)[0]).is_policy
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return False
