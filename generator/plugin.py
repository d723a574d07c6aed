"""The `policy` MkDocs plugin: thin hooks that feed the history into MkDocs' build."""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from dataclasses import replace
from html import escape as escape_html
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import urls
from .builds import (
    add_feed_links,
    add_language_links,
    cache_salts,
    cached_redline,
    prepare_redlines,
    redline_key,
    set_html_lang,
)
from .cache import Cache, digest
from .config import PolicyConfig
from .dates import display_date, load_zone, resolve_as_of_moment
from .errors import PolicyError, Problem
from .frontmatter import FrontMatterError, read_front_matter, split_source
from .gitlog import GitRepository
from .history import Options, read_history
from .ignore_revs import load_ignore_revs
from .outputs import PdfSettings, abandon_output, finish_output, font_folders, start_output, write_outputs
from .pages import PageSpec, Site, anchor_ids, page_source, rewrite_html_links, rewrite_links
from .records import RecordStore
from .redline import Redline
from .rendering import PolicyMarkdown
from .sanitize import sanitize_html
from .selection import Selection
from .views import changes_view, languages_view, policy_view
from .visible import dated_pair

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
        self._redlines_made: dict[str, Redline] = {}
        self._pairs: dict[str, tuple[str, str]] = {}  # what each redline or compare page compares
        self.markdown: PolicyMarkdown | None = None
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
        self.language = self.config.language or theme_language
        config.theme.dirs.append(str(PACKAGE_DIR / "templates"))
        for path in ASSETS:
            if path.endswith(".css") and path not in config.extra_css:
                config.extra_css.append(path)
            elif path.endswith(".js") and path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(path)
        self.markdown = PolicyMarkdown(self.config.markdown, config.markdown_extensions, config.mdx_configs)
        self.selection = Selection(tuple(self.config.exclude), tuple(self.config.plain_pages))
        self.cache = Cache(self._beside_config(config, self.config.cache_dir), cache_salts(self.markdown))
        self.pdfs = self._pdf_settings(config)
        self._redirect_output(config)
        return config

    def _beside_config(self, config: MkDocsConfig, path: str) -> str | None:
        return os.path.join(os.path.dirname(config.config_file_path or "."), path) if path else None

    def _pdf_settings(self, config: MkDocsConfig) -> PdfSettings | None:
        """PDFs are made by builds only: under `mkdocs serve` the site's address is the dev server's,
        and a record must never carry it."""
        if not self.config.pdf:
            return None
        if self.command != "build":
            log.info("policy: `mkdocs serve` makes no PDFs (a record never carries the dev server's address); "
                     "`mkdocs build` makes them")
            return None
        try:
            fonts = font_folders(Path(config.config_file_path or ".").parent, self.config.pdf_fonts)
            records = RecordStore(self._beside_config(config, self.config.records_dir))
        except PolicyError as exc:
            raise PluginError(f"policy: {exc}") from None
        return PdfSettings(records=records, fonts=fonts, workers=self.config.workers)

    def _redirect_output(self, config: MkDocsConfig) -> None:
        """Build into a sibling folder and swap it in at the end: a failed build leaves site/ untouched."""
        self.final_site_dir = None
        if self.command != "build" or self.dirty:
            return
        self.final_site_dir = config.site_dir
        config.site_dir = start_output(config.site_dir)

    def render(self, text: str) -> str:
        return self.rendering(text)["html"]

    def rendering(self, text: str) -> dict[str, Any]:
        """A policy body's HTML and table of contents, rendered once for the life of the cache."""
        assert self.markdown is not None
        key = digest(text)
        cached = self.cache.get("render", key)
        if isinstance(cached, dict):
            return cached
        rendered = self.markdown.render(text)
        # Kept with its table of contents: the policy's pages reuse this rendering as it is.
        value = {"html": rendered.html, "toc": rendered.toc}
        self.cache.put("render", key, value)
        return value

    # -- files ---------------------------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        try:
            repo = GitRepository(config.docs_dir)
            try:
                config_dir = Path(config.config_file_path or ".").resolve().parent
                ignore_revs, problems = load_ignore_revs(repo, self.config.ignore_revs_file, config_dir)
                # `mkdocs serve` previews uncommitted edits as a draft version dated at the site's
                # as-of moment (its one clock); builds publish history only.
                preview = self.as_of_moment if self.command == "serve" else None
                history, found = read_history(repo, self.render, Options(
                    zone=self.zone, as_of=self.as_of, exclude=self.selection.exclude, working_tree=preview,
                    plain_pages=self.selection.plain_pages, ignore_revs=ignore_revs,
                    history_start=self.config.history_start, translations=self._translations()))
                problems += found
                dirty = repo.working_tree_differs()
                repo_root = repo.root
            finally:
                repo.close()
        except PolicyError as exc:
            raise PluginError(f"policy: {exc}") from None
        self._report(problems)
        if dirty and self.command != "serve":
            log.info("policy: the policies folder has uncommitted changes; the site shows committed history only")
        self.site = Site(history=history, directory_urls=config.use_directory_urls, locale=self.locale,
                         name=config.site_name, url=config.site_url or "",
                         compare_current=self.config.compare_current,
                         email_subscribe_url=self.config.email_subscribe_url, pdf=self.config.pdf,
                         language=self.language)
        self.html = {}
        self.redlines = {}
        self._redlines_made = {}
        self._pairs = {}
        self._prerendered = {}
        self.specs = {spec.src_uri: spec for spec in self.site.page_specs()}
        sections = {s for p in history.policies for v in p.versions for s in v.sections}
        # A data file is shown by its page and published as JSON, not copied as it is.
        sections |= {p.source for p in history.policies if urls.page_src(p.source) != p.source}
        self._drop_sections(files, sections)
        self._drop_unsafe_links(files, repo_root)
        for spec in self.specs.values():
            self._add_page(files, config, spec)
        self._keep_translations_out_of_nav(files, history)
        for src in self._not_policies(files, history, sections):
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

    def _keep_translations_out_of_nav(self, files: Files, history) -> None:
        """The nav lists each policy once; its page links to its other languages."""
        for policy in history.policies:
            file = files.get_file_from_path(policy.source) if policy.translates else None
            if file is not None and file.inclusion.is_in_nav():
                file.inclusion = InclusionLevel.NOT_IN_NAV

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
        meta: dict[str, Any] = {"title": html.escape(spec.title, quote=False)}
        # A live policy kept as data has no Markdown file: its generated page is a page like the others,
        # in the navigation and the search. Archives, redlines and retired policies are neither.
        live = spec.kind == "current" and self.site is not None and not self.site.history.policy(
            spec.policy_id).retirement
        if not live:
            meta["search"] = {"exclude": True}
        files.append(File.generated(config, spec.src_uri, content=page_source(spec, meta),
                                    inclusion=InclusionLevel.INCLUDED if live else InclusionLevel.NOT_IN_NAV))

    def _not_policies(self, files: Files, history, sections: set[str]) -> list[str]:
        """Markdown files that are not policies leave the site, unless `plain_pages` publishes them;
        returns the policy files history does not know (not committed yet)."""
        known = {p.source for p in history.policies} | sections
        uncommitted = []
        for file in list(files.documentation_pages()):
            src = file.src_uri
            if src in known or src in self.specs or file.generated_by or self.selection.is_plain_page(src):
                continue
            if self.selection.is_candidate(src) and not _opted_out(file):
                uncommitted.append(src)
            else:
                files.remove(file)  # excluded, or `policy: false`: not on the site
        return uncommitted

    def _drop_unsafe_links(self, files: Files, root: Path) -> None:
        """Symbolic links are published as the files they point to, only when those are in the repository."""
        for file in list(files):
            if file.generated_by or not file.abs_src_path or not os.path.islink(file.abs_src_path):
                continue
            target = Path(file.abs_src_path).resolve()
            if not target.is_file() or not target.is_relative_to(root):
                files.remove(file)
                where = "does not exist" if not target.exists() else "is outside the repository"
                # Not a policy, so never a reason to fail the build; but never a way to publish a file
                # from outside the repository either.
                log.info(f"policy: {file.src_uri} is a symbolic link to {target}, which {where}; "
                         "it is left out of the site")

    def _translations(self) -> tuple[str, ...] | None:
        chosen = self.config.translations
        return None if chosen is None else tuple(chosen)

    def _report(self, problems: list[Problem]) -> None:
        """Fixable problems are warnings (a strict build fails on them); the past is information."""
        checks = dict(self.config.checks)
        past = 0
        for problem in problems:
            if problem.kind == "skipped":
                log.info(f"policy: {problem}")
            elif problem.kind == "past":
                past += 1
            elif not (problem.rule and checks.get(problem.rule) == "off"):
                log.warning(f"policy: {problem}")
        if past:
            log.info(f"policy: {past} findings about past versions (hand-typed stamps, dates) are history that "
                     "no commit can change; `policy check --history` lists them")

    # -- pages ---------------------------------------------------------------------------------
    def _url_of(self, path: str) -> str | None:
        """Where a docs path of any version is served now: its policy's page, or the file itself."""
        assert self.site is not None and self.files is not None
        for candidate in _link_targets(path):
            source = self._sources.get(candidate)
            if source is not None:
                return self.site.url_of(source)
            file = self.files.get_file_from_path(candidate)
            if file is not None:
                return file.url
        return None

    def _warn_dead_link(self, source: str):
        def warn(target: str) -> None:
            log.warning(f"policy: {source}: links to {target!r}, which is not in the site; the link is shown "
                        "as plain text")
        return warn

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
            # Reading the history rendered this text already: reuse that rendering rather than
            # running Markdown a second time. Only a live policy under the site's own Markdown is
            # left to MkDocs, whose link validation then runs on the text readers see now.
            if spec.kind == "version" or policy.retirement or self.config.markdown == "github":
                self._prerendered[page.file.src_uri] = self.rendering(version.markdown)
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
            policy = self.site.history.policy(spec.policy_id)
            version = policy.version(spec.number) if spec.number else policy.shown
            # Links of the text in force on a live policy can be fixed now: a dead one is a warning.
            # Elsewhere (archives, retired policies) a dead link becomes plain text, silently.
            live = spec.kind == "current" and not policy.retirement
            html = rewrite_html_links(rendered["html"], version.source, page.url, self._url_of,
                                      on_missing=self._warn_dead_link(version.source) if live else None)
            page.toc = get_toc(rendered["toc"])
            page.present_anchor_ids = anchor_ids(html)
        clean = sanitize_html(html)
        if spec.kind == "version":
            version = self.site.history.policy(spec.policy_id).version(spec.number)
            # Redlines compare what a reader sees: a title given only in front matter is the page's
            # heading too (the theme prints it), so a new title shows as a change.
            heading = "" if _LEADING_H1.match(clean) else f"<h1>{escape_html(version.title)}</h1>\n"
            self.html[(spec.policy_id, spec.number)] = heading + clean
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

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Every page's text is in hand now and no redline page is rendered yet: make the redlines the
        cache lacks all at once, on `workers` processes (MkDocs then renders pages on this one)."""
        if self.site is not None:
            self._pairs = {spec.src_uri: pair for spec in self.specs.values()
                           if (pair := self._redline_pair(spec)) is not None}
            self._redlines_made = prepare_redlines(self.cache, list(self._pairs.values()), self.config.workers)
        return env

    def _redline_pair(self, spec: PageSpec) -> tuple[str, str] | None:
        """The renderings a redline or compare page compares, when both are known."""
        if spec.kind not in ("redline", "compare") or self.site is None:
            return None
        policy = self.site.history.policy(spec.policy_id)
        old, new = (spec.number - 1, spec.number) if spec.kind == "redline" else (spec.number, policy.shown.number)
        old_html, new_html = self.html.get((policy.id, old)), self.html.get((policy.id, new))
        if old_html is None or new_html is None:
            return None
        # A version that changes only its dates: its redline marks the day.
        locale = self.site.locale_of(policy.id)
        return dated_pair(old_html, new_html, display_date(policy.version(old).effective, locale),
                          display_date(policy.version(new).effective, locale))

    def _redline(self, spec: PageSpec, policy) -> Redline:
        pair = self._pairs.get(spec.src_uri) or self._redline_pair(spec)
        if pair is None:
            raise PluginError(f"policy: {spec.src_uri}: the versions it compares were not rendered")
        # Made in on_env (and read back from the cache); one on_env did not make is made here.
        redline = self._redlines_made.get(redline_key(*pair))
        if redline is None:
            redline = cached_redline(self.cache, *pair)
        new = spec.number if spec.kind == "redline" else policy.shown.number
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
            policy = self.site.history.policy(spec.policy_id)
            links.append((spec.policy_id, f"{policy.title}: changes"))
            if policy.translates is not None:
                output = set_html_lang(output, self.site.language_of(policy))
            if spec.kind == "current":
                alternates = [(lang["code"], lang["url"]) for lang in languages_view(self.site, policy)]
                output = add_language_links(output, alternates if len(alternates) > 1 else [],
                                            lambda path: urls.relative_url(page.url, path))
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
        if not self.site.url:
            log.warning("policy: set `site_url` in mkdocs.yml: feeds and notices need absolute addresses, "
                        "so no feeds were written")
        try:
            report = write_outputs(self.site, Path(config.site_dir), self.html, self.redlines, self.cache, self.pdfs,
                                   self.config.feed_entries)
        except PolicyError as exc:
            raise PluginError(f"policy: {exc}") from None
        if self.pdfs is not None:
            log.info(f"policy: PDFs: {report.pdfs_restored} as published, {report.pdfs_cached} from the cache, "
                     f"{report.pdfs_made} made")

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


def _link_targets(path: str) -> list[str]:
    """A linked path and, for a folder (GitHub shows its index or README), the files that show it."""
    if path.endswith((".md", ".markdown")) or posixpath.splitext(path)[1]:
        return [path]
    folder = path.rstrip("/")
    return [path, f"{folder}/index.md", f"{folder}/README.md", f"{folder}.md"]


def _opted_out(file: File) -> bool:
    """`policy: false` in the file's front matter, read the way history reads it."""
    try:
        return not read_front_matter(split_source(file.content_string)[0]).is_policy
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return False
