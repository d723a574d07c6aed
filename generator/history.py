"""Raw first-parent changes -> one lineage per policy (renames followed, `id:` joins and splits,
deletions kept as retirements), each with its readable revisions -> versions (see versions.py).

The past is read as it is. A revision that cannot be read as a policy (broken YAML, not UTF-8, a
symbolic link, too large...) is skipped and reported; only the tree being built (and the working
tree under `mkdocs serve`) can be fixed by a commit, so only problems there stop the build."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from .cache import digest
from .datafile import DataFileError, is_data_path, looks_like_data_policy, read_data_file
from .entities import Entity, entities_from_markdown, is_entity_list
from .errors import PolicyError, Problem
from .frontmatter import FrontMatter, FrontMatterError, read_front_matter, split_source
from .gitlog import SUBMODULE_MODE, SYMLINK_MODE, Change, GitRepository, LogEntry
from .model import WORKING_TREE, Commit, History, Policy, Retirement, Version
from .sections import assemble_sections
from .selection import MARKDOWN_SUFFIXES, POLICY_SUFFIXES, Selection
from .translations import link_translations
from .urls import default_policy_id
from .versions import Calendar, Revision, make_versions, skipped, summarize

Renderer = Callable[[str], str]

_H1 = re.compile(r"^[ ]{0,3}#[ \t]+(?P<title>[^\n]+)$", re.M)
_SETEXT_H1 = re.compile(r"^[ ]{0,3}(?P<title>[^\s][^\n]*)\n[ ]{0,3}=+[ \t]*$", re.M)
RESERVED_IDS = {"all"}
# Far above any real policy (long terms of service are a few hundred kB), far below what makes a
# build crawl: every version is rendered, diffed word by word and kept in memory.
MAX_POLICY_BYTES = 2_000_000
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Options:
    """What decides the history: where policies are, which files are not, and the site's calendar."""

    zone: dt.tzinfo
    as_of: dt.date
    exclude: tuple[str, ...] = ()
    rev: str = "HEAD"
    working_tree: dt.datetime | None = None  # preview: uncommitted changes as a draft dated then
    plain_pages: tuple[str, ...] = ()
    ignore_revs: frozenset[str] = frozenset()  # full commit ids never to treat as versions
    history_start: str | None = None  # a commit or a YYYY-MM-DD day: published history starts there
    translations: tuple[str, ...] | None = None  # translation suffixes; None: any language Babel knows

    @property
    def selection(self) -> Selection:
        return Selection(self.exclude, self.plain_pages)


@dataclass(eq=False)
class _Lineage:
    id: str
    path: str
    paths: list[str]
    revisions: list[Revision] = field(default_factory=list)
    source_key: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    retirement: Retirement | None = None
    opted_out: bool = False  # its latest readable revision says `policy: false`
    before_start: bool = False  # retired before published history starts


@dataclass(frozen=True)
class _Parsed:
    """One policy file read at one commit."""

    path: str
    source: str  # assembled source text: front matter + body with sections
    body: str
    front: FrontMatter
    sections: dict[str, str]  # path -> blob
    entities: tuple[Entity, ...] | None = None  # a data file's entries


