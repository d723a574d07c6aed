"""Commits never to treat as versions, listed the way git's `.git-blame-ignore-revs` lists them:
one commit a line (full or abbreviated id), `#` comments and blank lines ignored. Formatting sweeps
and repository syncs go there; what such a commit changed is published with the next version."""

from __future__ import annotations

from pathlib import Path

from .errors import PolicyError, Problem
from .gitlog import GitRepository

DEFAULT_NAME = ".git-blame-ignore-revs"


def ignore_revs_path(repo: GitRepository, configured: str | None, config_dir: Path) -> Path | None:
    """The file to read: the configured one (relative to mkdocs.yml's folder), else the repository's
    `.git-blame-ignore-revs` when it exists, else none."""
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else config_dir / path
    default = repo.root / DEFAULT_NAME
    return default if default.is_file() else None


def read_ignore_revs(repo: GitRepository, path: Path | None) -> tuple[frozenset[str], list[Problem]]:
    """The full commit ids the file lists; a line that names no commit is a warning (fix the file)."""
    if path is None:
        return frozenset(), []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError("ignore_revs_file does not exist; create it or remove the option", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"ignore_revs_file cannot be read ({exc})", str(path)) from None
    revs: set[str] = set()
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        rev = line.split("#", 1)[0].strip()
        if not rev:
            continue
        sha = repo.resolve(rev) if _looks_like_commit(rev) else None
        if sha is None:
            problems.append(Problem(f"{rev!r} is not a commit of this repository; remove the line or fix the id",
                                    str(path), line=number))
        else:
            revs.add(sha)
    return frozenset(revs), problems


def _looks_like_commit(rev: str) -> bool:
    return 4 <= len(rev) <= 40 and all(c in "0123456789abcdefABCDEF" for c in rev)


def load_ignore_revs(repo: GitRepository, configured: str | None, config_dir: Path
                     ) -> tuple[frozenset[str], list[Problem]]:
    """The `ignore_revs_file` option (or the repository's default file) read and resolved."""
    return read_ignore_revs(repo, ignore_revs_path(repo, configured, config_dir))
