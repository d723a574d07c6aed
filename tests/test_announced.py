"""A list's announced entries marked in its own table (announced.py), the table redline that still pairs
its rows by entity, and the `objections_contact` option read once (contact.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.announced import announced_mark, marked_markdown
from generator.contact import Contact, read_contact
from generator.i18n import translations
from generator.pages import Site
from generator.recent import recent_changes
from generator.redline import compute_redline
from generator.rendering import PolicyMarkdown
from generator.sanitize import sanitize_html
from tests.lists import KESTREL_WEBSITE, TOLLGATE, marram
from tests.lists import listed as listed_in_file

KESTREL = KESTREL_WEBSITE
QUILL = "  - name: Quillpost Inc.\n    purpose: Email\n    locations: United States\n"


def listed(*entries: str) -> str:
    return listed_in_file(*entries, intro="We use these companies.")


@pytest.fixture
def announcing(repo, history_of):
    """v1 in force (Kestrel, Tollgate); v2 announces Marram after Kestrel, adds Quillpost and drops
    Tollgate; v3 (also upcoming) moves Marram's start a week and rewords its purpose."""
    repo.write("subprocessors.yml", listed(KESTREL, TOLLGATE))
    repo.commit("Publish", "2026-06-01T10:00:00+00:00")
    repo.write("subprocessors.yml", listed(KESTREL, marram(), QUILL))
    repo.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    later = marram("2027-01-12", purpose="Product analytics, never content")
    repo.write("subprocessors.yml", listed(KESTREL, later, QUILL))
    repo.commit("Say what Marram never sees", "2026-11-27T09:00:00+00:00")
    history, _ = history_of(repo)
    site = Site(history=history, locale="en", url="https://legal.example.com/")
    return site, history.policy("subprocessors")


def rows_of(html: str) -> list[str]:
    return re.findall(r"<tr\b[^>]*>.*?</tr>", html, re.S)


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_version_marks_the_entries_it_announces_with_their_day_and_deadline(announcing):
    site, policy = announcing
    first, second, third = policy.versions
    assert marked_markdown(site, policy, first, "version") is first.markdown  # announces nothing: as it was
    text = marked_markdown(site, policy, second, "version")
    assert text != second.markdown and "2027-01-05)" not in text
    (row,) = [line for line in text.splitlines() if "Marram" in line]
    assert row.startswith("| Marram Analytics B.V. <br><span class=\"policy-entry-announced\">")
    assert '<strong class="policy-entry-announced__badge">announced</strong>' in row
    assert ('from <time datetime="2027-01-05">January 5, 2027</time>; objections until '
            '<time datetime="2027-01-04">January 4, 2027</time>') in row
    assert "ISO" not in row and not re.search(r">\s*\d{4}-\d{2}-\d{2}", visible_text(row))
    # Every other row is exactly as the version's own Markdown has it.
    assert [line for line in text.splitlines() if "Marram" not in line] == [
        line for line in second.markdown.splitlines() if "Marram" not in line]
    assert "announced" in marked_markdown(site, policy, third, "version")


def test_the_list_in_force_shows_each_announced_entry_where_the_upcoming_list_has_it(announcing):
    site, policy = announcing
    assert policy.shown.number == 1 and [v.status for v in policy.versions] == ["in-force", "upcoming", "upcoming"]
    text = marked_markdown(site, policy, policy.shown, "current")
    names = [re.match(r"\| \[?([^\]|<]+?)\]?(?:\(|\s*<br>|\s*\|)", line).group(1)
             for line in text.splitlines() if line.startswith("| ") and "Sub-processor" not in line]
    # Tollgate stays until the change takes effect; Marram follows Kestrel as upcoming lists it;
    # Quillpost, added with no day of its own, starts with the version: also announced.
    assert names == ["Kestrel Cloud Ltd.", "Marram Analytics B.V.", "Quillpost Inc.", "Tollgate Payments B.V."]
    marked = [line for line in text.splitlines() if "policy-entry-announced" in line]
    assert [line.split(" <br>")[0] for line in marked] == ["| Marram Analytics B.V.", "| Quillpost Inc."]
    assert "Product analytics, never content" in text  # the latest announced words
    assert text.startswith("# Sub-processors\n\nWe use these companies.\n\n")


def test_a_list_with_nothing_announced_keeps_its_markdown(repo, history_of):
    repo.write("subprocessors.yml", listed(KESTREL, TOLLGATE))
    repo.commit("Publish", "2026-06-01T10:00:00+00:00")
    repo.write("subprocessors.yml", listed(KESTREL))
    repo.commit("Drop Tollgate", "2026-07-01T10:00:00+00:00")
    history, _ = history_of(repo)
    site, policy = Site(history=history, locale="en"), history.policy("subprocessors")
    for version in policy.versions:
        assert marked_markdown(site, policy, version, "version") is version.markdown
    assert marked_markdown(site, policy, policy.shown, "current") is policy.shown.markdown


