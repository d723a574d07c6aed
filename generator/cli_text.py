"""What the `policy` command prints, as plain text: a policy's versions, the version in force on a day,
and the redline items of a change. No click and no MkDocs here: cli.py reads the project and echoes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from . import urls
from .checks.changes import PolicyChange
from .checks.redline_report import RedlineItem, format_html, format_markdown, format_terminal
from .checks.sources import DataDocument
from .entities import Entity
from .entity_changes import describe_changes, diff_entities
from .errors import PolicyError
from .model import History, Policy, Version
from .pages import Site
from .translations import translation_status


def log_lines(history: History, policy: Policy, source: str) -> list[str]:
    """A policy's heading (its file, retirement, translation status), its versions newest first, a blank."""
    status = f", retired {policy.retirement.day}" if policy.retirement else ""
    if policy.translates is not None:
        controlling = history.policy(policy.translates)
        matched = policy.shown.translation_of
        status += (f"; {policy.language} translation of {controlling.id}, "
                   f"{translation_status(policy, controlling)}: matches "
                   f"{f'version {matched}' if matched else 'no version'} of {controlling.shown.number} in force")
    lines = [f"{policy.id}  {policy.title}  ({source}{status})"]
    for v in reversed(policy.versions):
        material = "material" if v.material else ""
        published = v.published_day
        lines.append(f"  {v.number:>3}  effective {v.effective}  published {published}  "
                     f"{v.status:<10}  {material:<8}  {v.summary}")
    lines.append("")
    return lines


def no_version_line(policy: Policy, on: dt.date) -> str:
    """Why no version of a policy applied on a day: before the first, or after retirement."""
    first = policy.versions[0].effective
    why = (f"it first took effect on {first}" if on < first else
           f"it was retired on {policy.retirement.day}" if policy.retirement else "no period includes that day")
    return f"{policy.id}: no version applied on {on}: {why}"


def show_lines(site: Site, policy: Policy, version: Version, on: dt.date, as_of: dt.date, pdf: bool) -> list[str]:
    """The version that applied on a day: its period, status, commit, SHA-256 and addresses."""
    last = policy.last_day(version)
    period = f"{version.effective} to {last}" if last else f"since {version.effective}"
    if version.status == "upcoming":
        period = f"from {version.effective} (announced; not yet in force on {as_of})"
    pdf_url = urls.absolute_url(site.url, urls.version_pdf(policy.id, version.number)) if pdf else None
    lines = [f"{version.id}  {version.title}, version {version.number}: applied on {on}"]
    for label, value in (("in force", period), ("status", version.status),
                         ("published", version.published.isoformat()), ("commit", version.commit),
                         ("sha256", version.sha256), ("url", site.permanent_url(version)),
                         ("pdf", pdf_url),
                         ("summary", version.summary)):
        if value:
            lines.append(f"  {label + ':':<11}{value}")
    return lines


def entity_summary(old: tuple[Entity, ...] | None, new: tuple[Entity, ...] | None) -> str:
    """Who a list adds, removes or changes between two of its sides ("" for other policies), in the
    words of the site's redline page and feeds."""
    if old is None or new is None:
        return ""
    return describe_changes(diff_entities(old, new))


def change_item(change: PolicyChange, render: Callable[[str], str], repo_path: Callable[[str], str],
                as_of: dt.date) -> RedlineItem:
    """One changed policy as the site will show it: a list's entity changes lead, then the redline
    of the rendered text (for a list kept as data, the Markdown the build makes of it)."""
    from .redline import compute_redline

    for side, where in ((change.new, "the branch"), (change.old, "the base")):
        if isinstance(side, DataDocument) and side.error is not None:
            raise PolicyError(f"{repo_path(change.path)} in {where}: {side.error}; "
                              "`policy check` names what to fix")
    old_html = render(change.old.body) if change.old else ""
    new_html = render(change.new.body) if change.new else ""
    label = "new policy" if change.old is None else "removed" if change.new is None else ""
    return RedlineItem(change.title, repo_path(change.path), compute_redline(old_html, new_html), label,
                       change.summary, change.effective_on(as_of), change.material,
                       entities=describe_changes(change.entity_changes))


def format_redlines(items: list[RedlineItem], fmt: str, color: bool) -> str:
    """The redline items as Markdown, HTML or terminal text (colored when asked)."""
    if fmt == "markdown":
        return format_markdown(items)
    if fmt == "html":
        return format_html(items)
    return format_terminal(items, color)
