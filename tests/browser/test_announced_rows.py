"""The demo's announced sub-processor (Marram Analytics, from January 5, 2027) in the list itself: a row
marked in words on a phone, in both schemes and in print, and where to object beside each deadline."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
MARKED_ROW = ".policy-text tr:has(.policy-entry-announced)"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_announced_row_is_a_whole_card_on_a_phone(visit, scheme: str) -> None:
    page, _ = visit(PAGE_TYPES["list"], viewport=PHONE, color_scheme=scheme)
    row = page.locator(MARKED_ROW)
    assert row.count() == 1
    text = " ".join(row.inner_text().split())
    assert text.startswith("Marram Analytics B.V. announced from January 5, 2027; "
                           "objections until January 4, 2027")
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    edge = row.evaluate("r => [getComputedStyle(r).borderLeftStyle, getComputedStyle(r).borderLeftWidth]")
    assert edge[0] == "double" and float(edge[1].removesuffix("px")) >= 4
    # The other rows carry no mark.
    assert page.locator(".policy-text tbody tr").count() - 1 == page.locator(
        ".policy-text tbody tr:not(:has(.policy-entry-announced))").count()


def test_the_marking_prints_as_words_and_borders(browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(PAGE_TYPES["list-upcoming"])
        cell = page.locator(f"{MARKED_ROW} > td").first
        assert "announced from January 5, 2027" in " ".join(cell.inner_text().split())
        styles = cell.evaluate("""c => [getComputedStyle(c).borderLeftStyle,
            getComputedStyle(c.querySelector('.policy-entry-announced__badge')).borderTopStyle]""")
        assert styles == ["double", "solid"]
    finally:
        context.close()


def test_where_to_object_is_said_with_the_deadlines(visit) -> None:
    page, _ = visit(PAGE_TYPES["list"])
    contacts = page.locator(".policy-objections")
    assert contacts.all_inner_texts() == ["To object, write to dpo@lanternfish.example.com."] * 2
    assert page.locator(".policy-banner--upcoming .policy-objections").count() == 1
    assert page.locator(".policy-recent .policy-objections").count() == 1
    link = contacts.first.get_by_role("link")
    assert link.get_attribute("href") == "mailto:dpo@lanternfish.example.com"
