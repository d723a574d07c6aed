"""One title per page: every page has one h1; a redline's compared text has its headings one level down,
and its anchors, "Sections that changed" links and "Changes only" view still work with them."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

REDLINES = ["redline", "compare", "list-redline", "translation-redline"]
# The heading nearest above an element (or the element itself), as a reader meets it.
HEADING_ABOVE = """id => {
    const target = document.getElementById(id);
    const headings = [...document.querySelectorAll('.redline h2, .redline h3, .redline h4, .redline h5, '
        + '.redline h6, .redline [role=heading]')];
    const above = headings.filter(h => h.contains(target)
        || (h.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING));
    const h = above[above.length - 1];
    return h ? [h.tagName, h.textContent.replace('¶', '').replace(/\\s+/g, ' ').trim()] : null;
}"""


def in_viewport(page, anchor: str) -> bool:
    return page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.width > 0; }""", anchor)


@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "not-found"])
def test_every_page_has_one_h1(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    assert page.locator("h1").count() == 1, page.eval_on_selector_all("h1", "hs => hs.map(h => h.outerHTML)")
    assert page.get_by_role("heading", level=1).count() == 1


@pytest.mark.parametrize("name", REDLINES)
def test_the_compared_text_starts_one_level_below_the_page(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    assert not page.locator(".redline h1").count()
    title = page.locator(".redline > :first-child")
    assert title.evaluate("e => e.tagName") == "H2" and "redline-title" in title.get_attribute("class")
    # Below it, the text's own sections: none at h2, which is the document title's level now.
    assert page.locator(".redline h2").count() == 1


def test_a_heading_anchor_lands_on_the_demoted_heading(visit) -> None:
    page, _ = visit(PAGE_TYPES["redline"] + "#children")
    assert page.evaluate("document.getElementById('children').tagName") == "H3"
    assert in_viewport(page, "children")


@pytest.mark.parametrize("name", ["redline", "compare"])
def test_sections_that_changed_land_in_their_section(visit, name: str) -> None:
    page, _ = visit(PAGE_TYPES[name])
    links = page.locator(".policy-redline-sections a")
    assert links.count()
    for i in range(links.count()):
        link = links.nth(i)
        anchor = link.get_attribute("href").removeprefix("#")
        link.click()
        assert page.evaluate("location.hash") == f"#{anchor}"
        assert in_viewport(page, anchor), f"{anchor} is not on screen"
        tag, heading = page.evaluate(HEADING_ABOVE, anchor)
        assert heading == link.inner_text() and tag in ("H3", "H4", "H5", "H6"), (anchor, tag, heading)
        page.evaluate("window.scrollTo(0, 0)")


def test_changes_only_keeps_the_heading_of_each_change(visit) -> None:
    page, _ = visit(PAGE_TYPES["redline"])
    page.get_by_role("button", name="Changes only").click()
    assert page.locator(".redline #children").is_visible()
    assert not page.locator(".redline #privacy-policy").is_visible()  # the title: no change under it
    assert not page.locator(".redline #who-we-are").is_visible()
