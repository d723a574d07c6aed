"""The editors' commands on a sub-processor list kept as data (`subprocessors.yml`): `policy diff`
and `policy redline` lead with the entity changes the site shows, then the table's redline; `policy
check` sees a bad entry and a short notice in uncommitted edits as it does in commits."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from generator.entity_changes import describe_changes
from generator.project import load_project
from tests.cli.test_rules import findings

TODAY = dt.date(2026, 11, 27)
LISTED = "2026-06-01T10:00:00+00:00"
KESTREL = ("  - name: Kestrel Cloud Ltd.\n    purpose: Hosting of the service\n    locations: Ireland (EU)\n"
           "    website: https://kestrel.example\n")
HELMSDESK = "  - name: Helmsdesk Inc.\n    purpose: Customer support\n    locations: United States\n"
MARRAM = ("  - name: Marram Analytics B.V.\n    purpose: Product analytics\n    locations: Netherlands (EU)\n"
          "    effective: 2027-01-05\n")
SENTENCE = ("Added: Marram Analytics B.V., for product analytics, in Netherlands (EU), from January 5, 2027. "
            "Removed: Helmsdesk Inc.")


def listed(site, *entries: str, summary: str | None = None) -> None:
    head = f"title: Sub-processors\nsummary: {summary}\n" if summary else "title: Sub-processors\n"
    site.write("subprocessors.yml", head + "entries:\n" + "".join(entries))


@pytest.fixture
def on_branch(published):
    """A list on main (Kestrel, Helmsdesk); a branch whose working tree adds Marram, drops Helmsdesk."""
    listed(published, KESTREL, HELMSDESK, summary="First list.")
    published.commit("Publish the list", LISTED)
    published.repo.branch("add-marram")
    listed(published, KESTREL, MARRAM, summary="Announce Marram Analytics.")
    return published


# -- policy diff -----------------------------------------------------------------------------------
def test_diff_markdown_leads_with_the_entity_changes_then_the_table_redline(on_branch):
    result = on_branch.run("diff", "--format", "markdown", as_of=TODAY)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "### Sub-processors" in out and "`policies/subprocessors.yml`" in out
    entities = out.index("- Entities: Added: Marram Analytics B.V., for product analytics")
    assert "in Netherlands (EU), from January 5, 2027. Removed: Helmsdesk Inc." in out
    redline = out.index("<details open><summary>Redline</summary>")
    assert entities < out.index("- Summary: Announce Marram Analytics.") < redline
    # No `effective:` in the file: the site dates the version to Marram's first day, and so does the diff.
    assert "Effective: 2027-01-05" in out[:redline]
    table = out[redline:]
    assert "<ins" in table and "Marram Analytics B.V." in table and "<del" in table and "Helmsdesk Inc." in table
    assert "Kestrel Cloud Ltd." not in table  # a comment shows the changed rows only


def test_diff_terminal_and_html_carry_the_same_sentence(on_branch):
    terminal = on_branch.run("diff", as_of=TODAY).output
    assert "== Sub-processors (policies/subprocessors.yml)" in terminal
    assert f"Entities: {SENTENCE}" in terminal
    page = on_branch.run("diff", "--format", "html", as_of=TODAY).output
    assert f"<li>Entities: {html.escape(SENTENCE)}</li>" in page
    assert "<ins" in page and "Marram Analytics B.V." in page


def test_diff_is_what_the_site_publishes_once_merged(on_branch):
    """The sentence of the pull request is the site's own, for the version the merge makes."""
    before = on_branch.run("diff", "--format", "markdown", as_of=TODAY).output
    on_branch.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    project = load_project(on_branch.config, TODAY.isoformat())
    history, _ = project.read_history()
    version = project.find_policy(history, "subprocessors").versions[-1]
    assert describe_changes(version.entity_changes) == SENTENCE
    committed = on_branch.run("diff", "--format", "markdown", "--head", "HEAD", as_of=TODAY).output
    assert committed == before
    site_redline = on_branch.run("redline", "subprocessors", "--format", "markdown", as_of=TODAY).output
    assert site_redline.split("<details", 1)[1] == committed.split("<details", 1)[1]


