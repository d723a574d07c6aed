"""Table redlines pair rows by what they are: a sub-processor list's rows as its entity changes do,
any other table's rows by content, never by position."""

from __future__ import annotations

import lxml.html
import markdown
from redline_checks import assert_redline

from generator.datafile import read_data_file
from generator.entity_changes import diff_entities
from generator.redline import compute_redline

EXTENSIONS = ["toc", "tables", "attr_list", "footnotes", "md_in_html"]

ENTRY = """  - name: {name}
    purpose: {purpose}
    locations: {location}
    transfer_mechanism: {mechanism}
    data_categories: {data}
    website: https://{site}.example
"""
# The demo's list before and after "Remove Helmsdesk ... and record Sandpiper's new name".
OLD = [
    ("Kestrel Cloud Ltd.", "Hosting of the service and storage of customer content", "Ireland (EU)",
     "Not applicable (within the EEA)", "Account data; customer content; usage data", "kestrel-cloud"),
    ("Quillpost Inc.", "Transactional email, such as sign-in links and notifications", "United States",
     "EU-U.S. Data Privacy Framework", "Names and email addresses", "quillpost"),
    ("Tollgate Payments B.V.", "Payment processing", "Netherlands (EU)", "Not applicable (within the EEA)",
     "Billing contacts and payment details", "tollgate"),
    ("Helmsdesk Inc.", "Customer support ticketing", "Germany (EU)", "Not applicable (within the EEA)",
     "Support requests and the contact details in them", "helmsdesk"),
    ("Sandpiper Diagnostics GmbH", "Crash and error reporting", "Germany (EU)", "Not applicable (within the EEA)",
     "Device and error data, IP addresses", "sandpiper"),
    ("Corvid Inference Inc.", "AI model processing for Assist, only when you use it", "United States",
     "EU-U.S. Data Privacy Framework", "The prompts and content you send to Assist", "corvid"),
]


def data_file(rows) -> tuple[str, tuple]:
    entries = "".join(ENTRY.format(name=n, purpose=p, location=lo, mechanism=m, data=d, site=s)
                      for n, p, lo, m, d, s in rows)
    parsed = read_data_file("title: Sub-processors\nentries:\n" + entries)
    return markdown.markdown(parsed.body, extensions=EXTENSIONS), parsed.entities


def rows_by_class(html: str) -> dict[str, list[str]]:
    """The text of each body row, by what the redline made of it: deleted, inserted, changed, same."""
    found: dict[str, list[str]] = {"del": [], "ins": [], "changed": [], "same": []}
    for row in lxml.html.fragment_fromstring(html, create_parent="div").xpath(".//tbody/tr"):
        classes = row.get("class") or ""
        kind = ("del" if "redline-row-del" in classes else "ins" if "redline-row-ins" in classes
                else "changed" if row.xpath(".//ins | .//del") else "same")
        found[kind].append(" ".join(row.text_content().split()))
    return found


def test_removed_and_renamed_entities_are_the_rows_removed_and_renamed() -> None:
    new = [row for row in OLD if row[0] != "Helmsdesk Inc."]
    new[3] = ("Sandpiper Observability GmbH", *new[3][1:])
    old_html, old_entities = data_file(OLD)
    new_html, new_entities = data_file(new)
    redline = compute_redline(old_html, new_html)
    assert_redline(old_html, new_html, redline)
    rows = rows_by_class(redline.html)
    changes = {c.change: c for c in diff_entities(old_entities, new_entities)}
    assert changes["removed"].name == "Helmsdesk Inc." and changes["changed"].old_name == "Sandpiper Diagnostics GmbH"
    assert [r.split()[0] for r in rows["del"]] == ["Helmsdesk"]
    assert rows["ins"] == []
    assert len(rows["changed"]) == 1 and rows["changed"][0].startswith("Sandpiper DiagnosticsObservability GmbH")


def test_added_removed_and_renamed_in_one_commit_agree_with_the_entity_changes() -> None:
    new = [OLD[5], OLD[0], ("Marram Analytics B.V.", "Product analytics", "Netherlands (EU)",
                            "Not applicable (within the EEA)", "Usage data", "marram"),
           ("Kingfisher Support Ltd.", *OLD[3][1:5], "helmsdesk"), OLD[2]]
    old_html, old_entities = data_file(OLD)
    new_html, new_entities = data_file(new)
    redline = compute_redline(old_html, new_html)
    assert_redline(old_html, new_html, redline)
    rows = rows_by_class(redline.html)
    changes = diff_entities(old_entities, new_entities)
    added = {c.name.split()[0] for c in changes if c.change == "added"}
    removed = {c.name.split()[0] for c in changes if c.change == "removed"}
    assert added == {"Marram"} and removed == {"Quillpost", "Sandpiper"}
    # Rows that moved in the list show as removed at their old place and added at the new one.
    assert {r.split()[0] for r in rows["ins"]} - {"Corvid", "Kestrel", "Tollgate"} == added
    assert {r.split()[0] for r in rows["del"]} - {"Corvid", "Kestrel", "Tollgate"} == removed
    # Helmsdesk renamed to Kingfisher (same website): one changed row, never a removal and an addition.
    assert [r for r in rows["changed"] if "Kingfisher" in r and "Helmsdesk" in r]


def redline_of(old: str, new: str):
    old_html = markdown.markdown(old, extensions=EXTENSIONS)
    new_html = markdown.markdown(new, extensions=EXTENSIONS)
    result = compute_redline(old_html, new_html)
    assert_redline(old_html, new_html, result)
    return rows_by_class(result.html)


TABLE = "| Data | Kept for |\n|---|---|\n" + "".join(f"| {d} | {k} |\n" for d, k in [
    ("Account data", "As long as the account exists"), ("Server logs", "30 days"),
    ("Support tickets", "2 years after they are closed"), ("Invoices", "10 years, as tax law requires")])


def test_reordered_rows_are_paired_with_themselves() -> None:
    lines = TABLE.splitlines()
    reordered = "\n".join(lines[:2] + [lines[5], lines[2], lines[3].replace("30", "90"), lines[4]]) + "\n"
    rows = redline_of(TABLE, reordered)
    assert rows["changed"] == ["Server logs 3090 days"]
    assert [r.split()[0] for r in rows["del"] + rows["ins"]] == ["Invoices", "Invoices"]


def test_a_replaced_row_is_removed_and_added_not_rewritten() -> None:
    replaced = TABLE.replace("| Support tickets | 2 years after they are closed |", "| Backups | 35 days |")
    rows = redline_of(TABLE, replaced)
    assert rows["changed"] == []
    assert rows["del"] == ["Support tickets 2 years after they are closed"] and rows["ins"] == ["Backups 35 days"]


def test_an_added_column_keeps_every_row_and_inserts_its_cells() -> None:
    lines = TABLE.splitlines()
    widened = "\n".join([lines[0] + " Where |", lines[1] + "---|"] + [line + " EU |" for line in lines[2:]]) + "\n"
    html = compute_redline(markdown.markdown(TABLE, extensions=EXTENSIONS),
                           markdown.markdown(widened, extensions=EXTENSIONS)).html
    rows = rows_by_class(html)
    assert rows["del"] == rows["ins"] == [] and len(rows["changed"]) == 4
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [c.text_content() for c in root.xpath(".//td[contains(@class, 'redline-block-ins')]")] == ["EU"] * 4
    assert root.xpath(".//th[contains(@class, 'redline-block-ins')]")[0].text_content() == "Where"
