"""The state of one site build, for any front end: the options, the history read once, the pages it
makes, each rendering (cached), each version's archived HTML, the redlines, and the outputs beside
the pages."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .builds import cached_redline, prepare_redlines, redline_key
from .cache import Cache, digest
from .contact import Contact, read_contact
from .dates import display_date, load_zone, resolve_as_of_moment
from .errors import PolicyError, Problem
from .gitlog import GitRepository
from .history import Options, read_history
from .i18n import theme_languages
from .ignore_revs import load_ignore_revs
from .links import Links
from .model import History, Policy, Version
from .outputs import PdfSettings, font_folders, write_outputs
from .pages import PageSpec, Site
from .progress import BuildReport
from .records import RecordStore
from .redline import Redline
from .rendering import PolicyMarkdown
from .selection import Selection
from .subscribe import SubscribeForm, form_problems, read_form
from .visible import dated_pair

log = logging.getLogger("mkdocs.plugins.policy")


@dataclass(frozen=True)
class BuildOptions:
    """The plugin's options as one build uses them, with its clock and languages resolved."""

    zone: dt.tzinfo
    as_of_moment: dt.datetime
    locale: str
    language: str
    selection: Selection
    preview: bool = False  # `serve`: uncommitted edits shown as a draft version
    markdown: str = "github"
    translations: tuple[str, ...] | None = None
    ignore_revs_file: str | None = None
    history_start: str | None = None
    checks: Mapping[str, str] | None = None
    compare_current: bool = True
    email_subscribe_url: str | None = None
    email_subscribe: SubscribeForm | None = None
    websub_hub: str | None = None  # the hub every Atom and RSS feed names (`notify: websub: hub:`)
    pdf: bool = True
    workers: int | None = None
    feed_entries: int | None = None
    theme_languages: Mapping[str, str] = field(default_factory=dict)  # the theme's own words: see i18n.py
    objections_contact: Contact | None = None  # where readers object to an announced sub-processor

    @property
    def as_of(self) -> dt.date:
        return self.as_of_moment.date()


def read_options(config: Mapping[str, Any], theme: Mapping[str, Any], command: str) -> BuildOptions:
    """The plugin's options (a mapping of its config) and the site's theme (its `language`, and the
    template folders in `dirs`) -> BuildOptions; a bad clock is a PolicyError."""
    theme_language = theme.get("language") or "en"
    try:
        zone = load_zone(config["timezone"])
        moment = resolve_as_of_moment(config["as_of"], zone)
    except ValueError as exc:
        raise PolicyError(str(exc)) from None
    chosen = config["translations"]
    return BuildOptions(
        zone=zone, as_of_moment=moment, locale=(config["locale"] or theme_language).replace("-", "_"),
        language=config["language"] or theme_language,
        selection=Selection(tuple(config["exclude"]), tuple(config["plain_pages"])), preview=command == "serve",
        markdown=config["markdown"], translations=None if chosen is None else tuple(chosen),
        ignore_revs_file=config["ignore_revs_file"], history_start=config["history_start"],
        checks=dict(config["checks"]), compare_current=config["compare_current"],
        email_subscribe_url=config["email_subscribe_url"], email_subscribe=read_form(config.get("email_subscribe")),
        pdf=config["pdf"], workers=config["workers"],
        feed_entries=config["feed_entries"], websub_hub=_websub_hub(config),
        theme_languages=theme_languages(getattr(theme, "dirs", ())),
        objections_contact=read_contact(config["objections_contact"]) if config.get("objections_contact") else None)


def _websub_hub(config: Mapping[str, Any]) -> str | None:
    websub = (config.get("notify") or {}).get("websub")
    return websub.get("hub") if websub else None


def beside_config(config_file: str | None, path: str) -> str | None:
    """An option's path, relative to the site's configuration file; "" stays None (turned off)."""
    return os.path.join(os.path.dirname(config_file or "."), path) if path else None


