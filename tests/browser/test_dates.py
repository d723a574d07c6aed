"""One date format per language: banners, stamps and lists of who changed never mix ISO days or
"5 January 2027" into English pages written "January 5, 2027", and every banner sentence ends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY_FIRST = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
BANNER = re.compile(r'<div class="policy-banner.*?</div>', re.S)
WHO_CHANGED = re.compile(r'<section class="policy-entity-changes".*?</section>', re.S)
# An editor's own summary is quoted as written; our words around it are what this checks.
SUMMARY = re.compile(r'<span class="policy-banner__summary".*?</span>', re.S)
TAG = re.compile(r"<[^>]+>")


def words(html: str) -> str:
    return " ".join(TAG.sub(" ", SUMMARY.sub("", html)).split())


def english_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("index.html") if '<html lang="en"' in p.read_text(encoding="utf-8")[:400]]


def test_banners_and_who_changed_use_one_date_format(site_dir: Path) -> None:
    found = []
    for page in english_pages(site_dir):
        html = page.read_text(encoding="utf-8")
        for block in BANNER.findall(html) + WHO_CHANGED.findall(html):
            text = words(block)
            if ISO.search(text) or DAY_FIRST.search(text):
                found.append(f"{page.relative_to(site_dir)}: {text[:160]}")
    assert not found, "dates in another format than the page's:\n" + "\n".join(found[:10])


def test_banner_sentences_end_with_a_full_stop(site_dir: Path) -> None:
    unfinished = []
    for page in site_dir.rglob("index.html"):
        for block in BANNER.findall(page.read_text(encoding="utf-8")):
            first = block.split("</p>")[0]
            text = words(first.split("<a ")[0])
            if text and not text.endswith((".", "。", ":", "：")):
                unfinished.append(f"{page.relative_to(site_dir)}: {text[-80:]}")
    assert not unfinished, "banner sentences without an end:\n" + "\n".join(sorted(set(unfinished))[:10])


def test_upcoming_list_banner_says_who_changes_in_readers_words(site_dir: Path) -> None:
    banner = BANNER.findall((site_dir / "subprocessors" / "index.html").read_text(encoding="utf-8"))
    upcoming = next(b for b in banner if "policy-banner--upcoming" in b)
    text = " ".join(TAG.sub("", upcoming).split())
    assert "Takes effect on January 5, 2027. Added: Marram Analytics B.V." in text
    assert "from January 5, 2027." in text and "Announce" not in text
