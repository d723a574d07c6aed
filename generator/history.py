"""Raw first-parent changes -> one lineage per policy (lineage.py) -> each policy's versions
(versions.py) -> the History the site publishes.

The past is read as it is. A revision that cannot be read as a policy (broken YAML, not UTF-8, a
symbolic link, too large...) is skipped and reported; only the tree being built (and the working
tree under `mkdocs serve`) can be fixed by a commit, so only problems there stop the build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .documents import split_file
from .errors import Problem
from .gitlog import GitRepository, LogEntry
from .lineage import Renderer, Walker
from .model import WORKING_TREE, Commit, History, Policy, Version
from .selection import MARKDOWN_SUFFIXES, POLICY_SUFFIXES, Selection
from .translations import DEFAULT_LANGUAGE, link_translations
from .versions import Calendar, Start, make_versions

__all__ = ["Options", "Renderer", "assign_statuses", "is_candidate", "read_history"]


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
    language: str = DEFAULT_LANGUAGE  # the controlling language: `en/privacy.md` is the policy, `de/…` translates it

    @property
    def selection(self) -> Selection:
        return Selection(self.exclude, self.plain_pages)


def is_candidate(path: str, exclude: tuple[str, ...], plain_pages: tuple[str, ...] = ()) -> bool:
    """Could this docs path be a policy: a Markdown file neither excluded nor a plain page."""
    return Selection(tuple(exclude), tuple(plain_pages)).is_candidate(path)


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
            front = split_file(path, data.decode("utf-8")).front
        except UnicodeDecodeError:
            continue
        if front is not None and front.id:
            ids[path] = front.id
    return ids


def read_history(repo: GitRepository, render: Renderer, options: Options) -> tuple[History, list[Problem]]:
    """One pass over the branch's first-parent history: every policy with every version."""
    repo.check_complete()
    calendar = Calendar(options.zone, lambda path: path)
    start = Start(options.history_start, calendar, repo.resolve)
    reader = Walker(repo, render, options.selection, start, calendar, options.ignore_revs)
    reader.head_ids = _read_head_ids(repo, options.rev, reader.selection)
    newest: list[dt.datetime] = []
    reader.walk(_noting_newest(repo.log(options.rev), newest), options.rev)
    head = repo.resolve(options.rev)
    last = head or WORKING_TREE
    if options.working_tree is not None:
        changes, reader.tree.uncommitted = repo.working_tree_changes(POLICY_SUFFIXES)
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


def _publish(reader: Walker, options: Options, head: str | None) -> tuple[History, list[Problem]]:
    today = {p: lineage.path for lineage in reader.order for p in lineage.paths}
    calendar = Calendar(options.zone, lambda path: today.get(path, path))
    problems = list(reader.problems)
    policies = []
    for lineage in reader.order:
        if lineage.before_start or (lineage.opted_out and lineage.retirement is None):
            continue
        final = None if lineage.retirement else reader.tree.blobs.get(lineage.path)
        versions, found = make_versions(lineage.id, lineage.revisions, calendar, final=final)
        problems += found
        if not versions:
            continue
        statuses = assign_statuses(versions, options.as_of, lineage.retirement is not None)
        policies.append(Policy(id=lineage.id, source=lineage.path, versions=statuses,
                               retirement=lineage.retirement, paths=tuple(lineage.paths),
                               retired_before=tuple(lineage.retired_before)))
    policies = link_translations(policies, options.translations, options.language)
    policies.sort(key=lambda p: (p.status == "retired", p.source))
    return History(policies=tuple(policies), as_of=options.as_of, head=head), problems
