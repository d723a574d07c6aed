"""Raw first-parent changes -> one lineage per policy (renames followed, `id:` joins, deletions
kept as retirements) -> versions with dates, summaries and statuses."""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from .cache import digest
from .errors import PolicyError, Problem
from .frontmatter import FrontMatterError, read_front_matter, split_source
from .gitlog import SUBMODULE_MODE, SYMLINK_MODE, Change, GitRepository, LogEntry
from .model import WORKING_TREE, Commit, History, Policy, Retirement, Version
from .sections import assemble_sections
from .stamps import find_stamp_lines
from .urls import default_policy_id

Renderer = Callable[[str], str]

MARKDOWN_SUFFIXES = (".md", ".markdown")
_H1 = re.compile(r"^#[ \t]+(?P<title>[^\n]+)$", re.M)
_PR_MERGE = re.compile(r"^Merge pull request #\d+", re.I)
RESERVED_IDS = {"all"}
# Far above any real policy (long terms of service are a few hundred kB), far below what makes a
# build crawl: every version is rendered, diffed word by word and kept in memory.
MAX_POLICY_BYTES = 2_000_000


@dataclass(frozen=True)
class Options:
    """What decides the history: where policies are, which files are not, and the site's calendar."""

    zone: dt.tzinfo
    as_of: dt.date
    exclude: tuple[str, ...] = ()
    rev: str = "HEAD"
    working_tree: dt.datetime | None = None  # preview: uncommitted changes as a draft dated then


@dataclass(eq=False)
class _Lineage:
    id: str
    path: str
    paths: list[str]
    versions: list[Version] = field(default_factory=list)
    fingerprint: str | None = None
    source_key: str | None = None
    declared_effective: dt.date | None = None
    front_summary: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    retirement: Retirement | None = None


@dataclass(frozen=True)
class _Parsed:
    """One policy file read at one commit."""

    path: str
    source: str  # assembled source text: front matter + body with sections
    body: str
    front: object  # FrontMatter
    sections: dict[str, str]  # path -> blob


