"""The changes page groups announced changes first and filters by policy; a list's page opens with its
recent and upcoming changes."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser


def test_announced_changes_have_their_own_group(visit) -> None:
    page, _ = visit(PAGE_TYPES["changes"])
    upcoming = page.locator(".policy-changes--upcoming .policy-changes__entry")
    assert upcoming.count() >= 2
    assert all("(upcoming)" in text for text in upcoming.all_inner_texts())
    rest = page.locator("ol.policy-changes .policy-changes__entry").all_inner_texts()
    assert rest and not any("(upcoming)" in text for text in rest)
    headings = page.locator("article h2").all_inner_texts()
    assert headings.index("Announced, not yet in force") < headings.index("In force or past")


def test_the_changes_page_filters_by_policy(visit) -> None:
    page, _ = visit(PAGE_TYPES["changes"])
    total = page.locator(".policy-changes__entry").count()
    page.get_by_label("Show the changes of").select_option(label="Privacy Policy")
    visible = page.locator(".policy-changes__entry:visible")
    assert 0 < visible.count() < total
    assert all(t.startswith("Privacy Policy") for t in visible.all_inner_texts())
    status = page.locator(".policy-changes-filter__count")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == f"{visible.count()} of {total} changes shown."
    page.get_by_label("Show the changes of").select_option(value="")
    assert page.locator(".policy-changes__entry:visible").count() == total


def test_the_list_opens_with_its_recent_and_upcoming_changes(visit) -> None:
    page, _ = visit(PAGE_TYPES["list"])
    recent = page.get_by_role("region", name="Recent and upcoming changes")
    assert recent.is_visible()
    first = page.locator(".policy-recent__row").first
    assert "Marram Analytics B.V." in first.inner_text() and "upcoming" in first.inner_text()
    assert first.locator("time").all_inner_texts() == ["January 5, 2027", "December 1, 2026", "January 4, 2027"]
    above = page.evaluate("""() => document.querySelector('.policy-recent').compareDocumentPosition(
        document.querySelector('.policy-text')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    assert above, "the recent changes should come before the list itself"
    assert "removed" in page.locator(".policy-recent").inner_text()
