"""The stamp, banners, version picker and feed links are visible and work with the keyboard alone."""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

PICKER_PAGES = ["current", "upcoming", "archived", "retired"]
STAMP_PAGES = ["current", "upcoming", "archived", "history", "retired"]
FOLLOW_PAGES = ["current", "archived", "history", "redline", "compare", "changes", "retired"]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def tab_to(page, selector: str, *, start: str | None = None, limit: int = 80) -> None:
    """Press Tab until the focused element matches selector; fail if it never does.

    start: click this (non-focusable) element first, as a reader who scrolled there would, so Tab
    carries on from it instead of from the top of a long page.
    """
    if start:
        page.click(start)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector!r} in {limit} presses")


def focused_href(page) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")


@pytest.mark.parametrize("name", STAMP_PAGES)
def test_last_updated_stamp_is_visible(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    stamp = page.locator(".policy-last-updated time[datetime]").first
    assert stamp.is_visible()
    assert ISO_DATE.match(stamp.get_attribute("datetime"))
    assert stamp.inner_text().strip()


@pytest.mark.parametrize("name", PICKER_PAGES)
def test_version_picker_opens_and_closes_with_the_keyboard(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    picker = page.locator("details.policy-versions")
    assert picker.is_visible()
    tab_to(page, "details.policy-versions > summary")
    page.keyboard.press("Enter")
    assert picker.evaluate("d => d.open")
    assert picker.locator("a").first.is_visible()
    page.keyboard.press("Escape")
    assert not picker.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.matches('details.policy-versions > summary')")


@pytest.mark.parametrize("name", PICKER_PAGES)
def test_version_picker_link_navigates_with_enter(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    tab_to(page, "details.policy-versions > summary")
    page.keyboard.press("Enter")
    # Tab into the list to a version other than the one shown.
    tab_to(page, "details.policy-versions a:not([aria-current])")
    target = page.evaluate("document.activeElement.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target
    assert page.locator("details.policy-versions").count() == 1


BANNERS = {
    "upcoming": ".policy-banner--upcoming",
    "archived": ".policy-banner--archived",
    "retired": ".policy-banner--retired",
}


@pytest.mark.parametrize("name", BANNERS)
def test_banner_is_visible_and_its_link_works_with_the_keyboard(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    banner = page.locator(BANNERS[name])
    assert banner.is_visible()
    assert banner.locator("time[datetime]").first.is_visible()
    link = f"{BANNERS[name]} a[href]"
    tab_to(page, link)
    target = page.evaluate("document.activeElement.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target


def test_upcoming_banner_leads_to_the_upcoming_text(visit) -> None:
    page, _ = visit(PAGE_TYPES["upcoming"])
    tab_to(page, ".policy-banner--upcoming a[href]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".policy-banner--upcoming, .policy-banner--not-yet, .policy-banner--upcoming-version").count()
    assert "/versions/terms/" in page.url


@pytest.mark.parametrize("name", FOLLOW_PAGES)
def test_feed_links_are_visible_and_followed_with_enter(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    links = page.locator(".policy-follow a[href]")
    assert links.count() >= 3
    for index in range(links.count()):
        assert links.nth(index).is_visible()
    tab_to(page, ".policy-follow a[type='application/atom+xml']", start=".policy-follow h2")
    target = page.evaluate("document.activeElement.href")
    # Answer the feed request with plain text, so Chromium shows it instead of downloading it:
    # this test is about the link and the keyboard; the feed files are checked below.
    page.route(target, lambda route: route.fulfill(status=200, content_type="text/plain", body="feed"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target


def test_feed_links_point_at_published_feeds(visit, site_dir) -> None:
    if not (site_dir / "feeds").is_dir():
        pytest.skip("the build has no feeds/ yet: the feeds are still being added to the plugin")
    page, _ = visit(PAGE_TYPES["changes"])
    hrefs = page.eval_on_selector_all(".policy-follow a[type][href], link[rel~='feed'][href]",
                                      "links => links.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        response = page.request.get(href)
        assert response.ok, f"{href}: HTTP {response.status}"
