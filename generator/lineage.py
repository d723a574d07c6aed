"""The walk over first-parent changes: one lineage per policy (renames followed, `id:` joins and
splits, deletions kept as retirements), each with its readable revisions. Every revision is read by
documents.py; one that cannot be read is skipped and reported, and the build goes on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .cache import digest
from .documents import Document, decode, main_paths, read_document
from .errors import PolicyError, Problem
from .gitlog import SUBMODULE_MODE, SYMLINK_MODE, Change, GitRepository, LogEntry
from .model import WORKING_TREE, Commit, Retirement
from .selection import POLICY_SUFFIXES, Selection
from .urls import default_policy_id
from .versions import Calendar, Revision, Start, skipped, summarize

Renderer = Callable[[str], str]
RESERVED_IDS = {"all"}


@dataclass(eq=False)
class Lineage:
    id: str
    path: str
    paths: list[str]
    revisions: list[Revision] = field(default_factory=list)
    source_key: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    retirement: Retirement | None = None
    retired_before: list[Retirement] = field(default_factory=list)  # deleted, then added again
    opted_out: bool = False  # its latest readable revision says `policy: false`
    before_start: bool = False  # retired before published history starts


class Tree:
    """docs_dir at the commit being walked, as path -> blob; each file is read by documents.py."""

    def __init__(self, repo: GitRepository) -> None:
        self.repo = repo
        self.blobs: dict[str, str] = {}
        self.links: set[str] = set()  # paths that are symbolic links now
        self.uncommitted: dict[str, bytes] = {}  # blob -> contents, for the working tree's changes
        self._texts: dict[str, str] = {}

    def text(self, blob: str, path: str, commit: str) -> str:
        cached = self._texts.get(blob)
        if cached is not None:
            return cached
        data = self.uncommitted[blob] if blob in self.uncommitted else self.repo.read_blob(blob)
        text = decode(data, path, commit)
        if len(self._texts) > 4096:
            self._texts.clear()
        self._texts[blob] = text
        return text

    def section_text(self, path: str, commit: str) -> str | None:
        blob = self.blobs.get(path)
        if blob is None or path in self.links:
            return None
        return self.text(blob, path, commit)

    def document(self, path: str, commit: str) -> Document:
        if path in self.links:
            target = self.repo.read_blob(self.blobs[path]).decode("utf-8", "replace")
            return read_document(path, "", commit, lambda _: None, link_target=target)
        return read_document(path, self.text(self.blobs[path], path, commit), commit,
                             lambda p: self.section_text(p, commit))

    def change(self, change: Change) -> None:
        self.blobs[change.path] = change.blob or ""
        if change.mode == SYMLINK_MODE:
            self.links.add(change.path)
        else:
            self.links.discard(change.path)

    def forget(self, path: str) -> None:
        self.blobs.pop(path, None)
        self.links.discard(path)


class Walker:
    """Walks the log once: the tree as it is, each lineage's revisions, and the problems found."""

    def __init__(self, repo: GitRepository, render: Renderer, selection: Selection, start: Start,
                 calendar: Calendar, ignore_revs: frozenset[str] = frozenset()) -> None:
        self.render = render
        self.selection = selection
        self.start = start
        self.ignore_revs = ignore_revs
        self.tree = Tree(repo)
        self.by_path: dict[str, Lineage] = {}
        self.by_id: dict[str, Lineage] = {}
        self.order: list[Lineage] = []
        self.problems: list[Problem] = []
        self.unreadable: dict[str, PolicyError] = {}  # path -> why its latest revision was skipped
        self.head_ids: dict[str, str] = {}
        self._calendar = calendar

    def skip(self, error: PolicyError, commit: Commit, path: str) -> None:
        """A revision of the policy file `path` that cannot be read: reported with its commit and day,
        and remembered until a readable revision comes; the build goes on."""
        self.unreadable[path] = error
        if self.start.started:
            self.problems.append(skipped(error.problem, commit, self._calendar))

    def included_paths(self) -> set[str]:
        return {s for lineage in self.by_path.values() for s in lineage.sections}

    def walk(self, entries: Iterable[LogEntry], rev: str) -> None:
        for entry in entries:
            self.step(entry.commit, entry.changes)
        self.start.check_reached(rev)

    def step(self, commit: Commit, changes: tuple[Change, ...]) -> None:
        self.start.reach(commit)
        touched: set[str] = set()
        removed: list[Lineage] = []
        added: list[str] = []
        for change in _policy_changes(changes):
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
                split = lineage is not None and (self.head_ids.get(change.path, lineage.id) != lineage.id
                                                 or self._held_by_retired(change.path, lineage))
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
            self.tree.change(change)
            touched.add(change.path)

        read_new = self.classify_added(added, removed, commit)
        for lineage in removed:
            self.retire(lineage, commit)
        for lineage in list(self.by_path.values()):
            if lineage.path in read_new or lineage.path in touched or touched & set(lineage.sections):
                try:
                    document = read_new.get(lineage.path) or self.tree.document(lineage.path, commit.sha)
                except PolicyError as exc:
                    self.skip(exc, commit, lineage.path)
                    continue
                self.unreadable.pop(lineage.path, None)
                self.consider(lineage, document, commit)

    def _forget(self, path: str) -> None:
        self.tree.forget(path)
        self.unreadable.pop(path, None)

    def classify_added(self, added: list[str], removed: list[Lineage], commit: Commit) -> dict[str, Document]:
        """Decide which new files are policies (new, or joining an old lineage by id) and which are sections."""
        documents: dict[str, Document] = {}
        for path in added:
            if not self.selection.is_candidate(path):
                continue
            try:
                documents[path] = self.tree.document(path, commit.sha)
            except PolicyError as exc:
                # Not readable yet: its next readable revision decides whether it is a policy.
                self.skip(exc, commit, path)
                continue
            self.unreadable.pop(path, None)
        for path in main_paths(documents, self.included_paths()):
            document = documents[path]
            policy_id = (document.front.id or self.head_ids.get(path) or self._retired_id(path)
                         or self._free_id(default_policy_id(path), path, removed))
            try:
                self.claim(path, policy_id, removed, commit)
            except PolicyError as exc:
                self.skip(exc, commit, path)
        return {p: d for p, d in documents.items() if p in self.by_path and d.is_policy}

    def _retired_id(self, path: str) -> str | None:
        """The id of the policy last retired from `path`: a file added again there continues it."""
        retired = [lineage for lineage in self.order if lineage.retirement is not None and lineage.path == path]
        return retired[-1].id if retired else None

    def _held_by_retired(self, path: str, moving: Lineage) -> bool:
        """A file git saw renamed onto the path of a retired policy continues that policy, not its
        old name's (the path is what readers knew it by), unless today's `id:` says otherwise."""
        return self.head_ids.get(path) != moving.id and self._retired_id(path) not in (None, moving.id)

    def _free_id(self, policy_id: str, path: str, removed: list[Lineage]) -> str:
        """A file's id from its path, unless a live policy moved elsewhere already has it (a file
        renamed away, and a new one written under its old name): then the first free `<id>-N`."""
        lineage = self.by_id.get(policy_id)
        if lineage is None or lineage.retirement is not None or lineage.path == path or lineage in removed:
            return policy_id
        return next(f"{policy_id}-{n}" for n in range(2, len(self.by_id) + 3) if f"{policy_id}-{n}" not in self.by_id)

    def claim(self, path: str, policy_id: str, removed: list[Lineage], commit: Commit) -> Lineage:
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
            lineage = Lineage(id=policy_id, path=path, paths=[path])
            self.by_id[policy_id] = lineage
            self.order.append(lineage)
        else:
            lineage.retired_before += [lineage.retirement] if lineage.retirement and self.start.started else []
            lineage.retirement = None
            lineage.before_start = False
            lineage.path = path
            if lineage.paths[-1] != path:
                lineage.paths.append(path)
        self.by_path[path] = lineage
        return lineage

    def retire(self, lineage: Lineage, commit: Commit) -> None:
        lineage.retirement = Retirement(
            commit=commit.sha, date=commit.committed, day=self._calendar.day(commit.committed),
            source=lineage.path, summary=summarize(commit))
        lineage.before_start = not self.start.started

    def consider(self, lineage: Lineage, document: Document, commit: Commit) -> None:
        """Keep the revision when its title, dates or body changed (versions.py decides what is visible)."""
        front = document.front
        if front.id and front.id != lineage.id:
            # A different document from here on (git's rename guess, or an id changed in the past):
            # the old lineage ends at this commit and the file starts or joins the one it names.
            self.by_path.pop(document.path, None)
            try:
                other = self.claim(document.path, front.id, [], commit)
            except PolicyError as exc:
                self.by_path[document.path] = lineage
                self.skip(exc, commit, document.path)
                return
            self.retire(lineage, commit)
            lineage = other
        lineage.opted_out = not document.is_policy
        if lineage.opted_out:
            return
        sections = {p: self.tree.blobs[p] for p in document.sections}
        source_key = digest(document.title, str(front.effective or ""), document.body)
        if source_key == lineage.source_key:
            lineage.sections = sections
            return
        try:
            html = self.render(document.body)
        except RecursionError:
            self.skip(PolicyError("nests lists, quotes or HTML too deeply to be rendered; flatten the structure",
                                  document.path, commit.sha), commit, document.path)
            return
        lineage.source_key = source_key
        lineage.sections = sections
        lineage.revisions.append(Revision(
            commit=commit, path=document.path, blob=self.tree.blobs[document.path], title=document.title,
            title_from=document.title_from, front=front, body=document.body, source=document.source, html=html,
            sections=sections, entities=document.entities, ignored=commit.sha in self.ignore_revs,
            before_start=not self.start.started))

    def check_current(self, commit: str) -> None:
        """The tree being built must be readable: a file whose latest revision was skipped stops the build."""
        for path, error in sorted(self.unreadable.items()):
            if path in self.tree.blobs and self.selection.is_candidate(path) and path not in self.included_paths():
                problem = error.problem
                raise PolicyError(problem.message, problem.path or path,
                                  WORKING_TREE if problem.commit == WORKING_TREE else commit, problem.line)


def _policy_changes(changes: Iterable[Change]) -> Iterable[Change]:
    """Changes to Markdown and data files; other files (PDFs, images, symlinks to them) are assets, never policies."""
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
