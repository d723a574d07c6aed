"""Which docs files a policy site keeps, drops, adds or hides from the navigation, decided from plain
facts about the files: the front end applies the plan to its own file list."""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import urls
from .frontmatter import FrontMatterError, read_front_matter, split_source
from .model import History
from .pages import PageSpec, page_source
from .selection import Selection
from .sitebuild import SiteBuild

PACKAGE_DIR = Path(__file__).parent
# The stylesheets (in cascade order) and script the site adds for the pages we make, by their address in the site.
ASSETS = {f"assets/policy/{name}": PACKAGE_DIR / "assets" / name
          for name in ("policy.css", "policy-tables.css", "policy-changelist.css", "policy-redline.css",
                       "policy-redline-media.css", "policy.js")}


@dataclass(frozen=True)
class DocFile:
    """One file of the docs folder as the front end found it."""

    src: str  # path in the docs folder, with "/"
    abs_path: str | None = None
    generated: bool = False  # made by a plugin, not read from the docs folder
    page: bool = False  # a Markdown page the site will build
    in_nav: bool = False
    read: Callable[[], str] = lambda: ""  # its text, read only when needed


@dataclass(frozen=True)
class NewPage:
    """A page the site adds: its Markdown source, and whether it is in the navigation (and search)."""

    src: str
    content: str
    in_nav: bool


@dataclass
class FilesPlan:
    """What to do to the docs files, in this order: remove, add, hide from the navigation. `notes` are
    information, `warnings` fixable problems; `error`, when set, means the site cannot be built."""

    remove: list[str] = field(default_factory=list)
    add: list[NewPage] = field(default_factory=list)
    hide: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def files_plan(build: SiteBuild, docs: list[DocFile], found: tuple[History, Path] | None) -> FilesPlan:
    """The plan of a build that read its history (`found`), or under `serve` of one that could not."""
    if found is None:
        return error_plan(docs, build.failure or "the history could not be read")
    history, root = found
    return plan_files(docs, history, build.specs, build.options.selection, root)


def error_plan(docs: Iterable[DocFile], problem: str) -> FilesPlan:
    """`mkdocs serve` when the working tree cannot be read: every page says what to fix (the browser
    shows it at once, and the page the editor has open reloads when a save fixes it)."""
    plan = FilesPlan()
    page = ("---\ntitle: The site cannot be built\nsearch:\n  exclude: true\n---\n\n"
            "# The site cannot be built\n\n"
            f'<pre class="policy-build-error"><code>{html.escape(problem)}</code></pre>\n\n'
            "Fix the file and save it: this page shows the site again as soon as it builds.\n")
    pages = [doc for doc in docs if doc.page and not doc.generated]
    for doc in pages:
        plan.remove.append(doc.src)
        plan.add.append(NewPage(doc.src, page, in_nav=doc.in_nav))
    if not any(doc.src in ("index.md", "README.md") for doc in pages):  # the home page, too
        plan.add.append(NewPage("index.md", page, in_nav=False))
    return plan


def plan_files(docs: Iterable[DocFile], history: History, specs: dict[str, PageSpec], selection: Selection,
               repo_root: Path) -> FilesPlan:
    """The plan for a site whose history is `history` and whose pages are `specs` (by src)."""
    plan = FilesPlan()
    present = {doc.src: doc for doc in docs}
    sections = {s for p in history.policies for v in p.versions for s in v.sections}
    # A data file is shown by its page and published as JSON, not copied as it is.
    sections |= {p.source for p in history.policies if urls.page_src(p.source) != p.source}
    for src in sections:
        if src in present and src not in specs:
            _remove(plan, present, src)
    for doc in list(present.values()):
        note = _unsafe_link(doc, repo_root)
        if note is not None:
            _remove(plan, present, doc.src)
            plan.notes.append(note)
        elif not doc.generated and selection.is_excluded(doc.src):
            _remove(plan, present, doc.src)  # `exclude`: not on the site, whatever its type
    for spec in specs.values():
        plan.error = _add_page(plan, present, history, spec)
        if plan.error is not None:
            return plan
    # The nav lists each policy once; its page links to its other languages.
    plan.hide = [p.source for p in history.policies
                 if p.translates and p.source in present and present[p.source].in_nav]
    known = {p.source for p in history.policies} | sections
    for doc in list(present.values()):
        if not doc.page or doc.generated or doc.src in known or doc.src in specs or selection.is_plain_page(doc.src):
            continue
        if selection.is_candidate(doc.src) and not opted_out(doc.read):
            plan.warnings.append(f"policy: {doc.src} is not committed yet, so it has no history; "
                                 "commit it to publish it")
        else:
            _remove(plan, present, doc.src)  # excluded, or `policy: false`: not on the site
    return plan


