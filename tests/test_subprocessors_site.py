"""A real `mkdocs build --strict` of a site whose sub-processor list is a data file."""

from __future__ import annotations

import json
import re

import feedparser
import icalendar

from tests.gitrepo import policy
from tests.lists import KESTREL_WEBSITE, TOLLGATE, listed, marram
from tests.sites import build, read_page, write_config

LIST = listed(KESTREL_WEBSITE, TOLLGATE, intro="We use the companies below. See our [privacy policy](privacy.md).")
MARRAM = marram(locations="[Netherlands (EU)]")


def _site(repo):
    write_config(repo)
    repo.write("privacy.md", policy("Privacy Policy", "See our [sub-processors](subprocessors.md)."))
    repo.write("subprocessors.yml", LIST)
    repo.commit("Publish", "2026-06-01T10:00:00+00:00")
    text = LIST.replace("  - name: Tollgate Payments B.V.\n    purpose: Payment processing\n"
                        "    locations: Netherlands (EU)\n", "")
    repo.write("subprocessors.yml", text + MARRAM)
    repo.commit("Announce Marram, remove Tollgate", "2026-11-26T10:00:00+00:00")


def test_a_data_list_builds_its_pages_json_feeds_and_calendar(repo, tmp_path):
    _site(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2026-11-27")
    assert result.returncode == 0, result.stderr

    manifest = json.loads((site / "policies.json").read_text())
    (listed,) = [p for p in manifest["policies"] if p["id"] == "subprocessors"]
    assert listed["url"] == "subprocessors/" and listed["data_url"] == "data/subprocessors.json"
    assert [v["status"] for v in listed["versions"]] == ["in-force", "upcoming"]
    assert listed["versions"][1]["effective"] == "2027-01-05"
    assert listed["versions"][1]["entity_changes"] == [
        {"change": "added", "name": "Marram Analytics B.V.", "fields": []},
        {"change": "removed", "name": "Tollgate Payments B.V.", "fields": []}]
    assert [v["data_url"] for v in listed["versions"]] == ["data/subprocessors/1.json", "data/subprocessors/2.json"]
    assert "data_url" not in next(p for p in manifest["policies"] if p["id"] == "privacy")

    current = json.loads((site / "data/subprocessors.json").read_text())
    assert current["version"] == 1 and [e["name"] for e in current["entries"]] == [
        "Kestrel Cloud Ltd.", "Tollgate Payments B.V."]
    announced = json.loads((site / "data/subprocessors/2.json").read_text())
    assert announced["entries"][-1] == {"name": "Marram Analytics B.V.", "purpose": "Product analytics",
                                        "locations": "Netherlands (EU)", "effective": "2027-01-05"}
    assert not (site / "subprocessors.yml").exists()

    page = read_page(site, "subprocessors/")
    assert re.search(r"<th[^>]*>Sub-processor</th>", page)
    assert '<a href="https://kestrel.example">Kestrel Cloud Ltd.</a>' in page
    assert "Proposed: <strong>Marram Analytics B.V.</strong> takes effect" in page
    assert re.search(r'objections until <time datetime="2027-01-04">', page)
    assert 'href="../data/subprocessors.json"' in page
    assert 'href="../subprocessors/"' in read_page(site, "privacy/")

    redline = read_page(site, "versions/subprocessors/2-changes/")
    who = redline.index("Who changed")
    assert who < redline.index('<div class="redline">')
    assert "Marram Analytics B.V., for product analytics, in Netherlands (EU), from January 5, 2027" in redline[who:]

    feed = feedparser.parse((site / "feeds/subprocessors.atom.xml").read_bytes())
    newest = feed.entries[0]
    assert newest.summary.startswith("Added: Marram Analytics B.V., for product analytics")
    assert "Removed: Tollgate Payments B.V." in newest.summary
    content = newest.content[0].value
    assert content.index("Marram Analytics B.V.") < content.index("Announce Marram, remove Tollgate")
    assert "objections until" in content
    items = json.loads((site / "feeds/subprocessors.json").read_text())["items"]
    assert items[0]["_policy"]["entity_changes"][0]["name"] == "Marram Analytics B.V."

    calendar = icalendar.Calendar.from_ical((site / "feeds/subprocessors.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    description = str(events["subprocessors@2@legal.example.com"]["description"])
    assert description.startswith("Added: Marram Analytics B.V.")
    assert "Marram Analytics B.V. takes effect January 5, 2027; objections until January 4, 2027." in description


def test_the_proposed_banner_goes_on_the_effective_day(repo, tmp_path):
    _site(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site, as_of="2027-01-05").returncode == 0
    page = read_page(site, "subprocessors/")
    assert "Proposed:" not in page and "Marram Analytics B.V." in page
    assert json.loads((site / "data/subprocessors.json").read_text())["version"] == 2
