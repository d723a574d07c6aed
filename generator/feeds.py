"""Write the change feeds people can subscribe to, for the whole site and for each policy: Atom 1.0 and
RSS 2.0 (feed_atom.py), JSON Feed 1.1 (feed_json.py) and iCalendar (feed_ics.py), from the entries of
feed_entries.py, at the paths of generator.urls.feed_path.

Output depends only on the history and the site settings: feed dates are entry dates, never the build
time, so the same history and as-of day give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from . import urls
from .feed_atom import render_atom, render_rss
from .feed_entries import KINDS, Entry, build_channel, collect_entries, newest_first, site_host
from .feed_ics import render_ics
from .feed_json import render_json
from .model import Policy
from .pages import Site
from .redline import Redline

__all__ = ["KINDS", "write_channel", "write_feeds"]


def write_feeds(site: Site, redlines: Mapping[str, Redline], out_dir: Path, *,
                limit: int | None = None) -> dict[str | None, dict[str, str]]:
    """Write site-wide and per-policy Atom, RSS, JSON Feed and iCalendar files under out_dir (paths from
    generator.urls.feed_path); return {None: {"atom": url, ...}, policy_id: {...}} with site-relative URLs."""
    if limit is not None and limit < 1:
        raise ValueError(f"feed limit must be at least 1 (got {limit})")
    by_policy = {p.id: collect_entries(site, p, redlines) for p in site.history.policies}
    # The site's feed speaks the controlling language; each translation has its own feeds.
    everything = [entry for p in site.history.controlling for entry in by_policy[p.id]]
    written: dict[str | None, dict[str, str]] = {None: write_channel(site, None, everything, out_dir, limit)}
    for policy in site.history.policies:
        written[policy.id] = write_channel(site, policy, by_policy[policy.id], out_dir, limit)
    return written


def write_channel(site: Site, policy: Policy | None, entries: list[Entry], out_dir: Path,
                  limit: int | None) -> dict[str, str]:
    channel = build_channel(site, policy, newest_first(entries, limit))
    paths = {kind: urls.feed_path(policy.id if policy else None, kind) for kind in KINDS}
    contents = {"atom": render_atom(channel), "rss": render_rss(channel), "json": render_json(channel),
                "ics": render_ics(channel, site_host(site))}
    for kind, path in paths.items():
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(contents[kind])
    return paths
