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
