"""The build's outputs beside the pages, for any front end: feeds, lists as JSON, every version's PDF
(published ones restored from the record store, new ones made once and cached) and the manifest;
and the output folder, which replaces the previous site only when the build is complete."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .builds import Tracker, cached_pdfs, no_progress, version_pdf_job
from .cache import Cache
from .errors import PolicyError
from .feeds import write_feeds
from .manifest import MANIFEST_PATH, build_manifest, dump_manifest, entity_lists
from .pages import Site
from .pdf import sha256_of
from .records import RecordStore
from .redline import Redline


@dataclass(frozen=True)
class PdfSettings:
    """How a build makes PDFs: where published ones are kept, extra fonts, how many processes."""

    records: RecordStore
    fonts: tuple[str, ...] = ()
    workers: int | None = None


@dataclass
class OutputReport:
    """What the outputs step did, for the front end to say."""

    pdfs_restored: int = 0
    pdfs_cached: int = 0
    pdfs_made: int = 0
    notes: list[str] = field(default_factory=list)


def write_outputs(site: Site, out: Path, bodies: Mapping[tuple[str, int], str], redlines: Mapping[str, Redline],
                  cache: Cache, pdfs: PdfSettings | None, feed_entries: int | None = None,
                  track: Tracker = no_progress) -> OutputReport:
    """Write everything but the pages into `out`. `bodies` holds each version's archived text by
    (policy id, number); `redlines` the feeds' excerpts by version id; `pdfs` None makes no PDF."""
    report = OutputReport()
    feeds: dict = {}
    if site.url:
        try:
            feeds = write_feeds(site, redlines, out, limit=feed_entries)
        except ValueError as exc:
            raise PolicyError(f"feeds: {exc}") from None
    for path, document in entity_lists(site).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(dump_manifest(document), encoding="utf-8")
    digests = write_pdfs(site, out, bodies, cache, pdfs, report, track) if pdfs is not None else {}
    (out / MANIFEST_PATH).write_text(dump_manifest(build_manifest(site, feeds, digests)), encoding="utf-8")
    return report


def write_pdfs(site: Site, out: Path, bodies: Mapping[tuple[str, int], str], cache: Cache, settings: PdfSettings,
               report: OutputReport, track: Tracker = no_progress) -> dict[str, str]:
    """Every version's PDF beside its page: as published when it was, else made (or taken from the
    cache). Returns each one's SHA-256 by version id."""
    chosen: dict[str, bytes] = {}
    jobs = {}
    for policy in site.history.policies:
        for version in policy.versions:
            body = bodies.get((policy.id, version.number))
            if body is None:
                continue
            published = settings.records.published_pdf(version)
            if published is not None:
                chosen[version.id] = published
                report.pdfs_restored += 1
            else:
                jobs[version.id] = version_pdf_job(site, version, body, str(out), settings.fonts)
    report.pdfs_made = sum(1 for job in jobs.values() if not cache.has("pdf", job.key, ".pdf"))
    report.pdfs_cached = len(jobs) - report.pdfs_made
    made = cached_pdfs(cache, list(jobs.values()), settings.workers, track)
    chosen.update({vid: made[job.key] for vid, job in jobs.items()})
    digests = {}
    for policy in site.history.policies:
        for version in policy.versions:
            data = chosen.get(version.id)
            if data is None:
                continue
            path = out / urls.version_pdf(version.policy_id, version.number)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            digests[version.id] = sha256_of(data)
    return digests


def building_dir(final: str) -> str:
    """Where a build writes before it is swapped in: a sibling, so the final rename stays on one disk."""
    return f"{final.rstrip(os.sep)}.building-{os.getpid()}"


def start_output(final: str) -> str:
    building = building_dir(final)
    shutil.rmtree(building, ignore_errors=True)
    return building


def finish_output(building: str, final: str) -> None:
    """Put the finished site in place of the old one; the old one goes only after the new one is in."""
    old = f"{final.rstrip(os.sep)}.old-{os.getpid()}"
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(building, final)
    shutil.rmtree(old, ignore_errors=True)


def strict_warnings_counted(loggers: Sequence[str] = ("mkdocs", "properdocs")) -> bool:
    """Whether a strict build has warnings: MkDocs and ProperDocs count them with a handler on their
    logger (only in strict mode) and abort after post_build, so this build is a failed one."""
    for name in loggers:
        for handler in logging.getLogger(name).handlers:
            counts = getattr(handler, "get_counts", None)
            if callable(counts) and counts():
                return True
    return False


def abandon_output(final: str) -> None:
    """A failed build: drop what it wrote; the previous site was never touched."""
    shutil.rmtree(building_dir(final), ignore_errors=True)


def font_folders(config_dir: Path, folders: Sequence[str]) -> tuple[str, ...]:
    """The site's `pdf_fonts` folders, relative to its configuration; a missing one is an error."""
    found = []
    for folder in folders:
        path = (config_dir / folder).resolve()
        if not path.is_dir():
            raise PolicyError(f"pdf_fonts: {folder!r} is not a folder ({path})")
        found.append(str(path))
    return tuple(found)
