"""Fixtures for the browser tests: the demo site built once, served on 127.0.0.1, one Chromium.

Session fixtures are per process, so under pytest-xdist each worker builds and serves its own copy
(a build takes about two seconds); nothing is shared between workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.harness import PageWatch, build_site, chromium_missing, launch_chromium, serve
from tests.browser.needs import skip_or_fail


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = chromium_missing()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def visit(browser, base_url: str) -> Iterator[Callable[..., tuple[object, PageWatch]]]:
    """Open a site path in a fresh context; return (page, watch). Off-site requests fail the test."""
    contexts = []
    watches: list[PageWatch] = []

    def open_page(path: str, *, color_scheme: str = "light", viewport: dict | None = None,
                  wait: str = "load") -> tuple[object, PageWatch]:
        context = browser.new_context(base_url=base_url, color_scheme=color_scheme,
                                      viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(base_url).attach(page)
        watches.append(watch)
        page.goto(path, wait_until=wait)
        return page, watch

    yield open_page
    for context in contexts:
        context.close()
    offsite = [url for watch in watches for url in watch.offsite_requests]
    assert not offsite, f"requests left the site: {offsite}"
