"""Where a link in a policy goes today: a docs path of any version -> the page that shows it now,
and the warning for a link of the text in force that leads nowhere."""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Mapping

from .model import History
from .pages import Site

log = logging.getLogger("mkdocs.plugins.policy")


def link_targets(path: str) -> list[str]:
    """A linked path and, for a folder (GitHub shows its index or README), the files that show it."""
    if path.endswith((".md", ".markdown")) or posixpath.splitext(path)[1]:
        return [path]
    folder = path.rstrip("/")
    return [path, f"{folder}/index.md", f"{folder}/README.md", f"{folder}.md"]


def policy_sources(history: History) -> dict[str, str]:
    """Every path a policy had in any version -> its source path today."""
    sources = {path: p.source for p in history.policies for path in p.paths}
    sources.update({p.source: p.source for p in history.policies})
    return sources


class Links:
    """Link resolution for one build: policies by their history, other files by the front end's
    `file_url` (a docs path -> its address, or None when the site has no such file)."""

    def __init__(self, site: Site, file_url: Callable[[str], str | None]) -> None:
        self.site = site
        self.sources: Mapping[str, str] = policy_sources(site.history)
        self.file_url = file_url

    def url_of(self, path: str) -> str | None:
        """Where a docs path of any version is served now: its policy's page, or the file itself."""
        for candidate in link_targets(path):
            source = self.sources.get(candidate)
            if source is not None:
                return self.site.url_of(source)
            url = self.file_url(candidate)
            if url is not None:
                return url
        return None

    def resolve(self, path: str) -> str:
        """Docs path as of any version -> the source path of the page that shows it today."""
        return self.sources.get(path, path)


def dead_link_warning(source: str) -> Callable[[str], None]:
    """What to do with a dead link of `source`'s text in force: warn (a strict build fails)."""
    def warn(target: str) -> None:
        log.warning(f"policy: {source}: links to {target!r}, which is not in the site; the link is shown "
                    "as plain text")
    return warn
