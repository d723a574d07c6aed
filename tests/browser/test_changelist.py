"""A redline's list of changes, stepping from change to change, and the "changes only" view."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

REDLINES = ["redline", "list-redline", "compare", "translation-redline"]
MARK_IDS = "() => [...document.querySelectorAll('.redline ins[id], .redline del[id]')].map(m => m.id)"
SIDE_LINKS = ".policy-changelist-sidebar a[data-change]"


def in_viewport(page, anchor: str) -> bool:
    return page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.width > 0; }""", anchor)


@pytest.mark.parametrize("name", REDLINES)
def test_the_list_has_one_entry_per_mark(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    marks = page.evaluate(MARK_IDS)
    assert marks, f"{name}: no marks to list"
    listed = page.eval_on_selector_all(SIDE_LINKS, "links => links.map(a => a.getAttribute('href'))")
    assert listed == [f"#{m}" for m in marks]
    assert page.locator(".policy-changelist-sidebar").is_visible()
    assert not page.locator(".policy-changelist-inline").is_visible(), "the list twice on a wide screen"


@pytest.mark.parametrize("name", ["redline", "list-redline"])
def test_each_entry_lands_on_its_mark(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    for link in page.locator(SIDE_LINKS).all():
        anchor = link.get_attribute("data-change")
        link.click()
        assert page.evaluate("document.activeElement.id") == anchor
        assert in_viewport(page, anchor), f"{anchor} is not on screen after its link was followed"


def test_keys_step_through_the_changes_and_say_where(visit) -> None:
    page, _ = visit(PAGE_TYPES["redline"])
    marks = page.evaluate(MARK_IDS)
    status = page.locator(".policy-redline-status")
    assert status.get_attribute("role") == "status"
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == marks[1]
    assert status.inner_text().startswith(f"Change 2 of {len(marks)}:")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == marks[0]
    assert in_viewport(page, marks[0])
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == marks[-1]
    page.get_by_role("button", name="Previous change").click()
    assert page.evaluate("document.activeElement.id") == marks[-2]


def test_changes_only_folds_the_unchanged_text(visit) -> None:
    page, _ = visit(PAGE_TYPES["redline"])
    height = page.evaluate("document.querySelector('.redline').offsetHeight")
    fold = page.get_by_role("button", name="Changes only")
    fold.click()
    assert fold.get_attribute("aria-pressed") == "true"
    folded = page.evaluate("document.querySelector('.redline').offsetHeight")
    assert folded < height / 2, f"the redline only went from {height}px to {folded}px"
    hidden = page.evaluate("""() => [...document.querySelectorAll('.redline ins, .redline del')]
        .filter(m => !m.getClientRects().length).map(m => m.id)""")
    assert not hidden, f"marks hidden by the fold: {hidden}"
    fold.click()
    assert page.evaluate("document.querySelector('.redline').offsetHeight") == height


def test_without_javascript_the_page_is_whole(browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False, viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.goto(PAGE_TYPES["redline"])
        assert not page.locator(".policy-redline-stepper").is_visible()
        assert not page.locator(".redline-unchanged").count()
        page.locator(".policy-changelist-inline > summary").click()
        links = page.locator(".policy-changelist-inline a[data-change]")
        assert links.count() == len(page.locator(".redline ins[id], .redline del[id]").all())
        links.first.click()
        assert page.evaluate("location.hash") == links.first.get_attribute("href")
    finally:
        context.close()
