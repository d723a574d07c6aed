"""The record store: what has been published is restored byte for byte and reused, never re-rendered.

A records folder is laid out like a published site: its `policies.json` (the manifest that was live)
and, at each version's `pdf_url`, the PDF whose SHA-256 that manifest gives. `restore_records` fills
one from the live site (or from another folder) and checks every file against its digest; the build
then takes each published version's PDF from it as it is. Only versions never published get a new
PDF, so a change of machine, fonts or library versions cannot change what is already out there."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin
from urllib.request import urlopen

from .errors import PolicyError
from .model import Version

MANIFEST = "policies.json"
Fetch = Callable[[str], bytes | None]  # an address's bytes, or None when it is not there (HTTP 404)


@dataclass(frozen=True)
class PublishedPdf:
    """One published version's PDF, as the live manifest describes it."""

    version_id: str
    source_sha256: str  # the version's source as published: a rewritten version cannot reuse it
    path: str  # site-relative (its `pdf_url`)
    sha256: str


def published_pdfs(manifest: dict[str, Any]) -> dict[str, PublishedPdf]:
    """Every version of a manifest (translations included) that was published with a PDF, by id."""
    found = {}
    for entry in manifest.get("policies", []):
        for policy in [entry, *entry.get("translations", [])]:
            for version in policy.get("versions", []):
                if version.get("pdf_url") and version.get("pdf_sha256"):
                    found[version["id"]] = PublishedPdf(version["id"], version.get("sha256", ""),
                                                        version["pdf_url"], version["pdf_sha256"])
    return found


class RecordStore:
    """The records folder of a build (`records_dir`); an absent folder means nothing published yet."""

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        self.folder = Path(folder) if folder else None
        self.published: dict[str, PublishedPdf] = {}
        manifest = self.folder / MANIFEST if self.folder else None
        if manifest is not None and manifest.is_file():
            try:
                self.published = published_pdfs(json.loads(manifest.read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise PolicyError(f"the published manifest cannot be read: {exc}", str(manifest)) from None

    def published_pdf(self, version: Version) -> bytes | None:
        """The version's PDF exactly as it was published, or None when it never was."""
        record = self.published.get(version.id)
        if record is None or self.folder is None:
            return None
        where = str(self.folder / record.path)
        if record.source_sha256 and record.source_sha256 != version.sha256:
            raise PolicyError(f"{version.id} was published from a source with SHA-256 {record.source_sha256}, "
                              f"but history now gives {version.sha256}: a published version was rewritten; "
                              "`policy verify` names what changed (restore the rewritten commits)", where)
        try:
            data = (self.folder / record.path).read_bytes()
        except OSError:
            raise PolicyError(f"{version.id}: its published PDF is listed in {MANIFEST} but is not in the "
                              "records folder; run `policy restore` again", where) from None
        if hashlib.sha256(data).hexdigest() != record.sha256:
            raise PolicyError(f"{version.id}: the PDF in the records folder does not match its published "
                              f"SHA-256 {record.sha256}; run `policy restore` again", where)
        return data


@dataclass(frozen=True)
class Restored:
    """What `restore_records` did."""

    published: bool  # False: nothing is published there yet (the first deploy)
    fetched: int = 0
    kept: int = 0  # already in the folder with the right digest


def restore_records(source: str, folder: Path, fetch: Fetch | None = None) -> Restored:
    """Copy the published manifest and every PDF it lists from `source` (the site's address, its
    `policies.json`, or a folder laid out like the site) into `folder`, each checked against its
    digest. A mismatch is an error, never written; nothing published yet is not an error."""
    fetch = fetch or read_address
    manifest_url = _manifest_address(source)
    raw = fetch(manifest_url)
    if raw is None:
        return Restored(published=False)
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PolicyError(f"the published manifest is not JSON: {exc}", manifest_url) from None
    fetched = kept = 0
    for record in published_pdfs(manifest).values():
        target = _inside(folder, record.path)
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == record.sha256:
            kept += 1
            continue
        address = urljoin(manifest_url, record.path)
        data = fetch(address)
        if data is None:
            raise PolicyError(f"{record.version_id}: its published PDF is missing ({address})", address)
        actual = hashlib.sha256(data).hexdigest()
        if actual != record.sha256:
            raise PolicyError(f"{record.version_id}: the published PDF has SHA-256 {actual}, but the manifest "
                              f"says {record.sha256}; it was not restored", address)
        _write(target, data)
        fetched += 1
    # The manifest goes last: a folder whose manifest lists a version always holds its PDF.
    _write(folder / MANIFEST, raw)
    return Restored(published=True, fetched=fetched, kept=kept)


def read_address(address: str) -> bytes | None:
    """An http(s) address's or a file's bytes; None for HTTP 404 or a missing file. Any other
    failure is an error: a site that did not answer is not a site with nothing published."""
    if address.startswith(("http://", "https://")):
        try:
            with urlopen(address, timeout=60) as response:  # noqa: S310 (http and https only)
                return response.read()
        except HTTPError as exc:
            if exc.code in (404, 410):
                return None
            raise PolicyError(f"the site answered HTTP {exc.code}", address) from None
        except (URLError, OSError) as exc:
            raise PolicyError(f"cannot be read: {exc}", address) from None
    path = Path(address.removeprefix("file://"))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PolicyError(f"cannot be read: {exc}", address) from None


def _manifest_address(source: str) -> str:
    if source.endswith(".json"):
        return source
    if source.startswith(("http://", "https://")):
        return urljoin(source if source.endswith("/") else source + "/", MANIFEST)
    return str(Path(source) / MANIFEST)


def _inside(folder: Path, relative: str) -> Path:
    """A manifest's path inside the records folder; a path leading out of it is refused."""
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()) or relative.startswith(("/", "\\")):
        raise PolicyError(f"the published manifest names a PDF outside the site: {relative!r}")
    return target


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
