"""Announce each version that is new since the last deploy, once per channel: which versions are new
(the deployed manifest against the published one), what each channel receives, and a record of what
was delivered, so a rerun sends only what failed.

No MkDocs and no history here: the manifests give the versions and their addresses, the CLI drafts
each version's words (notice.py) and channels.py sends them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .channels import (
    DeliveryError,
    EmailSettings,
    NotifySettings,
    SettingsError,
    WebhookSettings,
    WebSubSettings,
    ping_hub,
    post_webhook,
    send_email,
)
from .dates import real_time
from .notice import Notice
from .urls import absolute_url

Channel = EmailSettings | WebhookSettings | WebSubSettings
STATE_FILE = "notified.json"


@dataclass(frozen=True)
class Announcement:
    """One version to tell people about, as the deployed manifest describes it."""

    site: dict[str, Any]
    policy: dict[str, Any]
    version: dict[str, Any]
    site_feeds: dict[str, str] | None = None  # the site-wide feeds, by kind (site-relative)

    @property
    def id(self) -> str:
        return self.version["id"]

    @property
    def list_change(self) -> bool:
        return bool(self.version.get("entity_changes"))

    @property
    def material(self) -> bool:
        return bool(self.version.get("material")) or self.list_change

    @property
    def event(self) -> str:
        return "policy.version.announced" if self.version["status"] == "upcoming" else "policy.version.published"

    def url(self, path: str | None) -> str | None:
        return absolute_url(self.site.get("url") or "", path) if path else None

    @property
    def feeds(self) -> tuple[str, ...]:
        """The Atom and RSS feeds this version changed (its policy's and the site's): what a WebSub hub
        is told about."""
        return tuple(self.url(feeds[kind]) or "" for feeds in (self.policy.get("feeds") or {}, self.site_feeds or {})
                     for kind in ("atom", "rss") if feeds.get(kind))

    @property
    def objection_deadline(self) -> str | None:
        """An announced list change may be objected to until the day before it takes effect."""
        if not (self.list_change and self.version["status"] == "upcoming"):
            return None
        return (dt.date.fromisoformat(self.version["effective"]) - dt.timedelta(days=1)).isoformat()


def new_announcements(published: dict[str, Any] | None, deployed: dict[str, Any],
                      everything: bool = False) -> list[Announcement]:
    """Versions of `deployed` that `published` does not have (all of them with `everything`; none when
    nothing was published, so a first deploy does not announce the whole past)."""
    if published is None and not everything:
        return []
    known = set() if everything or published is None else {
        v["id"] for p in published.get("policies", []) for v in p.get("versions", [])}
    return [Announcement(deployed.get("site") or {}, policy, version, deployed.get("feeds"))
            for policy in deployed.get("policies", []) for version in policy.get("versions", [])
            if version["id"] not in known]


def wanted(channel: Channel, announcement: Announcement) -> bool:
    """`versions: material` takes material changes and list changes; `all` takes every version."""
    return channel.versions == "all" or announcement.material


# -- what is sent ------------------------------------------------------------------------------
def message_id(announcement: Announcement) -> str:
    """The same for every send of a version, so a resend is recognisable: <privacy-3.host@policy-history>."""
    host = urlsplit(announcement.site.get("url") or "").hostname or "localhost"
    return f"<{announcement.id.replace('@', '-')}.{host}@policy-history>"


def email_message(settings: EmailSettings, announcement: Announcement, notice: Notice) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = notice.subject
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id(announcement)
    if settings.list_unsubscribe:
        message["List-Unsubscribe"] = settings.list_unsubscribe
    message.set_content(notice.text)
    language = announcement.policy.get("language") or "en"
    message.add_alternative(f'<!doctype html>\n<html lang="{language}"><body>\n{notice.html}</body></html>\n',
                            subtype="html")
    message["Content-Language"] = language  # after the parts: making them moves Content-* headers into them
    return message


def webhook_body(announcement: Announcement, notice: Notice) -> bytes:
    """The manifest's record of the version, its absolute links, entity changes and the notice's words."""
    policy, version = announcement.policy, announcement.version
    body = {
        "event": announcement.event,
        "site": announcement.site,
        "policy": {"id": policy["id"], "title": policy.get("title"), "language": policy.get("language"),
                   "url": announcement.url(policy.get("url")),
                   "history_url": announcement.url(policy.get("history_url"))},
        "version": version,
        "links": {"version": announcement.url(version.get("url")),
                  "redline": announcement.url(version.get("redline_url")),
                  "pdf": announcement.url(version.get("pdf_url")),
                  "data": announcement.url(version.get("data_url"))},
        "entity_changes": version.get("entity_changes", []),
        "objection_deadline": announcement.objection_deadline,
        "subject": notice.subject,
        "text": notice.text,
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


# -- what was delivered ------------------------------------------------------------------------
class DeliveryState:
    """`{"privacy@3": {"email": "<when>", "webhook https://...": "<when>"}}`, kept in a JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.sent: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.sent = {}
        except (OSError, ValueError) as exc:
            raise SettingsError(f"notify: delivery state {path} cannot be read: {exc}") from None

    def done(self, version_id: str, channel: str) -> bool:
        return channel in self.sent.get(version_id, {})

    def mark(self, version_id: str, channel: str) -> None:
        now = real_time().isoformat(timespec="seconds")
        self.sent.setdefault(version_id, {})[channel] = now
        self.save()  # at once: a crash later must not resend this one

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.sent, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temporary, self.path)


