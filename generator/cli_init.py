"""`policy init`: adopt the repository this is run in. Look at it (adopt.py), write the configuration
that publishes it (never over an existing one, never touching a policy), run a first strict build and
`policy check`, and say what was published, what was left out and why, and what to fix now."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click

from .adopt import ADOPTED_DIR, Adoption, build_command, config_text, inspect_repository
from .checks import resolve_levels, run_checks
from .checks.report import format_text
from .model import History
from .project import Project, ProjectError, find_config, load_project


@click.command()
@click.option("--site-url", metavar="URL", help="The address the site is served at (default: the GitHub "
              "Pages address of a GitHub `origin`).")
@click.option("--site-name", metavar="NAME", help="The site's name (default: the repository folder's).")
@click.option("--no-build", is_flag=True, help="Write the configuration only; no first build or check.")
def init(site_url: str | None, site_name: str | None, no_build: bool) -> None:
    """Adopt this repository: write a configuration that publishes its policies with their history,
    build once strictly, run `policy check`, and report. Exits 1 when something needs fixing now."""
    started = time.perf_counter()
    obj = click.get_current_context().find_root().obj
    adoption = inspect_repository(Path.cwd(), site_url, site_name)
    say = click.echo
    config = _existing_config(adoption, obj["config_file"])
    wrote = config is None
    if config is not None:
        say(f"policy init: {_rel(adoption, config)} exists; left alone (delete it to start again)")
    else:
        config = _write_config(adoption)
        say(f"policy init: wrote {_rel(adoption, config)}")
    for line in describe_adoption(adoption) if wrote else ():  # else the configuration decides, not this look
        say(f"  {line}")
    if no_build:
        return
    project = load_project(config, obj["as_of"])
    history, _warnings = project.read_history()
    say(f"policy init: read {adoption.commits} commit(s) in {time.perf_counter() - started:.1f} s")
    for line in published_lines(history, project.repo_path):
        say(f"  {line}")
    say(f"policy init: first build `{build_command(adoption)}`:")
    passed, seconds = _first_build(adoption, config)
    say(f"policy init: first build {'passed' if passed else 'failed'} in {seconds:.1f} s")
    errors, warnings = _check(project)
    if wrote and not adoption.site_url:
        errors.insert(0, f"{_rel(adoption, config)}:{_line_of(config, 'site_url:')}: site_url: the address is a "
                         "placeholder; write the one the site is served at (feeds and notices carry it)")
    for heading, lines in (("fix now in the current files", errors), ("worth a look (warnings)", warnings)):
        if lines:
            say(f"policy init: {heading} (`policy check`):")
            for line in lines:
                say(f"  {line}")
    if passed and not errors:
        mine = f"{ADOPTED_DIR}/" if adoption.root_layout else _rel(adoption, config)
        site = os.path.relpath((config.parent / adoption.site_dir).resolve(), Path.cwd())
        say(f"policy init: nothing to fix now; commit {mine}, then deploy the built site"
            + (f" ({site})" if wrote else ""))
    if not passed or errors:
        sys.exit(1)


def describe_adoption(adoption: Adoption) -> list[str]:
    """What was found and decided, one line each."""
    a = adoption
    lines = [f"policies: {'at the repository root' if a.root_layout else f'in {a.docs}/'}; "
             f"time zone {a.zone.name}: {a.zone.note}"]
    if a.home:
        lines.append(f"home page: {a.home}" + ("" if a.home == "index.md" else " (GitHub's front page)"))
    else:
        lines.append("home page: none (add an index.md: MkDocs shows a list of pages instead)")
    for item in a.left_out:
        lines.append(f"left out: {item.path}: {item.why}")
    if a.ignore_revs:
        lines.append("commits in .git-blame-ignore-revs are never versions")
    if not a.site_url:
        lines.append("site_url: unknown; set it in the configuration (feeds and notices need it), "
                     "or run again with --site-url")
    return lines


def published_lines(history: History, repo_path) -> list[str]:
    """What the site publishes: each policy with its versions, languages and lists."""
    controlling = history.controlling
    versions = sum(len(p.versions) for p in history.policies)
    languages = sorted({p.language for p in history.policies if p.language})
    lists = [p for p in controlling if p.shown.entities is not None]
    lines = [f"published: {len(controlling)} polic{'y' if len(controlling) == 1 else 'ies'}, "
             f"{versions} version(s)" + (f", translations in {', '.join(languages)}" if languages else "")
             + (f", {len(lists)} list(s) of sub-processors" if lists else "")]
    for policy in controlling:
        notes = [f"{len(policy.versions)} version(s)"]
        if policy.retirement:
            notes.append("retired")
        if policy.shown.entities is not None:
            notes.append(f"a list of {len(policy.shown.entities)} entries")
        notes += [f"{t.language}: {len(t.versions)} version(s)" for t in history.translations(policy.id)]
        lines.append(f"- {repo_path(policy.source)}: {policy.title} ({', '.join(notes)})")
    return lines


def _existing_config(adoption: Adoption, given: Path | None) -> Path | None:
    if given is not None:
        return given
    try:
        found = find_config(Path.cwd().resolve())
    except ProjectError:
        return None
    return found if found.is_relative_to(adoption.root) else None


def _write_config(adoption: Adoption) -> Path:
    path = adoption.config_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text(adoption), encoding="utf-8")
    if adoption.root_layout:
        (path.parent / ".gitignore").write_text(".cache/\n.records/\n", encoding="utf-8")
    return path


def _first_build(adoption: Adoption, config: Path) -> tuple[bool, float]:
    """`mkdocs build --strict` as the user will run it, saying as it goes what the build says about
    the policies (what it read, progress, warnings, the summary); whether it passed, and its seconds."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    with subprocess.Popen(command, cwd=adoption.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as build:
        for line in build.stderr or ():
            if line.startswith(("WARNING", "ERROR")) or "policy:" in line or "Aborted" in line:
                click.echo(f"  {line.rstrip()}")
    return build.returncode == 0, time.perf_counter() - started


def _check(project: Project) -> tuple[list[str], list[str]]:
    """`policy check`'s errors and warnings, as it prints them."""
    try:
        levels = resolve_levels(project.checks)
    except ValueError as exc:
        return [f"{project.config_file}: {exc}"], []
    findings = run_checks(project.check_context(project.default_base()), levels)
    return ([format_text(f, project.repo_path) for f in findings if f.level == "error"],
            [format_text(f, project.repo_path) for f in findings if f.level != "error"])


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(start)), 1)


def _rel(adoption: Adoption, path: Path) -> str:
    try:
        return path.resolve().relative_to(adoption.root).as_posix()
    except ValueError:
        return str(path)