class _Reader:
    """Walks the log once, keeping the tree of docs_dir as path -> blob."""

    def __init__(self, repo: GitRepository, render: Renderer, options: Options) -> None:
        self.repo = repo
        self.render = render
        self.options = options
        self.selection = options.selection
        self.tree: dict[str, str] = {}
        self.links: set[str] = set()  # paths that are symbolic links now
        self.by_path: dict[str, _Lineage] = {}
        self.by_id: dict[str, _Lineage] = {}
        self.order: list[_Lineage] = []
        self.problems: list[Problem] = []
        self.unreadable: dict[str, PolicyError] = {}  # path -> why its latest revision was skipped
        self.uncommitted: dict[str, bytes] = {}
        self.head_ids: dict[str, str] = {}
        self.started = options.history_start is None
        self._start_day: dt.date | None = None
        self._start_commit: str | None = None
        if options.history_start and _DAY.match(options.history_start):
            try:
                self._start_day = dt.date.fromisoformat(options.history_start)
            except ValueError:
                raise PolicyError(f"history_start: {options.history_start!r} is not a real day") from None
        elif options.history_start:
            self._start_commit = self._resolve_start(options.history_start)
        self._texts: dict[str, str] = {}
        self._calendar = Calendar(options.zone, lambda path: path)

    def _resolve_start(self, rev: str) -> str:
        sha = self.repo.resolve(rev)
        if sha is None:
            raise PolicyError(f"history_start: {rev!r} is neither a commit nor a day (YYYY-MM-DD)")
        return sha

    # -- reading files -------------------------------------------------------------------------
    def text(self, blob: str, path: str, commit: str) -> str:
        cached = self._texts.get(blob)
        if cached is not None:
            return cached
        data = self.uncommitted[blob] if blob in self.uncommitted else self.repo.read_blob(blob)
        _check_size(len(data), path, commit)
        if b"\x00" in data:
            raise PolicyError("contains a NUL byte; policies must be plain UTF-8 text", path, commit)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise PolicyError(
                f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save the file as UTF-8", path, commit, line) from None
        if len(self._texts) > 4096:
            self._texts.clear()
        self._texts[blob] = text
        return text

    def section_text(self, path: str, commit: str) -> str | None:
        blob = self.tree.get(path)
        if blob is None or path in self.links:
            return None
        return self.text(blob, path, commit).removeprefix("\ufeff")

    def parse(self, path: str, commit: str) -> _Parsed:
        if path in self.links:
            target = self.repo.read_blob(self.tree[path]).decode("utf-8", "replace")[:200]
            raise PolicyError(f"is a symbolic link (to {target!r}), not a policy text; replace it with the file "
                              "or add it to `exclude`", path, commit)
        # The byte-order mark stays in `raw`, so a version's SHA-256 is that of the file as it is in git.
        raw = self.text(self.tree[path], path, commit)
        if is_data_path(path):
            return _parse_data(path, raw, commit)
        try:
            data, body, lines = split_source(raw.removeprefix("\ufeff"))
            front = read_front_matter(data)
        except FrontMatterError as exc:
            raise PolicyError(str(exc), path, commit, exc.line) from None
        assembled, used = assemble_sections(body, path, lambda p: self.section_text(p, commit), commit=commit,
                                            first_line=lines)
        source = raw[: len(raw) - len(body)] + assembled
        if used:
            _check_size(len(source.encode("utf-8")), path, commit, " with its sections included")
        return _Parsed(path, source, assembled, front, {p: self.tree[p] for p in used})

    def skip(self, error: PolicyError, commit: Commit, path: str) -> None:
        """A revision of the policy file `path` that cannot be read: reported with its commit and day,
        and remembered until a readable revision comes; the build goes on."""
        self.unreadable[path] = error
        if self.started:
            self.problems.append(skipped(error.problem, commit, self._calendar))

    # -- walking -------------------------------------------------------------------------------
    def included_paths(self) -> set[str]:
        return {s for lineage in self.by_path.values() for s in lineage.sections}

    def walk(self, entries: Iterable[LogEntry]) -> None:
        for entry in entries:
            self.step(entry.commit, entry.changes)
        if self._start_commit is not None and not self.started:
            raise PolicyError(f"history_start: {self.options.history_start!r} is not a commit on the first-parent "
                              f"line of {self.options.rev}; name a commit of the branch being built, or a day")

    def _start_here(self, commit: Commit) -> None:
        if self.started:
            return
        if self._start_commit is not None:
            self.started = commit.sha == self._start_commit
        elif self._start_day is not None:
            self.started = self._calendar.day(commit.committed) >= self._start_day

    def step(self, commit: Commit, changes: tuple[Change, ...]) -> None:
        self._start_here(commit)
        touched: set[str] = set()
        removed: list[_Lineage] = []
        added: list[str] = []
        for change in _markdown_changes(changes):
            if change.status == "D":
                self._forget(change.path)
                lineage = self.by_path.pop(change.path, None)
                if lineage:
                    removed.append(lineage)
                touched.add(change.path)
                continue
            if change.status == "R" and change.old_path:
                self._forget(change.old_path)
                lineage = self.by_path.pop(change.old_path, None)
                split = lineage is not None and self.head_ids.get(change.path, lineage.id) != lineage.id
                if lineage and self.selection.is_candidate(change.path) and not split:
                    lineage.path = change.path
                    lineage.paths.append(change.path)
                    self.by_path[change.path] = lineage
                else:
                    if lineage:
                        removed.append(lineage)
                    added.append(change.path)
                touched.update((change.old_path, change.path))
            elif change.path not in self.by_path:
                added.append(change.path)
            self.tree[change.path] = change.blob or ""
            if change.mode == SYMLINK_MODE:
                self.links.add(change.path)
            else:
                self.links.discard(change.path)
            touched.add(change.path)

        parsed_new = self.classify_added(added, removed, commit)
        for lineage in removed:
            self.retire(lineage, commit)
        for lineage in list(self.by_path.values()):
            if lineage.path in parsed_new or lineage.path in touched or touched & set(lineage.sections):
                try:
                    parsed = parsed_new.get(lineage.path) or self.parse(lineage.path, commit.sha)
                except PolicyError as exc:
                    self.skip(exc, commit, lineage.path)
                    continue
                self.unreadable.pop(lineage.path, None)
                self.consider(lineage, parsed, commit)

    def _forget(self, path: str) -> None:
        self.tree.pop(path, None)
        self.links.discard(path)
        self.unreadable.pop(path, None)

    def classify_added(self, added: list[str], removed: list[_Lineage], commit: Commit) -> dict[str, _Parsed]:
        """Decide which new files are policies (new, or joining an old lineage by id) and which are sections."""
        parsed: dict[str, _Parsed] = {}
        for path in added:
            if not self.selection.is_candidate(path):
                continue
            try:
                item = self.parse(path, commit.sha)
            except PolicyError as exc:
                # Not readable yet: its next readable revision decides whether it is a policy.
                self.skip(exc, commit, path)
                continue
            self.unreadable.pop(path, None)
            if item.front.is_policy:
                parsed[path] = item
        sections = self.included_paths() | {s for item in parsed.values() for s in item.sections}
        for path, item in sorted(parsed.items()):
            if path in sections:
                continue
            policy_id = item.front.id or self.head_ids.get(path) or default_policy_id(path)
            try:
                self.claim(path, policy_id, removed, commit)
            except PolicyError as exc:
                self.skip(exc, commit, path)
        return {p: i for p, i in parsed.items() if p in self.by_path}

    def claim(self, path: str, policy_id: str, removed: list[_Lineage], commit: Commit) -> _Lineage:
        """The lineage `path` belongs to from this commit on: a new one, or an earlier one by its id."""
        if policy_id in RESERVED_IDS:
            raise PolicyError(f"the id {policy_id!r} is reserved; set another `id:`", path, commit.sha)
        lineage = self.by_id.get(policy_id)
        if lineage is not None and lineage in removed:
            removed.remove(lineage)
        elif lineage is not None and lineage.retirement is None and lineage.path != path:
            raise PolicyError(
                f"has the id {policy_id!r}, already used by {lineage.path}; give one of them a distinct "
                "`id:` in its front matter", path, commit.sha)
        if lineage is None:
            lineage = _Lineage(id=policy_id, path=path, paths=[path])
            self.by_id[policy_id] = lineage
            self.order.append(lineage)
        else:
            lineage.retirement = None
            lineage.before_start = False
            lineage.path = path
            if lineage.paths[-1] != path:
                lineage.paths.append(path)
        self.by_path[path] = lineage
        return lineage

    def retire(self, lineage: _Lineage, commit: Commit) -> None:
        lineage.retirement = Retirement(
            commit=commit.sha, date=commit.committed, day=self._calendar.day(commit.committed),
            source=lineage.path, summary=summarize(commit))
        lineage.before_start = not self.started

    def consider(self, lineage: _Lineage, parsed: _Parsed, commit: Commit) -> None:
        """Keep the revision when its title, dates or body changed (versions.py decides what is visible)."""
        front = parsed.front
        if front.id and front.id != lineage.id:
            # A different document from here on (git's rename guess, or an id changed in the past):
            # the old lineage ends at this commit and the file starts or joins the one it names.
            self.by_path.pop(parsed.path, None)
            try:
                other = self.claim(parsed.path, front.id, [], commit)
            except PolicyError as exc:
                self.by_path[parsed.path] = lineage
                self.skip(exc, commit, parsed.path)
                return
            self.retire(lineage, commit)
            lineage = other
        lineage.opted_out = not front.is_policy
        if lineage.opted_out:
            return
        title, title_from = _title(front, parsed)
        source_key = digest(title, str(front.effective or ""), parsed.body)
        if source_key == lineage.source_key:
            lineage.sections = parsed.sections
            return
        try:
            html = self.render(parsed.body)
        except RecursionError:
            self.skip(PolicyError("nests lists, quotes or HTML too deeply to be rendered; flatten the structure",
                                  parsed.path, commit.sha), commit, parsed.path)
            return
        lineage.source_key = source_key
        lineage.sections = parsed.sections
        lineage.revisions.append(Revision(
            commit=commit, path=parsed.path, blob=self.tree[parsed.path], title=title, title_from=title_from,
            front=front, body=parsed.body, source=parsed.source, html=html, sections=parsed.sections,
            entities=parsed.entities if parsed.entities is not None else _listed_entities(title, front, parsed),
            ignored=commit.sha in self.options.ignore_revs, before_start=not self.started))

    def check_current(self, commit: str) -> None:
        """The tree being built must be readable: a file whose latest revision was skipped stops the build."""
        for path, error in sorted(self.unreadable.items()):
            if path in self.tree and self.selection.is_candidate(path) and path not in self.included_paths():
                problem = error.problem
                raise PolicyError(problem.message, problem.path or path,
                                  WORKING_TREE if problem.commit == WORKING_TREE else commit, problem.line)


def _parse_data(path: str, raw: str, commit: str) -> _Parsed:
    """A YAML file: a policy kept as data when it has `entries:`, else not a policy at all."""
    text = raw.removeprefix("\ufeff")
    if not looks_like_data_policy(text):
        return _Parsed(path, raw, "", read_front_matter({"policy": False}), {})
    try:
        data = read_data_file(text)
    except (DataFileError, FrontMatterError) as exc:
        raise PolicyError(str(exc), path, commit, getattr(exc, "line", None)) from None
    return _Parsed(path, raw, data.body, data.front, {}, data.entities)


def _listed_entities(title: str, front: FrontMatter, parsed: _Parsed) -> tuple[Entity, ...] | None:
    """A Markdown policy that is a list of sub-processors: its entries, as the text lists them."""
    if not is_entity_list(title, front.raw.get("kind")):
        return None
    return entities_from_markdown(parsed.body)


def _markdown_changes(changes: Iterable[Change]) -> Iterable[Change]:
    """Changes to Markdown files; other files (PDFs, images, symlinks to them) are assets, never policies."""
    for change in changes:
        if change.mode == SUBMODULE_MODE:
            continue
        new_md = change.path.endswith(POLICY_SUFFIXES)
        if change.status == "R" and change.old_path:
            old_md = change.old_path.endswith(POLICY_SUFFIXES)
            if old_md and not new_md:
                yield Change("D", change.old_path, None, change.mode)
                continue
            if new_md and not old_md:
                yield Change("A", change.path, change.blob, change.mode)
                continue
        if new_md:
            yield change


def is_candidate(path: str, exclude: tuple[str, ...], plain_pages: tuple[str, ...] = ()) -> bool:
    """Could this docs path be a policy: a Markdown file neither excluded nor a plain page."""
    return Selection(tuple(exclude), tuple(plain_pages)).is_candidate(path)


def _title(front: FrontMatter, parsed: _Parsed) -> tuple[str, str]:
    if front.title:
        return front.title, "front matter"
    heading = first_heading(parsed.body)
    if heading:
        return heading, "heading"
    return title_from_path(parsed.path), "file name"


def first_heading(body: str) -> str | None:
    """The first level-1 heading, ATX (`# Title`) or setext (`Title` over `===`), as GitHub reads it."""
    # Closing hashes are stripped in Python: a regex doing it (lazy title, optional trailing
    # blanks and hashes) backtracks cubically, and one long line in a pull request stalls the build.
    found = [m for m in (_H1.search(body), _SETEXT_H1.search(body)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    title = match.group("title").strip()
    if match.re is _H1:
        unclosed = title.rstrip("#")
        if not unclosed or unclosed[-1] in " \t":
            title = unclosed.strip()
    return title or None


def title_from_path(path: str) -> str:
    """`DMCA/DMCA Counter Notice.md` -> 'DMCA Counter Notice'; `cookie-policy/index.md` -> 'Cookie policy'."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    if stem.lower() in ("index", "readme") and posixpath.dirname(path):
        stem = posixpath.basename(posixpath.dirname(path))
    name = " ".join(stem.replace("-", " ").replace("_", " ").split()) or stem
    return name[:1].upper() + name[1:] if name.islower() else name


def _check_size(size: int, path: str, commit: str, what: str = "") -> None:
    if size > MAX_POLICY_BYTES:
        raise PolicyError(
            f"is {size / 1_000_000:.1f} MB{what}; a policy may be at most {MAX_POLICY_BYTES // 1_000_000} MB "
            "of text (split it into separate policies)", path, commit)


def assign_statuses(versions: list[Version], as_of: dt.date, retired: bool) -> tuple[Version, ...]:
    """superseded / in-force / upcoming, as of one day."""
    started = [v for v in versions if v.effective <= as_of]
    current = started[-1] if started else None
    result = []
    for version in versions:
        if version.effective > as_of:
            status = "upcoming"
        elif version is current and not retired:
            status = "in-force"
        else:
            status = "superseded"
        result.append(replace(version, status=status))
    return tuple(result)


def _read_head_ids(repo: GitRepository, rev: str, selection: Selection) -> dict[str, str]:
    """`id:` as today's front matter declares it, by path: it names the lineage of the file at that
    path through its whole past, and separates it from a different file git took for its old name."""
    if repo.resolve(rev) is None:
        return {}
    ids = {}
    for path, data in repo.read_tree(rev, MARKDOWN_SUFFIXES):
        if not selection.is_candidate(path):
            continue
        try:
            front = read_front_matter(split_source(data.decode("utf-8").removeprefix("\ufeff"))[0])
        except (UnicodeDecodeError, FrontMatterError):
            continue
        if front.id:
            ids[path] = front.id
    return ids


def read_history(repo: GitRepository, render: Renderer, options: Options) -> tuple[History, list[Problem]]:
    """One pass over the branch's first-parent history: every policy with every version."""
    repo.check_complete()
    reader = _Reader(repo, render, options)
    reader.head_ids = _read_head_ids(repo, options.rev, reader.selection)
    newest: list[dt.datetime] = []
    reader.walk(_noting_newest(repo.log(options.rev), newest))
    head = repo.resolve(options.rev)
    last = head or WORKING_TREE
    if options.working_tree is not None:
        changes, reader.uncommitted = repo.working_tree_changes(POLICY_SUFFIXES)
        if changes:
            # Dated at the site's as-of moment, but never before the newest commit: a draft comes after it.
            moment = max([options.working_tree, *newest])
            draft = Commit(sha=WORKING_TREE, parents=(), committed=moment,
                           subject="Uncommitted changes (preview)", body="")
            reader.step(draft, tuple(changes))
            last = WORKING_TREE
    reader.check_current(last)
    return _publish(reader, options, head)


def _noting_newest(entries: Iterable[LogEntry], newest: list[dt.datetime]) -> Iterable[LogEntry]:
    for entry in entries:
        if not newest or entry.commit.committed > newest[0]:
            newest[:] = [entry.commit.committed]
        yield entry


def _publish(reader: _Reader, options: Options, head: str | None) -> tuple[History, list[Problem]]:
    today = {p: lineage.path for lineage in reader.order for p in lineage.paths}
    calendar = Calendar(options.zone, lambda path: today.get(path, path))
    problems = list(reader.problems)
    policies = []
    for lineage in reader.order:
        if lineage.before_start or (lineage.opted_out and lineage.retirement is None):
            continue
        final = None if lineage.retirement else reader.tree.get(lineage.path)
        versions, found = make_versions(lineage.id, lineage.revisions, calendar, final=final)
        problems += found
        if not versions:
            continue
        statuses = assign_statuses(versions, options.as_of, lineage.retirement is not None)
        policies.append(Policy(id=lineage.id, source=lineage.path, versions=statuses,
                               retirement=lineage.retirement, paths=tuple(lineage.paths)))
    policies = link_translations(policies, options.translations)
    policies.sort(key=lambda p: (p.status == "retired", p.source))
    return History(policies=tuple(policies), as_of=options.as_of, head=head), problems
