"""The machine-readable record of everything published: `policies.json`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from . import urls
from .pages import Site

MANIFEST_VERSION = 1


def build_manifest(site: Site, feeds: dict[str | None, dict[str, str]] | None = None,
                   pdfs: dict[str, str] | None = None) -> dict[str, Any]:
    """The manifest as a dict; `feeds` maps a policy id (None for the site) to its feed URLs, `pdfs`
    a version id to its PDF's SHA-256."""
    feeds = feeds or {}
    pdfs = pdfs or {}
    policies = []
    for policy in site.history.policies:
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
        entry: dict[str, Any] = {
            "id": policy.id,
            "title": policy.title,
            "source": policy.source,
            "url": site.current_url(policy),
            "history_url": site.history_url(policy),
            "status": policy.status,
            "last_updated": policy.shown.effective.isoformat(),
            "versions": versions,
        }
        if policy.retirement:
            entry["retired"] = {"published": policy.retirement.date.isoformat(),
                                "commit": policy.retirement.commit, "summary": policy.retirement.summary}
        if policy.id in feeds:
            entry["feeds"] = feeds[policy.id]
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


def manifest_digest(manifest: dict[str, Any]) -> str:
    """SHA-256 of the manifest's canonical JSON without its own `digest` key."""
    body = {k: v for k, v in manifest.items() if k != "digest"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def dump_manifest(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


MANIFEST_PATH = urls.MANIFEST
