"""The only module that runs git: one `git log` pass over the first-parent line, blobs via one
persistent `git cat-file --batch` (GitPython keeps that process alive)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import git

from .dates import parse_commit_time
from .errors import PolicyError
from .model import Commit

# NUL ends every field: git refuses NUL in commit messages and paths, so no message or file
# name can forge a field or a record (a printable separator such as \x1e could be typed into
# a commit message and drop or corrupt a version).
_FORMAT = "%H%x00%P%x00%cI%x00%s%x00%b%x00"
_HEADER_FIELDS = 5

SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


@dataclass(frozen=True)
class Change:
    """One file changed by a commit against its first parent."""

    status: str  # A, M, D, R (rename), T (type change)
    path: str  # the new path (the old one for D)
    blob: str | None  # new blob id; None when deleted
    mode: str
    old_path: str | None = None  # for renames


@dataclass(frozen=True)
class LogEntry:
    commit: Commit
    changes: tuple[Change, ...]


class GitRepository:
    """A repository opened for one build: where it is, and how to read its history."""

    def __init__(self, docs_dir: str | os.PathLike[str]) -> None:
        docs = Path(docs_dir).resolve()
        try:
            self._repo = git.Repo(docs, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise PolicyError(
                "not inside a git repository: the policy history comes from git; "
                "run the build from a clone (git clone <url>), not from an exported copy",
                path=str(docs_dir)) from None
        self.root = Path(self._repo.working_tree_dir or docs).resolve()
        self.docs_prefix = docs.relative_to(self.root).as_posix() if docs != self.root else ""
        self._git = self._repo.git
        self.commits_read = 0  # commits `log` has given, for the build's report

    def check_complete(self) -> None:
        """Refuse a shallow clone: its oldest commit would look like the first version of everything."""
        if self._git.rev_parse("--is-shallow-repository").strip() == "true":
            raise PolicyError(
                "this is a shallow clone, so the policy history is incomplete and dates would be wrong; "
                "fetch the full history (git fetch --unshallow, or `fetch-depth: 0` in actions/checkout)",
                path=str(self.root))

    def resolve(self, rev: str) -> str | None:
        try:
            return self._git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}").strip() or None
        except git.GitCommandError:
            return None

    def log(self, rev: str = "HEAD") -> Iterator[LogEntry]:
        """First-parent commits that touch docs_dir, oldest first, with their changes."""
        if self.resolve(rev) is None:
            if rev == "HEAD":
                return iter(())
            raise PolicyError(f"unknown revision {rev!r}", path=str(self.root))
        pathspec = self.docs_prefix or "."
        out = self._git.log(
            rev, "--first-parent", "--reverse", "-M", "--raw", "-z", "--no-abbrev",
            "--no-color", "--no-ext-diff", f"--format={_FORMAT}", "--", pathspec)
        return self._counted(_parse_log(out, self.docs_prefix))

    def _counted(self, entries: Iterator[LogEntry]) -> Iterator[LogEntry]:
        for entry in entries:
            self.commits_read += 1
            yield entry

    def read_tree(self, rev: str, suffixes: tuple[str, ...] = (".md", ".markdown")) -> list[tuple[str, bytes]]:
        """Every file under docs_dir at `rev` whose name ends with one of `suffixes`, as (path, bytes)."""
        commit = self._repo.commit(rev)
        tree = commit.tree
        if self.docs_prefix:
            try:
                tree = tree / self.docs_prefix
            except KeyError:
                return []
        cut = len(self.docs_prefix) + 1 if self.docs_prefix else 0
        return [(item.path[cut:], self.read_blob(item.hexsha)) for item in tree.traverse()
                if item.type == "blob" and item.path.endswith(suffixes)]

    def merge_base(self, rev: str, other: str = "HEAD") -> str | None:
        try:
            return self._git.merge_base(rev, other).strip() or None
        except git.GitCommandError:
            return None

    def default_branch(self) -> str | None:
        """origin/HEAD when a remote says so, else `main` or `master` when they exist."""
        for candidate in ("origin/HEAD", "main", "master", "origin/main", "origin/master"):
            if self.resolve(candidate):
                return candidate
        return None

    def read_blob(self, blob: str) -> bytes:
        _sha, kind, _size, data = self._git.get_object_data(blob)
        kind = kind.decode() if isinstance(kind, bytes) else kind
        if kind != "blob":
            raise PolicyError(f"object {blob} is a {kind}, not a file")
        return data

    def working_tree_changes(self, suffixes: tuple[str, ...] = (".md", ".markdown")
                             ) -> tuple[list[Change], dict[str, bytes]]:
        """What the working tree changes under docs_dir against HEAD, as changes with blob ids, and
        the contents of those blobs (they are not in the object database yet)."""
        committed: dict[str, str] = {}
        if self.resolve("HEAD"):
            listing = self._git.ls_tree("-r", "-z", "--full-tree", "HEAD", "--", self.docs_prefix or ".")
            for entry in filter(None, listing.split("\x00")):
                meta, path = entry.split("\t", 1)
                _mode, kind, blob = meta.split()
                rel = _strip_prefix(path, self.docs_prefix)
                if kind == "blob" and rel is not None and rel.endswith(suffixes):
                    committed[rel] = blob
        docs = self.root / self.docs_prefix if self.docs_prefix else self.root
        changes: list[Change] = []
        contents: dict[str, bytes] = {}
        present: set[str] = set()
        for file in sorted(docs.rglob("*")):
            rel = file.relative_to(docs).as_posix()
            if not rel.endswith(suffixes) or not file.is_file() or file.is_symlink() or "/." in f"/{rel}":
                continue
            present.add(rel)
            data = file.read_bytes()
            blob = hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()  # git's own object id
            if committed.get(rel) != blob:
                contents[blob] = data
                changes.append(Change("M" if rel in committed else "A", rel, blob, "100644"))
        changes += [Change("D", rel, None, "100644") for rel in sorted(set(committed) - present)]
        return changes, contents

    def working_tree_differs(self) -> bool:
        return self._repo.is_dirty(untracked_files=True, path=self.docs_prefix or None)

    def tracked_paths(self) -> list[str]:
        """Every path git tracks now or ever did on the first-parent line, from the repository root."""
        now = self._git.ls_files("-z").split("\0")
        ever = self._git.log("--first-parent", "--name-only", "--format=", "-z", "HEAD").split("\0") \
            if self.resolve("HEAD") else []
        return sorted({p.strip("\n") for p in (*now, *ever) if p.strip("\n")})

    def commit_times(self) -> list[str]:
        """Every first-parent commit's committer date, as git wrote it (`%cI`, with its offset)."""
        return self._git.log("--first-parent", "--format=%cI", "HEAD").split() if self.resolve("HEAD") else []

    def remote_url(self) -> str:
        """The `origin` remote's address, or "" when there is none."""
        try:
            return self._git.remote("get-url", "origin").strip()
        except git.GitCommandError:
            return ""

    def close(self) -> None:
        self._repo.close()


