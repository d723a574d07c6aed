"""What the entries say: titles, permanent ids, links, content, order, limits, and hostile input."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import icalendar
import pytest

from generator.feed_html import readable_redline
from generator.feeds import KINDS, write_feeds
from tests.feeds.conftest import SITE_URL, build, read_site
from tests.gitrepo import policy


def entries(built, policy_id=None, kind="atom"):
    return feedparser.parse(built.path(policy_id, kind).read_bytes()).entries


def by_id(built, policy_id=None):
    return {entry.id: entry for entry in entries(built, policy_id)}


def test_a_first_version_is_published_and_links_to_its_archived_page(built):
    entry = by_id(built, "privacy")["tag:legal.example.com,2023-03-14:policy/privacy/1"]
    assert entry.title == "Privacy Policy published — effective March 14, 2023"
    assert entry.link == SITE_URL + "versions/privacy/1/"
    assert entry.published == "2023-03-14T10:00:00+01:00"
    assert entry.updated == entry.published
    assert "Our first privacy policy." in entry.content[0].value
    assert [(tag.term, tag.label) for tag in entry.tags] == [("privacy", "Privacy Policy")]


def test_an_update_links_to_its_redline_and_shows_it_readably(built):
    entry = by_id(built, "privacy")["tag:legal.example.com,2023-10-10:policy/privacy/2"]
    assert entry.title == "Privacy Policy updated — effective October 10, 2023"
    assert entry.link == SITE_URL + "versions/privacy/2-changes/"
    html = entry.content[0].value
    redline = built.redlines["privacy@2"]
    assert f"{redline.inserted} words inserted, {redline.deleted} deleted, {redline.moved} moved" in html
    assert re.search(r'<ins style="background: ?#d4f7d4; ?text-decoration: ?underline;?">six months</ins>', html)
    assert re.search(r'<del style="background: ?#fbdada; ?text-decoration: ?line-through;?">ten years</del>', html)
    # Relative links resolve against the redline page they were written for.
    assert 'href="https://legal.example.com/terms/"' in html
    # Only the changed blocks travel in the feed; the entry links to the whole redline.
    assert "children" not in html
    assert "class=" not in html and " id=" not in html


def test_an_upcoming_version_says_when_it_takes_effect(built):
    entry = by_id(built, "terms")["tag:legal.example.com,2026-12-01:policy/terms/2"]
    assert entry.title == "Terms of Use updated — takes effect January 15, 2027"
    assert "Takes effect January 15, 2027" in entry.content[0].value
    assert "material change" in entry.content[0].value
    calendar = icalendar.Calendar.from_ical(built.path("terms", "ics").read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == "terms@2@legal.example.com"]
    assert event.decoded("DTSTART").isoformat() == "2027-01-15"


def test_a_retired_policy_gets_its_own_entry(built):
    entry = by_id(built, "beta")["tag:legal.example.com,2024-01-05:policy/beta/retired"]
    assert entry.title == "Beta Programme Terms retired"
    assert entry.published == "2024-01-05T12:00:00+00:00"
    assert entry.link == SITE_URL + "versions/beta/"
    assert "tag:legal.example.com,2024-01-05:policy/beta/retired" in by_id(built)


def test_ids_never_use_page_addresses_and_survive_a_change_of_url_style(built, story, tmp_path):
    site = read_site(story)
    site.directory_urls = False
    other = build(site, tmp_path / "flat")
    assert set(by_id(built)) == set(by_id(other))
    assert all(entry.id.startswith("tag:") for entry in entries(built))
    rss = feedparser.parse(built.path(None, "rss").read_bytes()).entries
    assert [e.id for e in rss] == [e.id for e in entries(built)]


def test_site_feed_is_newest_first_with_ties_broken_by_policy_id(built):
    assert [e.id.split(":", 2)[2] for e in entries(built)] == [
        "policy/terms/2", "policy/beta/retired", "policy/privacy/2", "policy/beta/1",
        "policy/terms/1", "policy/privacy/1"]


def test_feed_date_is_the_newest_entry_not_the_build_time(built):
    assert feedparser.parse(built.path(None, "atom").read_bytes()).feed.updated == "2026-12-01T12:00:00-05:00"
    assert feedparser.parse(built.path("beta", "atom").read_bytes()).feed.updated == "2024-01-05T12:00:00+00:00"


def test_generating_twice_gives_identical_bytes(story, tmp_path):
    first = build(read_site(story), tmp_path / "one")
    second = build(read_site(story), tmp_path / "two")
    for policy_id in first.urls:
        for kind in KINDS:
            assert first.path(policy_id, kind).read_bytes() == second.path(policy_id, kind).read_bytes()


def test_limit_keeps_the_newest_entries(story, tmp_path):
    limited = build(read_site(story), tmp_path / "limited", limit=2)
    assert [e.id.split(":", 2)[2] for e in entries(limited)] == ["policy/terms/2", "policy/beta/retired"]
    assert len(entries(limited, "privacy", "rss")) == 2
    assert len(json.loads(limited.path("privacy", "json").read_text())["items"]) == 2
    with pytest.raises(ValueError, match="at least 1"):
        write_feeds(limited.site, {}, tmp_path / "none", limit=0)


def test_missing_redlines_still_give_an_entry_per_version(story, tmp_path):
    site = read_site(story)
    write_feeds(site, {}, tmp_path / "bare")
    parsed = feedparser.parse((tmp_path / "bare" / "feeds" / "privacy.atom.xml").read_bytes())
    assert [e.title.split(" — ")[0] for e in parsed.entries] == ["Privacy Policy updated", "Privacy Policy published"]


def test_feeds_need_an_absolute_site_url(story, tmp_path):
    site = read_site(story)
    site.url = ""
    with pytest.raises(ValueError, match="site_url"):
        write_feeds(site, {}, tmp_path / "out")


HOSTILE = """Ordinary words here.