def pdf_settings(config: Mapping[str, Any], config_file: str | None, command: str) -> PdfSettings | None:
    """PDFs are made by builds only: under `mkdocs serve` the site's address is the dev server's,
    and a record must never carry it."""
    if not config["pdf"]:
        return None
    if command != "build":
        log.info("policy: `mkdocs serve` makes no PDFs (a record never carries the dev server's address); "
                 "`mkdocs build` makes them")
        return None
    fonts = font_folders(Path(config_file or ".").parent, config["pdf_fonts"])
    records = RecordStore(beside_config(config_file, config["records_dir"]))
    return PdfSettings(records=records, fonts=fonts, workers=config["workers"])


def report_problems(problems: list[Problem], checks: Mapping[str, str]) -> None:
    """Fixable problems are warnings (a strict build fails on them); the past is information."""
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


class SiteBuild:
    """One build: read the history once, then serve each page's step from what it found."""

    def __init__(self, options: BuildOptions, markdown: PolicyMarkdown, cache: Cache,
                 pdfs: PdfSettings | None = None) -> None:
        self.options = options
        self.markdown = markdown
        self.cache = cache
        self.pdfs = pdfs
        self.site: Site | None = None
        self.specs: dict[str, PageSpec] = {}
        self.html: dict[tuple[str, int], str] = {}  # each version's archived page text
        self.redlines: dict[str, Redline] = {}  # the feeds' excerpts, by version id
        self.prerendered: dict[str, dict[str, Any]] = {}  # renderings pages take as they are, by src
        self.links: Links | None = None
        self.docs_root: str | None = None  # the docs folder's path from the repository's top
        self.failure: str | None = None  # under `serve`: what stopped reading the history
        self._pairs: dict[str, tuple[str, str]] = {}  # what each redline or compare page compares
        self._made: dict[str, Redline] = {}
        self.report = BuildReport(log)

    # -- renderings ----------------------------------------------------------------------------
    def render(self, text: str) -> str:
        return self.rendering(text)["html"]

    def rendering(self, text: str) -> dict[str, Any]:
        """A policy body's HTML and table of contents, rendered once for the life of the cache."""
        key = digest(text)
        cached = self.cache.get("render", key)
        if isinstance(cached, dict):
            return cached
        rendered = self.markdown.render(text)
        # Kept with its table of contents: the policy's pages reuse this rendering as it is.
        value = {"html": rendered.html, "toc": rendered.toc}
        self.cache.put("render", key, value)
        return value

    # -- the history ---------------------------------------------------------------------------
    def read(self, docs_dir: str, config_file: str | None, name: str, url: str,
             directory_urls: bool) -> tuple[History, Path] | None:
        """Read the history of `docs_dir` and work out the site's pages; returns the history and the
        repository's root. Under `serve` a problem is not raised but kept in `failure` (None is
        returned): the preview shows it as a page, and the next save rebuilds."""
        try:
            return self._read(docs_dir, config_file, name, url, directory_urls)
        except PolicyError as exc:
            if not self.options.preview:
                raise
            log.error(f"policy: {exc}")
            self.failure = str(exc)
            return None

    def _read(self, docs_dir: str, config_file: str | None, name: str, url: str,
              directory_urls: bool) -> tuple[History, Path]:
        o = self.options
        repo = GitRepository(docs_dir)
        try:
            config_dir = Path(config_file or ".").resolve().parent
            ignore_revs, problems = load_ignore_revs(repo, o.ignore_revs_file, config_dir)
            # `mkdocs serve` previews uncommitted edits as a draft version dated at the site's
            # as-of moment (its one clock); builds publish history only.
            history, found = read_history(repo, self.render, Options(
                zone=o.zone, as_of=o.as_of, exclude=o.selection.exclude,
                working_tree=o.as_of_moment if o.preview else None, plain_pages=o.selection.plain_pages,
                ignore_revs=ignore_revs, history_start=o.history_start, translations=o.translations,
                language=o.language))
            problems += found
            dirty = repo.working_tree_differs()
            root, commits, self.docs_root = repo.root, repo.commits_read, repo.docs_prefix
        finally:
            repo.close()
        self.report.read(history, commits)
        report_problems(problems, o.checks or {})
        for problem in form_problems(o.email_subscribe, history):
            log.warning(f"policy: {problem}")
        if dirty and not o.preview:
            log.info("policy: the policies folder has uncommitted changes; the site shows committed history only")
        self.site = Site(history=history, directory_urls=directory_urls, locale=o.locale, name=name, url=url,
                         compare_current=o.compare_current, email_subscribe_url=o.email_subscribe_url,
                         email_subscribe=o.email_subscribe,
                         pdf=o.pdf, language=o.language, websub_hub=o.websub_hub,
                         theme_languages=o.theme_languages, objections_contact=o.objections_contact)
        self.specs = {spec.src_uri: spec for spec in self.site.page_specs()}
        return history, root

    def link_files(self, file_url: Callable[[str], str | None]) -> None:
        """Links to files that are not policies go where the front end serves them."""
        assert self.site is not None
        self.links = Links(self.site, file_url)
        contact = self.options.objections_contact
        if contact is not None and contact.kind == "page" and self.links.url_of(contact.target) is None:
            log.warning(f"policy: objections_contact: {contact.target!r} is not a page of the site; readers "
                        "would follow a dead link to object (name a page under docs_dir, an email address "
                        "or a web address)")

    def shown(self, spec: PageSpec) -> tuple[Policy, Version]:
        """The policy of a policy's page and the version it shows."""
        assert self.site is not None
        policy = self.site.history.policy(spec.policy_id)
        return policy, policy.version(spec.number) if spec.number else policy.shown

    # -- redlines ------------------------------------------------------------------------------
    def prepare_redlines(self) -> None:
        """Every archived text is in hand and no redline page is rendered yet: make the redlines the
        cache lacks all at once, on `workers` processes."""
        if self.site is None:
            return
        self._pairs = {spec.src_uri: pair for spec in self.specs.values()
                       if (pair := self._redline_pair(spec)) is not None}
        self.report.stage("pages")
        pairs = list(self._pairs.values())
        self._made = prepare_redlines(self.cache, pairs, self.options.workers, self.report.track)
        made = self.report.tracked.get("redlines", 0)
        self.report.count("redlines", made, len({redline_key(*pair) for pair in pairs}) - made)
        self.report.stage("redlines")

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

    def redline(self, spec: PageSpec, policy: Policy) -> Redline:
        """The redline a redline or compare page shows; a redline page's excerpt is kept for the feeds."""
        pair = self._pairs.get(spec.src_uri) or self._redline_pair(spec)
        if pair is None:
            raise PolicyError(f"{spec.src_uri}: the versions it compares were not rendered")
        # Made in prepare_redlines (and read back from the cache); one it did not make is made here.
        redline = self._made.get(redline_key(*pair))
        if redline is None:
            redline = cached_redline(self.cache, *pair)
        if spec.kind == "redline":
            # The feeds need only the changed blocks: keep those, not a second copy of the document.
            self.redlines[policy.version(spec.number).id] = replace(redline, html=redline.excerpt())
        return redline

    # -- outputs -------------------------------------------------------------------------------
    def write_outputs(self, out: Path) -> None:
        """Feeds, lists, PDFs and the manifest beside the pages."""
        if self.site is None:
            return
        if not self.site.url:
            log.warning("policy: set `site_url` in mkdocs.yml: feeds and notices need absolute addresses, "
                        "so no feeds were written")
        self.report.stage("templates")
        report = write_outputs(self.site, out, self.html, self.redlines, self.cache, self.pdfs,
                               self.options.feed_entries, self.report.track)
        if self.pdfs is not None:
            log.info(f"policy: PDFs: {report.pdfs_restored} as published, {report.pdfs_cached} from the cache, "
                     f"{report.pdfs_made} made")
            self.report.count("PDFs", report.pdfs_made, report.pdfs_restored + report.pdfs_cached)
        self.report.stage("outputs")
        log.info(self.report.summary(len(self.specs)))
