"""The machine-readable record of everything published: `policies.json`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from . import urls
from .model import Policy
from .pages import Site
from .translations import translation_status

MANIFEST_VERSION = 1


def build_manifest(site: Site, feeds: dict[str | None, dict[str, str]] | None = None,
                   pdfs: dict[str, str] | None = None) -> dict[str, Any]:
    """The manifest as a dict; `feeds` maps a policy id (None for the site) to its feed URLs, `pdfs`
    a version id to its PDF's SHA-256."""
    feeds = feeds or {}
    pdfs = pdfs or {}
    policies = []
    for policy in site.history.controlling:
        entry = _policy_entry(site, policy, feeds, pdfs)
        entry["language"] = site.language
        entry["translations"] = [_translation_entry(site, t, policy, feeds, pdfs)
                                 for t in site.history.translations(policy.id)]
        policies.append(entry)
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "site": {"name": site.name, "url": site.url},
        "as_of": site.history.as_of.isoformat(),
        "commit": site.history.head,
        "policies": policies,
    }
    if None in feeds:
        manifest["feeds"] = feeds[None]
    manifest["digest"] = manifest_digest(manifest)
    return manifest


def _versions(site: Site, policy: Policy, pdfs: dict[str, str]) -> list[dict[str, Any]]:
    versions = []
    for version in policy.versions:
        last_day = policy.last_day(version)
        versions.append({
            "id": version.id,
            "number": version.number,
            "published": version.published.isoformat(),
            "effective": version.effective.isoformat(),
            # The last day it applied, in the site's zone: the day before the next one's effective day.
            "in_force_until": last_day.isoformat() if last_day else None,
            "status": version.status,
            "commit": version.commit,
            "source": version.source,
            "sha256": version.sha256,
            "url": site.version_url(version),
            "redline_url": site.redline_url(version),
            "pdf_url": site.pdf_url(version),
            "pdf_sha256": pdfs.get(version.id),
            "summary": version.summary,
            "material": version.material,
            "sections_changed": list(version.sections_changed),
        })
        if version.entities is not None:
            versions[-1]["data_url"] = site.data_url(policy, version)
            versions[-1]["entity_changes"] = [c.as_dict() for c in version.entity_changes]
    return versions


def _policy_entry(site: Site, policy: Policy, feeds: dict, pdfs: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": policy.id,
        "title": policy.title,
        "source": policy.source,
        "url": site.current_url(policy),
        "history_url": site.history_url(policy),
        "status": policy.status,
        "last_updated": policy.shown.effective.isoformat(),
        "versions": _versions(site, policy, pdfs),
    }
    if policy.shown.entities is not None:
        entry["data_url"] = site.data_url(policy)
    if policy.retirement:
        entry["retired"] = _retired(policy)
    if policy.id in feeds:
        entry["feeds"] = feeds[policy.id]
    return entry


def _retired(policy: Policy) -> dict[str, Any]:
    assert policy.retirement is not None
    return {"published": policy.retirement.date.isoformat(), "commit": policy.retirement.commit,
            "summary": policy.retirement.summary}


def _translation_entry(site: Site, translation: Policy, controlling: Policy, feeds: dict,
                       pdfs: dict[str, str]) -> dict[str, Any]:
    """One translation: its language, where it is, whether it matches the text in force, its versions."""
    entry: dict[str, Any] = {
        "language": site.language_of(translation),
        "url": site.current_url(translation),
        "history_url": site.history_url(translation),
        "status": translation_status(translation, controlling),
        "translation_of": translation.shown.translation_of,
        "last_updated": translation.shown.effective.isoformat(),
        "feeds": feeds.get(translation.id, {}),
        "versions": _versions(site, translation, pdfs),
    }
    if translation.retirement:
        entry["retired"] = _retired(translation)
    return entry


def entity_lists(site: Site) -> dict[str, Any]:
    """Every list's entries as JSON documents, by site path: the current list and each version's."""
    documents: dict[str, Any] = {}
    for policy in site.history.policies:
        if policy.shown.entities is None:
            continue
        for version in policy.versions:
            if version.entities is None:
                continue
            document = {"policy": policy.id, "title": version.title, "version": version.number,
                        "status": version.status, "published": version.published.isoformat(),
                        "effective": version.effective.isoformat(), "url": site.version_url(version),
                        "entries": [e.as_dict() for e in version.entities],
                        "entity_changes": [c.as_dict() for c in version.entity_changes]}
            documents[site.data_url(policy, version)] = document
            if version is policy.shown:
                documents[site.data_url(policy)] = document
    return documents


def manifest_digest(manifest: dict[str, Any]) -> str:
    """SHA-256 of the manifest's canonical JSON without its own `digest` key."""
    body = {k: v for k, v in manifest.items() if k != "digest"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def dump_manifest(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


MANIFEST_PATH = urls.MANIFEST
