"""What every rule sees (the trees, the histories, today) and what it reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..contact import Contact
from ..errors import PolicyError
from ..history import Renderer
from ..model import History, Policy, Version
from .sources import Document, SourceFile, Sources


@dataclass(frozen=True)
class Finding:
    """One problem: where (docs-relative path, 1-based line), which rule, and what to do."""

    path: str | None
    line: int | None
    message: str
    rule: str = ""
    level: str = "error"
    advisory: bool = False  # never more than a warning, whatever the rule's level

    def at_level(self, rule: str, level: str) -> Finding:
        return replace(self, rule=rule, level="warning" if self.advisory else level)


@dataclass
class CheckContext:
    head: Sources  # the tree being checked (usually the working tree)
    base: Sources | None  # the tree it is compared against; None when there is no base
    history: History | None  # the committed history up to HEAD
    base_history: History | None
    today: dt.date
    render: Renderer
    review_months: int = 12
    notice_days: int = 30
    translations: tuple[str, ...] | None = None  # the site's `translations` option
    history_error: PolicyError | None = None
    history_warnings: list = field(default_factory=list)
    include_past: bool = False  # `policy check --history`: also report skipped and past revisions
    # The committed history with the working tree's uncommitted edits as a last, draft version (as
    # `mkdocs serve` previews them); the committed history when there are none, None when unreadable.
    draft_history: History | None = None
    objections_contact: Contact | None = None  # the site's `objections_contact` option
    _rendered: dict[str, str] = field(default_factory=dict, repr=False)

    def render_cached(self, text: str) -> str:
        html = self._rendered.get(text)
        if html is None:
            html = self._rendered[text] = self.render(text)
        return html

    def changed_documents(self, dates: bool = False) -> list[tuple[Document, Document | None]]:
        """Policies whose text (or, with `dates`, declared effective date) differs from the base; new
        ones come with None. Empty when there is no base."""
        if self.base is None:
            return []
        pairs = []
        for path, document in self.head.documents.items():
            before = self.base.document(path)
            if before is None or _normalize(before.body) != _normalize(document.body) or (
                    dates and _effective(before) != _effective(document)):
                pairs.append((document, before))
        return pairs

    def last_version(self, path: str, base: bool = True) -> Version | None:
        policy = self.policy_at(path, self.base_history if base and self.base is not None else self.history)
        return policy.versions[-1] if policy else None

    @staticmethod
    def policy_at(path: str, history: History | None) -> Policy | None:
        if history is None:
            return None
        for policy in history.policies:
            if policy.source == path and policy.retirement is None:
                return policy
        return None


Rule = Callable[[CheckContext], Iterable[Finding]]


def file_line(file: SourceFile, body_line: int) -> int:
    return file.body_line + body_line


def _effective(document: Document) -> dt.date | None:
    return document.main.front.effective if document.main.front else None


def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())
