"""The model -> change feeds people can subscribe to: Atom 1.0 and RSS 2.0 (feedgen), JSON Feed 1.1 and
iCalendar (icalendar), for the whole site and for each policy.

Every entry is one event in the record: a version published (or announced, when it takes effect later)
or a policy retired. Its id is a tag URI (RFC 4151) that depends only on the site's host and the history:

    tag:<host>,<YYYY-MM-DD>:policy/<policy id>/<version number>    one version
    tag:<host>,<YYYY-MM-DD>:policy/<policy id>/retired             the retirement

where <host> is the host of the site URL and the date is the day of the publishing (or retiring) commit,
in the commit's own offset. Page addresses never enter an id, so moving pages or switching
`use_directory_urls` never makes readers show old changes as new; a new host is a new publisher, and
its ids are new. Calendar events use `<version id>@<host>` (e.g. `privacy@3@legal.example.com`) as UID.

Output depends only on the history and the site settings: feed dates are entry dates, never the build
time, so the same history and as-of day give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import nh3
from feedgen.feed import FeedGenerator

from . import urls
from .dates import display_date
from .entity_changes import change_items, describe_changes, objection_deadline
from .model import Policy, Retirement, Version
from .pages import Site
from .redline import Redline

KINDS = ("atom", "rss", "json", "ics")
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
PRODID = "-//policy-history//policy change feeds//EN"

# Feed readers drop stylesheets, so the marks carry their look with them.
MARK_STYLES = {
    "<ins>": '<ins style="background:#d4f7d4;text-decoration:underline">',
    "<del>": '<del style="background:#fbdada;text-decoration:line-through">',
    '<ins class="redline-moved-to">': '<ins style="background:#dde6fb;text-decoration:underline">',
    '<del class="redline-moved-from">': '<del style="background:#dde6fb;text-decoration:line-through">',
}
FEED_TAGS = {
    "ins", "del", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "th", "td", "a", "p", "br", "code", "pre", "blockquote", "strong", "em",
}
URL_SCHEMES = {"http", "https", "mailto"}
LINKS_ONLY = {"*": set(), "a": {"href"}}  # "*" empties nh3's default generic attributes (lang, title)
_EMPTY_LINK = re.compile(r'<a href="[^"]*"></a>')  # the redline's move links: nothing to read without CSS


@dataclass(frozen=True)
class Entry:
    """One event of the record, ready for any format."""

    id: str
    title: str
    url: str  # absolute
    published: dt.datetime  # aware
    summary: str
    html: str
    policy_id: str
    policy_title: str
    order: tuple  # newest first when sorted in reverse
    version: Version | None = None  # None for a retirement


@dataclass(frozen=True)
class Channel:
    """One feed: its title, addresses and entries (newest first)."""

    title: str
    description: str
    home_url: str
    feed_urls: dict[str, str]  # kind -> absolute URL
    updated: dt.datetime
    language: str
    author: str
    entries: list[Entry]


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


# -- entries -----------------------------------------------------------------------------------------
def collect_entries(site: Site, policy: Policy, redlines: Mapping[str, Redline]) -> list[Entry]:
    entries = [version_entry(site, policy, v, redlines.get(v.id)) for v in policy.versions]
    if policy.retirement:
        entries.append(retirement_entry(site, policy, policy.retirement))
    return entries


def newest_first(entries: list[Entry], limit: int | None) -> list[Entry]:
    ordered = sorted(entries, key=lambda e: e.order, reverse=True)
    return ordered if limit is None else ordered[:limit]


def version_entry(site: Site, policy: Policy, version: Version, redline: Redline | None) -> Entry:
    page = absolute_url(site, site.redline_url(version) or site.version_url(version))
    return Entry(id=tag_uri(site, version.published, f"policy/{policy.id}/{version.number}"),
                 title=entry_title(site, version), url=page, published=version.published,
                 summary=entry_summary(version), html=version_html(site, version, redline, page),
                 policy_id=policy.id, policy_title=policy.title,
                 order=(version.published, policy.id, version.number), version=version)


def retirement_entry(site: Site, policy: Policy, retirement: Retirement) -> Entry:
    history = absolute_url(site, site.history_url(policy))
    day = display_date(retirement.day, site.locale_of(policy.id))
    html = (f"<p>{escape(retirement.summary)}</p>"
            f"<p>{escape(policy.title)} was retired on {day}. Its versions stay published: "
            f'<a href="{escape(history)}">see its history</a>.</p>')
    # Ranked after the policy's last version, should a retirement share its moment.
    return Entry(id=tag_uri(site, retirement.date, f"policy/{policy.id}/retired"),
                 title=f"{policy.title} retired", url=history, published=retirement.date,
                 summary=retirement.summary, html=clean_html(html, history),
                 policy_id=policy.id, policy_title=policy.title,
                 order=(retirement.date, policy.id, len(policy.versions) + 1))


def entry_summary(version: Version) -> str:
    """A list's entity changes lead ("Added: X, for Y, in Z."), then the change's own summary."""
    changes = describe_changes(version.entity_changes)
    return f"{changes} {version.summary}" if changes else version.summary


def entity_html(site: Site, version: Version) -> str:
    """What changed in a list, entity by entity, with the objection window of an announced addition."""
    if not version.entity_changes:
        return ""
    items = "".join(f"<li><strong>{escape(item['label'])}:</strong> {escape(item['text'])}</li>"
                    for item in change_items(version.entity_changes))
    notices = "".join(
        f"<p>{escape(c.name)} takes effect {display_date(c.entity.effective, site.locale)}; objections until "
        f"{display_date(objection_deadline(c.entity.effective), site.locale)}.</p>"
        for c in version.proposed if c.entity is not None and c.entity.effective is not None)
    return f"<ul>{items}</ul>{notices}"


def entry_title(site: Site, version: Version) -> str:
    event = "published" if version.number == 1 else "updated"
    when = "takes effect" if version.status == "upcoming" else "effective"
    return f"{version.title} {event} — {when} {display_date(version.effective, site.locale_of(version.policy_id))}"


def version_html(site: Site, version: Version, redline: Redline | None, page: str) -> str:
    """The change summary, its dates and counts, then the redline itself (readable without CSS)."""
    when = "Takes effect" if version.status == "upcoming" else "Effective"
    parts = [entity_html(site, version), f"<p>{escape(version.summary)}</p>",
             f"<p><strong>{when} {display_date(version.effective, site.locale_of(version.policy_id))}.</strong></p>"]
    if version.material:
        parts.append("<p>This is a material change.</p>")
    if redline is None:
        text = absolute_url(site, site.version_url(version))
        parts.append(f'<p><a href="{escape(text)}">Read the full text of version {version.number}</a>.</p>')
        return clean_html("".join(parts), page)
    parts.append(f"<p>{count_words(redline)}.</p>")
    # Only the changed blocks (with their headings): the entry links to the full redline page.
    return clean_html("".join(parts), page) + readable_redline(redline.excerpt(), page)


def count_words(redline: Redline) -> str:
    inserted = "1 word" if redline.inserted == 1 else f"{redline.inserted} words"
    return f"{inserted} inserted, {redline.deleted} deleted, {redline.moved} moved"


def readable_redline(html: str, page: str) -> str:
    """Redline HTML for feed readers: inline-styled marks, absolute links, nothing but the allow-list."""
    first = nh3.clean(html, tags=FEED_TAGS, attributes=LINKS_ONLY, url_schemes=URL_SCHEMES,
                      allowed_classes={"ins": {"redline-moved-to"}, "del": {"redline-moved-from"}},
                      link_rel=None, strip_comments=True, url_relative=("rewrite_with_base", page))
    # After the first pass every mark tag is written exactly as in MARK_STYLES (nh3 normalises them).
    styled = _EMPTY_LINK.sub("", first)
    for plain, with_style in MARK_STYLES.items():
        styled = styled.replace(plain, with_style)
    return nh3.clean(styled, tags=FEED_TAGS, attributes={**LINKS_ONLY, "ins": {"style"}, "del": {"style"}},
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True,
                     filter_style_properties={"background", "text-decoration"}, url_relative="deny")


def clean_html(html: str, page: str) -> str:
    return nh3.clean(html, tags=FEED_TAGS, attributes=LINKS_ONLY, url_schemes=URL_SCHEMES,
                     link_rel=None, url_relative=("rewrite_with_base", page))


# -- addresses -----------------------------------------------------------------------------------------
def site_host(site: Site) -> str:
    host = urlsplit(site.url).hostname
    if not host:
        raise ValueError(f"feeds need the site's absolute URL (site_url), got {site.url!r}")
    return host


def absolute_url(site: Site, relative: str) -> str:
    site_host(site)
    base = site.url if site.url.endswith("/") else site.url + "/"
    return urljoin(base, relative)


def tag_uri(site: Site, moment: dt.datetime, specific: str) -> str:
    return f"tag:{site_host(site)},{moment.date().isoformat()}:{specific}"


def build_channel(site: Site, policy: Policy | None, entries: list[Entry]) -> Channel:
    name = site.name or site_host(site)
    policy_id = policy.id if policy else None
    if policy:
        title, home = f"{name}: {policy.title} changes", site.history_url(policy)
        description = f"Every published version of the {policy.title}, with what changed."
    else:
        title, home = f"{name}: policy changes", site.changes_url()
        description = f"Every published version of the policies of {name}, with what changed."
    return Channel(
        title=title, description=description, home_url=absolute_url(site, home),
        feed_urls={kind: absolute_url(site, urls.feed_path(policy_id, kind)) for kind in KINDS},
        updated=entries[0].published if entries else first_moment(site),
        language=site.language_of(policy) if policy else site.locale.replace("_", "-"), author=name,
        entries=entries)


def first_moment(site: Site) -> dt.datetime:
    """An empty feed's date: the as-of day, so it still does not depend on the build time."""
    return dt.datetime.combine(site.history.as_of, dt.time(), dt.UTC)


