"""Sub-processor lists: data files and Markdown lists, entity changes, announced entries."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.datafile import read_data_file
from generator.entities import entities_from_markdown, make_entity
from generator.entity_changes import describe_changes, diff_entities
from generator.errors import PolicyError
from generator.pages import Site
from generator.views import policy_view
from tests.gitrepo import policy


def entry(name: str, purpose: str = "Hosting", locations: str = "Ireland (EU)", **more: str) -> str:
    lines = [f"  - name: {name}", f"    purpose: {purpose}", f"    locations: {locations}"]
    lines += [f"    {key}: {value}" for key, value in more.items()]
    return "\n".join(lines)


def data_file(*entries: str, **top: str) -> str:
    head = "".join(f"{key}: {value}\n" for key, value in top.items())
    return head + "entries:\n" + "\n".join(entries) + "\n"


def changes(version) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.change, c.name, c.fields) for c in version.entity_changes]


KESTREL = entry("Kestrel Cloud Ltd.", website="https://kestrel.example")
QUILL = entry("Quillpost Inc.", "Transactional email", "United States", website="https://quillpost.example")
TOLL = entry("Tollgate Payments B.V.", "Payment processing", "Netherlands (EU)")


# -- the list as data --------------------------------------------------------------------------------
def test_a_yaml_list_is_a_policy_shown_as_a_table(repo, history_of):
    repo.write("subprocessors.yml", data_file(KESTREL, QUILL, intro="'We use these [providers](terms.md).'"))
    repo.commit("Publish the list", "2026-01-05T10:00:00+00:00")
    history, problems = history_of(repo)
    assert problems == []
    (pol,) = history.policies
    assert (pol.id, pol.source, pol.title) == ("subprocessors", "subprocessors.yml", "Sub-processors")
    version = pol.versions[0]
    assert [e.name for e in version.entities] == ["Kestrel Cloud Ltd.", "Quillpost Inc."]
    assert "| Sub-processor | Purpose | Location |" in version.markdown
    assert "| [Kestrel Cloud Ltd.](https://kestrel.example) | Hosting | Ireland (EU) |" in version.markdown
    assert version.markdown.startswith("# Sub-processors\n\nWe use these [providers](terms.md).")


def test_other_yaml_files_are_not_policies(repo, history_of):
    repo.write("privacy.md", policy("Privacy", "Words."))
    repo.write(".meta.yml", "search:\n  exclude: true\n")
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    history, problems = history_of(repo)
    assert [p.source for p in history.policies] == ["privacy.md"] and problems == []


@pytest.mark.parametrize(("text", "expected"), [
    (data_file(KESTREL, entry("Beta GmbH").replace("    purpose: Hosting\n", "")),
     "entry 2 (Beta GmbH): 'purpose' is missing"),
    (data_file(KESTREL, entry("Beta GmbH", effective="next week")),
     "entry 2 (Beta GmbH): 'effective' must be a day as YYYY-MM-DD (got 'next week')"),
    (data_file(entry("Beta GmbH", website="beta.example")),
     "entry 1 (Beta GmbH): 'website' must be an http(s) address (got 'beta.example')"),
    (data_file(entry("Beta GmbH", colour="red")), "entry 1 (Beta GmbH): unknown field 'colour'"),
])
def test_a_bad_entry_stops_the_build_naming_file_entry_and_field(repo, history_of, text, expected):
    repo.write("subprocessors.yml", data_file(KESTREL))
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    repo.write("subprocessors.yml", text)
    bad = repo.commit("Break it", "2026-02-05T10:00:00+00:00")
    with pytest.raises(PolicyError) as caught:
        history_of(repo)
    assert str(caught.value).startswith(f"subprocessors.yml @ {bad[:7]}")
    assert expected in str(caught.value)


def test_converting_a_markdown_list_to_data_keeps_its_lineage(repo, history_of):
    table = ("| Vendor | Purpose | Location |\n|---|---|---|\n| Kestrel Cloud Ltd. | Hosting | Ireland (EU) |\n"
             "| Quillpost Inc. | Transactional email | United States |\n")
    repo.write("subprocessors.md", policy("Sub-processors", table))
    first = repo.commit("Publish", "2024-01-05T10:00:00+00:00")
    repo.remove("subprocessors.md")
    repo.write("subprocessors.yml", data_file(entry("Kestrel Cloud Ltd."),
                                              entry("Quillpost Inc.", "Transactional email", "United States")))
    second = repo.commit("Keep the list as data", "2024-02-05T10:00:00+00:00")
    history, _ = history_of(repo)
    (pol,) = history.policies
    assert pol.id == "subprocessors" and pol.paths == ("subprocessors.md", "subprocessors.yml")
    assert [v.commit for v in pol.versions] == [first, second]
    assert pol.retirement is None
    assert pol.versions[1].entity_changes == ()  # the same companies, now as data


# -- entity changes ----------------------------------------------------------------------------------
def test_added_removed_changed_and_renamed_entities(repo, history_of):
    sandpiper = entry("Sandpiper Diagnostics GmbH", "Crash reporting", website="https://www.sandpiper.example")
    repo.write("subprocessors.yml", data_file(KESTREL, QUILL, TOLL, sandpiper))
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    renamed = entry("Sandpiper Observability GmbH", "Crash reporting", website="https://sandpiper.example/")
    moved = QUILL.replace("United States", "[Ireland (EU), United States]")
    repo.write("subprocessors.yml", data_file(renamed, moved, KESTREL, entry("Marram Analytics B.V.", "Analytics")))
    repo.commit("Change the list", "2026-02-05T10:00:00+00:00")
    history, _ = history_of(repo)
    version = history.policies[0].versions[1]
    assert changes(version) == [
        ("changed", "Sandpiper Observability GmbH", ("name", "website")),  # same site, written differently
        ("changed", "Quillpost Inc.", ("locations",)),
        ("added", "Marram Analytics B.V.", ()),
        ("removed", "Tollgate Payments B.V.", ()),
    ]
    assert version.entity_changes[0].old_name == "Sandpiper Diagnostics GmbH"
    assert describe_changes(version.entity_changes) == (
        "Added: Marram Analytics B.V., for analytics, in Ireland (EU). Removed: Tollgate Payments B.V. "
        "Changed: Sandpiper Diagnostics GmbH is now Sandpiper Observability GmbH (website); Quillpost Inc. (location).")


def test_reordered_rows_are_no_entity_change(repo, history_of):
    repo.write("subprocessors.yml", data_file(KESTREL, QUILL, TOLL))
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    repo.write("subprocessors.yml", data_file(TOLL, KESTREL, QUILL))
    repo.commit("Sort by name", "2026-02-05T10:00:00+00:00")
    history, _ = history_of(repo)
    assert all(v.entity_changes == () for v in history.policies[0].versions)


def test_a_markdown_table_with_a_name_column_is_a_list(repo, history_of):
    def table(*rows: str) -> str:
        return "## Processors\n\n| Entity | Service | Country |\n|:--|---|---|\n" + "\n".join(rows) + "\n"

    repo.write("vendors.md", policy("Our vendors", table("| Kestrel | Hosting | Ireland |", "| Quill | Email | US |"),
                                    kind="subprocessors"))
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    rows = ("| Quill | Email | US, Ireland |", "| Kestrel | Hosting | Ireland |",
            "| [Marram](https://marram.example) | Analytics | NL |")
    repo.write("vendors.md", policy("Our vendors", table(*rows), kind="subprocessors"))
    repo.commit("Add Marram", "2026-02-05T10:00:00+00:00")
    history, _ = history_of(repo)
    first, second = history.policies[0].versions
    assert first.entities[0].as_dict() == {"name": "Kestrel", "purpose": "Hosting", "locations": "Ireland",
                                           "group": "Processors"}
    assert changes(second) == [("changed", "Quill", ("locations",)), ("added", "Marram", ())]
    assert second.entities[-1].get("website") == "https://marram.example"


def test_a_bullet_list_grouped_by_location_is_a_list_when_its_title_says_so(repo, history_of):
    body = ("Located in the EU:\n\n* [Acme Cloud](https://acme.example). Hosting.\n"
            "* **Beta GmbH** - Support tickets\n\n"
            "## United States\n\n- [Corvid Inc.](https://corvid.example): AI processing\n")
    repo.write("subprocessors.md", policy("Subprocessors", body))
    repo.write("privacy.md", policy("Privacy", "* to sign you in\n* to send receipts\n"))
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    repo.write("subprocessors.md", policy("Subprocessors", body.replace("Acme Cloud", "Acme Cloud Services")))
    repo.commit("Acme renamed", "2026-02-05T10:00:00+00:00")
    history, _ = history_of(repo)
    lists = history.policy("subprocessors")
    assert history.policy("privacy").versions[0].entities is None
    assert [(e.name, e.get("purpose"), e.get("group")) for e in lists.versions[0].entities] == [
        ("Acme Cloud", "Hosting.", "Located in the EU"), ("Beta GmbH", "Support tickets", "Located in the EU"),
        ("Corvid Inc.", "AI processing", "United States")]
    assert changes(lists.versions[1]) == [("changed", "Acme Cloud Services", ("name",))]


def test_entities_from_markdown_ignore_tables_without_a_name_column():
    assert entities_from_markdown("| Term | Meaning |\n|---|---|\n| Data | Information |\n") == ()


def test_diff_of_the_same_list_is_empty_whatever_the_order():
    a = make_entity({"name": "A", "purpose": "x", "locations": ["EU", "US"]})
    b = make_entity({"name": "B", "purpose": "y", "locations": "EU"})
    assert diff_entities((a, b), (b, a)) == ()


def test_data_file_round_trip_of_lists_and_dates():
    data = read_data_file(data_file(entry("A", locations="[EU, US]", effective="2027-01-05",
                                          data_categories="[Email, Names]")))
    assert data.entities[0].as_dict() == {"name": "A", "purpose": "Hosting", "locations": "EU; US",
                                          "data_categories": "Email; Names", "effective": "2027-01-05"}
    assert "| A (from 2027-01-05) | Hosting | EU; US | Email; Names |" in data.body


# -- announced entries -------------------------------------------------------------------------------
def test_an_announced_entry_makes_the_version_upcoming_until_its_day(repo, history_of):
    repo.write("subprocessors.yml", data_file(KESTREL))
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    repo.write("subprocessors.yml", data_file(KESTREL, entry("Marram Analytics B.V.", "Analytics",
                                                             effective="2026-03-10")))
    repo.commit("Announce Marram", "2026-02-05T10:00:00+00:00")

    def view_on(day: dt.date) -> tuple:
        history, _ = history_of(repo, as_of=day)
        pol = history.policies[0]
        site = Site(history=history)
        return pol, policy_view(site, pol, "current")

    pol, view = view_on(dt.date(2026, 3, 9))
    assert [v.status for v in pol.versions] == ["in-force", "upcoming"]
    assert pol.versions[1].effective == dt.date(2026, 3, 10) and not pol.versions[1].effective_declared
    [banner] = [b for b in view["banners"] if b["kind"] == "upcoming"]
    assert [(p["name"], p["from"]["iso"], p["objections_until"]["iso"]) for p in banner["proposed"]] == [
        ("Marram Analytics B.V.", "2026-03-10", "2026-03-09")]

    pol, view = view_on(dt.date(2026, 3, 10))
    assert [v.status for v in pol.versions] == ["superseded", "in-force"]
    assert not [b for b in view["banners"] if b["kind"] == "upcoming"]
    assert view["version"]["number"] == 2


def test_a_later_edit_keeps_an_announced_date(repo, history_of):
    """A correction published before an announced entry starts does not pull its date forward."""
    announced = entry("Marram Analytics B.V.", "Analytics", effective="2026-03-10")
    repo.write("subprocessors.yml", data_file(KESTREL, announced))
    repo.commit("Announce Marram", "2026-02-05T10:00:00+00:00")
    repo.write("subprocessors.yml", data_file(KESTREL.replace("Hosting", "Hosting and backups"), announced))
    repo.commit("Fix Kestrel's purpose", "2026-02-20T10:00:00+00:00")
    repo.write("subprocessors.yml", data_file(KESTREL, announced))
    repo.commit("Undo", "2026-04-01T10:00:00+00:00")
    history, problems = history_of(repo, as_of=dt.date(2026, 4, 2))
    assert [v.effective.isoformat() for v in history.policies[0].versions] == [
        "2026-03-10", "2026-03-10", "2026-04-01"]
    assert problems == []
