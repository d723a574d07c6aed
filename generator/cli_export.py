"""`policy export DIR`: the site as a docs tree that a Material-compatible builder (Zensical, or MkDocs
without our plugin) publishes as it is. Reads mkdocs.yml with MkDocs, then calls export.py."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import Files, InclusionLevel, get_files
from mkdocs.structure.nav import Link, Navigation, Page, Section, get_navigation

from .builds import cache_salts
from .cache import Cache
from .cli_base import InputError
from .export import ASSETS, export_site
from .export_config import dump, export_config, load_raw, write_overrides
from .mkdocs_files import doc_files
from .project import find_config
from .rendering import PolicyMarkdown
from .sitebuild import SiteBuild, beside_config, pdf_settings, read_options
from .sitefiles import lead_with_changes
from .urls import CHANGES_PAGE

MARKER = ".policy-export"
# Said once, by name: what a builder without our plugin cannot be told.
CANNOT = ("per-page `lang` on <html> (a translation's pages keep the site's language; their policy part is "
          "wrapped in an element with its own)",)


@click.command(name="export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--for", "builder", type=click.Choice(["zensical", "mkdocs"]), default="zensical", show_default=True,
              help="The builder: Zensical rebases every relative link of a page from its Markdown file to its "
                   "address, MkDocs (without the plugin) leaves raw HTML as it is; links are written for it.")
def export(target: Path, builder: str) -> None:
    """Write the site as a docs tree any Material-compatible builder publishes without the policy plugin:
    TARGET/docs (every page as Markdown, the record files as they are) and TARGET/mkdocs.yml."""
    obj = click.get_current_context().find_root().obj
    path = obj["config_file"] or find_config(Path.cwd().resolve())
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        config = load_config(config_file=str(path))
    except ConfigurationError as exc:
        raise InputError(f"{path}: {exc}") from None
    plugin = config.plugins.get("policy")
    if plugin is None:
        raise InputError(f"{path}: the `policy` plugin is not enabled under `plugins:`")
    options = dict(plugin.config)
    if obj["as_of"]:
        options["as_of"] = obj["as_of"]
    build = _site_build(options, config)
    _clear(target)
    docs_out = target / "docs"
    files = get_files(config)
    docs = doc_files(files)
    with _warnings_shown():
        report = export_site(build, docs, config.docs_dir, config.config_file_path, config.site_name,
                             config.site_url or "", config.use_directory_urls,
                             lambda p: getattr(files.get_file_from_path(p), "url", None), docs_out,
                             links_from="source" if builder == "zensical" else "page")
    custom_dir = config.theme.custom_dir
    hidden = sorted(page.src for page in report.pages if not page.in_nav)
    raw = export_config(load_raw(Path(path)), list(ASSETS), None, hidden)
    note = write_overrides(Path(custom_dir) if custom_dir else None, target)
    (target / "mkdocs.yml").write_text(dump(raw), encoding="utf-8")
    if "nav" not in raw:
        raw["nav"] = _nav_of(target / "mkdocs.yml", set(hidden))
        (target / "mkdocs.yml").write_text(dump(raw), encoding="utf-8")
    for line in report.warnings:
        click.echo(f"policy export: warning: {line}", err=True)
    for line in [*report.notes, *([note] if note else []), *(f"cannot be expressed: {c}" for c in CANNOT)]:
        click.echo(f"policy export: {line}")
    (target / MARKER).write_text("written by `policy export`; the next export replaces this folder\n")
    click.echo(f"policy export: {len(report.pages)} policy pages, {report.copied} docs files and the record "
               f"in {docs_out}; build it with `{builder} build -f {target / 'mkdocs.yml'}`")


def _clear(target: Path) -> None:
    """Replace a previous export; never a folder that is something else."""
    if target.exists() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise InputError(f"{target} is not empty and not a previous export; give an empty or new folder")
    shutil.rmtree(target, ignore_errors=True)


class _Warnings(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"policy export: warning: {record.getMessage()}", err=True)


@contextmanager
def _warnings_shown() -> Iterator[None]:
    """The core's warnings (what fails a strict plugin build) printed as the export goes; the logger is
    left as it was."""
    logger = logging.getLogger("mkdocs.plugins.policy")
    handler, saved = _Warnings(logging.WARNING), (logger.level, logger.propagate)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _site_build(options: dict[str, Any], config: Any) -> SiteBuild:
    build_options = read_options(options, config.theme, "build")
    markdown = PolicyMarkdown(options["markdown"], config.markdown_extensions, config.mdx_configs)
    cache = Cache(beside_config(config.config_file_path, options["cache_dir"]), cache_salts(markdown))
    return SiteBuild(build_options, markdown, cache, pdf_settings(options, config.config_file_path, "build"))


def _nav_of(config_file: Path, hidden: set[str]) -> list[Any]:
    """The navigation MkDocs makes for the plugin's build, written out: a builder without the plugin
    would otherwise list every archived version."""
    config = load_config(config_file=str(config_file))
    files = get_files(config)
    for file in files:
        if file.src_uri in hidden:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    nav = get_navigation(Files(list(files)), config)
    lead_with_changes(nav.items, nav.pages, files.src_uris.get(CHANGES_PAGE))
    return _entries(nav)


def _entries(nav: Navigation | list) -> list[Any]:
    items = nav.items if isinstance(nav, Navigation) else nav
    out: list[Any] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item.file.src_uri)
        elif isinstance(item, Section):
            out.append({item.title: _entries(item.children)})
        elif isinstance(item, Link):
            out.append({item.title: item.url})
    return out
