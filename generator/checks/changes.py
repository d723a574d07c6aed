"""Which policies one tree changes against another, and the two sides of each change."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .sources import Document, Sources

_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$", re.M)


@dataclass(frozen=True)
class PolicyChange:
    path: str
    old: Document | None  # None: the branch adds the policy
    new: Document | None  # None: the branch removes it

    @property
    def title(self) -> str:
        for document in (self.new, self.old):
            if document is not None:
                return title_of(document)
        return self.path

    @property
    def summary(self) -> str | None:
        front = self.new.main.front if self.new else None
        return front.summary if front else None

    @property
    def effective(self) -> dt.date | None:
        front = self.new.main.front if self.new else None
        return front.effective if front else None

    @property
    def material(self) -> bool:
        front = self.new.main.front if self.new else None
        return bool(front and front.material)


def title_of(document: Document) -> str:
    front = document.main.front
    if front and front.title:
        return front.title
    match = _H1.search(document.body)
    return match.group("title").strip() if match else document.path


def find_changes(base: Sources, head: Sources) -> list[PolicyChange]:
    """Policies added, removed or changed (text or front matter) from base to head, by path."""
    changes = []
    for path in sorted(set(base.documents) | set(head.documents)):
        old, new = base.document(path), head.document(path)
        if old is None or new is None or _source(old) != _source(new):
            changes.append(PolicyChange(path, old, new))
    return changes


def _source(document: Document) -> tuple[str, str]:
    front = document.main.text[: document.main.body_offset]
    return front.strip(), "\n".join(line.rstrip() for line in document.body.strip().splitlines())
