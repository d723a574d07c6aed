"""Fixtures for hardening tests: small sites built once per module, and fast throwaway histories."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.gitlog import GitRepository
from generator.history import Options, read_history
from tests.conftest import AS_OF, render
from tests.gitrepo import TempRepo


def fast_import(repo: TempRepo, stream: str | bytes) -> None:
    """Feed a `git fast-import` stream: thousands of commits in one process."""
    data = stream.encode("utf-8") if isinstance(stream, str) else stream
    subprocess.run(["git", "-C", str(repo.root), "fast-import", "--quiet", "--done"], input=data,
                   env=repo.env(), check=True, capture_output=True)


def quote_path(path: str) -> str:
    """A path as fast-import reads it: C-style quoted, so spaces, quotes and newlines survive."""
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def blob_command(path: str, data: bytes) -> bytes:
    return f"M 100644 inline {quote_path(path)}\ndata {len(data)}\n".encode() + data + b"\n"


class Snapshots:
    """One repository; each snapshot is a fresh root commit on its own branch, checked out as HEAD.

    Hypothesis examples reuse the repository instead of running `git init` each time."""

    def __init__(self, root: Path) -> None:
        self.repo = TempRepo(root)
        self.count = 0

    def commit(self, files: dict[str, bytes], *, when: int = 1_672_531_200) -> str:
        self.count += 1
        branch = f"refs/heads/snapshot-{self.count}"
        parts = [f"commit {branch}\ncommitter Test <t@example.com> {when} +0000\ndata 8\nsnapshot\n".encode()]
        parts += [blob_command(f"docs/{path}", data) for path, data in files.items()]
        parts.append(b"\ndone\n")
        fast_import(self.repo, b"".join(parts))
        self.repo.git("symbolic-ref", "HEAD", branch)
        return self.repo.head()


def read(repo: TempRepo):
    git = GitRepository(repo.docs)
    try:
        return read_history(git, render, Options(zone=dt.UTC, as_of=AS_OF))
    finally:
        git.close()


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory) -> Snapshots:
    return Snapshots(tmp_path_factory.mktemp("snapshots") / "repo")


@pytest.fixture
def read_repo() -> Callable:
    return read
