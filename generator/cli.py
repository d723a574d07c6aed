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
from .cli_text import change_item, entity_summary, format_redlines, log_lines, no_version_line, show_lines
from .errors import PolicyError
from .manifest import MANIFEST_PATH, build_manifest
from .model import Policy, Version
from .notice import Notice, draft_notice
from .pages import Site
from .project import Project, ProjectError, load_project
from .records import restore_records
from .verify import ManifestMissing, ManifestUnreadable, built_pdfs, compare_manifests, load_manifest, published_pdfs

REDLINE_FORMATS = click.Choice(["terminal", "markdown", "html"])


class InputError(click.ClickException):
    """Input that cannot be read (config, git, a policy file): exit 2, like a usage error."""

    exit_code = 2


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ProjectError, PolicyError, ManifestUnreadable) as exc:
            raise InputError(str(exc)) from None


def _check_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return value


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The site's mkdocs.yml (default: found from the current folder upwards).")
@click.option("--as-of", metavar="YYYY-MM-DD", callback=_check_day,
              help="The day that decides which versions are in force (default: today).")
@click.pass_context
def main(ctx: click.Context, config_file: Path | None, as_of: str | None) -> None:
    """Publish legal policies with their history: inspect, redline, check and verify."""
    ctx.obj = {"config_file": config_file, "as_of": as_of}


def _project() -> Project:
    obj = click.get_current_context().find_root().obj
    if "project" not in obj:
        obj["project"] = load_project(obj["config_file"], obj["as_of"])
    return obj["project"]


@main.command()
@click.argument("path", required=False)
def log(path: str | None) -> None:
    """List the versions of one policy (id or file) or of all policies."""
    project = _project()
    history, _warnings = project.read_history()
    policies = [project.find_policy(history, path)] if path else list(history.policies)
    for policy in policies:
        for line in log_lines(history, policy, project.repo_path(policy.source)):
            click.echo(line)


@main.command()
@click.argument("path")
@click.option("--on", "day", metavar="YYYY-MM-DD", callback=_check_day,
              help="The day to ask about (default: the as-of day).")
def show(path: str, day: str | None) -> None:
    """Say which version of a policy (id or file) applied on a day: its period, commit, SHA-256 and
    addresses. Exits 1 when no version applied that day (before the first, or after retirement)."""
    project = _project()
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
    project = _project()
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
    project = _project()
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
    project = _project()
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
    project = _project()
    history, _warnings = project.read_history()
    policy, chosen = project.find_version(history, version)
    drafted = _draft_notice(project, project.build_site(history), policy, chosen)
    click.echo(f"Subject: {drafted.subject}\n\n--- text ---\n{drafted.text.rstrip()}\n\n"
               f"--- html ---\n{drafted.html.rstrip()}")


@main.command()
@click.option("--site", "site_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The built site being deployed (its policies.json says what is published now).")
@click.option("--previous", required=True, metavar="URL-OR-FILE",
              help="The policies.json published before this deploy (missing or 404: nothing was).")
@click.option("--state", "state_file", type=click.Path(dir_okay=False, path_type=Path),
              help="What was delivered, so a rerun sends only what failed (default: notified.json in the "
                   "records folder, .records/notified.json).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent where; send nothing.")
@click.option("--all", "everything", is_flag=True,
              help="Announce every version of the site not yet delivered, not only those new since --previous.")
def notify(site_dir: Path, previous: str, state_file: Path | None, dry_run: bool, everything: bool) -> None:
    """Announce each version new since the previous deploy on the channels of `notify:` (email, signed
    webhooks, WebSub), once. Exits 1 when a channel failed (a rerun sends what failed), 2 on bad input."""
    from .channels import SettingsError, check_secrets
    from .notify import STATE_FILE, DeliveryState, announce, new_announcements

    deployed = load_manifest(str(site_dir / MANIFEST_PATH)) if (site_dir / MANIFEST_PATH).is_file() else None
    if deployed is None:
        raise InputError(f"--site {site_dir}: no {MANIFEST_PATH}; build the site first")
    try:
        published = load_manifest(previous)
    except ManifestMissing as exc:
        published = None
        click.echo(f"policy notify: nothing published before ({exc})"
                   + ("" if everything else "; nothing to announce (pass --all to announce every version)"))
    obj = click.get_current_context().find_root().obj
    project = load_project(obj["config_file"], obj["as_of"] or deployed.get("as_of"))
    settings = project.notify
    if not settings.channels:
        click.echo("policy notify: no channels under the policy plugin's `notify:` option; nothing to send")
        return
    try:
        if not dry_run:
            check_secrets(settings, os.environ)
        state = DeliveryState(state_file or (project.records_dir or project.config_file.parent) / STATE_FILE)
    except SettingsError as exc:
        raise InputError(str(exc)) from None
    announcements = new_announcements(published, deployed, everything)
    history, _warnings = project.read_history()
    if history.head != deployed.get("commit"):
        click.echo(f"policy notify: {site_dir} was built from {deployed.get('commit')}, the repository is at "
                   f"{history.head}; the words may differ from the site's", err=True)
    site = project.build_site(history)
    notices = {}
    for announcement in announcements:
        policy, version = project.find_version(history, announcement.id)
        notices[announcement.id] = _draft_notice(project, site, policy, version)
    outcome = announce(announcements, settings, notices, state, os.environ, dry_run=dry_run)
    for line in outcome.lines:
        click.echo(f"policy notify: {line}")
    click.echo(f"policy notify: {len(announcements)} new version(s); "
               + ("dry run, nothing sent" if dry_run else f"{outcome.failed} delivery(ies) failed"))
    if outcome.failed:
        sys.exit(1)


