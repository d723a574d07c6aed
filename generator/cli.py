"""The `policy` command: look at the history, redline a branch, check a change, verify a deploy.

Thin: parse arguments, call project.py and the plain layers, print what cli_text.py words. Exit codes:
0 ok, 1 rule errors or differences found, 2 bad usage or input that cannot be read."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from .checks import resolve_levels, run_checks
from .checks.changes import find_changes
from .checks.redline_report import RedlineItem
from .checks.report import format_github, format_text, summarize
from .cli_base import InputError, PolicyGroup, check_day, current_project, draft_version_notice
from .cli_deploy import notify, restore, verify
from .cli_export import export
from .cli_init import init
from .cli_text import change_item, entity_summary, format_redlines, log_lines, no_version_line, show_lines
from .project import Project

REDLINE_FORMATS = click.Choice(["terminal", "markdown", "html"])


@click.group(cls=PolicyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The site's mkdocs.yml (default: found from the current folder upwards).")
@click.option("--as-of", metavar="YYYY-MM-DD", callback=check_day,
              help="The day that decides which versions are in force (default: today).")
@click.pass_context
def main(ctx: click.Context, config_file: Path | None, as_of: str | None) -> None:
    """Publish legal policies with their history: inspect, redline, check and verify."""
    ctx.obj = {"config_file": config_file, "as_of": as_of}


@main.command()
@click.argument("path", required=False)
def log(path: str | None) -> None:
    """List the versions of one policy (id or file) or of all policies."""
    project = current_project()
    history, _warnings = project.read_history()
    policies = [project.find_policy(history, path)] if path else list(history.policies)
    for policy in policies:
        for line in log_lines(history, policy, project.repo_path(policy.source)):
            click.echo(line)


@main.command()
@click.argument("path")
@click.option("--on", "day", metavar="YYYY-MM-DD", callback=check_day,
              help="The day to ask about (default: the as-of day).")
def show(path: str, day: str | None) -> None:
    """Say which version of a policy (id or file) applied on a day: its period, commit, SHA-256 and
    addresses. Exits 1 when no version applied that day (before the first, or after retirement)."""
    project = current_project()
    history, _warnings = project.read_history()
    policy = project.find_policy(history, path)
    on = dt.date.fromisoformat(day) if day else project.as_of
    version = policy.in_force_on(on)
    if version is None:
        click.echo(no_version_line(policy, on))
        sys.exit(1)
    for line in show_lines(project.build_site(history), policy, version, on, project.as_of, project.pdf):
        click.echo(line)


@main.command()
@click.option("--base", metavar="REV", help="Compare against this revision (default: merge base with main).")
@click.option("--head", metavar="REV", help="The changed side (default: the working tree).")
@click.option("--format", "fmt", type=REDLINE_FORMATS, default="terminal", show_default=True)
@click.option("--exit-code", is_flag=True, help="Exit with 1 when a policy changed.")
@click.argument("paths", nargs=-1)
def diff(base: str | None, head: str | None, fmt: str, exit_code: bool, paths: tuple[str, ...]) -> None:
    """Redline every policy the branch changes against its base."""
    project = current_project()
    base = base or project.default_base()
    if base is None:
        raise InputError("no default branch (origin/HEAD, main or master) to compare with; pass --base")
    new = project.revision(head) if head else project.working_tree()
    changes = find_changes(project.revision(base), new)
    if paths:
        wanted = {_docs_path(project, p) for p in paths}
        changes = [c for c in changes if c.path in wanted]
    items = [change_item(change, project.render_page, project.repo_path, project.as_of) for change in changes]
    _emit_redlines(items, fmt)
    if exit_code and items:
        sys.exit(1)


@main.command()
@click.argument("path")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--format", "fmt", type=REDLINE_FORMATS, default="terminal", show_default=True)
def redline(path: str, old: str | None, new: str | None, fmt: str) -> None:
    """Redline two versions of a policy (default: its last change).

    OLD and NEW are version numbers (3), version ids (privacy@3), dates (the version in force that
    day, YYYY-MM-DD) or git revisions (the file as it was there)."""
    project = current_project()
    history, _warnings = project.read_history()
    policy = project.find_policy(history, path)
    latest = policy.versions[-1]
    new_label, new_md, new_version, new_entities = project.side(policy, new or str(latest.number))
    old_version = None
    if old:
        old_label, old_md, old_version, old_entities = project.side(policy, old)
    elif latest.number > 1:
        old_label, old_md, old_version, old_entities = project.side(policy, str(latest.number - 1))
    else:
        old_label, old_md, old_entities = "nothing", "", None
    from .redline import compute_redline
    from .visible import dated_pair

    old_html, new_html = project.render_page(old_md) if old_md else "", project.render_page(new_md)
    if old_version is not None and new_version is not None:  # a change of dates only is marked
        old_html, new_html = dated_pair(old_html, new_html, old_version.effective.isoformat(),
                                        new_version.effective.isoformat())
    result = compute_redline(old_html, new_html)
    item = RedlineItem(policy.title, project.repo_path(policy.source), result, f"{old_label} → {new_label}",
                       new_version.summary if new_version else None,
                       new_version.effective if new_version else None, bool(new_version and new_version.material),
                       entities=entity_summary(old_entities, new_entities))
    _emit_redlines([item], fmt)


@main.command()
@click.option("--base", metavar="REV", help="Compare against this revision (default: merge base with main).")
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True)
@click.option("--history", "include_past", is_flag=True,
              help="Also list old revisions that were skipped or have findings (never errors: no commit can "
                   "change the past).")
def check(base: str | None, fmt: str, include_past: bool) -> None:
    """Run every rule on the working tree; exit 1 on any error."""
    project = current_project()
    try:
        levels = resolve_levels(project.checks)
    except ValueError as exc:
        raise InputError(f"{project.config_file}: {exc}") from None
    base = base and project.resolve(base) or project.default_base()
    if base is None:
        click.echo("policy check: no base branch found; rules that compare with it are skipped", err=True)
    findings = run_checks(project.check_context(base, include_past), levels)
    formatter = format_github if fmt == "github" else format_text
    for finding in findings:
        click.echo(formatter(finding, project.repo_path))
    click.echo(summarize(findings), err=True)
    if any(f.level == "error" for f in findings):
        sys.exit(1)


@main.command()
@click.argument("version")
def notice(version: str) -> None:
    """Draft the notice of a material change: VERSION is an id (terms@9) or a policy (its latest)."""
    project = current_project()
    history, _warnings = project.read_history()
    policy, chosen = project.find_version(history, version)
    drafted = draft_version_notice(project, project.build_site(history), policy, chosen)
    click.echo(f"Subject: {drafted.subject}\n\n--- text ---\n{drafted.text.rstrip()}\n\n"
               f"--- html ---\n{drafted.html.rstrip()}")


# -- helpers -----------------------------------------------------------------------------------
def _docs_path(project: Project, name: str) -> str:
    absolute = (Path.cwd() / name).resolve()
    if absolute.is_relative_to(project.docs_dir):
        return absolute.relative_to(project.docs_dir).as_posix()
    return name.removeprefix(f"{project.docs_prefix}/") if project.docs_prefix else name


def _emit_redlines(items: list[RedlineItem], fmt: str) -> None:
    color = fmt == "terminal" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(format_redlines(items, fmt, color), nl=fmt == "terminal")


for _command in (restore, verify, notify, init, export):
    main.add_command(_command)