def _strip_prefix(path: str, prefix: str) -> str | None:
    if not prefix:
        return path
    if path.startswith(prefix + "/"):
        return path[len(prefix) + 1:]
    return None


def _parse_log(out: str, prefix: str) -> Iterator[LogEntry]:
    """Read `git log -z --raw` output token by token: five header fields, then raw entries."""
    tokens = out.split("\x00")
    i = 0
    while i < len(tokens):
        if not tokens[i].strip():
            i += 1
            continue
        sha, parents, committed, subject, body = tokens[i:i + _HEADER_FIELDS]
        i += _HEADER_FIELDS
        commit = Commit(sha=sha.strip(), parents=tuple(parents.split()), committed=parse_commit_time(committed),
                        subject=subject.strip(), body=body.strip())
        changes: list[Change] = []
        while i < len(tokens):
            meta = tokens[i].lstrip("\n")
            if not meta:
                i += 1
                continue
            if not meta.startswith(":"):
                break
            change, i = _parse_raw(meta, tokens, i + 1, prefix)
            if change is not None:
                changes.append(change)
        yield LogEntry(commit, tuple(changes))


def _parse_raw(meta: str, tokens: list[str], i: int, prefix: str) -> tuple[Change | None, int]:
    """One raw entry (`:modes blobs status` then one or two paths); returns it and the next index."""
    old_mode, new_mode, _old_blob, new_blob, status = meta[1:].split(" ")
    kind = status[0]
    if kind in "RC":
        old, new = tokens[i], tokens[i + 1]
        i += 2
    else:
        old, new = None, tokens[i]
        i += 1
    old_rel = _strip_prefix(old, prefix) if old else None
    new_rel = _strip_prefix(new, prefix)
    if new_rel is None:
        return None, i
    if kind == "C":
        kind, old_rel = "A", None
    if kind == "R" and old_rel is None:
        kind = "A"  # moved in from outside docs_dir: a new file here
    if kind == "D":
        return Change("D", new_rel, None, old_mode), i
    return Change(kind, new_rel, new_blob, new_mode, old_rel), i