def test_diff_filters_by_the_data_file_path(on_branch):
    on_branch.write("terms.md", on_branch.repo.docs.joinpath("terms.md").read_text() + "\nMore.\n")
    out = on_branch.run("diff", "policies/subprocessors.yml", as_of=TODAY).output
    assert "subprocessors.yml" in out and "terms.md" not in out


def test_diff_a_new_list_and_a_yaml_file_that_is_not_a_list(published):
    published.repo.branch("new-list")
    listed(published, KESTREL)
    published.write("extra.yml", "nav_note: not a policy\n")
    out = published.run("diff", "--format", "markdown", as_of=TODAY).output
    assert "### Sub-processors (new policy)" in out and "Kestrel Cloud Ltd." in out
    assert "- Entities:" not in out  # a first version has no entity changes on the site either
    assert "extra.yml" not in out


def test_diff_a_removed_list(on_branch):
    (on_branch.repo.docs / "subprocessors.yml").unlink()
    out = on_branch.run("diff", "--format", "markdown", as_of=TODAY).output
    assert "### Sub-processors (removed)" in out and "<del" in out


# -- policy redline --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["subprocessors", "policies/subprocessors.yml"])
def test_redline_of_a_list_by_id_or_path(on_branch, name):
    on_branch.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    result = on_branch.run("redline", name, as_of=TODAY)
    assert result.exit_code == 0, result.output
    assert "version 1 → version 2" in result.output and f"Entities: {SENTENCE}" in result.output


def test_redline_of_a_list_between_git_revisions_names_the_entities(on_branch):
    on_branch.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    result = on_branch.run("redline", "policies/subprocessors.yml", "main", "HEAD", as_of=TODAY)
    assert result.exit_code == 0, result.output
    assert "main → HEAD" in result.output and f"Entities: {SENTENCE}" in result.output
# -- policy check ----------------------------------------------------------------------------------
def test_check_fails_on_an_uncommitted_bad_entry(on_branch):
    listed(on_branch, KESTREL, "  - name: Marram Analytics B.V.\n    locations: Netherlands (EU)\n")
    result = on_branch.run("check", "--base", "main", as_of=TODAY)
    assert result.exit_code == 1
    messages = [f["message"] for f in findings(result) if f["path"] == "policies/subprocessors.yml"]
    assert any("entry 2 (Marram Analytics B.V.): 'purpose' is missing" in m for m in messages), result.output
    assert "commit 0000000" not in result.output


def test_check_holds_uncommitted_additions_to_the_notice(on_branch):
    listed(on_branch, KESTREL, MARRAM.replace("2027-01-05", "2026-12-10"), summary="Announce Marram.")
    result = on_branch.run("check", "--base", "main", as_of=TODAY)
    [found] = findings(result, "subprocessor-notice")
    assert found["path"] == "policies/subprocessors.yml" and not found["warning"]
    assert "adds Marram Analytics B.V. from 2026-12-10" in found["message"]
    assert "'effective: 2026-12-27' or later" in found["message"]
    assert result.exit_code == 1


def test_check_passes_uncommitted_additions_with_the_notice(on_branch):
    result = on_branch.run("check", "--base", "main", as_of=TODAY)
    assert findings(result, "subprocessor-notice") == []
    assert result.exit_code == 0, result.output


def test_check_without_uncommitted_edits_still_judges_the_commits(on_branch):
    listed(on_branch, KESTREL, MARRAM.replace("2027-01-05", "2026-12-10"), summary="Announce Marram.")
    on_branch.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    [found] = findings(on_branch.run("check", "--base", "main", as_of=TODAY), "subprocessor-notice")
    assert "adds Marram Analytics B.V. from 2026-12-10" in found["message"]
