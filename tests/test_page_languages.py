"""Real builds: every page speaks its own language, the theme's words (search, contents) and ours alike.

A translation's pages take the theme's words for its language when the theme has them, else the site's;
a site's own `partials/language.html` still wins; a site whose controlling language is not English has
our words and dates in its language on its own pages, and marks them as English where it has no catalog."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.gitrepo import TempRepo, policy
from tests.sites import build, read_page, small_history
from tests.test_build_translations import _site as translated_site
from tests.test_subprocessors_site import LIST, MARRAM


def _theme(repo: TempRepo, **settings: str) -> None:
    """Add `theme:` settings (language, custom_dir) to the site's mkdocs.yml."""
    config = repo.root / "mkdocs.yml"
    lines = "".join(f"  {key}: {value}\n" for key, value in settings.items())
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n" + lines), encoding="utf-8")


def _search_placeholder(html: str) -> str:
    return re.search(r'class="md-search__input"[^>]*\bplaceholder="([^"]*)"', html).group(1)


def _toc_label(html: str) -> str:
    return re.search(r'<nav class="md-nav md-nav--secondary" aria-label="([^"]*)"', html).group(1)


@pytest.mark.parametrize("front_end", ["mkdocs", "properdocs"])
def test_a_translation_takes_the_theme_words_of_its_language(repo, tmp_path, front_end):
    translated_site(repo)
    # Irish: Babel knows it, the theme has no words for it: the page keeps the site's.
    repo.write("privacy.ga.md", policy("Beartas Príobháideachta", "Coinnímid do sheoladh.\n\n## Teagmháil\n\nScríobh.",
                                       summary="Leagan Gaeilge"))
    repo.commit("Irish", "2024-01-25T10:00:00+00:00")
    if front_end == "properdocs":
        shutil.copy(repo.root / "mkdocs.yml", repo.root / "properdocs.yml")
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2024-03-10", front_end=front_end)
    assert result.returncode == 0, result.stderr

    de, ja, ga, en = (read_page(site, f"{name}/") for name in ("privacy.de", "privacy.ja", "privacy.ga", "privacy"))
    assert (_search_placeholder(de), _toc_label(de)) == ("Suche", "Inhaltsverzeichnis")
    assert (_search_placeholder(ja), _toc_label(ja)) == ("検索", "目次")
    assert '"search.result.placeholder": "Suchbegriff eingeben"' in de  # the search box's messages too
    assert (_search_placeholder(ga), _toc_label(ga)) == ("Search", "Table of contents")
    assert (_search_placeholder(en), _toc_label(en)) == ("Search", "Table of contents")
    for html, code in ((de, "de"), (ja, "ja"), (ga, "ga"), (en, "en")):
        assert re.search(rf'<html lang="{code}"', html), code
    # Every page of a translation, not only the one in force; the site's other pages stay as they were.
    assert _search_placeholder(read_page(site, "versions/privacy.ja/")) == "検索"
    assert _search_placeholder(read_page(site, "versions/privacy.de/2-changes/")) == "Suche"
    assert _search_placeholder(read_page(site, "changes/")) == "Search"


def test_a_sites_own_language_partial_still_wins(repo, tmp_path):
    translated_site(repo)
    _theme(repo, custom_dir="overrides")
    (repo.root / "overrides" / "partials").mkdir(parents=True)
    (repo.root / "overrides" / "partials" / "language.html").write_text(
        '{% import "partials/languages/en.html" as lang %}\n'
        '{% macro t(key) %}{{ "Look it up" if key == "search.placeholder" else lang.t(key) }}{% endmacro %}\n',
        encoding="utf-8")
    repo.commit("Our own words for the theme", "2024-03-06T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2024-03-10")
    assert result.returncode == 0, result.stderr
    de = read_page(site, "privacy.de/")
    assert (_search_placeholder(de), _toc_label(de)) == ("Look it up", "Table of contents")
    assert re.search(r'<html lang="de"', de)  # the page's language is still said
    assert "Dies ist eine Übersetzung." in de  # and our own words still follow it


