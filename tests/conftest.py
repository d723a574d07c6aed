"""Shared fixtures: throwaway git repositories with fixed dates, and a history reader."""

from __future__ import annotations

import datetime as dt

import markdown
import pytest

from generator.gitlog import GitRepository
from generator.history import Options, read_history
from tests.gitrepo import TempRepo, isolate_git

AS_OF = dt.date(2026, 11, 27)


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["toc", "tables", "attr_list"])


@pytest.fixture
def repo(tmp_path, monkeypatch) -> TempRepo:
    isolate_git(monkeypatch)
    return TempRepo(tmp_path / "repo")


@pytest.fixture
def history_of():
    """Read a TempRepo's history the way the plugin does (UTC site unless told otherwise)."""

    def read(temp: TempRepo, *, zone: dt.tzinfo = dt.UTC, as_of: dt.date = AS_OF, exclude=()):
        git = GitRepository(temp.docs)
        try:
            return read_history(git, render, Options(zone=zone, as_of=as_of, exclude=tuple(exclude)))
        finally:
            git.close()

    return read
