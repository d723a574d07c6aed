"""The published record as frozen data: commits, versions, policies. No I/O here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .entities import Entity
from .entity_changes import EntityChange

# The commit id of a draft version made from uncommitted changes (a `mkdocs serve` preview, never published).
WORKING_TREE = "0" * 40

VersionStatus = Literal["superseded", "in-force", "upcoming"]
PolicyStatus = Literal["current", "retired"]


@dataclass(frozen=True)
class Commit:
    """One commit on the first-parent line of the branch being built."""

    sha: str
    parents: tuple[str, ...]
    committed: dt.datetime  # aware, with the committer's own offset
    subject: str
    body: str

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True)
class Version:
    """One version of a policy: a first-parent commit that changed what the policy says."""

    policy_id: str
    number: int
    commit: str
    source: str  # path of the policy's main file, relative to docs_dir, at this version
    published: dt.datetime  # committer date of the first-parent commit, aware
    published_day: dt.date  # that moment's day in the site's time zone: the day readers are shown
    effective: dt.date
    effective_declared: bool  # True when front matter `effective:` set the date
    title: str
    summary: str
    markdown: str  # the body as published: front matter removed, sections assembled
    sha256: str  # of the assembled source text (front matter included)
    sections: tuple[str, ...] = ()  # section files assembled into this version
    sections_changed: tuple[str, ...] = ()  # those that changed since the previous version
    material: bool = False
    reviewed: dt.date | None = None
    status: VersionStatus = "superseded"
    translation_of: int | None = None  # a translation's version: the controlling version it matches
    translation_declared: bool = False  # True when front matter `translation_of:` said so
    # A list of entities (sub-processors): its entries, and what changed since the previous version.
    entities: tuple[Entity, ...] | None = None
    entity_changes: tuple[EntityChange, ...] = ()
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        return f"{self.policy_id}@{self.number}"

    @property
    def proposed(self) -> tuple[EntityChange, ...]:
        """Entities this version adds (or changes) that start on its effective day, after publication."""
        return tuple(c for c in self.entity_changes if c.change != "removed" and c.entity is not None
                     and c.entity.effective is not None and c.entity.effective > self.published_day)


@dataclass(frozen=True)
class Retirement:
    """The commit that deleted a policy: it stays published, marked retired."""

    commit: str
    date: dt.datetime
    day: dt.date  # the retirement day in the site's time zone
    source: str
    summary: str


@dataclass(frozen=True)
class Policy:
    """One lineage of versions, followed across renames and `id:`-joined replacements."""

    id: str
    source: str  # the main file's latest path, relative to docs_dir
    versions: tuple[Version, ...]
    retirement: Retirement | None = None
    paths: tuple[str, ...] = ()  # every path the main file has had, oldest first
    language: str | None = None  # None: the site's controlling language; else a translation's (`de`, `ja`)
    translates: str | None = None  # a translation: the id of the controlling policy
    retired_before: tuple[Retirement, ...] = ()  # retirements it came back from (deleted, then added again)

    @property
    def status(self) -> PolicyStatus:
        return "retired" if self.retirement else "current"

    @property
    def in_force(self) -> Version | None:
        """The version in force on the as-of day (the last one, for a retired policy)."""
        for version in reversed(self.versions):
            if version.status == "in-force":
                return version
        if self.retirement:
            started = [v for v in self.versions if v.status != "upcoming"]
            return started[-1] if started else None
        return None

    @property
    def upcoming(self) -> tuple[Version, ...]:
        return tuple(v for v in self.versions if v.status == "upcoming")

    @property
    def shown(self) -> Version:
        """The version the current page shows: in force, else the first announced one."""
        return self.in_force or self.versions[0]

    @property
    def title(self) -> str:
        return self.shown.title

    @property
    def is_translation(self) -> bool:
        return self.translates is not None

    def version(self, number: int) -> Version:
        return self.versions[number - 1]

    def previous(self, version: Version) -> Version | None:
        return self.versions[version.number - 2] if version.number > 1 else None

    def next(self, version: Version) -> Version | None:
        return self.versions[version.number] if version.number < len(self.versions) else None

    def in_force_until(self, version: Version) -> dt.date | None:
        """The day the next version took effect, if it has (so `version` stopped being in force)."""
        following = self.next(version)
        if following is not None and following.status != "upcoming":
            return following.effective
        if following is None and self.retirement is not None:
            return self.retirement.day
        return None


    def last_day(self, version: Version) -> dt.date | None:
        """The last day `version` applies: the day before the next version takes effect (announced
        ones included, so periods are contiguous), the day before retirement, or None: open-ended."""
        following = self.next(version)
        if following is not None:
            return following.effective - dt.timedelta(days=1)
        if self.retirement is not None:
            return self.retirement.day - dt.timedelta(days=1)
        return None

    def in_force_on(self, day: dt.date) -> Version | None:
        """The version that applied on `day`, or None before the first took effect or after retirement."""
        for version in reversed(self.versions):
            last = self.last_day(version)
            if version.effective <= day and (last is None or day <= last):
                return version
        return None


@dataclass(frozen=True)
class History:
    """Everything the build publishes, as of one day."""

    policies: tuple[Policy, ...]
    as_of: dt.date
    head: str | None = None

    def policy(self, policy_id: str) -> Policy:
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        raise KeyError(policy_id)

    @property
    def last_change(self) -> dt.datetime | None:
        """The latest moment anything was published or retired: the history's own clock."""
        moments = [v.published for p in self.policies for v in p.versions]
        moments += [p.retirement.date for p in self.policies if p.retirement]
        return max(moments, default=None)

    @property
    def controlling(self) -> tuple[Policy, ...]:
        """The policies in the controlling language: each policy once, whatever its translations."""
        return tuple(p for p in self.policies if p.translates is None)

    def translations(self, policy_id: str) -> tuple[Policy, ...]:
        """A controlling policy's translations, by language."""
        found = [p for p in self.policies if p.translates == policy_id]
        return tuple(sorted(found, key=lambda p: p.language or ""))

    def all_versions(self) -> list[Version]:
        """Every version of every policy, newest first (by published moment, then policy id)."""
        versions = [v for p in self.policies for v in p.versions]
        return sorted(versions, key=lambda v: (v.published, v.policy_id, v.number), reverse=True)
