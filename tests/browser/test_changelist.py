"""A redline's list of changes (one entry per change; a replacement is one entry linking its deletion and
its insertion), stepping from change to change, and the "changes only" view."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

REDLINES = ["redline", "list-redline", "compare", "translation-redline"]
MARK_IDS = "() => [...document.querySelectorAll('.redline ins[id], .redline del[id]')].map(m => m.id)"
SIDE_LINKS = ".policy-changelist-sidebar a[data-change]"
# Each entry of the side list: the marks it links to, in order.
ENTRIES = """() => [...document.querySelectorAll('.policy-changelist-sidebar .policy-changelist__item')]
    .map(li => [...li.querySelectorAll('a[data-change]')].map(a => a.dataset.change))"""


def in_viewport(page, anchor: str) -> bool:
    return page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.width > 0; }""", anchor)


@pytest.mark.parametrize("name", REDLINES)
def test_the_list_links_every_mark_once_one_entry_per_change(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    marks = page.evaluate(MARK_IDS)
    assert marks, f"{name}: no marks to list"
    listed = page.eval_on_selector_all(SIDE_LINKS, "links => links.map(a => a.getAttribute('href'))")
    assert listed == [f"#{m}" for m in marks]
    entries = page.evaluate(ENTRIES)
    title = page.locator(".policy-changelist-sidebar .policy-changelist__title").inner_text()
    assert str(len(entries)) in title.split() or f"{len(entries)}件" in title  # "2 changes", "変更箇所 2件"
    for entry in entries:
        kinds = [page.evaluate("id => document.getElementById(id).tagName", m) for m in entry]
        assert kinds in (["INS"], ["DEL"], ["DEL", "INS"]), entry
    assert page.locator(".policy-changelist-sidebar").is_visible()
    assert not page.locator(".policy-changelist-inline").is_visible(), "the list twice on a wide screen"


def test_a_replacement_is_one_entry(visit) -> None:
    """Version 4 of the privacy policy raised the age: "them" became "children under 16"."""
    page, _ = visit(PAGE_TYPES["redline"])
    entries = page.evaluate(ENTRIES)
    assert entries == [["change-1", "change-2"], ["change-3", "change-4"], ["change-5", "change-6"], ["change-7"]]
    item = page.locator(".policy-changelist-sidebar .policy-changelist__item").nth(1)
    # Seen: "… them → children under 16"; heard: "… them replaced by children under 16".
    assert " ".join(item.inner_text().split()) == (
        "Children Replaced: … collect personal data from them → replaced by children under 16")
    assert item.locator(".policy-visually-hidden").evaluate("e => e.getBoundingClientRect().width") <= 1
    assert item.locator(".policy-changelist__arrow").get_attribute("aria-hidden") == "true"
    assert page.get_by_role("link", name="replaced by children under 16", exact=True).count() == 1


@pytest.mark.parametrize("name", ["redline", "list-redline"])
def test_each_entry_lands_on_its_mark(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    for link in page.locator(SIDE_LINKS).all():
        anchor = link.get_attribute("data-change")
        link.click()
        assert page.evaluate("document.activeElement.id") == anchor
        assert in_viewport(page, anchor), f"{anchor} is not on screen after its link was followed"


CURRENT = "() => [...document.querySelectorAll('.redline .redline-current')].map(m => m.id)"


def test_keys_step_through_the_changes_and_say_where(visit) -> None:
    page, _ = visit(PAGE_TYPES["redline"])
    entries = page.evaluate(ENTRIES)
    status = page.locator(".policy-redline-status")
    assert status.get_attribute("role") == "status"
    page.keyboard.press("j")
    page.keyboard.press("j")
    # A step is one change: a replacement's deletion and insertion are shown together.
    assert page.evaluate("document.activeElement.id") == entries[1][0]
    assert page.evaluate(CURRENT) == entries[1] == ["change-3", "change-4"]
    assert status.inner_text() == (f"Change 2 of {len(entries)}: Children Replaced: … collect personal data from "
                                   "them replaced by children under 16")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == entries[0][0]
    assert in_viewport(page, entries[0][0])
    page.keyboard.press("p")
    assert page.evaluate(CURRENT) == entries[-1]
    page.get_by_role("button", name="Previous change").click()
    assert page.evaluate(CURRENT) == entries[-2]
    page.get_by_role("button", name="Next change").click()
    page.get_by_role("button", name="Next change").click()
    assert page.evaluate(CURRENT) == entries[0]  # round again
    current = page.eval_on_selector_all(".policy-changelist-sidebar a[aria-current]",
                                        "as => as.map(a => a.dataset.change)")
    assert current == entries[0]


def test_following_a_replacements_second_link_lands_on_the_insertion(visit) -> None:
    page, _ = visit(PAGE_TYPES["redline"])
    page.locator(f"{SIDE_LINKS}[data-change='change-4']").click()
    assert page.evaluate("document.activeElement.id") == "change-4"
    assert page.evaluate("location.hash") == "#change-4"
    page.keyboard.press("j")  # the next change after the replacement, not its other half
    assert page.evaluate(CURRENT) == ["change-5", "change-6"]


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
        assert page.locator(".policy-changelist-inline .policy-changelist__item").count() == 4
        links.first.click()
        assert page.evaluate("location.hash") == links.first.get_attribute("href")
    finally:
        context.close()