def _remove(plan: FilesPlan, present: dict[str, DocFile], src: str) -> None:
    plan.remove.append(src)
    del present[src]


def _unsafe_link(doc: DocFile, root: Path) -> str | None:
    """Symbolic links are published as the files they point to, only when those are in the repository."""
    if doc.generated or not doc.abs_path or not os.path.islink(doc.abs_path):
        return None
    target = Path(doc.abs_path).resolve()
    if target.is_file() and target.is_relative_to(root):
        return None
    where = "does not exist" if not target.exists() else "is outside the repository"
    # Not a policy, so never a reason to fail the build; but never a way to publish a file from
    # outside the repository either.
    return f"policy: {doc.src} is a symbolic link to {target}, which {where}; it is left out of the site"


def _add_page(plan: FilesPlan, present: dict[str, DocFile], history: History, spec: PageSpec) -> str | None:
    """Adds a generated page to the plan; a page that should exist and does not, or that would replace
    a docs file, is an error (returned)."""
    existing = present.get(spec.src_uri)
    if not spec.generated:
        return None if existing is not None else (
            f"policy: {spec.src_uri} is in the history but missing from the docs folder")
    if existing is not None:
        return (f"policy: {spec.src_uri} is a file in the docs folder, but the policy plugin "
                "generates a page at that address; rename the file or exclude it")
    # Titles reach Material's templates unescaped (MkDocs' Jinja does not autoescape): escape them here.
    meta: dict[str, Any] = {"title": html.escape(spec.title, quote=False)}
    # A live policy kept as data has no Markdown file: its generated page is a page like the others,
    # in the navigation and the search. Archives, redlines and retired policies are neither.
    live = spec.kind == "current" and not history.policy(spec.policy_id).retirement
    if not live:
        meta["search"] = {"exclude": True}
    plan.add.append(NewPage(spec.src_uri, page_source(spec, meta), in_nav=live))
    present[spec.src_uri] = DocFile(spec.src_uri, generated=True, page=True, in_nav=live)
    return None


def opted_out(read: Callable[[], str]) -> bool:
    """`policy: false` in the file's front matter, read the way history reads it."""
    try:
        return not read_front_matter(split_source(read())[0]).is_policy
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return False


_README_BESIDE_INDEX = re.compile(r"^Excluding '(?:.*/)?README\.md' from the site because it conflicts with "
                                  r"'(?:.*/)?index\.md'\.$")


class ReadmeBesideIndex(logging.Filter):
    """A folder with both README.md (what GitHub shows) and index.md (the site's page) is how a
    repository serves both; MkDocs' warning that it leaves README.md out is information here, so
    strict builds do not fail on it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and _README_BESIDE_INDEX.match(record.getMessage()):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def quiet_readme_beside_index(front_ends: tuple[str, ...] = ("mkdocs", "properdocs")) -> None:
    """Install ReadmeBesideIndex on the front ends' file listing loggers (once)."""
    for name in front_ends:
        logger = logging.getLogger(f"{name}.structure.files")
        if not any(isinstance(f, ReadmeBesideIndex) for f in logger.filters):
            logger.addFilter(ReadmeBesideIndex())


def lead_with_changes(items: list[Any], pages: list[Any], changes_file: Any) -> None:
    """Put the page of every change right after the home page of a navigation the front end made from
    the files (a site's own `nav` places it where the site lists it): readers find it from any page.
    `items` and `pages` are the navigation's top items and its pages in reading order, each page
    linked to the one before and after it; `changes_file` is the file of that page, if the site has one."""
    changes = getattr(changes_file, "page", None)
    if changes is None or changes in pages:
        return
    at = 1 if items and getattr(getattr(items[0], "file", None), "src_uri", None) in ("index.md", "README.md") else 0
    items.insert(at, changes)
    pages.insert(pages.index(items[0]) + 1 if at else 0, changes)
    for before, after in zip([None, *pages], [*pages, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
