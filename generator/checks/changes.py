"""Which policies one tree changes against another, and the two sides of each change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..entities import Entity, announced_day
from ..entity_changes import EntityChange, diff_entities
from ..frontmatter import FrontMatter
from .sources import DataDocument, Document, Sources

Side = Document | DataDocument


@dataclass(frozen=True)
class PolicyChange:
    path: str
    old: Side | None  # None: the branch adds the policy
    new: Side | None  # None: the branch removes it

    @property
    def title(self) -> str:
        for document in (self.new, self.old):
            if document is not None:
                return title_of(document)
        return self.path

    @property
    def summary(self) -> str | None:
        front = front_of(self.new) if self.new else None
        return front.summary if front else None

    @property
    def effective(self) -> dt.date | None:
        front = front_of(self.new) if self.new else None
        return front.effective if front else None

    def effective_on(self, today: dt.date) -> dt.date | None:
        """The day the site will say the change takes effect, if merged `today`: the declared day, or
        for a list the day its last announced entry starts (as versions.py dates the version)."""
        return self.effective or announced_day(entities_of(self.new), today)

    @property
    def material(self) -> bool:
        front = front_of(self.new) if self.new else None
        return bool(front and front.material)

    @property
    def entity_changes(self) -> tuple[EntityChange, ...]:
        """Who a list adds, removes or changes, as the site's version will record it (entities.py); a
        new list, like a list's first version, records none."""
        old, new = entities_of(self.old), entities_of(self.new)
        return diff_entities(old, new) if old is not None and new is not None else ()


def front_of(document: Side) -> FrontMatter | None:
    return document.front


def title_of(document: Side) -> str:
    """The title the site gives it (documents.py decides, for the history too)."""
    return document.title


def entities_of(document: Side | None) -> tuple[Entity, ...] | None:
    """A list's entries: a data file's, or those a Markdown list of sub-processors shows (documents.py
    reads them, for the history too); None for any other policy."""
    return document.entities if document else None


def find_changes(base: Sources, head: Sources) -> list[PolicyChange]:
    """Policies added, removed or changed (text, front matter or data) from base to head, by path."""
    changes = []
    for path in sorted(set(base.documents) | set(head.documents) | set(base.data) | set(head.data)):
        old, new = _side(base, path), _side(head, path)
        if old is None or new is None or _source(old) != _source(new):
            changes.append(PolicyChange(path, old, new))
    return changes


def _side(sources: Sources, path: str) -> Side | None:
    return sources.document(path) or sources.data.get(path)


def _source(document: Side) -> tuple[str, str]:
    if isinstance(document, DataDocument):
        return "", _normalize(document.text)
    return document.main.text[: document.main.body_offset].strip(), _normalize(document.body)


def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())