def test_the_current_page_says_when_a_started_entry_started_in_words(repo, history_of):
    repo.write("subprocessors.yml", listed(KESTREL, marram()))
    repo.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    history, _ = history_of(repo, as_of=dt.date(2027, 2, 1))
    site, policy = Site(history=history, locale="de"), history.policy("subprocessors")
    version = policy.shown
    assert version.status == "in-force"
    current = marked_markdown(site, policy, version, "current")
    # A German site's own pages speak German: words and date alike.
    assert '<span class="policy-entry-since">(ab <time datetime="2027-01-05">5. Januar 2027</time>)</span>' in current
    assert "policy-entry-announced" not in current
    # The archived version keeps what it announced, whatever the day it is read.
    assert "policy-entry-announced" in marked_markdown(site, policy, version, "version")


def test_a_later_version_says_when_a_started_entry_started_in_words_never_iso(repo, history_of):
    repo.write("subprocessors.yml", listed(KESTREL, marram()))
    repo.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    repo.write("subprocessors.yml", listed(KESTREL, marram(), TOLLGATE))
    repo.commit("Add Tollgate", "2027-02-01T10:00:00+00:00")
    history, _ = history_of(repo, as_of=dt.date(2027, 3, 1))
    site, policy = Site(history=history, locale="en"), history.policy("subprocessors")
    later = policy.versions[-1]
    assert "(from 2027-01-05)" in later.markdown  # the data file's own table
    text = marked_markdown(site, policy, later, "version")
    assert '(from <time datetime="2027-01-05">January 5, 2027</time>)' in text and "2027-01-05)" not in text
    assert "policy-entry-announced" not in text
    # The announcing version still says what it announced.
    first = marked_markdown(site, policy, policy.versions[0], "version")
    assert "policy-entry-announced" in first and "Tollgate" not in first


def test_where_to_object_goes_under_recent_changes_only_while_a_deadline_is_open(repo, history_of):
    repo.write("subprocessors.yml", listed(KESTREL))
    repo.commit("Publish", "2026-06-01T10:00:00+00:00")
    repo.write("subprocessors.yml", listed(KESTREL, marram()))
    repo.commit("Announce Marram", "2026-11-26T10:00:00+00:00")
    for day, still_open in ((dt.date(2026, 11, 27), True), (dt.date(2027, 1, 4), True), (dt.date(2027, 1, 5), False)):
        history, _ = history_of(repo, as_of=day)
        (row,) = recent_changes(Site(history=history), history.policy("subprocessors"))
        assert row["objections_until"]["iso"] == "2027-01-04" and row["objections_open"] is still_open, day


def test_the_words_of_the_mark_follow_the_page_language():
    german = announced_mark(dt.date(2027, 1, 5), translations("de"), "de", None)
    assert ">angekündigt</strong>" in german
    assert ('ab <time datetime="2027-01-05">5. Januar 2027</time>; Widerspruch möglich bis '
            '<time datetime="2027-01-04">4. Januar 2027</time>') in german
    japanese = announced_mark(dt.date(2027, 1, 5), translations("ja"), "ja", "ja")
    assert 'lang="ja"' in japanese and "2027年1月5日</time>から" in japanese


def test_the_table_redline_pairs_rows_by_entity_whatever_the_mark(announcing):
    site, policy = announcing
    render = PolicyMarkdown("github", [], {})

    def page(version):
        return sanitize_html(render(marked_markdown(site, policy, version, "version")))

    first, second, third = (page(v) for v in policy.versions)
    announced = rows_of(compute_redline(first, second).html)
    inserted = [r for r in announced if "<ins" in r]
    deleted = [r for r in announced if "<del" in r]
    assert [visible_text(r).split(" ")[0] for r in inserted] == ["Marram", "Quillpost"]
    assert all("<del" not in r for r in inserted) and [visible_text(r).split(" ")[0] for r in deleted] == ["Tollgate"]
    assert "announced from January 5, 2027; objections until January 4, 2027" in visible_text(inserted[0])
    # v2 -> v3: its mark says another day, yet Marram's row is the same entity, changed in place.
    later = rows_of(compute_redline(second, third).html)
    (changed,) = [r for r in later if "<ins" in r or "<del" in r]
    assert [r for r in later if "Marram" in r] == [changed]
    assert "January 12, 2027" in changed and "never content" in changed and "<del" in changed

@pytest.mark.parametrize(("value", "kind", "target"), [
    ("dpo@lanternfish.example.com", "email", "dpo@lanternfish.example.com"),
    ("mailto:dpo@lanternfish.example.com", "email", "dpo@lanternfish.example.com"),
    ("https://example.com/objections", "web", "https://example.com/objections"),
    ("legal/objections.md", "page", "legal/objections.md"),
])
def test_the_contact_is_an_address_a_web_page_or_a_page_of_the_site(value, kind, target):
    contact = read_contact(value)
    assert (contact.kind, contact.target) == (kind, target)


def test_a_page_contact_links_to_its_page_and_section():
    contact = read_contact("/privacy.md#contact")
    assert contact == Contact("page", "privacy.md", "#contact")
    assert contact.href(lambda path: path.removesuffix(".md") + "/") == "privacy/#contact"
    assert read_contact("dpo@example.com").href(str) == "mailto:dpo@example.com"


@pytest.mark.parametrize("value", ["dpo at example.com", "ftp://example.com/x", "../outside.md", "objections",
                                   "", "a@b@c.com", 42])
def test_anything_else_is_refused_saying_what_it_must_be(value):
    with pytest.raises(ValueError, match=r"must be an email address .* a web address .* a page of the site"):
        read_contact(value)
