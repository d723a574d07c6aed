"""Every rule of `policy check`, failing and passing, on a branch of a small published site."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.cli.conftest import PRIVACY, SECOND, TERMS, THIRD
from tests.gitrepo import policy

LINE = re.compile(r"^(?P<path>[^:]+)(?::(?P<line>\d+))?: (?P<rule>[a-z-]+)(?P<warning> \(warning\))?: (?P<message>.*)$")


def findings(result, rule: str | None = None) -> list[dict]:
    found = [m.groupdict() for m in map(LINE.match, result.output.splitlines()) if m]
    return [f for f in found if rule is None or f["rule"] == rule]


def edit_privacy(site, body: str = PRIVACY, **front: object) -> None:
    front.setdefault("summary", "A new summary for this change.")
    site.write("privacy.md", policy("Privacy Policy", body, **front))


CHANGED = PRIVACY.replace("ten years", "three years")


@pytest.fixture
def branch(published):
    published.repo.branch("change")
    return published


def check(site, *args: str, as_of: dt.date | None = None):
    extra = {"as_of": as_of} if as_of else {}
    return site.run("check", "--base", "main", *args, **extra)


def test_a_clean_branch_passes(branch):
    result = check(branch)
    assert result.exit_code == 0, result.output
    assert findings(result) == []


# -- front-matter --------------------------------------------------------------------------------
def test_front_matter_bad_type_names_the_line(branch):
    edit_privacy(branch, CHANGED, effective="next week")
    [found] = findings(check(branch), "front-matter")
    assert found["path"] == "policies/privacy.md" and found["line"] == "3"
    assert "'effective'" in found["message"]


def test_front_matter_unknown_key_and_broken_yaml(branch):
    edit_privacy(branch, CHANGED, sumary="typo")
    branch.write("terms.md", "---\ntitle: [unclosed\n---\n\n# Terms\n")
    result = check(branch)
    assert result.exit_code == 1
    messages = {(f["path"], f["message"].split(" (")[0]) for f in findings(result, "front-matter")}
    assert ("policies/privacy.md", "unknown front matter key 'sumary'") in messages
    assert any(path == "policies/terms.md" and "not valid YAML" in m for path, m in messages)


# -- summary-required ----------------------------------------------------------------------------
def test_summary_required_when_the_text_changes(branch):
    edit_privacy(branch, CHANGED, summary="We keep data for five years instead of ten.")
    result = check(branch)
    [found] = findings(result, "summary-required")
    assert found["line"] == "3" and "same as before" in found["message"]
    assert result.exit_code == 1


def test_summary_required_passes_with_a_new_summary(branch):
    edit_privacy(branch, CHANGED, summary="We keep data for three years.")
    assert findings(check(branch), "summary-required") == []


# -- effective-order, material-notice, effective-in-past -----------------------------------------
def test_effective_order_never_goes_backwards(published):
    edit_privacy(published, PRIVACY.replace("ten", "four"), effective="2027-03-01")
    published.commit("Announce four years", THIRD)
    published.repo.branch("change")
    edit_privacy(published, PRIVACY.replace("ten", "two"), effective="2027-01-15", summary="Two years.")
    [found] = findings(check(published), "effective-order")
    assert "earlier than version 3's (2027-03-01)" in found["message"]
    edit_privacy(published, PRIVACY.replace("ten", "two"), effective="2027-04-01", summary="Two years.")
    assert findings(check(published), "effective-order") == []


def test_material_change_needs_notice(branch):
    edit_privacy(branch, CHANGED, material="true", effective="2026-12-10")
    [found] = findings(check(branch), "material-notice")
    assert "30 days' notice" in found["message"] and "2026-12-27" in found["message"]
    edit_privacy(branch, CHANGED, material="true", effective="2026-12-27")
    assert findings(check(branch), "material-notice") == []


def test_material_notice_days_are_configurable(branch):
    branch.write_config(notice_days=10)
    edit_privacy(branch, CHANGED, material="true", effective="2026-12-10")
    assert findings(check(branch), "material-notice") == []


def test_effective_in_past(branch):
    edit_privacy(branch, CHANGED, effective="2025-11-28")
    [found] = findings(check(branch), "effective-in-past")
    assert "in the past" in found["message"]
    edit_privacy(branch, CHANGED, effective="2026-11-27")
    assert findings(check(branch), "effective-in-past") == []


# -- typed-stamp ---------------------------------------------------------------------------------
def test_typed_stamp(branch):
    edit_privacy(branch, "Last updated: March 2, 2026\n\n" + CHANGED)
    [found] = findings(check(branch), "typed-stamp")
    assert found["line"] == "8"
    edit_privacy(branch, "This policy is updated when our practices change.\n\n" + CHANGED)
    assert findings(check(branch), "typed-stamp") == []


def test_a_typed_effective_day_ahead_is_the_effective_date_not_a_finding(branch):
    edit_privacy(branch, "Effective December 14, 2026\n\n" + CHANGED)
    assert findings(check(branch), "typed-stamp") == []
    edit_privacy(branch, "Effective: 1 November 2026\n\n" + CHANGED)
    [found] = findings(check(branch), "typed-stamp")
    assert "2026-11-27 or a later day" in found["message"] and found["line"] == "8"


# -- review-due ----------------------------------------------------------------------------------
def test_review_due_is_a_warning(branch):
    result = check(branch, as_of=dt.date(2027, 2, 1))
    [found] = findings(result, "review-due")
    assert found["path"] == "policies/terms.md" and found["warning"]
    assert result.exit_code == 0


def test_review_due_passes_after_a_review_and_can_be_an_error(branch):
    branch.write("terms.md", policy("Terms of Use", TERMS, summary="First publication.", reviewed="2027-01-20"))
    assert findings(check(branch, as_of=dt.date(2027, 2, 1)), "review-due") == []
    branch.write("terms.md", policy("Terms of Use", TERMS, summary="First publication."))
    branch.write_config(checks={"review-due": "error"})
    assert check(branch, as_of=dt.date(2027, 2, 1)).exit_code == 1


# -- links ---------------------------------------------------------------------------------------
def test_links_resolve(branch):
    body = CHANGED + "\nSee [old](cookies.md), [here](#nowhere) and [terms](terms.md#missing).\n"
    edit_privacy(branch, body)
    messages = sorted(f["message"] for f in findings(check(branch), "links"))
    assert len(messages) == 3
    assert "'#missing'" in messages[0] and "terms.md" in messages[0]
    assert "'#nowhere'" in messages[1]
    assert "'cookies.md'" in messages[2]


def test_links_to_headings_pass(branch):
    # GitHub's slugs by default: "Your rights & choices" is #your-rights--choices.
    body = CHANGED + "\n## Your rights & choices\n\nSee [rights](#your-rights--choices) and [children](#children).\n"
    edit_privacy(branch, body)
    assert findings(check(branch), "links") == []


def test_custom_ids_pass_with_the_sites_own_markdown(branch):
    branch.write_config(markdown="site")
    body = CHANGED + "\n## Your rights {#rights}\n\nSee [rights](#rights) and [children](#children).\n"
    edit_privacy(branch, body)
    assert findings(check(branch), "links") == []


# -- raw-html ------------------------------------------------------------------------------------
def test_raw_html_outside_the_allow_list(branch):
    body = CHANGED + ('\n<script>alert(1)</script>\n\nClick <span onclick="steal()">here</span> or '
                      "[there](javascript:alert(1)).\n")
    edit_privacy(branch, body)
    messages = [f["message"] for f in findings(check(branch), "raw-html")]
    assert any("<script>" in m for m in messages)
    assert any("'onclick'" in m for m in messages)
    assert any("'javascript:'" in m for m in messages)


def test_raw_html_from_the_allow_list_passes(branch):
    edit_privacy(branch, CHANGED + '\nWe follow the <abbr title="General Data Protection Regulation">GDPR</abbr>.\n')
    assert findings(check(branch), "raw-html") == []


# -- render-divergence ---------------------------------------------------------------------------
# A site that renders with Python-Markdown (`markdown: site`) is what this rule exists for.
def test_list_right_after_a_paragraph_diverges(branch):
    branch.write_config(markdown="site")
    edit_privacy(branch, CHANGED + "\nWe share data with:\n- our hosting provider\n- our email provider\n")
    result = check(branch)
    [found] = findings(result, "render-divergence")
    assert found["warning"] and found["line"] == "19"
    assert "list items: site 0, GitHub 2" in found["message"]


def test_two_space_nested_list_diverges(branch):
    branch.write_config(markdown="site")
    edit_privacy(branch, CHANGED + "\n- Hosting\n  - Helmsdesk\n- Email\n")
    [found] = findings(check(branch), "render-divergence")
    assert found["line"] == "18"


def test_heading_with_a_leading_space_diverges(branch):
    branch.write_config(markdown="site")
    edit_privacy(branch, CHANGED + "\n ### Where we store it\n\nIn the EU.\n")
    [found] = findings(check(branch), "render-divergence")
    assert found["line"] == "18" and "level-3 headings: site 0, GitHub 1" in found["message"]
    assert "beginning of its line" in found["message"] and "blank line before lists" not in found["message"]


def test_blank_line_before_list_passes(branch):
    branch.write_config(markdown="site")
    edit_privacy(branch, CHANGED + "\nWe share data with:\n\n- our hosting provider\n    - in Germany\n")
    assert findings(check(branch), "render-divergence") == []


GITHUB_STYLE = "\nWe share data with:\n- our hosting provider\n  - in Germany\n\n ### Where we store it\n\nIn the EU.\n"


def test_a_site_that_renders_like_github_does_not_diverge(branch):
    edit_privacy(branch, CHANGED + GITHUB_STYLE)
    branch.write_config(markdown="site")
    assert findings(check(branch), "render-divergence")  # Python-Markdown loses the lists and the heading
    branch.write_config(markdown="github")
    result = check(branch)
    assert result.exit_code == 0, result.output
    assert findings(result, "render-divergence") == []


# -- output and configuration --------------------------------------------------------------------
def test_github_annotations(branch):
    edit_privacy(branch, CHANGED, summary="We keep data for five years instead of ten.")
    branch.write_config(checks={"render-divergence": "error"}, markdown="site")
    branch.write("terms.md", policy("Terms of Use", TERMS + "Rules:\n- be kind\n", summary="Kinder."))
    lines = check(branch, "--format", "github").output.splitlines()
    assert "::error file=policies/privacy.md,line=3,title=summary-required::the text changed but" in "\n".join(lines)
    assert any(line.startswith("::error file=policies/terms.md,line=10,title=render-divergence::")
               for line in lines)


def test_warnings_are_github_warnings(branch):
    lines = check(branch, "--format", "github", as_of=dt.date(2027, 2, 1)).output.splitlines()
    assert any(line.startswith("::warning file=policies/terms.md,line=1,title=review-due::") for line in lines)


def test_rules_can_be_turned_off_and_unknown_rules_are_exit_2(branch):
    edit_privacy(branch, "Last updated: March 2, 2026\n\n" + CHANGED)
    branch.write_config(checks={"typed-stamp": "off"})
    assert findings(check(branch), "typed-stamp") == []
    branch.write_config(checks={"no-such-rule": "error"})
    assert check(branch).exit_code == 2


def test_unknown_base_is_exit_2(branch):
    assert check(branch, "--base", "nope").exit_code == 2


def test_history_that_cannot_be_read_is_an_error(published):
    edit_privacy(published, PRIVACY.replace("ten", "nine"), effective="2026-01-01")
    published.commit("Backdate", SECOND.replace("03-02", "03-09"))
    result = published.run("check", "--base", "HEAD~1")
    assert result.exit_code == 1
    assert findings(result, "history")


# -- translation-behind --------------------------------------------------------------------------
def test_translation_behind_warns_when_the_controlling_text_changes_alone(published):
    published.write("privacy.de.md", policy("Datenschutzerklärung", "Wir speichern Ihre Daten fünf Jahre.",
                                            summary="Übersetzung"))
    published.commit("Translate privacy into German", "2026-03-01T10:00:00+00:00")
    published.repo.branch("change")
    edit_privacy(published, CHANGED)
    result = check(published)
    [found] = findings(result, "translation-behind")
    assert found["path"] == "policies/privacy.de.md" and found["warning"]
    assert "privacy.md changes its text" in found["message"]
    assert result.exit_code == 0  # a warning by default
    published.write("privacy.de.md", policy("Datenschutzerklärung", "Wir speichern Ihre Daten drei Jahre.",
                                            summary="Drei Jahre"))
    assert findings(check(published), "translation-behind") == []
    published.write_config(checks={"translation-behind": "error"})
    published.write("privacy.de.md", policy("Datenschutzerklärung", "Wir speichern Ihre Daten fünf Jahre.",
                                            summary="Übersetzung"))
    assert check(published).exit_code == 1
    # A site whose translations are Japanese only: privacy.de.md is a policy of its own, never behind.
    published.write_config(checks={"translation-behind": "error"}, translations=["ja"])
    result = check(published)
    assert result.exit_code == 0 and findings(result, "translation-behind") == []


# -- each finding once, under the rule that found it ---------------------------------------------
def test_a_committed_typed_stamp_is_one_typed_stamp_finding(branch):
    edit_privacy(branch, "Last updated: March 2, 2020\n\n" + CHANGED)
    branch.commit("Type a stamp", THIRD)
    result = check(branch)
    assert [(f["rule"], f["line"]) for f in findings(result)] == [("typed-stamp", "8")], result.output
    assert "commit" not in result.output
    branch.write_config(checks={"typed-stamp": False})  # what YAML makes of an unquoted `off`
    result = check(branch)
    assert findings(result) == [] and result.exit_code == 0, result.output


def test_a_past_typed_stamp_is_listed_under_typed_stamp_with_history(branch):
    edit_privacy(branch, "Last updated: March 2, 2020\n\n" + CHANGED)
    branch.commit("Type a stamp", THIRD)
    edit_privacy(branch, CHANGED.replace("three", "two"), summary="Two years.")
    branch.commit("Drop it", "2026-06-04T10:00:00+00:00")
    assert findings(check(branch)) == []
    [past] = findings(check(branch, "--history"))
    assert past["rule"] == "typed-stamp" and past["warning"] and "in a past version" in past["message"]
    branch.write_config(checks={"typed-stamp": "off"})
    assert findings(check(branch, "--history")) == []


def test_translation_behind_in_a_folder_per_language(published):
    published.write("en/faq.md", policy("FAQ", "We answer within five days.", summary="First"))
    published.write("de/faq.md", policy("FAQ", "Wir antworten innerhalb von fünf Tagen.", summary="Erste"))
    published.commit("Publish the FAQ in two languages", "2026-03-01T10:00:00+00:00")
    published.repo.branch("change")
    published.write("en/faq.md", policy("FAQ", "We answer within two days.", summary="Faster"))
    [found] = findings(check(published), "translation-behind")
    assert found["path"] == "policies/de/faq.md" and "en/faq.md changes its text" in found["message"]
    # With German as the controlling language, en/faq.md is the translation: nothing is behind.
    published.write_config(language="de")
    assert findings(check(published), "translation-behind") == []
