"""The notice a list of sub-processors promises: a new entity starts `notice_days` after it is announced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..model import Policy, Version
from .base import CheckContext, Finding


def check_subprocessor_notice(context: CheckContext) -> Iterator[Finding]:
    """Each entity a branch adds to a list takes effect at least `notice_days` after today; with
    `--history`, every past addition is held to the day it was published (advisory: it is history).
    The branch includes the working tree: uncommitted edits are read as the draft version the site
    would make of them, like the other rules read the working tree."""
    history = context.draft_history or context.history
    if history is None:
        return
    for policy in history.policies:
        if policy.retirement is not None or policy.shown.entities is None:
            continue
        published = _published_before(context, policy)
        for version in policy.versions:
            new = version.number > published
            if not new and not context.include_past:
                continue
            announced = context.today if new else version.published_day
            yield from _notice_findings(context, policy, version, announced, advisory=not new)


def _published_before(context: CheckContext, policy: Policy) -> int:
    """How many of the policy's versions the base already published (all of them without a base)."""
    if context.base is None or context.base_history is None:
        return len(policy.versions)
    for before in context.base_history.policies:
        if before.id == policy.id:
            return len(before.versions)
    return 0


def _notice_findings(context: CheckContext, policy: Policy, version: Version, announced: dt.date,
                     advisory: bool) -> Iterator[Finding]:
    earliest = announced + dt.timedelta(days=context.notice_days)
    for change in version.entity_changes:
        if change.change != "added":
            continue
        starts = (change.entity.effective if change.entity else None) or version.effective
        if starts >= earliest:
            continue
        if advisory:
            # A published version cannot be given another date: say what happened, not what to type.
            yield Finding(policy.source, None,
                          f"version {version.number} (published {announced}) added {change.name} from {starts}, "
                          f"with less than {context.notice_days} days' notice (it could have started on "
                          f"{earliest} at the earliest); published history is kept as it is", advisory=True)
            continue
        yield Finding(policy.source, None,
                      f"adds {change.name} from {starts}, but a new sub-processor needs {context.notice_days} "
                      f"days' notice (announced {announced}): give it 'effective: {earliest}' or later")
