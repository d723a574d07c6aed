"""A content-addressed cache on disk, kept between builds and across `mkdocs serve` rebuilds.

Entries are keyed by a SHA-256 of everything that decides them, so a stale entry can never be read:
a changed input is a different key. Each kind of entry has its own namespace, folding in what else
decides its values (the generator's code, the Markdown configuration), and nothing more."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import __version__

PACKAGE_DIR = Path(__file__).parent


def digest(*parts: str | bytes) -> str:
    """SHA-256 over the parts, each length-prefixed so that ('ab','c') and ('a','bc') differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A digest of the generator's own source: any code change starts a fresh cache namespace,
    even between releases (a cached redline from older code must never be served)."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".html") and p.is_file())
    return digest(__version__, *(f"{p.relative_to(PACKAGE_DIR)}\0".encode() + p.read_bytes() for p in files))


class Cache:
    """Values under `<root>/<kind>/<namespace>/<key[:2]>/<key><suffix>`.

    A key names what decides its value; `salts` adds, per kind, what decides all of that kind's values
    besides (the Markdown configuration of renderings, say). A kind's namespace is a digest of its
    salt, by default the generator's code, so a change of code or salt starts that kind afresh and
    leaves the others alone: changing a `checks` option re-renders nothing. A kind salted with `None`
    has exact keys (a PDF's key is its whole source, engine and fonts) and keeps one namespace."""

    def __init__(self, root: str | os.PathLike[str] | None, salts: Mapping[str, str | None] | None = None) -> None:
        self.base = Path(root) if root else None
        self.salts = dict(salts or {})
        self._namespaces: dict[str, str] = {}
        self.hits = 0
        self.misses = 0
        self._prune_stale()

    def namespace(self, kind: str) -> str:
        if kind not in self._namespaces:
            salt = self.salts.get(kind, code_fingerprint())
            self._namespaces[kind] = digest(kind, salt or "")[:16]
        return self._namespaces[kind]

    def _prune_stale(self) -> None:
        """Namespaces of other code or salts are never read again, nor the flat layout of older
        generators (a 16-digit folder at the top): remove them."""
        if self.base is None or not self.base.is_dir():
            return
        for child in self.base.iterdir():
            if child.is_dir() and len(child.name) == 16 and all(c in "0123456789abcdef" for c in child.name):
                shutil.rmtree(child, ignore_errors=True)
        for kind in self.salts:
            folder = self.base / kind
            if folder.is_dir():
                for sibling in folder.iterdir():
                    if sibling.is_dir() and sibling.name != self.namespace(kind):
                        shutil.rmtree(sibling, ignore_errors=True)

    @property
    def root(self) -> Path | None:
        """Where entries are kept; None when there is no cache (`cache_dir: ""`)."""
        return self.base

    def _path(self, kind: str, key: str, suffix: str = ".json") -> Path:
        assert self.base is not None
        return self.base / kind / self.namespace(kind) / key[:2] / f"{key}{suffix}"

    def get(self, kind: str, key: str) -> Any | None:
        if self.root is None:
            return None
        try:
            text = self._path(kind, key).read_text(encoding="utf-8")
            value = json.loads(text)
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def has(self, kind: str, key: str, suffix: str = ".json") -> bool:
        """Whether an entry is there, without reading it (and without counting a hit or a miss)."""
        return self.root is not None and self._path(kind, key, suffix).is_file()

    def put(self, kind: str, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self.put_bytes(kind, key, text.encode("utf-8"), ".json")

    def get_bytes(self, kind: str, key: str, suffix: str = ".bin") -> bytes | None:
        """A binary entry (a PDF), or None."""
        if self.root is None:
            return None
        try:
            data = self._path(kind, key, suffix).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put_bytes(self, kind: str, key: str, data: bytes, suffix: str = ".bin") -> None:
        if self.root is None:
            return
        path = self._path(kind, key, suffix)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a build killed halfway never leaves a truncated entry.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            return  # a read-only or full disk costs speed, never correctness
