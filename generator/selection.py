"""Which files under the policies folder are policies: one rule for history, checks and the site.

Patterns are gitignore-style (pathspec's implementation of git's own rules): `*` stays within a
folder, `**` crosses folders, a pattern without a slash matches a name at any depth, a trailing `/`
matches a folder. They are matched against the path a file had in each revision, so a file excluded
by name is excluded in every revision that had that name."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pathspec

MARKDOWN_SUFFIXES = (".md", ".markdown")
# A policy kept as data (see datafile.py): YAML with a top-level `entries:` list.
DATA_SUFFIXES = (".yml", ".yaml")
POLICY_SUFFIXES = MARKDOWN_SUFFIXES + DATA_SUFFIXES


@functools.lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> pathspec.PathSpec | None:
    return pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """Does a docs-relative path match any of the gitignore-style patterns?"""
    spec = _compile(tuple(patterns))
    return spec is not None and spec.match_file(path)


@dataclass(frozen=True)
class Selection:
    """`exclude`: never policies, not on the site; `plain_pages`: published as ordinary pages."""

    exclude: tuple[str, ...] = ()
    plain_pages: tuple[str, ...] = ()

    def is_candidate(self, path: str) -> bool:
        """Could this path be a policy: a Markdown or data file that is neither excluded nor a plain page."""
        return (path.endswith(POLICY_SUFFIXES) and not matches(path, self.exclude)
                and not matches(path, self.plain_pages))

    def is_excluded(self, path: str) -> bool:
        return matches(path, self.exclude)

    def is_plain_page(self, path: str) -> bool:
        return matches(path, self.plain_pages) and not matches(path, self.exclude)
