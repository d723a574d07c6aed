"""Real `mkdocs build --strict` builds of a list that announces a sub-processor: the announced row marked
in the list in force, on its version's page, in its redline and in its PDF; how to object
(`objections_contact`) beside every objection deadline; nothing new without the option."""

from __future__ import annotations

import re

import feedparser
import icalendar
import pypdf

from tests.gitrepo import policy
from tests.lists import KESTREL_WEBSITE, TOLLGATE, listed, marram
from tests.sites import build, read_page, write_config

LIST = listed(KESTREL_WEBSITE, TOLLGATE)
MARRAM = marram(locations="[Netherlands (EU)]", website="https://marram.example")
DEADLINE = ('from <time datetime="2027-01-05">January 5, 2027</time>; objections until '
            '<time datetime="2027-01-04">January 4, 2027</time>')
EMAILED = ('To object, write to <a href="mailto:dpo@legal.example.com">dpo@legal.example.com</a>.')


def announcing(repo, **options: object) -> None:
    write_config(repo, **options)
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.\n\n## Contact\n\nWrite to us."))
    repo.write("subprocessors.yml", LIST)
    repo.commit("Publish", "2026-06-01T10:00:00+00:00")
    repo.write("subprocessors.yml", LIST.replace("  - name: Tollgate", MARRAM + "  - name: Tollgate"))
    repo.commit("Announce Marram", "2026-11-26T10:00:00+00:00")


def text_part(page: str) -> str:
    return page[page.index('<div class="policy-text">'):page.index("</article>")]


def rows(html: str) -> list[str]:
    return re.findall(r"<tr\b[^>]*>.*?</tr>", html, re.S)


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_announced_row_is_marked_everywhere_the_list_is_shown(repo, tmp_path):
    announcing(repo, objections_contact="dpo@legal.example.com")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr

    # The list in force: Marram is a row of its own table, after Kestrel, marked in words.
    current = read_page(site, "subprocessors/")
    table = rows(text_part(current))
    assert [words(r).split(" ")[0] for r in table] == ["Sub-processor", "Kestrel", "Marram", "Tollgate"]
    assert DEADLINE in table[2] and '<strong class="policy-entry-announced__badge">announced</strong>' in table[2]
    assert "policy-entry" not in table[1] + table[3]

    # The announced version's own page: the same marking, no ISO day in its text.
    version = text_part(read_page(site, "versions/subprocessors/2/"))
    assert DEADLINE in version
    assert not re.search(r"\d{4}-\d{2}-\d{2}", words(version.split('<p class="policy-fingerprint"')[0]))
    # A version that announces nothing shows nothing new.
    assert "policy-entry" not in read_page(site, "versions/subprocessors/1/")

    # The redline: Marram's row is added, Tollgate's and Kestrel's untouched.
    redline = read_page(site, "versions/subprocessors/2-changes/")
    marked = [r for r in rows(redline[redline.index('<div class="redline">'):]) if "<ins" in r or "<del" in r]
    assert len(marked) == 1 and "redline-row-ins" in marked[0] and "Marram Analytics B.V." in marked[0]
    assert "<del" not in marked[0]

    # The PDF of the version is made from its page: the marking is in its text.
    reader = pypdf.PdfReader(site / "versions/subprocessors/2.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "announced from January 5, 2027; objections until January 4, 2027" in text

    # How to object, with each deadline: the banner, the recent changes, the feeds and the calendar.
    banner = current[current.index('<div class="policy-banner policy-banner--upcoming"'):]
    banner = banner[:banner.index("</div>")]
    assert "objections until" in banner and EMAILED in banner
    recent = current[current.index('<section class="policy-recent"'):current.index("</section>")]
    assert EMAILED in recent
    assert EMAILED in read_page(site, "versions/subprocessors/2/")  # its "not in force yet" banner
    entry = feedparser.parse((site / "feeds/subprocessors.atom.xml").read_bytes()).entries[0]
    assert 'To object, write to <a href="mailto:dpo@legal.example.com">' in entry.content[0].value
    calendar = icalendar.Calendar.from_ical((site / "feeds/subprocessors.ics").read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("subprocessors@2@")]
    assert "objections until January 4, 2027.\nTo object, write to dpo@legal.example.com." in str(event["description"])


def test_without_the_option_nothing_is_said_and_a_page_contact_links_to_its_page(repo, tmp_path):
    announcing(repo)
    plain = tmp_path / "plain"
    result = build(repo, site_dir=plain)
    assert result.returncode == 0, result.stderr
    for page in plain.rglob("*.html"):
        assert "policy-objections" not in page.read_text(encoding="utf-8"), page
    assert "To object" not in (plain / "feeds/subprocessors.atom.xml").read_text(encoding="utf-8")

    write_config(repo, objections_contact="privacy.md#contact")
    paged = tmp_path / "paged"
    result = build(repo, site_dir=paged)
    assert result.returncode == 0, result.stderr
    current = read_page(paged, "subprocessors/")
    assert current.count('<p class="policy-objections"><a href="../privacy/#contact">How to object</a></p>') == 2
    entry = feedparser.parse((paged / "feeds/subprocessors.atom.xml").read_bytes()).entries[0]
    assert '<a href="https://legal.example.com/privacy/#contact">How to object</a>' in entry.content[0].value
    # The list's page marks the same rows with or without a contact.
    assert rows(text_part(current)) == rows(text_part(read_page(plain, "subprocessors/")))


def test_the_option_is_checked_and_a_page_that_is_not_there_fails_a_strict_build(repo, tmp_path):
    announcing(repo, objections_contact="the DPO")
    result = build(repo, site_dir=tmp_path / "bad")
    assert result.returncode != 0
    assert "option 'objections_contact': must be an email address" in result.stderr
    assert "(got 'the DPO')" in result.stderr

    write_config(repo, objections_contact="objections.md")
    result = build(repo, site_dir=tmp_path / "missing")
    assert result.returncode != 0
    assert "objections_contact: 'objections.md' is not a page of the site" in result.stderr
