"""One site's project: mkdocs.yml read once, with the policy plugin's options, the site's
Markdown, the git repository and the history it publishes. The CLI's only door to MkDocs."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import ConfigurationError

from .adopt import ADOPTED_DIR
from .channels import NotifySettings, read_notify_settings
from .checks import CheckContext
from .checks.changes import entities_of
from .checks.sources import DataDocument, Sources, read_revision, read_working_tree
from .config import load_site_config
from .contact import Contact, read_contact
from .dates import load_zone, resolve_as_of_moment
from .entities import Entity
from .errors import PolicyError, Problem
from .gitlog import GitRepository
from .history import Options, Renderer, read_history
from .ignore_revs import load_ignore_revs
from .model import History, Policy, Version
from .pages import Site
from .rendering import PolicyMarkdown
from .sanitize import sanitize_html
from .selection import Selection

# ProperDocs reads its own name first; the format is the same.
CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")


class ProjectError(Exception):
    """The project cannot be loaded: no mkdocs.yml, a bad option, not a git repository."""


@dataclass
class Project:
    config_file: Path
    docs_dir: Path
    root: Path
    docs_prefix: str
    site_name: str
    site_url: str
    directory_urls: bool
    locale: str
    zone: dt.tzinfo
    as_of: dt.date
    exclude: tuple[str, ...]
    review_months: int
    notice_days: int
    checks: dict[str, str]
    extensions: list[Any]
    extension_configs: dict[str, Any]
    plain_pages: tuple[str, ...] = ()
    flavour: str = "github"
    ignore_revs_file: str | None = None
    history_start: str | None = None
    pdf: bool = True
    records_dir: Path | None = None  # the published record (`policy restore` fills it)
    language: str = ""  # the controlling language
    translations: tuple[str, ...] | None = None  # translation suffixes; None: any language Babel knows
    as_of_moment: dt.datetime | None = None  # the site's one clock (dates.py); dates a draft of uncommitted edits
    notify: NotifySettings = field(default_factory=NotifySettings)  # the channels `policy notify` uses
    objections_contact: Contact | None = None  # where readers object to an announced sub-processor
    _md: PolicyMarkdown | None = field(default=None, repr=False)

    # -- rendering -----------------------------------------------------------------------------
    def render(self, text: str) -> str:
        """Policy text as the plugin renders it (GitHub's rules, or the site's Markdown extensions)."""
        if self._md is None:
            self._md = PolicyMarkdown(self.flavour, self.extensions, self.extension_configs)
        return self._md(text)

    def render_page(self, text: str) -> str:
        """A page body as the site publishes it: rendered, then sanitized."""
        return sanitize_html(self.render(text))

    @property
    def renderer(self) -> Renderer:
        return self.render

    # -- history -------------------------------------------------------------------------------
    def read_history(self, rev: str = "HEAD", draft: bool = False) -> tuple[History, list[Problem]]:
        """The history up to `rev`; with `draft`, uncommitted edits come last as a draft version dated
        at the as-of moment, as `mkdocs serve` previews them."""
        repo = GitRepository(self.docs_dir)
        try:
            ignore_revs, problems = load_ignore_revs(repo, self.ignore_revs_file, self.config_file.parent)
            history, found = read_history(repo, self.render, Options(
                self.zone, self.as_of, self.exclude, rev, plain_pages=self.plain_pages, ignore_revs=ignore_revs,
                history_start=self.history_start, translations=self.translations, language=self.language,
                working_tree=self.draft_moment if draft else None))
            return history, problems + found
        finally:
            repo.close()

    @property
    def draft_moment(self) -> dt.datetime:
        return self.as_of_moment or dt.datetime.combine(self.as_of, dt.time.max, self.zone)

    def working_tree_differs(self) -> bool:
        repo = GitRepository(self.docs_dir)
        try:
            return repo.working_tree_differs()
        finally:
            repo.close()

    def build_site(self, history: History) -> Site:
        return Site(history=history, directory_urls=self.directory_urls, locale=self.locale, name=self.site_name,
                    url=self.site_url, pdf=self.pdf, language=self.language,
                    objections_contact=self.objections_contact)

    def check_context(self, base: str | None, include_past: bool = False) -> CheckContext:
        """What the rules look at: the working tree, the base tree, and both histories."""
        history, warnings, error = None, [], None
        try:
            history, warnings = self.read_history()
        except PolicyError as exc:
            error = exc
        base_history = None
        if base is not None:
            try:
                base_history, _ = self.read_history(base)
            except PolicyError:
                base_history = None  # the base's own problems are not this branch's to fix
        draft_history = history
        if history is not None and self.working_tree_differs():
            try:
                draft_history, _ = self.read_history(draft=True)
            except PolicyError:
                draft_history = None  # the working tree's own errors are reported by the rules that read it
        return CheckContext(
            head=self.working_tree(), base=self.revision(base) if base else None, history=history,
            base_history=base_history, today=self.as_of, render=self.render, review_months=self.review_months,
            notice_days=self.notice_days, translations=self.translations,
            history_error=error, history_warnings=warnings, include_past=include_past,
            draft_history=draft_history, objections_contact=self.objections_contact)

    # -- trees ---------------------------------------------------------------------------------
    @property
    def selection(self) -> Selection:
        return Selection(self.exclude, self.plain_pages)

    def working_tree(self) -> Sources:
        return read_working_tree(self.docs_dir, self.selection, self.translations, self.language)

    def revision(self, rev: str) -> Sources:
        repo = GitRepository(self.docs_dir)
        try:
            return read_revision(repo, self.resolve(rev), self.selection, self.translations, self.language)
        finally:
            repo.close()

    def resolve(self, rev: str) -> str:
        repo = GitRepository(self.docs_dir)
        try:
            sha = repo.resolve(rev)
        finally:
            repo.close()
        if sha is None:
            raise ProjectError(f"unknown git revision {rev!r}")
        return sha

    def default_base(self) -> str | None:
        """Where the current branch left the default branch: the merge base with origin/HEAD, main or master."""
        repo = GitRepository(self.docs_dir)
        try:
            branch = repo.default_branch()
            return repo.merge_base(branch) if branch else None
        finally:
            repo.close()

    # -- finding policies and versions ---------------------------------------------------------
    def find_policy(self, history: History, name: str, cwd: Path | None = None) -> Policy:
        """A policy by id, by its path (from cwd or from docs_dir), or by any path it has had."""
        for policy in history.policies:
            if policy.id == name:
                return policy
        candidates = {name.removeprefix("./")}
        if self.docs_prefix:
            candidates.add(name.removeprefix("./").removeprefix(f"{self.docs_prefix}/"))
        absolute = ((cwd or Path.cwd()) / name).resolve()
        if absolute.is_relative_to(self.docs_dir):
            candidates.add(absolute.relative_to(self.docs_dir).as_posix())
        for policy in history.policies:
            if candidates & {policy.source, *policy.paths}:
                return policy
        raise ProjectError(f"no policy {name!r}: give a policy id ({', '.join(p.id for p in history.policies)}) "
                           "or the path of its file")

    def find_version(self, history: History, name: str, cwd: Path | None = None) -> tuple[Policy, Version]:
        """`terms@9` is that version; a policy id or path is its latest version."""
        policy_id, _, number = name.rpartition("@")
        if policy_id and number.isdigit():
            policy = self.find_policy(history, policy_id, cwd)
            return policy, _numbered(policy, int(number))
        policy = self.find_policy(history, name, cwd)
        return policy, policy.versions[-1]

    def side(self, policy: Policy, spec: str) -> tuple[str, str, Version | None, tuple[Entity, ...] | None]:
        """(label, Markdown body, version if it is one, entries if it is a list) of one side of a
        redline: a version number or id, a date (the version in force that day) or a git revision (the
        policy's file as it was there; a list kept as data is read as the build reads it)."""
        number = spec.rpartition("@")[2] if spec.startswith(f"{policy.id}@") else spec
        if number.isdigit():
            version = _numbered(policy, int(number))
            return f"version {version.number}", version.markdown, version, version.entities
        try:
            day = dt.date.fromisoformat(spec)
        except ValueError:
            day = None
        if day is not None:
            started = [v for v in policy.versions if v.effective <= day]
            if not started:
                raise ProjectError(f"no version of {policy.id} was in force on {day}")
            version = started[-1]
            return f"version {version.number} (in force on {day})", version.markdown, version, version.entities
        tree = self.revision(spec)
        for path in (policy.source, *reversed(policy.paths)):
            document = tree.document(path) or tree.data.get(path)
            if isinstance(document, DataDocument) and document.error is not None:
                raise ProjectError(f"{self.repo_path(path)} @ {spec}: {document.error}")
            if document is not None:
                return f"{spec}", document.body, None, entities_of(document)
        raise ProjectError(f"{policy.id} does not exist at revision {spec!r}")

    def repo_path(self, docs_path: str) -> str:
        """A docs-relative path as a path from the repository root (what GitHub annotations want)."""
        return f"{self.docs_prefix}/{docs_path}" if self.docs_prefix else docs_path


def find_config(start: Path) -> Path:
    for folder in (start, *start.parents):
        for name in (*CONFIG_NAMES, *(f"{ADOPTED_DIR}/{n}" for n in CONFIG_NAMES)):
            if (folder / name).is_file():
                return folder / name
    raise ProjectError(f"no mkdocs.yml (or properdocs.yml) in {start} or any folder above it; pass --config-file")


def load_project(config_file: Path | None, as_of: str | None, cwd: Path | None = None) -> Project:
    """Read mkdocs.yml (validated by MkDocs itself) and the policy plugin's options."""
    path = config_file or find_config((cwd or Path.cwd()).resolve())
    if not path.is_file():
        raise ProjectError(f"config file {path} does not exist")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        config = load_site_config(str(path))
    except ConfigurationError as exc:
        raise ProjectError(f"{path}: {exc}") from None
    plugin = config.plugins.get("policy")
    if plugin is None:
        raise ProjectError(f"{path}: the `policy` plugin is not enabled under `plugins:`")
    options = plugin.config
    try:
        zone = load_zone(options.timezone)
        moment = resolve_as_of_moment(as_of or options.as_of, zone)
        day = moment.astimezone(zone).date()
    except ValueError as exc:
        raise ProjectError(str(exc)) from None
    docs_dir = Path(config.docs_dir).resolve()
    try:
        repo = GitRepository(docs_dir)
    except PolicyError as exc:
        raise ProjectError(str(exc)) from None
    root, prefix = repo.root, repo.docs_prefix
    repo.close()
    locale = (options.locale or config.theme.get("language") or "en").replace("-", "_")
    return Project(
        notify=read_notify_settings(options.notify),
        config_file=path, docs_dir=docs_dir, root=root, docs_prefix=prefix, site_name=config.site_name,
        site_url=config.site_url or "", directory_urls=config.use_directory_urls, locale=locale,
        zone=zone, as_of=day, exclude=tuple(options.exclude), review_months=options.review_months,
        notice_days=options.notice_days, checks=dict(options.checks),
        translations=None if options.translations is None else tuple(options.translations),
        extensions=list(config.markdown_extensions), extension_configs=dict(config.mdx_configs),
        plain_pages=tuple(options.plain_pages), flavour=options.markdown, ignore_revs_file=options.ignore_revs_file,
        history_start=options.history_start, pdf=options.pdf,
        records_dir=path.parent / options.records_dir if options.records_dir else None,
        language=options.language or config.theme.get("language") or "en", as_of_moment=moment,
        objections_contact=read_contact(options.objections_contact) if options.objections_contact else None)


def _numbered(policy: Policy, number: int) -> Version:
    if not 1 <= number <= len(policy.versions):
        raise ProjectError(f"{policy.id} has versions 1 to {len(policy.versions)}, not {number}")
    return policy.version(number)
