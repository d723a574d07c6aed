"""Nothing published may change: compare the manifest being built with the one already published.

A version that disappeared or changed its text, dates, commit or address means the history was
rewritten (a force-push, an amended commit): readers were shown something that is no longer on
record. New versions are fine."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .errors import Problem

COMPARED = ("sha256", "published", "effective", "commit", "url")
_TIMEOUT = 30


class ManifestMissing(Exception):
    """Nothing is published at that address yet (a first deploy)."""


class ManifestUnreadable(Exception):
    """The published manifest cannot be fetched or parsed."""


def compare_manifests(old: dict[str, Any], new: dict[str, Any]) -> list[Problem]:
    """Every published version of `old` must be in `new`, unchanged."""
    current = {v["id"]: (p, v) for p in _with_translations(new) for v in p.get("versions", [])}
    problems = []
    for policy in _with_translations(old):
        for version in policy.get("versions", []):
            problems.extend(_compare_version(version, current.get(version["id"])))
    return problems


def _with_translations(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Every policy and every translation: a translation's versions are published record too."""
    policies = list(manifest.get("policies", []))
    return policies + [t for p in policies for t in p.get("translations", []) if isinstance(t, dict)]


def _compare_version(old: dict[str, Any], found: tuple[dict, dict] | None) -> list[Problem]:
    vid, source = old["id"], old.get("source")
    if found is None:
        return [Problem(f"{vid} was published but is no longer in the history (was the branch force-pushed "
                        "or a commit rewritten?)", source, old.get("commit"))]
    _policy, new = found
    problems = []
    for key in COMPARED:
        if old.get(key) != new.get(key):
            problems.append(Problem(f"{vid}: published {key} changed from {old.get(key)!r} to "
                                    f"{new.get(key)!r}", new.get("source") or source, old.get("commit")))
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
