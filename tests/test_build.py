"""Real `mkdocs build --strict` runs of small sites: pages, stamps, banners, the manifest."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from tests.gitrepo import policy
from tests.sites import build, exists, read_page, serving, site_env, small_history, write_config


def _stamp(html: str) -> tuple[str, str]:
    match = re.search(r'class="policy-last-updated">Last Updated: <time datetime="([^"]+)">([^<]+)</time>', html)
    assert match, "no Last Updated stamp"
    return match.group(1), match.group(2)


def test_demo_like_site_builds_every_page_and_an_honest_manifest(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((site / "policies.json").read_text())
    assert manifest["as_of"] == "2026-11-27"
    by_id = {p["id"]: p for p in manifest["policies"]}
    assert set(by_id) == {"privacy", "cookies", "beta"}
    privacy = by_id["privacy"]
    assert [v["status"] for v in privacy["versions"]] == ["superseded", "in-force", "upcoming"]
    assert privacy["last_updated"] == "2024-02-01"
    assert privacy["versions"][0]["effective"] == "2023-10-10"  # 23:30 -08:00 is the 10th in UTC
    assert privacy["versions"][0]["published"] == "2023-10-09T23:30:00-08:00"
    assert by_id["beta"]["status"] == "retired"
    assert by_id["cookies"]["url"] == "cookie-policy/"
    for pol in manifest["policies"]:
        assert exists(site, pol["url"]), pol["url"]
        assert exists(site, pol["history_url"])
        for version in pol["versions"]:
            assert exists(site, version["url"]), version["url"]
            assert version["redline_url"] is None or exists(site, version["redline_url"])
    commits = repo.git("log", "--first-parent", "--format=%H").split()
    assert {v["commit"] for p in manifest["policies"] for v in p["versions"]} <= set(commits)


def test_current_page_shows_the_version_in_force_with_stamp_and_upcoming_banner(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    html = read_page(site, "privacy/")
    assert _stamp(html) == ("2024-02-01", "February 1, 2024")
    text = html.split('class="policy-text"', 1)[1]
    assert "We keep very little." in text and "almost nothing" not in text
    assert "policy-banner--upcoming" in html and 'datetime="2027-01-15"' in html
    assert "January 15, 2027" in html
    # On the day it takes effect the same history publishes the new text.
    later = tmp_path / "later"
    assert build(repo, site_dir=later, as_of="2027-01-15").returncode == 0
    assert "We keep almost nothing." in read_page(later, "privacy/")


def test_archived_page_has_a_banner_and_stays_at_its_address(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    html = read_page(site, "versions/privacy/1/")
    assert "policy-banner--archived" in html
    assert 'datetime="2023-10-10"' in html and 'datetime="2024-02-01"' in html
    assert "We keep little." in html.split('class="policy-text"', 1)[1]
    # links inside archived text follow renamed policies to their current page
    cookies_v1 = read_page(site, "versions/cookies/1/")
    assert 'href="../../../privacy/#contact"' in cookies_v1


def test_retired_policy_stays_published(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    html = read_page(site, "beta/")
    assert "policy-banner--retired" in html and "Try things." in html


def test_generated_pages_stay_out_of_search_and_navigation(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert any(loc.startswith("privacy/") for loc in locations)
    assert not any(loc.startswith("versions/") for loc in locations)
    nav = read_page(site, "privacy/").split('class="md-nav__list"', 1)[1].split("</nav>", 1)[0]
    assert "versions/" not in nav


def test_history_and_changes_pages_list_every_version(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    history = read_page(site, "versions/privacy/")
    assert history.count('class="policy-history__row') == 3
    changes = read_page(site, "changes/")
    assert changes.count('class="policy-changes__entry"') == 3 + 1 + 1
    assert "Retire the beta terms" in changes


def test_strict_build_fails_on_a_typed_stamp_that_disagrees(repo, tmp_path):
    write_config(repo)
    repo.write("p.md", policy("P", "Last updated: 1 January 2020\n\nText.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode != 0
    assert "p.md:8 @" in result.stderr and "Last updated" in result.stderr  # file and line


def test_shallow_clone_build_fails_with_advice(repo, tmp_path):
    write_config(repo)
    for n in range(2):
        repo.write("p.md", policy("P", f"Text {n}.", summary=f"v{n}"))
        repo.commit(f"v{n}", f"2023-0{n + 1}-01T00:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True,
                   env=repo.env())
    repo.root = clone
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode != 0
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr


def test_every_feed_link_on_every_page_resolves(repo, tmp_path):
    import feedparser

    small_history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    manifest = json.loads((site / "policies.json").read_text())
    listed = list(manifest["feeds"].values()) + [u for p in manifest["policies"] for u in p["feeds"].values()]
    assert len(listed) == 4 * 4
    for url in listed:
        assert (site / url).is_file(), url
    checked = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]*feeds/[^"]+)"', html):
            target = site / href.lstrip("/") if href.startswith("/") else (page.parent / href).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to missing {href}"
            checked += 1
    assert checked > 50
    privacy = read_page(site, "privacy/")
    assert re.search(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*href="../feeds/privacy.atom.xml"',
                     privacy)
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'rel="alternate feed" type="application/atom+xml"' in not_found
    assert 'href="/feeds/all.atom.xml"' in not_found  # served at any depth: from the site's root path
    parsed = feedparser.parse((site / "feeds/privacy.atom.xml").read_bytes())
    assert not parsed.bozo
    titles = [e.title for e in parsed.entries]
    assert titles[0].startswith("Privacy Policy updated") and "January 15, 2027" in titles[0]
    assert titles[-1].startswith("Privacy Policy published")
    assert len({e.id for e in parsed.entries}) == 3


def test_archived_pages_reuse_the_history_rendering_and_match_a_build_without_cache(repo, tmp_path):
    """The reused rendering (links rewritten by us) gives the same pages as MkDocs rendering them."""
    small_history(repo)
    cached = tmp_path / "cached"
    assert build(repo, site_dir=cached).returncode == 0
    write_config(repo, cache_dir="")
    plain = tmp_path / "plain"
    assert build(repo, site_dir=plain).returncode == 0
    for page in sorted((cached / "versions").rglob("*.html")):
        assert page.read_bytes() == (plain / page.relative_to(cached)).read_bytes(), page


def test_serve_previews_uncommitted_edits_as_a_draft(repo, tmp_path):
    write_config(repo)
    repo.write("p.md", policy("P", "Committed text.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("p.md", policy("P", "Edited in the working tree.", summary="Edit"))
    with serving(repo, "--no-livereload") as server:
        html = server.wait_for("p/")
        assert "Edited in the working tree." in html
        assert "policy-banner--draft" in html
    # A build publishes committed history only.
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    built = read_page(site, "p/")
    assert "Committed text." in built and "policy-banner--draft" not in built


def test_excluded_and_opted_out_files_are_not_reported_as_uncommitted(repo, tmp_path):
    write_config(repo, exclude=["drafts/*"])
    repo.write("p.md", policy("P", "Text.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("drafts/idea.md", policy("Idea", "Not a policy yet."))
    repo.write("about.md", "---\ntitle: About\npolicy: false\n---\n\n# About\n\nNot a policy.\n")
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode == 0, result.stderr
    repo.write("new.md", policy("New", "Forgot to commit."))
    result = build(repo, site_dir=tmp_path / "site2")
    assert result.returncode != 0 and "new.md is not committed yet" in result.stderr


def test_a_version_that_only_moves_its_effective_day_has_a_marked_redline(repo, tmp_path):
    write_config(repo)
    text = "We keep little.\n\n## Contact\n\nWrite to us."
    repo.write("privacy.md", policy("Privacy Policy", text, summary="First", effective="2024-03-01"))
    repo.commit("Publish", "2024-02-01T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", text, summary="Later start", effective="2024-03-15"))
    repo.commit("Move the start", "2024-02-10T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2024-04-01")
    assert result.returncode == 0, result.stderr
    page = read_page(site, "versions/privacy/2-changes/")
    redline = page.split('class="redline', 1)[1]
    dates = re.search(r'<p class="policy-redline-dates[^"]*">(.*?)</p>', redline)
    assert dates and re.fullmatch(r"Effective March <del[^>]*>1</del><ins[^>]*>15</ins>, 2024", dates.group(1))
    assert "We keep little." in redline
    run_cli = "from generator.cli import main; main()"
    cli = subprocess.run([sys.executable, "-c", run_cli, "redline", "privacy", "1", "2", "--format", "html"],
                         cwd=repo.root, env=site_env(repo, "2024-04-01"), capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert "<del" in cli.stdout and "2024-03-15" in cli.stdout
