"""How to object to an announced sub-processor: the notice says it after the deadline, and `policy check`
warns (rule `objections-contact`) while a list announces one and the site does not say where to object."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cli.test_rules import findings
from tests.lists import KESTREL, marram

TODAY = dt.date(2026, 11, 27)
MARRAM = marram()


@pytest.fixture
def announced(published):
    """A list on main whose second version announces Marram from 2027-01-05 (upcoming on TODAY)."""
    published.write("subprocessors.yml", "entries:\n" + KESTREL)
    published.commit("Publish the list", "2026-06-01T10:00:00+00:00")
    published.write("subprocessors.yml", "entries:\n" + KESTREL + MARRAM)
    published.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    return published


def test_the_notice_says_how_to_object_after_the_deadline(announced):
    announced.write_config(objections_contact="mailto:dpo@example.com")
    result = announced.run("notice", "subprocessors@2", as_of=TODAY)
    assert result.exit_code == 0, result.output
    text = result.output[result.output.index("--- text ---"):result.output.index("--- html ---")]
    assert ("Marram Analytics B.V. takes effect on January 5, 2027; you may object until January 4, 2027.\n\n"
            "To object, write to dpo@example.com.") in text
    assert "<p>To object, write to dpo@example.com.</p>" in result.output


def test_a_notice_without_a_deadline_or_without_the_option_says_nothing_of_it(announced):
    assert "To object" not in announced.run("notice", "subprocessors@2", as_of=TODAY).output
    announced.write_config(objections_contact="https://example.com/object")
    assert "To object" not in announced.run("notice", "subprocessors@1", as_of=TODAY).output
    page = announced.run("notice", "subprocessors@2", as_of=TODAY).output
    assert "How to object: https://example.com/object" in page


def test_check_warns_while_a_list_announces_and_the_site_says_not_where_to_object(announced):
    result = announced.run("check", as_of=TODAY)
    [found] = findings(result, "objections-contact")
    assert found["path"] == "policies/subprocessors.yml" and found["warning"]
    assert "version 2 announces Marram Analytics B.V." in found["message"]
    assert "`objections_contact`" in found["message"]
    assert result.exit_code == 0, result.output  # a warning: the list's own words may say it
    announced.write_config(objections_contact="dpo@example.com")
    assert findings(announced.run("check", as_of=TODAY), "objections-contact") == []
    # Once Marram has started, no deadline is open: nothing to say.
    announced.write_config()
    assert findings(announced.run("check", as_of=dt.date(2027, 1, 5)), "objections-contact") == []
