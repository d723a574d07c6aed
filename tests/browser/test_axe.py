"""axe-core finds no WCAG 2.2 AA violations on any page type, in the light and the dark scheme."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # A best-practice rule, not a WCAG one, but Material fails it out of the box and the fix is ours.
    "rules": {"aria-dialog-name": {"enabled": True}},
    "resultTypes": ["violations"],
}
SCHEMES = {"light": "default", "dark": "slate"}


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary[:240]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_axe_violations(visit, axe: Axe, name: str, scheme: str) -> None:
    page, _ = visit(PAGE_TYPES[name], color_scheme=scheme)
    # The palette follows the system preference: make sure the scheme we asked for is the one shown.
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    results = axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{name} ({PAGE_TYPES[name]}, {scheme}):\n{describe(violations)}"


def test_axe_checks_the_dialog_name_rule(visit, axe: Axe) -> None:
    """The extra rule really runs: without our fix, the theme's search dialog fails it."""
    page, _ = visit(PAGE_TYPES["current"])
    page.evaluate("document.querySelector('.md-search').removeAttribute('aria-label')")
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert [v["id"] for v in violations] == ["aria-dialog-name"]


# Redline pages in use: a replacement stepped to (both its marks highlighted, its links current) with
# only the changes shown. Also the outline rules, best practices but what this page's headings promise:
# one h1, and the compared text's headings below it without a skipped level.
OUTLINE_RULES = {"page-has-heading-one": {"enabled": True}, "heading-order": {"enabled": True}}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", ["redline", "compare", "list-redline", "translation-redline"])
def test_no_axe_violations_on_a_redline_in_use(visit, axe: Axe, name: str, scheme: str) -> None:
    page, _ = visit(PAGE_TYPES[name], color_scheme=scheme)
    page.get_by_role("button", name=page.locator(".policy-redline-fold").inner_text()).click()
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.locator(".redline .redline-current").count()
    options = {**AXE_OPTIONS, "rules": {**AXE_OPTIONS["rules"], **OUTLINE_RULES}}
    violations = axe.run(page, options=options).response["violations"]
    assert not violations, f"{name} ({PAGE_TYPES[name]}, {scheme}):\n{describe(violations)}"
