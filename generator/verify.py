"""Nothing published may change: compare the manifest being built with the one already published.

A version that disappeared or changed its text, dates, commit or address means the history was
rewritten (a force-push, an amended commit): readers were shown something that is no longer on
record. New versions are fine. Given the new build's folder, each published version's PDF must be in
it with the same bytes (SHA-256) as the published manifest recorded."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import Problem

COMPARED = ("sha256", "published", "effective", "commit", "url")
_TIMEOUT = 30


class ManifestMissing(Exception):
    """Nothing is published at that address yet (a first deploy)."""


class ManifestUnreadable(Exception):
    """The published manifest cannot be fetched or parsed."""


def compare_manifests(old: dict[str, Any], new: dict[str, Any],
                      pdfs: Mapping[str, str | None] | None = None) -> list[Problem]:
    """Every published version of `old` must be in `new`, unchanged. `pdfs` (see `built_pdfs`) gives
    the SHA-256 of each version's PDF in the new build; without it PDFs are not compared."""
    current = {v["id"]: (p, v) for p in _with_translations(new) for v in p.get("versions", [])}
    problems = []
    for policy in _with_translations(old):
        for version in policy.get("versions", []):
            problems.extend(_compare_version(version, current.get(version["id"]), pdfs))
    return problems


def built_pdfs(site_dir: Path, manifest: dict[str, Any]) -> dict[str, str | None]:
    """The SHA-256 of each version's PDF as the built site in `site_dir` holds it, by version id;
    None when the site has no PDF for it (`pdf: false`, or the file is missing)."""
    digests: dict[str, str | None] = {}
    for policy in _with_translations(manifest):
        for version in policy.get("versions", []):
            url = version.get("pdf_url")
            path = site_dir / url if url else None
            digests[version["id"]] = (hashlib.sha256(path.read_bytes()).hexdigest()
                                      if path is not None and path.is_file() else None)
    return digests


def published_pdfs(manifest: dict[str, Any]) -> int:
    """How many versions of a manifest carry a PDF digest."""
    return sum(1 for p in _with_translations(manifest) for v in p.get("versions", []) if v.get("pdf_sha256"))


def _with_translations(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Every policy and every translation: a translation's versions are published record too."""
    policies = list(manifest.get("policies", []))
    return policies + [t for p in policies for t in p.get("translations", []) if isinstance(t, dict)]


def _compare_version(old: dict[str, Any], found: tuple[dict, dict] | None,
                     pdfs: Mapping[str, str | None] | None) -> list[Problem]:
    vid, source = old["id"], old.get("source")
    if found is None:
        return [Problem(f"{vid} was published but is no longer in the history (was the branch force-pushed "
                        "or a commit rewritten?)", source, old.get("commit"))]
    _policy, new = found
    source = new.get("source") or source
    problems = []
    for key in COMPARED:
        if old.get(key) != new.get(key):
            problems.append(Problem(f"{vid}: published {key} changed from {old.get(key)!r} to "
                                    f"{new.get(key)!r}", source, old.get("commit")))
    published_pdf = old.get("pdf_sha256")
    if pdfs is not None and published_pdf:
        built = pdfs.get(vid)
        if built is None:
            problems.append(Problem(f"{vid}: published PDF {old.get('pdf_url')} is missing from the new build",
                                    source, old.get("commit")))
        elif built != published_pdf:
            # The text is unchanged (else a finding above says so): an image it shows was replaced,
            # or the PDF engine or its stylesheet changed.
            problems.append(Problem(f"{vid}: published pdf_sha256 changed from {published_pdf!r} to "
                                    f"{built!r}", source, old.get("commit")))
    return problems


def load_manifest(location: str) -> dict[str, Any]:
    """A manifest from a file path or an http(s) URL; ManifestMissing when there is none yet."""
    if location.startswith(("http://", "https://")):
        text = _fetch(location)
    else:
        path = Path(location)
        if not path.is_file():
            raise ManifestMissing(f"{location} does not exist")
        text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestUnreadable(f"{location} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("policies"), list):
        raise ManifestUnreadable(f"{location} is not a policies.json manifest")
    return data


def _fetch(url: str) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": "policy-verify", "Cache-Control": "no-cache"})
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise ManifestMissing(f"{url} returned 404") from None
        raise ManifestUnreadable(f"{url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError) as exc:
        raise ManifestUnreadable(f"{url}: {exc}") from None
