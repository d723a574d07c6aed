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


def small_history(repo: TempRepo) -> None:
    """A few policies with several versions, a rename, a retirement and a non-policy page."""
    from tests.gitrepo import policy
    from tests.sites import write_config

    write_config(repo)
    repo.write("index.md", "---\ntitle: Legal\npolicy: false\n---\n\n# Legal\n\nSee [privacy](privacy.md).\n")
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.\n\n## Contact\n\nWrite to us.", summary="First"))
    repo.write("politique de confidentialité.md", policy("Politique de confidentialité", "Nous gardons peu.",
                                                         summary="Première"))
    repo.write("beta.md", policy("Beta Terms", "Try things.", summary="First"))
    repo.commit("Publish", "2023-10-09T23:30:00-08:00")
    repo.write("privacy.md", policy("Privacy Policy", "We keep very little.\n\n## Contact\n\nWrite to us.",
                                    summary="Say very little"))
    repo.write("politique de confidentialité.md", policy("Politique de confidentialité", "Nous gardons très peu.",
                                                         summary="Très peu"))
    repo.commit("Amend", "2024-02-01T10:00:00+05:30")
    repo.remove("beta.md")
    repo.commit("Retire the beta terms", "2024-04-01T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", "We keep almost nothing.\n\n## Contact\n\nWrite to us.",
                                    summary="Almost nothing", effective="2027-01-15"))
    repo.commit("Announce", "2026-11-20T10:00:00+00:00")


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory) -> TempRepo:
    repo = TempRepo(tmp_path_factory.mktemp("history") / "repo")
    small_history(repo)
    return repo
