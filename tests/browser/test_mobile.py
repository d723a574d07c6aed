"""At phone width (375x812) no page scrolls sideways; wide tables scroll inside their own box."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
TABLE_BOXES = ".md-typeset__scrollwrap, .policy-table-wrap"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_nothing_scrolls_sideways(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name], viewport=PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        # The outermost elements that stick out: their parent still fits.
        culprits = page.evaluate("""limit => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 0.5
                         && e.parentElement.getBoundingClientRect().right <= limit + 0.5)
            .slice(0, 6).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
                                 PHONE["width"])
        pytest.fail(f"{name}: page is {width}px wide at {PHONE['width']}px; too wide: {culprits}")


@pytest.mark.parametrize("name", ["history", "current"])
def test_tables_scroll_inside_their_own_box(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name], viewport=PHONE)
    tables = page.locator("table")
    assert tables.count(), f"{name}: expected a table on this page"
    boxes = page.eval_on_selector_all("table", f"""tables => tables.map(t => {{
        const box = t.closest('{TABLE_BOXES}');
        if (!box) return {{table: t.className, box: null}};
        const style = getComputedStyle(box);
        return {{table: t.className, box: box.className, overflow: style.overflowX,
                 width: box.getBoundingClientRect().width, scrollWidth: box.scrollWidth}};
    }})""")
    for box in boxes:
        assert box["box"], f"{name}: table {box['table']!r} is not in a scrolling box"
        assert box["overflow"] in ("auto", "scroll"), box
        assert box["width"] <= PHONE["width"], box