class _Reader:
    """Walks the log once, keeping the tree of docs_dir as path -> blob."""

    def __init__(self, repo: GitRepository, render: Renderer, options: Options) -> None:
        self.repo = repo
        self.render = render
        self.options = options
        self.tree: dict[str, str] = {}
        self.by_path: dict[str, _Lineage] = {}
        self.by_id: dict[str, _Lineage] = {}
        self.order: list[_Lineage] = []
        self.warnings: list[Problem] = []
        self.uncommitted: dict[str, bytes] = {}
        self._texts: dict[str, str] = {}

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

    def link_target(self, change: Change) -> str:
        return self.repo.read_blob(change.blob or "").decode("utf-8", "replace")[:200]

    def section_text(self, path: str, commit: str) -> str | None:
        blob = self.tree.get(path)
        return None if blob is None else self.text(blob, path, commit).removeprefix("\ufeff")

    def parse(self, path: str, commit: str) -> _Parsed:
        # The byte-order mark stays in `raw`, so a version's SHA-256 is that of the file as it is in git.
        raw = self.text(self.tree[path], path, commit)
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

    # -- walking -------------------------------------------------------------------------------
    def is_candidate(self, path: str) -> bool:
        return is_candidate(path, self.options.exclude)

    def included_paths(self) -> set[str]:
        return {s for lineage in self.by_path.values() for s in lineage.sections}

    def walk(self, entries: Iterable[LogEntry]) -> None:
        for entry in entries:
            self.step(entry.commit, entry.changes)

    def step(self, commit: Commit, changes: tuple[Change, ...]) -> None:
        touched: set[str] = set()
        removed: list[_Lineage] = []
        added: list[str] = []
        for change in changes:
            if change.mode == SYMLINK_MODE and change.status != "D":
                raise PolicyError(f"is a symbolic link (to {self.link_target(change)!r}); files in the policies "
                                  "folder must be regular files, committed as they are", change.path, commit.sha)
            if change.mode == SUBMODULE_MODE or not change.path.endswith(MARKDOWN_SUFFIXES):
                continue
            if change.status == "D":
                self.tree.pop(change.path, None)
                lineage = self.by_path.pop(change.path, None)
                if lineage:
                    removed.append(lineage)
                touched.add(change.path)
                continue
            if change.status == "R" and change.old_path:
                self.tree.pop(change.old_path, None)
                lineage = self.by_path.pop(change.old_path, None)
                if lineage and self.is_candidate(change.path):
                    lineage.path = change.path
                    lineage.paths.append(change.path)
                    self.by_path[change.path] = lineage
                elif lineage:
                    removed.append(lineage)
                else:
                    added.append(change.path)
                touched.update((change.old_path, change.path))
            elif change.path not in self.by_path:
                added.append(change.path)
            self.tree[change.path] = change.blob or ""
            touched.add(change.path)

        parsed_new = self.classify_added(added, removed, commit)
        for lineage in removed:
            self.retire(lineage, commit)
        for lineage in list(self.by_path.values()):
            if lineage.path in parsed_new or lineage.path in touched or touched & set(lineage.sections):
                parsed = parsed_new.get(lineage.path) or self.parse(lineage.path, commit.sha)
                self.consider(lineage, parsed, commit)

    def classify_added(self, added: list[str], removed: list[_Lineage], commit: Commit) -> dict[str, _Parsed]:
        """Decide which new files are policies (new, or joining an old lineage by id) and which are sections."""
        parsed: dict[str, _Parsed] = {}
        for path in added:
            if not self.is_candidate(path):
                continue
            item = self.parse(path, commit.sha)
            if item.front.is_policy:
                parsed[path] = item
        sections = self.included_paths() | {s for item in parsed.values() for s in item.sections}
        for path, item in sorted(parsed.items()):
            if path in sections:
                continue
            policy_id = item.front.id or default_policy_id(path)
            if policy_id in RESERVED_IDS:
                raise PolicyError(f"the id {policy_id!r} is reserved; set another `id:`", path, commit.sha)
            lineage = self.by_id.get(policy_id)
            if lineage is not None and lineage in removed:
                removed.remove(lineage)
            elif lineage is not None and lineage.retirement is None:
                raise PolicyError(
                    f"has the id {policy_id!r}, already used by {lineage.path}; give one of them a distinct "
                    "`id:` in its front matter", path, commit.sha)
            if lineage is None:
                lineage = _Lineage(id=policy_id, path=path, paths=[path])
                self.by_id[policy_id] = lineage
                self.order.append(lineage)
            else:
                lineage.retirement = None
                lineage.path = path
                if lineage.paths[-1] != path:
                    lineage.paths.append(path)
            self.by_path[path] = lineage
        return {p: i for p, i in parsed.items() if p in self.by_path}

    def retire(self, lineage: _Lineage, commit: Commit) -> None:
        lineage.retirement = Retirement(
            commit=commit.sha, date=commit.committed, day=commit.committed.astimezone(self.options.zone).date(),
            source=lineage.path, summary=summarize(commit))

    def consider(self, lineage: _Lineage, parsed: _Parsed, commit: Commit) -> None:
        """Make a new version when what the policy says (title, dates, rendered text) changed."""
        front = parsed.front
        if front.id and front.id != lineage.id:
            raise PolicyError(f"'id' changed from {lineage.id!r} to {front.id!r}; a policy's id is permanent "
                              "because its version addresses are built from it", parsed.path, commit.sha)
        title = front.title or _first_heading(parsed.body)
        if not title:
            raise PolicyError("has no title: add `title:` to the front matter or start with a `# Heading`",
                              parsed.path, commit.sha)
        # The same title, date and body as last seen (a commit that touched other front matter keys)
        # cannot be a version: no need to render it.
        source_key = digest(title, str(front.effective or ""), parsed.body)
        if source_key == lineage.source_key:
            lineage.sections = parsed.sections
            return
        lineage.source_key = source_key
        try:
            html = self.render(parsed.body)
        except RecursionError:
            raise PolicyError("nests lists, quotes or HTML too deeply to be rendered; flatten the structure",
                              parsed.path, commit.sha) from None
        fingerprint = _fingerprint(title, front.effective, html)
        if fingerprint == lineage.fingerprint:
            lineage.sections = parsed.sections
            return
        previous = lineage.versions[-1] if lineage.versions else None
        effective = self.effective_of(lineage, parsed, commit, previous)
        summary = front.summary if front.summary and front.summary != lineage.front_summary else summarize(commit)
        changed_sections = tuple(p for p, b in parsed.sections.items() if lineage.sections.get(p) != b)
        version = Version(
            policy_id=lineage.id, number=len(lineage.versions) + 1, commit=commit.sha, source=parsed.path,
            published=commit.committed, effective=effective, effective_declared=front.effective is not None,
            title=title, summary=summary, markdown=parsed.body,
            sha256=hashlib.sha256(parsed.source.encode("utf-8")).hexdigest(),
            sections=tuple(parsed.sections), sections_changed=changed_sections if previous else (),
            material=front.material, reviewed=front.reviewed)
        self.warn_typed_stamps(version, parsed, commit)
        lineage.versions.append(version)
        lineage.fingerprint = fingerprint
        lineage.declared_effective = front.effective
        lineage.front_summary = front.summary
        lineage.sections = parsed.sections

    def effective_of(self, lineage: _Lineage, parsed: _Parsed, commit: Commit, previous: Version | None) -> dt.date:
        published_day = commit.committed.astimezone(self.options.zone).date()
        declared = parsed.front.effective
        effective = published_day if declared is None else declared
        if declared is not None and declared < published_day:
            if previous is not None and declared == lineage.declared_effective:
                self.warnings.append(Problem(
                    f"'effective: {declared}' is left over from version {previous.number}; this change was "
                    f"published on {published_day}: set its own effective date or remove the key",
                    parsed.path, commit.sha))
                effective = published_day
            else:
                self.warnings.append(Problem(
                    f"'effective: {declared}' is before the change was published ({published_day})",
                    parsed.path, commit.sha))
        if previous is not None and effective < previous.effective:
            raise PolicyError(
                f"'effective' {effective} is earlier than version {previous.number}'s ({previous.effective}); "
                "effective dates never go backwards", parsed.path, commit.sha)
        return effective

    def warn_typed_stamps(self, version: Version, parsed: _Parsed, commit: Commit) -> None:
        for stamp in find_stamp_lines(parsed.body):
            if stamp.day != version.effective:
                self.warnings.append(Problem(
                    f"the text says {stamp.text!r} but history says this version took effect on "
                    f"{version.effective}; remove the typed line (the site prints the stamp)",
                    parsed.path, commit.sha))


