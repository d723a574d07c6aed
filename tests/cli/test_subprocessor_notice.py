"""`policy check`'s subprocessor-notice rule: a branch adding an entity gives customers notice."""

from __future__ import annotations

import datetime as dt

from tests.cli.test_rules import check, findings
from tests.gitrepo import policy
from tests.lists import KESTREL, marram

TODAY = dt.date(2026, 11, 27)


def listed(published, *entries: str) -> None:
    published.write("subprocessors.yml", "entries:\n" + "".join(entries))


def branch_adding(published, entry: str):
    listed(published, KESTREL)
    published.commit("Publish the list", "2026-06-01T10:00:00+00:00")
    published.repo.branch("add-marram")
    listed(published, KESTREL, entry)
    published.commit("Add Marram", "2026-11-26T10:00:00+00:00")
    return check(published, as_of=TODAY)


def test_an_entity_effective_sooner_than_the_notice_fails(published):
    result = branch_adding(published, marram("2026-12-10"))
    [found] = findings(result, "subprocessor-notice")
    assert found["path"] == "policies/subprocessors.yml" and not found["warning"]
    assert "adds Marram Analytics B.V. from 2026-12-10" in found["message"]
    assert "needs 30 days' notice" in found["message"] and "'effective: 2026-12-27' or later" in found["message"]
    assert result.exit_code == 1


def test_an_entity_without_a_date_starts_when_published_and_fails(published):
    [found] = findings(branch_adding(published, marram(None)), "subprocessor-notice")
    assert "from 2026-11-26" in found["message"]


def test_an_entity_announced_with_the_notice_passes(published):
    result = branch_adding(published, marram("2026-12-27"))
    assert findings(result, "subprocessor-notice") == []


def test_the_notice_period_is_the_notice_days_option(published):
    published.write_config(notice_days=10)
    assert findings(branch_adding(published, marram("2026-12-10")), "subprocessor-notice") == []


def test_a_markdown_list_is_held_to_the_same_notice(published):
    table = "| Vendor | Purpose | Location |\n|---|---|---|\n| Kestrel | Hosting | Ireland |\n"
    published.write("vendors.md", policy("Sub-processors", table))
    published.commit("Publish the list", "2026-06-01T10:00:00+00:00")
    published.repo.branch("add-marram")
    published.write("vendors.md", policy("Sub-processors", table + "| Marram | Analytics | NL |\n"))
    published.commit("Add Marram", "2026-11-26T10:00:00+00:00")
    [found] = findings(check(published, as_of=TODAY), "subprocessor-notice")
    assert found["path"] == "policies/vendors.md" and "adds Marram from 2026-11-26" in found["message"]


def test_a_bad_entry_is_reported_by_file_entry_and_field(published):
    listed(published, KESTREL, "  - name: Marram Analytics B.V.\n    locations: Netherlands (EU)\n")
    published.commit("Add Marram", "2026-11-26T10:00:00+00:00")
    result = published.run("check", as_of=TODAY)
    assert result.exit_code == 1
    assert "subprocessors.yml" in result.output
    assert "entry 2 (Marram Analytics B.V.): 'purpose' is missing" in result.output


def test_a_past_addition_is_reported_for_the_record_not_with_a_date_to_give_it(published):
    """`--history`: a 2026-06 version cannot be given a later date; the advice says what happened."""
    listed(published, KESTREL)
    published.commit("Publish the list", "2026-06-01T10:00:00+00:00")
    listed(published, KESTREL, marram(None))
    published.commit("Add Marram at once", "2026-07-01T10:00:00+00:00")
    assert findings(check(published, as_of=TODAY), "subprocessor-notice") == []
    [past] = findings(check(published, "--history", as_of=TODAY), "subprocessor-notice")
    assert past["warning"] and "version 2 added Marram Analytics B.V. from 2026-07-01" in past["message"]
    assert "0 day(s) after it was published (2026-07-01)" in past["message"]
    assert "or later" not in past["message"]
