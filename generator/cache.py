"""A content-addressed cache on disk, kept between builds and across `mkdocs serve` rebuilds.

Entries are JSON text keyed by a SHA-256 of everything that decides them, so a stale entry can
never be read: a changed input is a different key. The namespace folds in the generator's version
and the site's configuration, so upgrading either starts a fresh namespace."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
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
    """JSON values under `<root>/<namespace>/<kind>/<key[:2]>/<key>.json`."""

    def __init__(self, root: str | os.PathLike[str] | None, config_key: str = "") -> None:
        self.root = Path(root) / digest(code_fingerprint(), config_key)[:16] if root else None
        self.hits = 0
        self.misses = 0
        self._prune_stale()

    def _prune_stale(self) -> None:
        """Older namespaces (other code or configuration) are never read again: remove them."""
        if self.root is None or not self.root.parent.is_dir():
            return
        for sibling in self.root.parent.iterdir():
            if sibling != self.root and sibling.is_dir() and len(sibling.name) == 16:
                shutil.rmtree(sibling, ignore_errors=True)

    def _path(self, kind: str, key: str, suffix: str = ".json") -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / f"{key}{suffix}"

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
