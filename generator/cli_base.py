"""What every `policy` subcommand shares: the exit code of bad input, the group that turns the
generator's errors into it, the day option's check, the project of this run, the notice of a version."""

from __future__ import annotations

import datetime as dt

import click

from .errors import PolicyError
from .model import Policy, Version
from .notice import Notice, draft_notice
from .pages import Site
from .project import Project, ProjectError, load_project
from .verify import ManifestUnreadable


class InputError(click.ClickException):
    """Input that cannot be read (config, git, a policy file): exit 2, like a usage error."""

    exit_code = 2


class PolicyGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ProjectError, PolicyError, ManifestUnreadable) as exc:
            raise InputError(str(exc)) from None


def check_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return value


def current_project() -> Project:
    obj = click.get_current_context().find_root().obj
    if "project" not in obj:
        obj["project"] = load_project(obj["config_file"], obj["as_of"])
    return obj["project"]


def draft_version_notice(project: Project, site: Site, policy: Policy, version: Version) -> Notice:
    """The notice of `version`, with what its redline against the previous version says."""
    from .redline import compute_redline

    previous = policy.previous(version)
    old_html = project.render_page(previous.markdown) if previous else ""
    return draft_notice(site, policy, version, compute_redline(old_html, project.render_page(version.markdown)))