<script>alert("s")</script>
<img src="x" onerror="alert('i')">
<p onclick="alert('c')" style="position:fixed">Click [here](javascript:alert('j')).</p>
<a href="JAVASCRIPT:alert('u')" title="tip" lang="en">shout</a> <a href="data:text/html,<b>x</b>">data</a>
<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>
<ins onmouseover="alert('m')" style="background:url(https://evil.example/t.png)">sneaky</ins>
"""


class Markup(HTMLParser):
    """Every tag and attribute of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


ALLOWED = {"ins", "del", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "caption", "thead",
           "tbody", "tfoot", "tr", "th", "td", "a", "p", "br", "code", "pre", "blockquote", "strong", "em"}


def assert_harmless(html: str) -> None:
    for tag, attrs in Markup(html).tags:
        assert tag in ALLOWED, tag
        for name, value in attrs:
            assert (tag, name) in {("a", "href"), ("ins", "style"), ("del", "style")}, (tag, name)
            if name == "href":
                assert value.startswith(("https://", "http://", "mailto:")), value
            if name == "style":
                properties = {part.split(":")[0].strip() for part in value.split(";") if part.strip()}
                assert properties <= {"background", "text-decoration"}, value
                assert "url(" not in value


def html_fields(built, policy_id) -> list[str]:
    """Every field a reader renders as HTML, straight from the files (feedparser would sanitize them)."""
    atom = ET.parse(built.path(policy_id, "atom")).getroot()
    fields = [e.text for e in atom.iter() if e.get("type") == "html"]
    channel = ET.parse(built.path(policy_id, "rss")).getroot().find("channel")
    fields += [e.text for item in channel.findall("item") for e in item
               if e.tag in ("description", "{http://purl.org/rss/1.0/modules/content/}encoded")]
    fields += [item["content_html"] for item in json.loads(built.path(policy_id, "json").read_text())["items"]]
    return fields


def test_hostile_policy_text_never_reaches_a_feed(temp_repo, tmp_path):
    temp_repo.write("evil.md", policy("Evil Policy", "Ordinary words here."))
    temp_repo.commit("Publish", "2024-01-01T00:00:00+00:00")
    temp_repo.write("evil.md", policy("Evil Policy", HOSTILE, summary="<script>alert('summary')</script>"))
    temp_repo.commit("Attack", "2024-02-01T00:00:00+00:00")
    hostile = build(read_site(temp_repo), tmp_path / "site")
    fields = html_fields(hostile, None) + html_fields(hostile, "evil")
    assert len(fields) == 2 * (2 + 2 + 2 + 2 + 2)  # atom summary+content, rss description+content, json
    for html in fields:
        assert_harmless(html)
        assert "<script" not in html.lower() and 'alert("s")' not in html
    assert any("&lt;script&gt;alert('summary')&lt;/script&gt;" in html for html in fields)  # text, harmless
    assert any("sneaky" in html for html in fields)
    # Plain-text fields (JSON `summary`, the calendar) keep the summary as text, as their specs say.
    for kind in KINDS:
        text = hostile.path("evil", kind).read_text(encoding="utf-8").lower()
        for marker in ("onerror", "onclick", "onmouseover", 'href="javascript', "<iframe", "evil.example"):
            assert marker not in text, (kind, marker)


def test_moves_get_their_own_colour_and_lose_their_cross_links():
    from generator.redline import compute_redline

    old = "<p>Alpha paragraph stays.</p><p>This whole paragraph moves down the page.</p><p>Omega.</p>"
    new = "<p>Alpha paragraph stays.</p><p>Omega.</p><p>This whole paragraph moves down the page.</p>"
    redline = compute_redline(old, new)
    assert redline.moved
    html = readable_redline(redline.html, "https://legal.example.com/versions/p/2-changes/")
    assert_harmless(html)
    assert "#dde6fb" in html and "#move-" not in html and "<a" not in html
