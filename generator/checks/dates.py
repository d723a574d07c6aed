"""Rules about when a change takes effect: order, notice for material changes, typos into the past,
and policies nobody has reviewed for too long."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from .base import CheckContext, Finding
from .sources import Document


def effective_day(document: Document, today: dt.date) -> dt.date:
    """The day a change would take effect: its declared date, else the day it is published."""
    front = document.main.front
    return front.effective if front and front.effective else today


def check_effective_order(context: CheckContext) -> Iterator[Finding]:
    """A new version never takes effect before the version it follows."""
    for document, _before in context.changed_documents(dates=True):
        if document.main.front is None:
            continue
        last = context.last_version(document.path)
        effective = effective_day(document, context.today)
        if last is not None and effective < last.effective:
            how = "'effective'" if document.main.front.effective else "with no 'effective:' it takes effect"
            yield Finding(document.path, document.main.key_line("effective"),
                          f"{how} {effective} is earlier than version {last.number}'s ({last.effective}); "
                          "effective dates never go backwards")


def check_material_notice(context: CheckContext) -> Iterator[Finding]:
    """A material change gives readers notice: it takes effect `notice_days` or more from today."""
    for document, _before in context.changed_documents(dates=True):
        front = document.main.front
        if front is None or not front.material:
            continue
        earliest = context.today + dt.timedelta(days=context.notice_days)
        effective = effective_day(document, context.today)
        if effective < earliest:
            key = "effective" if front.effective else "material"
            yield Finding(document.path, document.main.key_line(key),
                          f"a material change needs {context.notice_days} days' notice: set 'effective:' "
                          f"to {earliest} or later (it is {effective})")


def check_effective_in_past(context: CheckContext) -> Iterator[Finding]:
    """A newly set effective date is today or later (a date in the past is usually a typo)."""
    for document, before in context.changed_documents(dates=True):
        front = document.main.front
        if front is None or front.effective is None or front.effective >= context.today:
            continue
        line = document.main.key_line("effective")
        previous = before.main.front.effective if before and before.main.front else None
        if previous == front.effective:
            yield Finding(document.path, line,
                          f"'effective: {front.effective}' is left over from the previous version; set "
                          "this change's own date (today or later) or remove the key")
        else:
            yield Finding(document.path, line,
                          f"'effective: {front.effective}' is in the past (today is {context.today}); "
                          "check the year")


def check_review_due(context: CheckContext) -> Iterator[Finding]:
    """A policy last changed or reviewed more than `review_months` ago is due for review."""
    if context.history is None:
        return
    for policy in context.history.policies:
        if policy.retirement is not None:
            continue
        latest = policy.versions[-1]
        file = context.head.files.get(policy.source)
        reviewed = file.front.reviewed if file and file.front else latest.reviewed
        last = max(latest.published_day, reviewed or dt.date.min)
        due = add_months(last, context.review_months)
        if due < context.today:
            line = file.key_line("reviewed") if file else 1
            yield Finding(policy.source, line,
                          f"last changed or reviewed on {last}, more than {context.review_months} months "
                          f"ago (due {due}); review it and set 'reviewed: {context.today}'")


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
