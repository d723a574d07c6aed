"""The notice a list of sub-processors promises: a new entity starts `notice_days` after it is announced,
and readers are told how to object while they may."""

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
        if advisory:  # history: advice to change its date would fit no commit
            yield Finding(policy.source, None,
                          f"version {version.number} added {change.name} from {starts}, "
                          f"{(starts - announced).days} day(s) after it was published ({announced}); a new "
                          f"sub-processor needs {context.notice_days} days' notice (history: for the record)",
                          advisory=True)
            continue
        yield Finding(policy.source, None,
                      f"adds {change.name} from {starts}, but a new sub-processor needs {context.notice_days} "
                      f"days' notice (announced {announced}): give it 'effective: {earliest}' or later")


def check_objections_contact(context: CheckContext) -> Iterator[Finding]:
    """A list that announces an entity (objections open until the day before it starts) needs the site's
    `objections_contact`, which every deadline is shown with. A warning, not a build failure: the list's
    own text may say how to object, and only its editors can tell."""
    history = context.draft_history or context.history
    if history is None or context.objections_contact is not None:
        return
    for policy in history.policies:
        if policy.retirement is not None:
            continue
        for version in policy.upcoming:
            if version.proposed:
                names = ", ".join(change.name for change in version.proposed)
                yield Finding(policy.source, None,
                              f"version {version.number} announces {names} with a deadline for objections, but "
                              "the site does not say how to object: set the policy plugin's `objections_contact` "
                              "(an email address, a web address or a page of the site)")