def _german_site(repo: TempRepo) -> None:
    """A site whose controlling language is German: a small history and a list of sub-processors."""
    small_history(repo, email_subscribe={"action": "https://lists.example.com/subscribe", "field": "EMAIL"})
    _theme(repo, language="de")
    repo.write("subprocessors.yml", LIST)
    repo.commit("List", "2026-06-01T10:00:00+00:00")
    changed = LIST.replace("  - name: Tollgate Payments B.V.\n    purpose: Payment processing\n"
                           "    locations: Netherlands (EU)\n", "").replace("Hosting", "Cloud hosting")
    repo.write("subprocessors.yml", changed + MARRAM)
    repo.commit("Announce Marram, remove Tollgate", "2026-11-26T10:00:00+00:00")


def _article(html: str) -> str:
    return re.search(r'<article class="policy.*?</article>', html, re.S).group(0)


def test_a_german_site_has_our_words_and_dates_in_german(repo, tmp_path):
    _german_site(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr

    history = read_page(site, "versions/privacy/")
    assert re.search(r'<html lang="de"', history) and "<title>Privacy Policy: Versionsverlauf - " in history
    assert "<h1>Privacy Policy: Versionsverlauf</h1>" in history
    assert '<th scope="col">Fassung</th><th scope="col">In Kraft</th><th scope="col">Veröffentlicht</th>' in history
    assert '<time datetime="2024-02-01">1. Februar 2024</time> bis' in history
    assert "data-policy-messages=" in history  # the day lookup answers in German too
    assert "Eine neue Fassung wurde angekündigt." in history and "Änderungen verfolgen" in history

    changes = read_page(site, "changes/")
    assert "<title>Was sich geändert hat - " in changes and "<h1>Was sich geändert hat</h1>" in changes
    assert '<h2 id="upcoming">Angekündigt, noch nicht in Kraft</h2>' in changes
    assert 'Tritt am <time datetime="2027-01-15">15. Januar 2027</time> in Kraft' in changes
    assert ('Fassung 3<span class="policy-visually-hidden"> von „Privacy Policy“</span> lesen' in changes)
    assert 'data-count-text="{shown} von {total} Änderungen angezeigt."' in changes
    assert ("Hinzugekommen: Marram Analytics B.V., Zweck: Product analytics, Standort: Netherlands (EU), "
            "ab 5. Januar 2027. Entfernt: Tollgate Payments B.V. Geändert: Kestrel Cloud Ltd. (Zweck).") in changes
    assert 'aufgehoben am <time datetime="2024-04-01">1. April 2024</time>:' in changes

    redline = read_page(site, "versions/privacy/2-changes/")
    assert "<title>Privacy Policy: Änderungen in Fassung 2 - " in redline
    assert "Legende:" in redline and "Vorherige Änderung" in redline
    assert re.search(r"\d+ (Wort|Wörter) eingefügt", redline)
    assert 'In Kraft ab <time datetime="2024-02-01">1. Februar 2024</time>' in redline
    list_redline = read_page(site, "versions/subprocessors/2-changes/")
    assert "<strong>Hinzugekommen:</strong> Marram Analytics B.V., Zweck: Product analytics" in list_redline

    listed = read_page(site, "subprocessors/")
    assert '<h2 id="policy-recent-title">Neuere und angekündigte Änderungen</h2>' in listed
    assert "geändert: Zweck" in listed and "E-Mail-Adresse" in listed
    for page in (history, changes, redline, list_redline, listed):
        words = _article(page)
        assert 'lang="en"' not in words
        for english in ("Last Updated", "Follow changes", "What's changed", "Version ", "Added:", "January"):
            assert english not in words, english


def test_a_site_in_a_language_without_a_catalog_marks_our_english_words(repo, tmp_path):
    small_history(repo)
    _theme(repo, language="fr")
    repo.commit("French site", "2026-11-21T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    page = read_page(site, "privacy/")
    assert re.search(r'<html lang="fr"', page) and _search_placeholder(page) == "Rechercher"
    assert ('<p class="policy-last-updated" lang="en">Last Updated: <time datetime="2024-02-01" lang="fr">'
            "1 février 2024</time></p>") in page
