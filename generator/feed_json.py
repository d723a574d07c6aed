"""A channel -> a JSON Feed 1.1 document, with each entry's policy, version and entity changes in a
`_policy` extension."""

from __future__ import annotations

import json

from .feed_entries import Channel, Entry

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


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
