"""Records for customers and auditors on small built sites: a PDF of every version, cached and stable;
periods in force in the manifest and on the history page; the Cite block; `pdf: false`."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import shutil

import pypdf
import pytest
from click.testing import CliRunner

from generator.cache import Cache
from generator.cli import main
from generator.model import Policy
from generator.pdf import PdfFacts, pdf_job
from tests.gitrepo import policy
from tests.sites import build, read_page, write_config

pytestmark = pytest.mark.slow


def _history(repo):
    repo.write("privacy.md", policy("Privacy Policy", "We keep little about you.\n\n## Contact\n\nWrite to us.",
                                    summary="First publication."))
    repo.write("beta.md", policy("Beta Terms", "Try things at your own risk.", summary="First"))
    repo.commit("Publish", "2023-10-09T23:30:00-08:00")
    repo.write("privacy.md", policy("Privacy Policy", "We keep very little about you.\n\n## Contact\n\nWrite to us.",
                                    summary="Say very little"))
    repo.commit("Amend privacy", "2024-02-01T10:00:00+00:00")
    repo.remove("beta.md")
    repo.commit("Retire the beta terms", "2024-04-01T10:00:00+00:00")
    # Announced on the 20th, in force from 15 January: an upcoming version on the as-of day.
    repo.write("privacy.md", policy("Privacy Policy", "We keep almost nothing about you.\n\n## Contact\n\nWrite.",
                                    summary="Almost nothing", effective="2027-01-15"))
    repo.commit("Announce", "2026-11-20T10:00:00+00:00")


def _manifest(site) -> dict:
    return json.loads((site / "policies.json").read_text(encoding="utf-8"))


def _pdfs(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.pdf"))}


def test_periods_are_contiguous_up_to_the_upcoming_version_and_shown_on_the_history_page(repo, tmp_path):
    write_config(repo)
    _history(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    by_id = {p["id"]: p for p in _manifest(site)["policies"]}
    privacy = by_id["privacy"]["versions"]
    assert [v["status"] for v in privacy] == ["superseded", "in-force", "upcoming"]
    assert [v["in_force_until"] for v in privacy] == ["2024-01-31", "2027-01-14", None]
    for before, after in zip(privacy, privacy[1:], strict=False):
        last = dt.date.fromisoformat(before["in_force_until"])
        assert last + dt.timedelta(days=1) == dt.date.fromisoformat(after["effective"])
    # A retired policy's last version applied up to the day before its retirement.
    assert [v["in_force_until"] for v in by_id["beta"]["versions"]] == ["2024-03-31"]

    page = read_page(site, "versions/privacy/")
    rows = re.findall(r'<tr class="policy-history__row[^"]*" data-number="(\d)" data-status="([a-z-]+)" '
                      r'data-from="([\d-]+)" data-until="([\d-]*)"', page)
    assert rows == [("3", "upcoming", "2027-01-15", ""), ("2", "in-force", "2024-02-01", "2027-01-14"),
                    ("1", "superseded", "2023-10-10", "2024-01-31")]
    assert ('<time datetime="2024-02-01">February 1, 2024</time> to '
            '<time class="policy-until" datetime="2027-01-14">') in page
    assert 'from <time datetime="2027-01-15">' in page
    # The lookup is a field that JavaScript shows; without it the table of periods is the answer.
    assert re.search(r'<div class="policy-lookup" data-policy-lookup [^>]*hidden>', page)
    # The archived page's banner ends its period on its last day too.
    archived = read_page(site, "versions/privacy/1/")
    assert 'In force from <time datetime="2023-10-10">October 10, 2023</time> to ' \
           '<time class="policy-until" datetime="2024-01-31">January 31, 2024</time>.' in archived


def test_every_version_has_a_pdf_with_its_record_and_the_cite_block_points_at_it(repo, tmp_path):
    write_config(repo)
    _history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    for entry in _manifest(site)["policies"]:
        for version in entry["versions"]:
            data = (site / version["pdf_url"]).read_bytes()
            assert version["pdf_url"] == f"versions/{entry['id']}/{version['number']}.pdf"
            assert hashlib.sha256(data).hexdigest() == version["pdf_sha256"]
            reader = pypdf.PdfReader(io.BytesIO(data))
            text = " ".join(page.extract_text() for page in reader.pages)
            for fact in (version["commit"], version["sha256"], f"https://legal.example.com/{version['url']}"):
                assert fact in text
            published = dt.datetime.fromisoformat(version["published"])
            assert reader.metadata.creation_date == published
            assert reader.metadata.modification_date == published
            assert reader.metadata.title == f"{entry['title']} (version {version['number']})"
            assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] == True  # tagged  # noqa: E712
            assert "/StructTreeRoot" in reader.trailer["/Root"]
            cite = read_page(site, version["url"])
            block = re.search(r'<section class="policy-cite".*?</section>', cite, re.S).group(0)
            assert f"PDF: https://legal.example.com/{version['pdf_url']}" in block
            assert version["sha256"] in block and version["commit"] in block
            assert f'href="../{version["number"]}.pdf"' in block
    first = pypdf.PdfReader(site / "versions/privacy/1.pdf")
    words = " ".join(page.extract_text() for page in first.pages)
    assert "We keep little about you." in words and "Write to us." in words
    assert [item["/Title"] for item in _flatten(first.outline)] == ["Privacy Policy", "Contact"]


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_pdfs_are_the_same_bytes_without_the_cache_and_a_new_version_renders_one_pdf(repo, tmp_path):
    write_config(repo)
    _history(repo)
    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    assert build(repo, site_dir=first).returncode == 0
    cache = repo.root / ".cache" / "policy"
    entries = sorted(cache.rglob("*.pdf"))
    assert len(entries) == 4  # three versions of privacy, one of beta
    for entry in entries:
        entry.unlink()
    assert build(repo, site_dir=second, extra_env={"TZ": "Pacific/Kiritimati"}).returncode == 0
    assert _pdfs(first) == _pdfs(second)
    assert _manifest(first) == _manifest(second)

    repo.write("privacy.md", policy("Privacy Policy", "We keep nothing about you.\n\n## Contact\n\nWrite.",
                                    summary="Nothing", effective="2027-03-01"))
    repo.commit("Announce again", "2026-11-25T10:00:00+00:00")
    before = {p.name for p in cache.rglob("*.pdf")}
    assert build(repo, site_dir=third).returncode == 0
    made = {p.name for p in cache.rglob("*.pdf")} - before
    assert len(made) == 1, "a new version renders its own PDF and no other"
    old = _pdfs(first)
    new = _pdfs(third)
    assert set(new) == set(old) | {"versions/privacy/4.pdf"}
    assert all(new[path] == data for path, data in old.items()), "published PDFs never change"


def _logo(fill: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
            f'<rect width="40" height="20" fill="{fill}"/></svg>\n')


def test_an_image_replaced_at_the_same_path_makes_a_new_pdf_not_a_stale_one(repo, tmp_path):
    write_config(repo)
    repo.write("logo.svg", _logo("#c00000"))
    repo.write("privacy.md", policy("Privacy Policy", "Our logo:\n\n![Lanternfish logo](logo.svg)\n\nWe keep little.",
                                    summary="First publication."))
    repo.commit("Publish", "2024-02-01T10:00:00+00:00")
    first, second, fresh = tmp_path / "first", tmp_path / "second", tmp_path / "fresh"
    assert build(repo, site_dir=first).returncode == 0
    assert (first / "logo.svg").read_text() == _logo("#c00000")

    # Only the image's bytes change: same path, same policy text, same cache.
    repo.write("logo.svg", _logo("#0000c0"))
    repo.commit("A blue logo", "2024-03-01T10:00:00+00:00")
    result = build(repo, site_dir=second)
    assert result.returncode == 0, result.stderr
    old, new = _pdfs(first)["versions/privacy/1.pdf"], _pdfs(second)["versions/privacy/1.pdf"]
    assert old != new, "the PDF served from the cache shows the old image"
    # What the cache gave is what rendering from nothing gives now: the site's image as it is.
    shutil.rmtree(repo.root / ".cache")
    assert build(repo, site_dir=fresh).returncode == 0
    assert _pdfs(fresh)["versions/privacy/1.pdf"] == new
    assert _manifest(second)["policies"][0]["versions"][0]["pdf_sha256"] == hashlib.sha256(new).hexdigest()
    # The image really is in the PDF: its colour is drawn (an SVG becomes drawing operators).
    red, blue = (0.753, 0.0, 0.0), (0.0, 0.0, 0.753)
    assert red in _fills(old) and blue not in _fills(old)
    assert blue in _fills(new) and red not in _fills(new)
    # A published PDF changed: the deploy's `policy verify` with the new build says so.
    verify = CliRunner().invoke(main, ["--config-file", str(repo.root / "mkdocs.yml"), "--as-of", "2026-11-27",
                                       "verify", "--against", str(first / "policies.json"), "--site", str(second)])
    assert verify.exit_code == 1
    assert "privacy@1: published pdf_sha256 changed" in verify.output


def _fills(data: bytes) -> set[tuple[float, ...]]:
    """The fill colours (`r g b rg`) the PDF's pages draw with, in their content and in the forms
    they draw (an SVG image becomes a form of drawing operators)."""
    colours = set()

    def scan(content: str) -> None:
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|scn|sc)\b", content):
            colours.add((round(float(r), 3), round(float(g), 3), round(float(b), 3)))

    def forms(resources, seen: set[int]) -> None:
        xobjects = (resources or {}).get("/XObject") or {}
        for ref in xobjects.values():
            form = ref.get_object()
            if id(form) in seen or form.get("/Subtype") != "/Form":
                continue
            seen.add(id(form))
            scan(form.get_data().decode("latin-1"))
            forms(form.get("/Resources"), seen)

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        scan(page.get_contents().get_data().decode("latin-1"))
        forms(page.get("/Resources"), set())
    return colours


def test_a_pdf_job_keys_on_the_images_it_shows_and_reads_no_other_file(tmp_path):
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "a.svg").write_text(_logo("red"))
    (site / "secret.txt").write_text("not shown")
    document = ('<p><img src="../../../img/a.svg" alt="a"><img src="https://legal.example.com/img/b.svg" alt="b">'
                '<img src="https://elsewhere.example/x.png" alt="x"><img src="file:///etc/passwd" alt="o">'
                '<a href="../../../secret.txt">a link is not read</a></p>')
    base = "https://legal.example.com/versions/privacy/1/"
    facts = PdfFacts("Example", "Privacy", 1, "1 May 2024", "1 May 2024", "a" * 40, "b" * 64,
                     "https://legal.example.com/versions/privacy/1/")
    moment = dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)

    def job():
        return pdf_job(facts, document, base, str(site), "https://legal.example.com/", moment, "privacy, version 1")

    first = job()
    assert first.resources == ("img/a.svg", "img/b.svg")  # b.svg does not exist yet: still in the key
    assert '"/img/a.svg"' in first.source and "b.svg" not in first.source and "passwd" not in first.source
    (site / "img" / "a.svg").write_text(_logo("blue"))
    changed = job()
    (site / "img" / "b.svg").write_text(_logo("green"))
    appeared = job()
    assert len({first.key, changed.key, appeared.key}) == 3
    assert job().key == appeared.key


def test_pdf_false_makes_no_pdfs_and_says_so_in_the_manifest(repo, tmp_path):
    write_config(repo, pdf=False)
    _history(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert not list(site.rglob("*.pdf"))
    versions = [v for p in _manifest(site)["policies"] for v in p["versions"]]
    assert {(v["pdf_url"], v["pdf_sha256"]) for v in versions} == {(None, None)}
    assert ".pdf" not in read_page(site, "versions/privacy/") + read_page(site, "versions/privacy/1/")
    assert "Cite this version" in read_page(site, "versions/privacy/1/")


def test_in_force_on_a_day_inside_before_and_after_the_history(history_of, repo):
    _history(repo)
    history, _ = history_of(repo)
    privacy: Policy = history.policy("privacy")
    beta = history.policy("beta")
    assert privacy.in_force_on(dt.date(2023, 10, 9)) is None  # before the first effective day
    assert privacy.in_force_on(dt.date(2023, 10, 10)).number == 1
    assert privacy.in_force_on(dt.date(2024, 1, 31)).number == 1
    assert privacy.in_force_on(dt.date(2024, 2, 1)).number == 2
    assert privacy.in_force_on(dt.date(2027, 1, 14)).number == 2
    assert privacy.in_force_on(dt.date(2031, 5, 5)).number == 3  # after: the last version, open-ended
    assert beta.in_force_on(dt.date(2024, 3, 31)).number == 1
    assert beta.in_force_on(dt.date(2024, 4, 1)) is None  # retired


def test_the_cache_keeps_bytes_apart_from_json(tmp_path):
    cache = Cache(tmp_path)
    cache.put_bytes("pdf", "ab" * 32, b"%PDF-1.7 bytes", ".pdf")
    cache.put("pdf", "ab" * 32, {"json": True})
    assert cache.get_bytes("pdf", "ab" * 32, ".pdf") == b"%PDF-1.7 bytes"
    assert cache.get("pdf", "ab" * 32) == {"json": True}
    assert Cache(None).get_bytes("pdf", "cd" * 32) is None
