"""Every page type loads without console errors, failed requests or requests to another host."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_loads_cleanly(visit, name: str) -> None:
    page, watch = visit(PAGE_TYPES[name], wait="networkidle")
    assert page.title(), f"{name}: page has no title"
    assert not watch.problems(), f"{name} ({PAGE_TYPES[name]}):\n" + "\n".join(watch.problems())


def test_offsite_requests_are_caught(visit) -> None:
    """The watch itself works: a request to another host is recorded (and blocked, we are offline)."""
    page, watch = visit(PAGE_TYPES["home"])
    page.context.route("http://example.invalid/**", lambda route: route.abort())
    page.evaluate("fetch('http://example.invalid/pixel.gif').catch(() => null)")
    page.wait_for_timeout(100)
    assert watch.offsite_requests == ["http://example.invalid/pixel.gif"]
    watch.offsite_requests.clear()  # expected here; the fixture would fail the test otherwise


@pytest.mark.parametrize("name", ["history", "changes"])
def test_screen_reader_words_are_hidden_from_view(visit, name: str) -> None:
    """"Read<hidden> version 3</hidden>": the extra words reach screen readers but take no room on screen."""
    page, _ = visit(PAGE_TYPES[name])
    sizes = page.eval_on_selector_all(".policy-visually-hidden", """spans => spans.map(s => {
        const box = s.getBoundingClientRect(); return [box.width, box.height, s.textContent]; })""")
    assert sizes, f"{name}: expected screen-reader-only words in the links"
    shown = [text for width, height, text in sizes if width > 1 or height > 1]
    assert not shown, f"{name}: visible words meant only for screen readers: {shown[:5]}"
