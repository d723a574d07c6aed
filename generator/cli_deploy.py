"""The `policy` subcommands of a deploy: restore the published record, verify the new build against
it, and tell people about what is new once it is live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli_base import InputError, current_project, draft_version_notice
from .manifest import MANIFEST_PATH, build_manifest
from .project import load_project
from .records import restore_records
from .verify import ManifestMissing, built_pdfs, compare_manifests, load_manifest, published_pdfs


@click.command()
@click.option("--from", "source", required=True, metavar="URL-OR-FOLDER",
              help="The published site: its address, its policies.json, or a folder laid out like it.")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path),
              help="The records folder (default: the site's `records_dir`, .records beside mkdocs.yml).")
def restore(source: str, into: Path | None) -> None:
    """Copy the published record (the live manifest and every PDF it lists, each checked against its
    SHA-256) into the records folder, so the build reuses published PDFs byte for byte."""
    folder = into or current_project().records_dir
    if folder is None:
        raise InputError("no records folder: pass --into, or set `records_dir` in the policy plugin's options")
    restored = restore_records(source, folder)
    if not restored.published:
        click.echo(f"policy restore: nothing published yet at {source}; every PDF will be new")
        return
    click.echo(f"policy restore: {restored.fetched + restored.kept} published PDF(s) in {folder} "
               f"({restored.fetched} fetched, {restored.kept} already there), each matching its SHA-256")


@click.command()
@click.option("--against", "against", required=True, metavar="URL-OR-FILE",
              help="The published policies.json (a file or an http(s) URL).")
@click.option("--allow-missing", is_flag=True, help="Pass when nothing is published yet (first deploy).")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The new build's folder (after `mkdocs build`): every published PDF must be in it, "
                   "unchanged.")
def verify(against: str, allow_missing: bool, site_dir: Path | None) -> None:
    """Fail if the history being built (and, with --site, the built site) rewrites anything already
    published."""
    project = current_project()
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


@click.command()
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
        notices[announcement.id] = draft_version_notice(project, site, policy, version)
    outcome = announce(announcements, settings, notices, state, os.environ, dry_run=dry_run)
    for line in outcome.lines:
        click.echo(f"policy notify: {line}")
    click.echo(f"policy notify: {len(announcements)} new version(s); "
               + ("dry run, nothing sent" if dry_run else f"{outcome.failed} delivery(ies) failed"))
    if outcome.failed:
        sys.exit(1)
