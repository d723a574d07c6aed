"""Every feed parses, and meets its specification where feedparser would forgive it."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest

from generator.feeds import KINDS
from tests.feeds.conftest import SITE_URL, Built

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d\d:\d\d:\d\d [+-]\d{4}$")
FEED_IDS = [None, "privacy", "terms", "beta"]


def page_urls(built: Built) -> set[str]:
    """Every page the site defines, as absolute URLs."""
    return {SITE_URL + built.site.url_of(spec.src_uri) for spec in built.site.page_specs()}


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def test_write_feeds_returns_site_relative_urls_of_the_written_files(built):
    assert set(built.urls) == set(FEED_IDS)
    assert built.urls[None] == {"atom": "feeds/all.atom.xml", "rss": "feeds/all.rss.xml",
                                "json": "feeds/all.json", "ics": "feeds/all.ics"}
    for policy_id in FEED_IDS:
        assert set(built.urls[policy_id]) == set(KINDS)
        for kind in KINDS:
            assert built.path(policy_id, kind).is_file()


@pytest.mark.parametrize("policy_id", FEED_IDS)
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feedparser_reads_every_feed_cleanly(built, policy_id, kind):
    parsed = feedparser.parse(built.path(policy_id, kind).read_bytes())
    assert parsed.version == {"atom": "atom10", "rss": "rss20"}[kind]
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    ids = [entry.id for entry in parsed.entries]
    assert len(ids) == len(set(ids))
    moments = [entry.published_parsed for entry in parsed.entries]
    assert moments == sorted(moments, reverse=True)
    pages = page_urls(built)
    for entry in parsed.entries:
        assert entry.link in pages
        assert entry.id.startswith("tag:legal.example.com,")


@pytest.mark.parametrize("policy_id", FEED_IDS)
def test_atom_meets_rfc_4287(built, policy_id):
    root = ET.parse(built.path(policy_id, "atom")).getroot()
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.findall(f"{ATOM}entry")]:
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, (element, name)
        for name in ("updated", "published"):
            for stamp in element.findall(f"{ATOM}{name}"):
                assert RFC3339.match(stamp.text), stamp.text
        for link in element.findall(f"{ATOM}link"):
            assert is_absolute(link.get("href")), link.get("href")
    selfs = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in selfs] == [SITE_URL + built.urls[policy_id]["atom"]]
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Example Legal"
    entries = root.findall(f"{ATOM}entry")
    assert root.find(f"{ATOM}updated").text == entries[0].find(f"{ATOM}updated").text


@pytest.mark.parametrize("policy_id", FEED_IDS)
def test_rss_meets_rss_2(built, policy_id):
    channel = ET.parse(built.path(policy_id, "rss")).getroot().find("channel")
    for name in ("title", "link", "description"):
        assert channel.find(name).text
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == SITE_URL + built.urls[policy_id]["rss"]
    for item in channel.findall("item"):
        guid = item.find("guid")
        assert guid is not None and guid.text
        assert guid.get("isPermaLink") == ("true" if is_absolute(guid.text) else "false")
        assert RFC822.match(item.find("pubDate").text), item.find("pubDate").text
        assert parsedate_to_datetime(item.find("pubDate").text).tzinfo is not None
        assert is_absolute(item.find("link").text)
    build_date = channel.find("lastBuildDate").text
    assert build_date == channel.findall("item")[0].find("pubDate").text


@pytest.mark.parametrize("policy_id", FEED_IDS)
def test_json_feed_meets_version_1_1(built, policy_id):
    # feedparser 6.0 does not read JSON Feed, so the same checks are made here by hand.
    feed = json.loads(built.path(policy_id, "json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"]
    assert feed["feed_url"] == SITE_URL + built.urls[policy_id]["json"]
    assert is_absolute(feed["home_page_url"])
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
        assert RFC3339.match(item["date_published"])
        assert item["url"] in page_urls(built)
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids))
    moments = [dt.datetime.fromisoformat(item["date_published"]) for item in feed["items"]]
    assert moments == sorted(moments, reverse=True)


@pytest.mark.parametrize("policy_id", FEED_IDS)
def test_icalendar_has_one_all_day_event_per_version(built, policy_id):
    calendar = icalendar.Calendar.from_ical(built.path(policy_id, "ics").read_bytes())
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    events = calendar.walk("VEVENT")
    policies = built.site.history.policies if policy_id is None else [built.site.history.policy(policy_id)]
    versions = {v.id: v for p in policies for v in p.versions}
    assert len(events) == len(versions)
    for event in events:
        version = versions[str(event["UID"]).removesuffix("@legal.example.com")]
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert event.decoded("DTSTART") == version.effective
        stamp = event.decoded("DTSTAMP")
        assert stamp.utcoffset().total_seconds() == 0 and stamp == version.published
        assert str(event["SUMMARY"]) == f"{version.title}: version {version.number} takes effect"
        assert version.summary in str(event["DESCRIPTION"])
        assert str(event["URL"]) in str(event["DESCRIPTION"])
        assert str(event["URL"]) in page_urls(built)