def is_candidate(path: str, exclude: tuple[str, ...]) -> bool:
    """Could this docs path be a policy: a Markdown file no `exclude` glob matches."""
    return path.endswith(MARKDOWN_SUFFIXES) and not any(fnmatch.fnmatch(path, pattern) for pattern in exclude)


def _first_heading(body: str) -> str | None:
    # Closing hashes are stripped in Python: a regex doing it (lazy title, optional trailing
    # blanks and hashes) backtracks cubically, and one long line in a pull request stalls the build.
    match = _H1.search(body)
    if not match:
        return None
    title = match.group("title").strip()
    unclosed = title.rstrip("#")
    if not unclosed or unclosed[-1] in " \t":
        title = unclosed.strip()
    return title or None


def _check_size(size: int, path: str, commit: str, what: str = "") -> None:
    if size > MAX_POLICY_BYTES:
        raise PolicyError(
            f"is {size / 1_000_000:.1f} MB{what}; a policy may be at most {MAX_POLICY_BYTES // 1_000_000} MB "
            "of text (split it into separate policies)", path, commit)


def normalize_html(html: str) -> str:
    """Rendered HTML with formatting noise (wrapping, indentation) removed."""
    # str.split/join collapses whitespace in C; what is left between tags is then one space.
    return " ".join(html.split()).replace("> <", "><")


def _fingerprint(title: str, effective: dt.date | None, html: str) -> str:
    return digest(title, effective.isoformat() if effective else "", normalize_html(html))


def summarize(commit: Commit) -> str:
    """A pull request's title for GitHub merge commits, else the commit subject."""
    if commit.is_merge and _PR_MERGE.match(commit.subject) and commit.body:
        return commit.body.splitlines()[0].strip()
    return commit.subject


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


def read_history(repo: GitRepository, render: Renderer, options: Options) -> tuple[History, list[Problem]]:
    """One pass over the branch's first-parent history: every policy with every version."""
    repo.check_complete()
    reader = _Reader(repo, render, options)
    reader.walk(repo.log(options.rev))
    if options.working_tree is not None:
        changes, reader.uncommitted = repo.working_tree_changes()
        if changes:
            draft = Commit(sha=WORKING_TREE, parents=(), committed=options.working_tree,
                           subject="Uncommitted changes (preview)", body="")
            reader.step(draft, tuple(changes))
    policies = []
    for lineage in reader.order:
        if not lineage.versions:
            continue
        versions = assign_statuses(lineage.versions, options.as_of, lineage.retirement is not None)
        policies.append(Policy(id=lineage.id, source=lineage.path, versions=versions,
                               retirement=lineage.retirement, paths=tuple(lineage.paths)))
    policies.sort(key=lambda p: (p.status == "retired", p.source))
    head = repo.resolve(options.rev)
    return History(policies=tuple(policies), as_of=options.as_of, head=head), reader.warnings