@main.command()
@click.option("--against", "against", required=True, metavar="URL-OR-FILE",
              help="The published policies.json (a file or an http(s) URL).")
@click.option("--allow-missing", is_flag=True, help="Pass when nothing is published yet (first deploy).")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The new build's folder (after `mkdocs build`): every published PDF must be in it, "
                   "unchanged.")
def verify(against: str, allow_missing: bool, site_dir: Path | None) -> None:
    """Fail if the history being built (and, with --site, the built site) rewrites anything already
    published."""
    project = _project()
    try:
        old = load_manifest(against)
    except ManifestMissing as exc:
        if allow_missing:
            click.echo(f"policy verify: nothing published yet ({exc}); nothing to compare")
            return
        raise InputError(f"{exc}; pass --allow-missing for a first deploy") from None
    if site_dir is not None and not site_dir.is_dir():
        raise InputError(f"--site {site_dir}: no such folder; build the site first")
    history, _warnings = project.read_history()
    new = build_manifest(project.build_site(history))
    pdfs = built_pdfs(site_dir, new) if site_dir is not None else None
    problems = compare_manifests(old, new, pdfs)
    for problem in problems:
        click.echo(f"policy verify: {problem}")
    if problems:
        click.echo(f"policy verify: {len(problems)} published record(s) changed; published history must "
                   "only grow (restore the rewritten commits instead of force-pushing; for a changed PDF, "
                   "run `policy restore --from` the published site before building, so published PDFs "
                   "are served as they are)", err=True)
        sys.exit(1)
    if pdfs is None and published_pdfs(old):
        click.echo("policy verify: the published PDFs were not compared (pass --site with the new build)")
    click.echo("policy verify: every published version is unchanged")


@main.command()
@click.option("--from", "source", required=True, metavar="URL-OR-FOLDER",
              help="The published site: its address, its policies.json, or a folder laid out like it.")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path),
              help="The records folder (default: the site's `records_dir`, .records beside mkdocs.yml).")
def restore(source: str, into: Path | None) -> None:
    """Copy the published record (the live manifest and every PDF it lists, each checked against its
    SHA-256) into the records folder, so the build reuses published PDFs byte for byte."""
    folder = into or _project().records_dir
    if folder is None:
        raise InputError("no records folder: pass --into, or set `records_dir` in the policy plugin's options")
    restored = restore_records(source, folder)
    if not restored.published:
        click.echo(f"policy restore: nothing published yet at {source}; every PDF will be new")
        return
    click.echo(f"policy restore: {restored.fetched + restored.kept} published PDF(s) in {folder} "
               f"({restored.fetched} fetched, {restored.kept} already there), each matching its SHA-256")


# -- helpers -----------------------------------------------------------------------------------
def _draft_notice(project: Project, site: Site, policy: Policy, version: Version) -> Notice:
    """The notice of `version`, with what its redline against the previous version says."""
    from .redline import compute_redline

    previous = policy.previous(version)
    old_html = project.render_page(previous.markdown) if previous else ""
    return draft_notice(site, policy, version, compute_redline(old_html, project.render_page(version.markdown)))


def _docs_path(project: Project, name: str) -> str:
    absolute = (Path.cwd() / name).resolve()
    if absolute.is_relative_to(project.docs_dir):
        return absolute.relative_to(project.docs_dir).as_posix()
    return name.removeprefix(f"{project.docs_prefix}/") if project.docs_prefix else name


def _emit_redlines(items: list[RedlineItem], fmt: str) -> None:
    color = fmt == "terminal" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(format_redlines(items, fmt, color), nl=fmt == "terminal")