# -- formats -----------------------------------------------------------------------------------------
def build_feedgen(channel: Channel, self_kind: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(channel.feed_urls[self_kind])
    feed.title(channel.title)
    feed.description(channel.description)
    feed.author({"name": channel.author})
    feed.language(channel.language)
    feed.updated(channel.updated)
    feed.generator("policy-history")
    # feedgen uses the last link as RSS <link>: the self link must come first.
    feed.link(href=channel.feed_urls[self_kind], rel="self")
    feed.link(href=channel.home_url, rel="alternate")
    for entry in channel.entries:
        item = feed.add_entry(order="append")
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.url, rel="alternate")
        item.published(entry.published)
        item.updated(entry.published)
        item.summary(escape(entry.summary), type="html")  # Atom <summary>; RSS <description> is read as HTML
        item.content(entry.html, type="html")  # Atom <content>, RSS <content:encoded>
        item.category(term=entry.policy_id, label=entry.policy_title)
    return feed


def render_atom(channel: Channel) -> bytes:
    return build_feedgen(channel, "atom").atom_str(pretty=True)


def render_rss(channel: Channel) -> bytes:
    return build_feedgen(channel, "rss").rss_str(pretty=True)


def render_json(channel: Channel) -> bytes:
    feed = {"version": JSON_FEED_VERSION, "title": channel.title, "home_page_url": channel.home_url,
            "feed_url": channel.feed_urls["json"], "description": channel.description,
            "language": channel.language, "authors": [{"name": channel.author}],
            "items": [json_item(entry) for entry in channel.entries]}
    return (json.dumps(feed, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def json_item(entry: Entry) -> dict:
    moment = entry.published.isoformat()
    extension: dict = {"id": entry.policy_id, "event": "retired" if entry.version is None else "version"}
    if entry.version is not None:
        extension.update(number=entry.version.number, effective=entry.version.effective.isoformat(),
                         status=entry.version.status)
        if entry.version.entities is not None:
            extension["entity_changes"] = [c.as_dict() for c in entry.version.entity_changes]
    return {"id": entry.id, "url": entry.url, "title": entry.title, "summary": entry.summary,
            "content_html": entry.html, "date_published": moment, "date_modified": moment,
            "tags": [entry.policy_title], "_policy": extension}


def render_ics(channel: Channel, host: str) -> bytes:
    """One all-day event per version on the day it takes effect, so announced changes show up ahead."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", channel.title)
    for entry in channel.entries:
        if entry.version is not None:
            calendar.add_component(version_event(entry, entry.version, host))
    return calendar.to_ical()


def version_event(entry: Entry, version: Version, host: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{version.id}@{host}")
    event.add("dtstamp", version.published.astimezone(dt.UTC))
    event.add("dtstart", version.effective)
    event.add("dtend", version.effective + dt.timedelta(days=1))
    event.add("summary", f"{version.title}: version {version.number} takes effect")
    notices = "".join(f"\n{c.name} takes effect {c.entity.effective}; objections until "
                      f"{objection_deadline(c.entity.effective)}."
                      for c in version.proposed if c.entity is not None and c.entity.effective is not None)
    event.add("description", f"{entry_summary(version)}{notices}\n\n{entry.url}")
    event.add("url", entry.url)
    event.add("categories", [entry.policy_title])
    event.add("transp", "TRANSPARENT")
    return event
