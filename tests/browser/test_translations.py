"""The demo's translations in a real browser: language, governing notice, behind banner, language list."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser


def test_behind_translation_shows_its_language_the_banner_and_its_links(visit) -> None:
    page, watch = visit(PAGE_TYPES["translation-behind"], wait="networkidle")
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.locator(".policy-last-updated time").first.inner_text() == "2026年12月1日"
    # Our words are in Japanese too: which text governs, and that this one is behind (dated in Japanese).
    notice = page.locator(".policy-banner--translation")
    assert "効力を有するのは英語の本文です" in notice.inner_text()
    assert notice.get_attribute("lang") is None
    assert notice.get_by_role("link", name="英語の本文を読む").get_attribute("hreflang") == "en"
    banner = page.locator(".policy-banner--translation-behind")
    assert banner.is_visible()
    # Out of date, said first; which English version it translates and which is in force; the English
    # summary marked as English, and said to be in English.
    assert banner.locator("strong").first.inner_text() == "この翻訳は最新ではありません。"
    said = "英語の本文の第5版を翻訳したものです。現行の英語の本文は第6版（2026年2月9日施行）です。"
    assert said in banner.inner_text()
    assert "（要約は英語）" in banner.locator(".policy-banner__lead").inner_text()
    assert banner.locator(".policy-banner__changes [lang=en]").inner_text().startswith("Requests to exercise")
    # It looks like a warning, not like the translation notice above it.
    look = "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).borderLeftColor]"
    assert banner.evaluate(look) != notice.evaluate(look)
    # The theme's own words are Japanese too: the search box and the table of contents.
    assert page.locator(".md-search__input").get_attribute("placeholder") == "検索"
    assert page.locator("nav.md-nav--secondary").get_attribute("aria-label") == "目次"
    # The redline of what this translation lacks, one click away.
    banner.get_by_role("link", name="第6版での変更点").click()
    page.wait_for_load_state()
    assert page.url.endswith("/versions/privacy/6-changes/")
    assert page.locator(".redline ins").count() > 0
    assert not watch.problems(), watch.problems()


def test_language_list_and_alternates_link_every_language(visit) -> None:
    page, _ = visit(PAGE_TYPES["current"])
    links = page.locator(".policy-languages a")
    assert links.all_inner_texts() == ["English", "Deutsch", "日本語"]
    alternates = page.eval_on_selector_all("link[hreflang]", "ls => ls.map(l => [l.hreflang, l.href])")
    assert [code for code, _ in alternates] == ["en", "de", "ja"]
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator(".policy-banner--translation-behind").count() == 0
    assert "30. November 2026" in page.locator(".policy-last-updated").inner_text()
    # The site's navigation lists the privacy policy once, in the controlling language.
    nav = page.locator(".md-nav--primary").inner_text()
    assert "Datenschutzerklärung" not in nav and "プライバシーポリシー" not in nav


def test_a_translation_catching_up_has_its_own_redline(visit) -> None:
    page, _ = visit("/versions/privacy.de/2-changes/")
    assert page.evaluate("document.documentElement.lang") == "de"
    marks = page.locator(".redline ins, .redline del").all_inner_texts()
    assert "Anfragezentrum" in marks and "Formular" in marks


def test_japanese_redline_marks_the_changed_phrases_inside_the_paragraph(visit) -> None:
    page, _ = visit(PAGE_TYPES["translation-redline"])
    assert page.evaluate("document.documentElement.lang") == "ja"
    changed = page.locator(".redline li:has(ins)")
    assert changed.count() == 1
    whole = changed.inner_text()
    marks = changed.locator("ins, del").all_inner_texts()
    assert marks and sum(len(m) for m in marks) < len(whole) / 3, marks
    assert marks == ["押した", "クリックした", "その"]


def test_a_translations_history_page_answers_the_day_lookup_in_its_language(visit) -> None:
    page, watch = visit("/versions/privacy.ja/")
    assert page.locator("th").first.inner_text() == "版"
    page.fill("#policy-lookup-day", "2001-01-01")
    page.get_by_role("button", name="版を調べる").click()
    answer = page.locator(".policy-lookup__answer")
    assert answer.inner_text().startswith("2001年1月1日に適用されていた版はありません。")
    page.fill("#policy-lookup-day", page.locator("tr[data-from]").last.get_attribute("data-from"))
    page.get_by_role("button", name="版を調べる").click()
    assert answer.locator("a").first.inner_text() == "第1版を読む"
    assert not watch.problems(), watch.problems()
