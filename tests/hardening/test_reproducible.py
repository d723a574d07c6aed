"""The same history builds the same site, byte for byte, whatever the machine's zone, language or cache."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil

from tests.sites import build, files_of, read_page

KIRITIMATI = {"TZ": "Pacific/Kiritimati", "LANG": "C", "LC_ALL": "C"}
ADAK = {"TZ": "America/Adak", "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "LANGUAGE": "fr"}


def test_two_builds_in_different_zones_and_languages_without_cache_are_identical(history_repo, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    result = build(history_repo, site_dir=first, extra_env=KIRITIMATI)
    assert result.returncode == 0, result.stderr
    assert (history_repo.root / ".cache" / "policy").is_dir(), "the plugin's cache moved; update this test"
    shutil.rmtree(history_repo.root / ".cache" / "policy")
    result = build(history_repo, site_dir=second, extra_env=ADAK)
    assert result.returncode == 0, result.stderr
    a, b = files_of(first), files_of(second)
    assert sorted(a) == sorted(b)
    for must in ("policies.json", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                 "versions/privacy/2/index.html", "versions/privacy/2-changes/index.html",
                 "versions/politique-de-confidentialité/2-changes/index.html", "changes/index.html"):
        assert must in a, must
    different = [path for path in a if a[path] != b[path]]
    assert different == []
    # A warm cache must not change a byte either.
    third = tmp_path / "third"
    assert build(history_repo, site_dir=third, extra_env=ADAK).returncode == 0
    assert files_of(third) == a


def test_source_date_epoch_dates_the_non_policy_pages(history_repo, tmp_path):
    site = tmp_path / "site"
    result = build(history_repo, site_dir=site, extra_env={"SOURCE_DATE_EPOCH": "1700000000"})  # 2023-11-14
    assert result.returncode == 0, result.stderr
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmod["https://legal.example.com/"] == "2023-11-14"
    assert lastmod["https://legal.example.com/privacy/"] == "2024-02-01"  # policies: their effective date
    assert lastmod["https://legal.example.com/versions/privacy/1/"] == "2023-10-10"
    with gzip.open(site / "sitemap.xml.gz") as handle:
        assert handle.read().decode("utf-8") == sitemap
    # MkDocs stamps the gzip header with the newest lastmod: from history, never the build clock.
    newest = dt.datetime.combine(dt.date.fromisoformat(max(lastmod.values())), dt.time(), dt.UTC)
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == int(newest.timestamp()).to_bytes(4, "little")


def test_a_non_ascii_file_name_is_published_at_a_working_address(history_repo, tmp_path):
    import json

    site = tmp_path / "site"
    assert build(history_repo, site_dir=site).returncode == 0
    manifest = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    entry = next(p for p in manifest["policies"] if p["source"] == "politique de confidentialité.md")
    assert entry["url"] == "politique de confidentialité/"
    assert "Nous gardons très peu." in read_page(site, entry["url"])
    for version in entry["versions"]:
        assert (site / version["url"] / "index.html").is_file(), version["url"]
    # The link from the history page resolves to that folder once the browser decodes it.
    history = read_page(site, entry["history_url"])
    hrefs = re.findall(r'href="([^"]*politique[^"]*)"', history)
    assert hrefs, "the history page does not link to the policy"
