"""Throwaway git repositories with fixed dates and an isolated git configuration, for tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


def isolate_git(patch: pytest.MonkeyPatch) -> None:
    """Keep the user's and the system's git configuration away from git run in this process (the
    generator's own `git log` and `git cat-file`); TempRepo.env does the same for the git it runs."""
    patch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")


class TempRepo:
    """A repository in a temp dir; every commit gets the date you give it (author and committer)."""

    def __init__(self, root: Path, docs: str = "docs") -> None:
        self.root = root
        self.docs = root / docs
        self.docs.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def env(self, date: str | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.root),
            "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
            "GIT_COMMITTER_NAME": "Test Committer", "GIT_COMMITTER_EMAIL": "committer@example.com",
        })
        if date:
            env["GIT_AUTHOR_DATE"] = date
            env["GIT_COMMITTER_DATE"] = date
        return env

    def git(self, *args: str, date: str | None = None) -> str:
        result = subprocess.run(["git", "-C", str(self.root), *args], env=self.env(date),
                                capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def write(self, path: str, text: str | bytes) -> Path:
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def remove(self, path: str) -> None:
        self.git("rm", "-q", str(self.docs.relative_to(self.root) / path))

    def move(self, old: str, new: str) -> None:
        rel = self.docs.relative_to(self.root)
        (self.docs / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", str(rel / old), str(rel / new))

    def commit(self, message: str, date: str, *, author_date: str | None = None) -> str:
        self.git("add", "-A")
        env_date = date
        args = ["commit", "-q", "--allow-empty", "-m", message]
        if author_date:
            args += ["--date", author_date]
        self.git(*args, date=env_date)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str) -> None:
        self.git("checkout", "-q", "-b", name)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, branch: str, message: str, date: str, *, squash: bool = False) -> str:
        if squash:
            self.git("merge", "-q", "--squash", branch, date=date)
            return self.commit(message, date)
        self.git("merge", "-q", "--no-ff", branch, "-m", message, date=date)
        return self.head()


def policy(title: str, body: str, **front: object) -> str:
    """A policy source with front matter (keys in the order given) and a `# title` heading."""
    lines = ["---", f"title: {title}"]
    for key, value in front.items():
        lines.append(f"{key}: {value}")
    lines += ["---", "", f"# {title}", "", body.strip(), ""]
    return "\n".join(lines)
