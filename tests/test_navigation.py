"""The page of every change is in the navigation: right after the home page when the front end makes the
navigation from the files, where the site lists it when the site writes its own `nav`."""

from __future__ import annotations

import re
from types import SimpleNamespace

from generator.sitefiles import lead_with_changes
from tests.sites import build, read_page, small_history

_NAV_LINK = re.compile(r'<a href="([^"]*)" class="md-nav__link')
_NEIGHBOURS = re.compile(r'<link rel="(prev|next)" href="([^"]*)">')


def _primary_nav(html: str) -> list[str]:
    """The addresses the primary navigation links to, in order, relative to the site root page."""
    start = html.index('class="md-nav md-nav--primary"')
    return _NAV_LINK.findall(html[start:html.index("</nav>", start)])


def _neighbours(html: str) -> dict[str, str]:
    """The pages before and after this one in reading order (the theme's footer links follow them)."""
    return dict(_NEIGHBOURS.findall(html))


def test_the_changes_page_follows_the_home_page_in_a_navigation_made_from_the_files(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    home = read_page(site, "")
    assert _primary_nav(home)[:3] == [".", "changes/", "cookie-policy/"]
    assert _neighbours(home) == {"next": "changes/"}
    changes = read_page(site, "changes/")
    assert _neighbours(changes) == {"prev": "..", "next": "../cookie-policy/"}
    assert _neighbours(read_page(site, "cookie-policy/"))["prev"] == "../changes/"


def test_a_site_that_writes_its_own_nav_places_the_changes_page_itself(repo, tmp_path):
    small_history(repo)
    config = (repo.root / "mkdocs.yml").read_text()
    (repo.root / "mkdocs.yml").write_text(config + "nav:\n  - index.md\n  - privacy.md\n")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert "changes/" not in _primary_nav(read_page(site, ""))
    (repo.root / "mkdocs.yml").write_text(config + "nav:\n  - index.md\n  - privacy.md\n  - changes.md\n")
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert _primary_nav(read_page(site, ""))[-1] == "changes/"
    assert _neighbours(read_page(site, "changes/")) == {"prev": "../privacy/"}


def test_pages_stay_linked_in_reading_order_when_the_changes_page_is_placed():
    def page(name: str) -> SimpleNamespace:
        return SimpleNamespace(name=name, file=SimpleNamespace(src_uri=name), previous_page=None, next_page=None)

    home, terms, changes = page("index.md"), page("terms.md"), page("changes.md")
    items, pages = [home, terms], [home, terms]
    lead_with_changes(items, pages, SimpleNamespace(page=changes))
    assert [p.name for p in items] == [p.name for p in pages] == ["index.md", "changes.md", "terms.md"]
    assert (home.next_page, changes.previous_page, changes.next_page, terms.previous_page) == (
        changes, home, terms, changes)
    assert home.previous_page is None and terms.next_page is None
    lead_with_changes(items, pages, SimpleNamespace(page=changes))  # already there: unchanged
    assert len(pages) == 3
    no_home = [terms]
    lead_with_changes(no_home, [terms], SimpleNamespace(page=page("changes.md")))
    assert no_home[0].name == "changes.md"
