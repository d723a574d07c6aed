"""The `policy` MkDocs plugin: thin hooks that translate MkDocs' events into calls on the build
(sitebuild.py), its files plan (sitefiles.py) and its pages (sitepages.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .builds import cache_salts
from .cache import Cache
from .config import PolicyConfig
from .errors import PolicyError
from .mkdocs_files import doc_files
from .outputs import abandon_output, finish_output, start_output, strict_warnings_counted
from .rendering import PolicyMarkdown
from .sitebuild import SiteBuild, beside_config, pdf_settings, read_options
from .sitefiles import ASSETS, FilesPlan, files_plan, lead_with_changes, quiet_readme_beside_index
from .sitepages import TEMPLATE, head_links, not_found_links, page_content, page_markdown, page_view, update_date
from .urls import CHANGES_PAGE

log = logging.getLogger("mkdocs.plugins.policy")


class PolicyPlugin(BasePlugin[PolicyConfig]):
    def __init__(self) -> None:
        self.build: SiteBuild | None = None  # None when the plugin is off
        self.command = "build"
        self.dirty = False
        self.final_site_dir: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache handles) alive across serve rebuilds.
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.build = None
        if not self.config.enabled:
            return config
        with _plugin_errors("policy plugin"):
            options = read_options(self.config, config.theme, self.command)
        _add_theme(config)
        quiet_readme_beside_index()
        markdown = PolicyMarkdown(self.config.markdown, config.markdown_extensions, config.mdx_configs)
        cache = Cache(beside_config(config.config_file_path, self.config.cache_dir), cache_salts(markdown))
        with _plugin_errors():
            pdfs = pdf_settings(self.config, config.config_file_path, self.command)
        self.build = SiteBuild(options, markdown, cache, pdfs)
        self._redirect_output(config)
        return config

    def _redirect_output(self, config: MkDocsConfig) -> None:
        """Build into a sibling folder and swap it in at the end: a failed build leaves site/ untouched."""
        if self.command == "build" and not self.dirty:
            self.final_site_dir, config.site_dir = config.site_dir, start_output(config.site_dir)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if self.build is None:
            return files
        with _plugin_errors():  # under `serve`, None: the pages say what stops the build
            found = self.build.read(config.docs_dir, config.config_file_path, config.site_name,
                                    config.site_url or "", config.use_directory_urls)
        _apply(files_plan(self.build, doc_files(files), found), files, config)
        for dest, source in ASSETS.items():
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        if found is not None:
            self.build.link_files(lambda path: getattr(files.get_file_from_path(path), "url", None))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.build is not None and config.nav is None:
            lead_with_changes(nav.items, nav.pages, files.src_uris.get(CHANGES_PAGE))
        return nav

    def on_page_markdown(self, markdown_text: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        step = page_markdown(self.build, page.file.src_uri, markdown_text) if self.build else None
        if step is None:
            return markdown_text
        page.meta["template"] = TEMPLATE
        if step.title is not None:
            page.meta["title"] = step.title
        if step.is_nav_title:
            page.title = step.title
        return step.markdown

    @event_priority(-50)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        content = page_content(self.build, page.file.src_uri, page.url, html) if self.build else None
        if content is None:
            return html
        if content.anchors is not None:  # a rendering taken as it was
            page.toc = get_toc(content.toc)
            page.present_anchor_ids = content.anchors
        return content.html

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav) -> dict[str, Any]:
        with _plugin_errors():
            view = page_view(self.build, page.file.src_uri, page.content) if self.build else None
        return context if view is None else {**context, "policy_view": view}

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Every page's text is in hand: make the redlines the cache lacks at once, on `workers` processes."""
        if self.build is not None:
            self.build.prepare_redlines()
        return env

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page | None:
        """Pages carry dates from history, not the build clock, so the same history builds the same site."""
        if self.build is not None:
            page.update_date = update_date(self.build, page.file.src_uri) or page.update_date
        return page

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        return head_links(self.build, page.file.src_uri, page.url, config.site_name, output) if self.build else output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str | None:
        if self.build is None or template_name != "404.html":
            return output_content
        return not_found_links(self.build, config.site_url, config.site_name, output_content)

    def _write_outputs(self, config: MkDocsConfig) -> None:
        if self.build is not None:
            with _plugin_errors():
                self.build.write_outputs(Path(config.site_dir))

    @event_priority(-100)
    def _swap_output(self, config: MkDocsConfig) -> None:
        """Last of all post-build work: put the finished site in place of the old one, unless strict
        mode counted warnings (MkDocs aborts after this; on_build_error drops what was written)."""
        if self.final_site_dir is None or strict_warnings_counted():
            return
        finish_output(config.site_dir, self.final_site_dir)
        config.site_dir = self.final_site_dir
        self.final_site_dir = None

    on_post_build = CombinedEvent(_write_outputs, _swap_output)

    def on_build_error(self, *, error: Exception) -> None:
        if self.final_site_dir is not None and self.config.enabled:
            abandon_output(self.final_site_dir)
            self.final_site_dir = None


@contextmanager
def _plugin_errors(prefix: str = "policy") -> Iterator[None]:
    """The core's errors reach MkDocs as PluginError, which it reports without a traceback."""
    try:
        yield
    except PolicyError as exc:
        raise PluginError(f"{prefix}: {exc}") from None


def _add_theme(config: MkDocsConfig) -> None:
    """The plugin's templates and assets ship inside the package; its templates come before the theme's (its
    `partials/language.html` speaks a translation's language) and after the site's own `custom_dir`."""
    config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(Path(__file__).parent / "templates"))
    for path in ASSETS:
        if path.endswith(".css") and path not in config.extra_css:
            config.extra_css.append(path)
        elif path.endswith(".js") and path not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(path)



def _apply(plan: FilesPlan, files: Files, config: MkDocsConfig) -> None:
    """Carry out the files plan on MkDocs' file list."""
    for note in plan.notes:
        log.info(note)
    if plan.error is not None:
        raise PluginError(plan.error)
    for src in plan.remove:
        files.remove(files.src_uris[src])
    for page in plan.add:
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src, content=page.content, inclusion=inclusion))
    for src in plan.hide:
        files.src_uris[src].inclusion = InclusionLevel.NOT_IN_NAV
    for warning in plan.warnings:
        log.warning(warning)

