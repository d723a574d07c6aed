"""The model -> feed entries and channels, the same for every format: each event's id, title, summary,
HTML and address.

Every entry is one event in the record: a version published (or announced, when it takes effect later)
or a policy retired. Its id is a tag URI (RFC 4151) that depends only on the site's host and the history:

    tag:<host>,<YYYY-MM-DD>:policy/<policy id>/<version number>    one version
    tag:<host>,<YYYY-MM-DD>:policy/<policy id>/retired             the retirement

where <host> is the host of the site URL and the date is the day of the publishing (or retiring) commit,
in the commit's own offset. Page addresses never enter an id, so moving pages or switching
`use_directory_urls` never makes readers show old changes as new; a new host is a new publisher, and
its ids are new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin, urlsplit

from . import urls
from .dates import display_date
from .entity_changes import change_items, describe_changes, objection_deadline
from .feed_html import clean_html, readable_redline
from .model import Policy, Retirement, Version
from .pages import Site
from .redline import Redline

KINDS = ("atom", "rss", "json", "ics")


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
    hub: str | None = None  # the WebSub hub readers may subscribe through
    locale: str = "en"  # of the dates its entries' words carry
    objections: str = ""  # how to object to an announced sub-processor, in plain words


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
    return f"<ul>{items}</ul>{notices}{objections_html(site) if notices else ''}"


def objections_href(site: Site) -> str:
    """Where readers object, as an absolute address ("" without `objections_contact`)."""
    href = site.objections_url()
    contact = site.objections_contact
    return "" if contact is None or href is None else absolute_url(site, href) if contact.kind == "page" else href


def objections_text(site: Site) -> str:
    """How to object, in plain words, said after each objection deadline ("" without the option)."""
    contact = site.objections_contact
    return contact.sentence(objections_href(site)) if contact else ""


def objections_html(site: Site) -> str:
    contact, href = site.objections_contact, escape(objections_href(site))
    if contact is None:
        return ""
    if contact.kind == "email":
        return f'<p>To object, write to <a href="{href}">{escape(contact.target)}</a>.</p>'
    return f'<p><a href="{href}">How to object</a></p>'


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


# -- channels ------------------------------------------------------------------------------------------
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
        entries=entries, hub=site.websub_hub, locale=site.locale_of(policy_id), objections=objections_text(site))


def first_moment(site: Site) -> dt.datetime:
    """An empty feed's date: the as-of day, so it still does not depend on the build time."""
    return dt.datetime.combine(site.history.as_of, dt.time(), dt.UTC)