# -- sending -----------------------------------------------------------------------------------
@dataclass
class Outcome:
    lines: list[str]
    failed: int = 0


def announce(announcements: list[Announcement], settings: NotifySettings, notices: Mapping[str, Notice],
             state: DeliveryState, env: Mapping[str, str], dry_run: bool = False,
             sleep: Callable[[float], None] | None = None) -> Outcome:
    """Send every announcement on every channel meant for it and not yet delivered; report each."""
    outcome = Outcome([])
    extra = {} if sleep is None else {"sleep": sleep}
    for channel in settings.channels:
        due = [a for a in announcements if wanted(channel, a) and not state.done(a.id, channel.name)]
        skipped = [a for a in announcements if not wanted(channel, a)]
        for a in skipped:
            outcome.lines.append(f"{channel.name}: {a.id}: not sent (not material; this channel takes "
                                 f"`versions: {channel.versions}`)")
        for a in announcements:
            if a not in due and a not in skipped:
                outcome.lines.append(f"{channel.name}: {a.id}: already delivered")
        if isinstance(channel, WebSubSettings):
            _ping(channel, due, state, outcome, dry_run, extra)
            continue
        for a in due:
            _deliver(channel, a, notices[a.id], state, env, outcome, dry_run, extra)
    return outcome


def _deliver(channel: EmailSettings | WebhookSettings, a: Announcement, notice: Notice, state: DeliveryState,
             env: Mapping[str, str], outcome: Outcome, dry_run: bool, extra: dict) -> None:
    if isinstance(channel, EmailSettings):
        message = email_message(channel, a, notice)
        what = f"to {', '.join(channel.to)}: {notice.subject!r}, Message-ID {message['Message-ID']}"
    else:
        body = webhook_body(a, notice)
        what = f"{a.event}, {len(body)} bytes of JSON, signed"
    if dry_run:
        outcome.lines.append(f"{channel.name}: {a.id}: would send {what}")
        return
    try:
        if isinstance(channel, EmailSettings):
            send_email(channel, message, env)
        else:
            post_webhook(channel, body, a.id, env, **extra)
    except DeliveryError as exc:
        outcome.failed += 1
        outcome.lines.append(f"{channel.name}: {a.id}: FAILED: {exc}")
        return
    state.mark(a.id, channel.name)
    outcome.lines.append(f"{channel.name}: {a.id}: sent {what}")


def _ping(channel: WebSubSettings, due: list[Announcement], state: DeliveryState, outcome: Outcome,
          dry_run: bool, extra: dict) -> None:
    """One ping per changed feed: each due policy's feeds, and the site's when anything is due."""
    feeds = list(dict.fromkeys(f for a in due for f in a.feeds))
    failed: set[str] = set()
    for feed in feeds:
        if dry_run:
            outcome.lines.append(f"{channel.name}: would ping {channel.hub} for {feed}")
            continue
        try:
            ping_hub(channel, feed, **extra)
            outcome.lines.append(f"{channel.name}: pinged {channel.hub} for {feed}")
        except DeliveryError as exc:
            failed.add(feed)
            outcome.failed += 1
            outcome.lines.append(f"{channel.name}: FAILED: {exc}")
    if dry_run:
        return
    for a in due:
        if not failed & set(a.feeds):
            state.mark(a.id, channel.name)
