"""The history page answers "which version applied on this day": with JavaScript, a date field whose
answer links to the version and its PDF; without it, the table of periods says the same."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TERMS_HISTORY = "/versions/terms/"
BETA_HISTORY = "/versions/beta-terms/"  # retired on 2025-04-14


def ask(visit, path: str, day: str):
    page, watch = visit(path)
    page.fill("#policy-lookup-day", day)
    page.get_by_role("button", name="Find the version").click()
    answer = page.locator(".policy-lookup__answer")
    answer.locator("xpath=.").wait_for()
    return page, answer, watch


def test_a_day_inside_the_history_links_to_that_version_and_its_pdf(visit) -> None:
    page, answer, watch = ask(visit, TERMS_HISTORY, "2024-03-01")
    assert answer.inner_text().startswith("In force on March 1, 2024: version 1.")
    links = answer.locator("a")
    assert links.nth(0).inner_text() == "read version 1"
    assert links.nth(1).inner_text() == "PDF of version 1"
    links.nth(0).click()
    page.wait_for_url("**/versions/terms/1/")
    pdf = page.request.get(page.url.replace("/1/", "/1.pdf"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    assert not watch.problems()


def test_the_last_day_of_a_period_and_the_first_of_the_next(visit) -> None:
    _, answer, _ = ask(visit, TERMS_HISTORY, "2024-03-26")
    assert "version 1." in answer.inner_text()
    page, answer, _ = ask(visit, TERMS_HISTORY, "2024-03-27")
    assert "version 2." in answer.inner_text()


def test_a_day_before_the_history_says_when_the_policy_first_took_effect(visit) -> None:
    _, answer, _ = ask(visit, TERMS_HISTORY, "2020-06-01")
    assert answer.inner_text() == ("No version applied on June 1, 2020: the policy first took effect on "
                                   "March 14, 2023.")
    assert answer.locator("a").count() == 0


def test_a_day_after_the_history_is_the_announced_version_or_after_retirement_none(visit) -> None:
    _, answer, _ = ask(visit, TERMS_HISTORY, "2030-01-01")
    assert answer.inner_text().startswith(
        "In force on January 1, 2030: version 4 (announced, in force from January 15, 2027).")
    _, answer, _ = ask(visit, BETA_HISTORY, "2030-01-01")
    assert answer.inner_text() == "No version applied on January 1, 2030: the policy was retired on April 14, 2025."


def test_without_javascript_the_table_of_periods_answers(browser, base_url) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(TERMS_HISTORY)
        assert not page.locator(".policy-lookup").is_visible()
        cells = page.locator("td[data-label='In force']").all_inner_texts()
        assert cells == ["from January 15, 2027", "August 12, 2025 to January 14, 2027",
                         "March 27, 2024 to August 11, 2025", "March 14, 2023 to March 26, 2024"]
    finally:
        context.close()
