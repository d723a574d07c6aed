"""A channel -> Atom 1.0 and RSS 2.0 documents, both written by feedgen from one feed."""

from __future__ import annotations

from html import escape

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator

from .feed_entries import Channel

ATOM_NS = "http://www.w3.org/2005/Atom"


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
    if channel.hub:  # WebSub: the hub and the self link (above) are how readers subscribe
        feed.link(href=channel.hub, rel="hub")
        feed.register_extension("websub", _rss_hub(channel.hub), atom=False, rss=True)
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


def _rss_hub(hub: str) -> type[BaseExtension]:
    """feedgen writes only the self link into RSS: this adds `<atom:link rel="hub">` beside it."""

    class WebSubHub(BaseExtension):
        def extend_ns(self) -> dict[str, str]:
            return {"atom": ATOM_NS}

        def extend_rss(self, rss_feed):
            rss_feed[0].append(rss_feed.makeelement(f"{{{ATOM_NS}}}link", {"href": hub, "rel": "hub"}))
            return rss_feed

    return WebSubHub


def render_atom(channel: Channel) -> bytes:
    return build_feedgen(channel, "atom").atom_str(pretty=True)


def render_rss(channel: Channel) -> bytes:
    return build_feedgen(channel, "rss").rss_str(pretty=True)
