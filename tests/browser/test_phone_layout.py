"""Phones and narrow columns: wide tables become cards, the history table is not squeezed, a heading's
permalink stays with its last word, and a current page links to its PDF and permanent address."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def test_the_sub_processor_table_becomes_cards_on_phones(visit) -> None:
    page, _ = visit(PAGE_TYPES["list"], viewport=PHONE)
    cells = page.eval_on_selector_all(".policy-text table tbody td", """cells => cells
        .filter(c => c.textContent.trim())
        .map(c => ({label: c.dataset.label || null, right: c.getBoundingClientRect().right,
                    width: c.getBoundingClientRect().width, text: c.textContent.trim().slice(0, 30)}))""")
    assert cells
    labels = {c["label"] for c in cells}
    assert {"Data categories", "Transfer mechanism"} <= labels, labels
    cut = [c for c in cells if c["right"] > PHONE["width"] or c["width"] < 1]
    assert not cut, f"cells cut off at the right: {cut[:4]}"


def test_a_wide_table_without_javascript_shows_that_it_scrolls(browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(PAGE_TYPES["list"])
        table = page.locator(".policy-text table").first
        box = table.evaluate("""t => ({scroll: t.scrollWidth, client: t.clientWidth,
                                     overflow: getComputedStyle(t).overflowX,
                                     background: getComputedStyle(t).backgroundImage})""")
        assert box["scroll"] > box["client"] and box["overflow"] in ("auto", "scroll")
        assert box["background"].count("gradient") >= 4, "no scroll shadows on a table that scrolls"
    finally:
        context.close()


def test_the_history_table_keeps_periods_and_links_on_one_line(visit) -> None:
    page, _ = visit(PAGE_TYPES["history"])
    broken = page.eval_on_selector_all("table.policy-history time", """times => times
        .filter(t => t.getClientRects().length > 1).map(t => t.textContent)""")
    assert not broken, f"dates broken over two lines: {broken}"
    stacked = page.eval_on_selector_all("table.policy-history td:last-child", """cells => cells
        .filter(c => new Set([...c.querySelectorAll('a')].map(a => Math.round(a.getBoundingClientRect().top))).size > 1)
        .map(c => c.textContent.trim())""")
    assert not stacked, f"links stacked on several lines: {stacked[:3]}"
    assert not page.locator(".md-sidebar--secondary").count(), "an empty table of contents takes the table's width"


@pytest.mark.parametrize("name", ["current", "list", "archived"])
def test_a_permalink_never_goes_alone_onto_a_line(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name], viewport=PHONE)
    alone = page.eval_on_selector_all(".md-typeset .headerlink", """links => links.filter(link => {
        const heading = link.closest('h1, h2, h3, h4, h5, h6');
        const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
        let last = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (link.contains(node)) break;
            if (node.data.trim()) last = node;
        }
        if (!last) return false;
        const end = last.data.trimEnd().length;
        const range = document.createRange();
        range.setStart(last, end - 1);
        range.setEnd(last, end);
        const word = range.getBoundingClientRect(), mark = link.getBoundingClientRect();
        const middle = (mark.top + mark.bottom) / 2;
        return middle < word.top || middle > word.bottom;
    }).map(link => link.closest('h1, h2, h3, h4, h5, h6').textContent.trim())""")
    assert not alone, f"{name}: permalinks on a line of their own: {alone}"


def test_a_current_page_links_to_its_pdf_and_permanent_address(visit) -> None:
    page, _ = visit(PAGE_TYPES["current"])
    nav = page.locator(".policy-nav")
    permanent = nav.get_by_role("link", name="Permanent address of version")
    pdf = nav.get_by_role("link", name="PDF of version")
    assert permanent.is_visible() and pdf.is_visible()
    assert (permanent.get_attribute("href") or "").rstrip("/").split("/")[-1].isdigit()
    assert (pdf.get_attribute("href") or "").endswith(".pdf")
