"""The demo built by Zensical from `policy export` (no plugin): every page type opens in Chromium with
no failed request or script error, and axe-core finds no WCAG 2.2 AA violation, light and dark."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.harness import AS_OF, PAGE_TYPES, REPO_ROOT, serve
from tests.browser.test_axe import AXE_OPTIONS, describe

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                 reason="zensical is not installed (pip install zensical==0.0.73, the dev pin)")]
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("zensical") / "export"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_AS_OF=AS_OF)
    for command, cwd in (([sys.executable, "-c", "from generator.cli import main; main()", "export", str(target)],
                          REPO_ROOT),
                         ([sys.executable, "-m", "zensical", "build"], target)):
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr + result.stdout
    return target / "site"


@pytest.fixture(scope="module")
def base_url(zensical_site: Path) -> Iterator[str]:
    """Overrides the browser tests' plugin-built site for this module's `visit`."""
    with serve(zensical_site) as url:
        yield url


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_zensical_page_types_have_no_axe_violations(visit, name: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, watch = visit(PAGE_TYPES[name], color_scheme=scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    assert page.locator('article[class^="policy"], .md-content').count() > 0
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{name} ({PAGE_TYPES[name]}, {scheme}):\n{describe(violations)}"
    assert not watch.problems(), watch.problems()


def test_zensical_history_lookup_runs_our_script(visit) -> None:
    """Our JavaScript reaches the page through the exported mkdocs.yml: the day lookup answers and its
    links (data attributes Zensical leaves as they are) lead to the version and its PDF."""
    from tests.browser.test_lookup import TERMS_HISTORY, ask

    page, answer, watch = ask(visit, TERMS_HISTORY, "2024-03-01")
    assert answer.inner_text().startswith("In force on March 1, 2024: version 1.")
    answer.locator("a").nth(0).click()
    page.wait_for_url("**/versions/terms/1/")
    pdf = page.request.get(page.url.replace("/1/", "/1.pdf"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    assert not watch.problems()
