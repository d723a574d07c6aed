"""A policy's revisions as read from git -> its published versions.

A revision becomes a version only when a reader can see the change: its words, a link's destination
(mapped to today's pages), its title or its dates. Revisions from commits listed in the ignore-revs
file are folded into the next version; revisions before `history_start` collapse into the first one.
Dates and the problems they raise are decided here, where each version's predecessor is known."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from .cache import digest
from .entities import Entity, announced_day
from .entity_changes import diff_entities
from .errors import PolicyError, Problem
from .frontmatter import FrontMatter
from .model import WORKING_TREE, Commit, Version
from .stamps import find_stamp_lines, judge_stamp, typed_effective_day
from .visible import visible_signature

_PR_MERGE = re.compile(r"^Merge pull request #\d+", re.I)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Revision:
    """One readable revision of a policy: a commit that changed its source."""

    commit: Commit
    path: str  # the main file, docs-relative, at this commit
    blob: str
    title: str
    title_from: str  # "front matter", "heading" or "file name"
    front: FrontMatter
    body: str  # front matter removed, sections assembled
    source: str  # front matter + body as assembled: what the SHA-256 covers
    html: str
    sections: dict[str, str]  # section path -> blob
    entities: tuple[Entity, ...] | None = None  # a list of sub-processors: its entries
    ignored: bool = False  # the commit is listed in the ignore-revs file
    before_start: bool = False  # the commit is before `history_start`


@dataclass(frozen=True)
class Calendar:
    zone: dt.tzinfo
    resolve: Callable[[str], str]  # a docs path as linked in any revision -> today's path

    def day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date()


class Start:
    """Where published history starts (`history_start`: a commit or a day), and whether the walk is there."""

    def __init__(self, history_start: str | None, calendar: Calendar, resolve: Callable[[str], str | None]) -> None:
        self.option = history_start
        self.started = history_start is None
        self.day: dt.date | None = None
        self.commit: str | None = None
        self._calendar = calendar
        if history_start and _DAY.match(history_start):
            try:
                self.day = dt.date.fromisoformat(history_start)
            except ValueError:
                raise PolicyError(f"history_start: {history_start!r} is not a real day") from None
        elif history_start:
            self.commit = resolve(history_start)
            if self.commit is None:
                raise PolicyError(f"history_start: {history_start!r} is neither a commit nor a day (YYYY-MM-DD)")

    def reach(self, commit: Commit) -> None:
        if self.started:
            return
        if self.commit is not None:
            self.started = commit.sha == self.commit
        elif self.day is not None:
            self.started = self._calendar.day(commit.committed) >= self.day

    def check_reached(self, rev: str) -> None:
        if self.commit is not None and not self.started:
            raise PolicyError(f"history_start: {self.option!r} is not a commit on the first-parent "
                              f"line of {rev}; name a commit of the branch being built, or a day")



def make_versions(policy_id: str, revisions: list[Revision], calendar: Calendar, *, final: str | None
                  ) -> tuple[list[Version], list[Problem]]:
    """The versions of one policy. `final` is the blob of its main file in the tree being built
    (None when retired): problems in that revision can be fixed by a commit, so they are errors
    and warnings; problems in older revisions are reported as the past."""
    versions: list[Version] = []
    problems: list[Problem] = []
    shown_signature: str | None = None
    previous_front_summary: str | None = None
    declared_before: dt.date | None = None
    previous_sections: dict[str, str] = {}
    revisions = _from_start(revisions)
    for index, revision in enumerate(revisions):
        is_current = final is not None and index == len(revisions) - 1 and (
            revision.blob == final or revision.commit.sha == WORKING_TREE)
        signature = digest(revision.title, str(revision.front.effective or ""),
                           visible_signature(revision.html, revision.path, calendar.resolve))
        if signature == shown_signature:
            previous_sections = revision.sections
            continue
        if revision.ignored and versions:
            continue  # listed in the ignore-revs file: what it changed is published with the next version
        previous = versions[-1] if versions else None
        try:
            effective, date_problems = _effective(revision, previous, declared_before, calendar, is_current)
        except PolicyError as exc:
            if is_current:
                raise
            problems.append(skipped(exc.problem, revision.commit, calendar))
            continue
        problems += date_problems
        front = revision.front
        summary = front.summary if front.summary and front.summary != previous_front_summary else summarize(
            revision.commit)
        changed = tuple(p for p, b in revision.sections.items() if previous_sections.get(p) != b)
        version = Version(
            policy_id=policy_id, number=len(versions) + 1, commit=revision.commit.sha, source=revision.path,
            published=revision.commit.committed, published_day=calendar.day(revision.commit.committed),
            effective=effective, effective_declared=_declared(revision, effective, calendar), title=revision.title,
            summary=summary, markdown=revision.body,
            sha256=hashlib.sha256(revision.source.encode("utf-8")).hexdigest(),
            sections=tuple(revision.sections), sections_changed=changed if previous else (),
            material=front.material, reviewed=front.reviewed, translation_of=front.translation_of,
            translation_declared=front.translation_of is not None,
            entities=revision.entities, entity_changes=diff_entities(previous.entities, revision.entities)
            if previous is not None and previous.entities is not None and revision.entities is not None else ())
        versions.append(version)
        problems += _stamp_problems(version, revision, previous, is_current)
        if is_current and revision.title_from == "file name":
            problems.append(Problem(f"has no title: the site calls it {revision.title!r} after its file name; "
                                    "add `title:` to the front matter or start it with a `# Heading`",
                                    revision.path, revision.commit.sha))
        shown_signature = signature
        previous_front_summary = front.summary
        declared_before = front.effective
        previous_sections = revision.sections
    return versions, problems


def _from_start(revisions: list[Revision]) -> list[Revision]:
    """Revisions before `history_start` are not published one by one: the last of them is the text
    in force when published history starts, so it is the first version (dated when it was written)."""
    before = [r for r in revisions if r.before_start]
    if not before:
        return revisions
    return [replace(before[-1], ignored=False), *revisions[len(before):]]


def _effective(revision: Revision, previous: Version | None, declared_before: dt.date | None,
               calendar: Calendar, is_current: bool) -> tuple[dt.date, list[Problem]]:
    published_day = calendar.day(revision.commit.committed)
    # A typed "Effective May 4, 2026" on or after publication counts as `effective:` would.
    declared = (revision.front.effective or announced_day(revision.entities, published_day)
                or typed_effective_day(revision.body, published_day))
    effective = published_day if declared is None else declared
    problems: list[Problem] = []
    kind = "warning" if revision.commit.sha == WORKING_TREE else "past"
    if declared is not None and declared < published_day:
        if previous is not None and declared == declared_before:
            message = (f"'effective: {declared}' is left over from version {previous.number}; this change was "
                       f"published on {published_day}, so it takes effect that day")
            effective = published_day
        else:
            message = f"'effective: {declared}' is before the change was published ({published_day})"
        problems.append(Problem(message, revision.path, revision.commit.sha, kind=kind,
                                date=published_day if kind == "past" else None))
    if previous is not None and effective < previous.effective:
        raise PolicyError(
            f"'effective' {effective} is earlier than version {previous.number}'s ({previous.effective}); "
            "effective dates never go backwards", revision.path, revision.commit.sha)
    return effective, problems


def _declared(revision: Revision, effective: dt.date, calendar: Calendar) -> bool:
    """The effective day was chosen, in the front matter or by a typed "Effective DATE" line."""
    published_day = calendar.day(revision.commit.committed)
    return revision.front.effective is not None or typed_effective_day(revision.body, published_day) == effective


def _stamp_problems(version: Version, revision: Revision, previous: Version | None,
                    is_current: bool) -> list[Problem]:
    problems = []
    for stamp in find_stamp_lines(revision.body):
        message = judge_stamp(stamp, published=version.published_day, effective=version.effective,
                              previous=(previous.number, previous.effective) if previous else None)
        if message is None:
            continue
        # The file's line, when it includes no sections (its body is then the file's own).
        line = None if revision.sections else (
            revision.source.count("\n", 0, len(revision.source) - len(revision.body)) + stamp.line)
        if is_current:
            problems.append(Problem(message, revision.path, revision.commit.sha, line, rule="typed-stamp"))
        else:
            problems.append(Problem(message, revision.path, revision.commit.sha, line, kind="past",
                                    date=version.published_day, rule="typed-stamp"))
    return problems


def skipped(problem: Problem, commit: Commit, calendar: Calendar) -> Problem:
    """A revision that cannot be read as a policy: reported, not published."""
    return Problem(f"skipped: {problem.message}; the version before it stays in force until the next "
                   "readable revision", problem.path, commit.sha, problem.line, kind="skipped",
                   date=calendar.day(commit.committed))


def summarize(commit: Commit) -> str:
    """A pull request's title for GitHub merge commits, else the commit subject."""
    if commit.is_merge and _PR_MERGE.match(commit.subject) and commit.body:
        return commit.body.splitlines()[0].strip()
    return commit.subject
