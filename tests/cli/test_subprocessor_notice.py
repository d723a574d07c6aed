"""`policy check`'s subprocessor-notice rule: a branch adding an entity gives customers notice."""

from __future__ import annotations

import datetime as dt

from tests.cli.test_rules import check, findings
from tests.gitrepo import policy

TODAY = dt.date(2026, 11, 27)
KESTREL = "  - name: Kestrel Cloud Ltd.\n    purpose: Hosting\n    locations: Ireland (EU)\n"


def marram(effective: str | None) -> str:
    text = "  - name: Marram Analytics B.V.\n    purpose: Product analytics\n    locations: Netherlands (EU)\n"
    return text + (f"    effective: {effective}\n" if effective else "")


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


def test_check_history_states_a_past_addition_without_advising_a_new_date(published):
    listed(published, KESTREL)
    published.commit("Publish the list", "2020-06-01T10:00:00+00:00")
    listed(published, KESTREL, marram(None))
    published.commit("Add Marram", "2020-12-09T10:00:00+00:00")
    result = published.run("check", "--history", as_of=TODAY)
    [found] = [f for f in findings(result, "subprocessor-notice") if "Marram" in f["message"]]
    assert "published 2020-12-09" in found["message"] and "2021-01-08 at the earliest" in found["message"]
    assert "give it" not in found["message"] and found["warning"]
