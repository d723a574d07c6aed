"""A real `mkdocs build --strict` of a site with translations: pages, languages, banners, feeds, manifest."""

from __future__ import annotations

import json
import re

import feedparser
import pypdf

from tests.gitrepo import policy
from tests.sites import build, exists, read_page, write_config

EN = "We keep your email address to sign you in.\n\n## Contact\n\nWrite to us."
DE = "Wir speichern Ihre E-Mail-Adresse, um Sie anzumelden.\n\n## Kontakt\n\nSchreiben Sie uns."
JA = "当社は、お客様のメールアドレスをログインのために保管します。\n\n## お問い合わせ\n\nご連絡ください。"


def _site(repo):
    write_config(repo)
    repo.write("index.md", "---\ntitle: Legal\n---\n\n# Legal\n\nSee [privacy](privacy.md).\n")
    repo.write("privacy.md", policy("Privacy Policy", EN, summary="First publication."))
    repo.commit("Publish privacy", "2024-01-10T10:00:00+00:00")
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE, summary="Deutsche Fassung"))
    repo.write("privacy.ja.md", policy("プライバシーポリシー", JA, summary="日本語版"))
    repo.commit("Translate privacy", "2024-01-20T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", EN.replace("sign you in", "sign you in and send receipts"),
                                    summary="Receipts"))
    repo.commit("Receipts", "2024-03-01T10:00:00+00:00")
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE.replace("anzumelden", "anzumelden und "
                                       "Quittungen zu senden"), summary="Quittungen"))
    repo.commit("German catches up", "2024-03-04T10:00:00+00:00")
    repo.write("privacy.ja.md", policy("プライバシーポリシー", JA.replace("ご連絡ください", "いつでもご連絡ください"),
                                       summary="表現の修正", translation_of=1))
    repo.commit("Japanese wording, still version 1", "2024-03-05T10:00:00+00:00")


def test_translations_build_with_languages_banners_feeds_and_manifest(repo, tmp_path):
    _site(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2024-03-10")
    assert result.returncode == 0, result.stderr

    manifest = json.loads((site / "policies.json").read_text())
    (privacy,) = [p for p in manifest["policies"] if p["id"] == "privacy"]
    assert [p["id"] for p in manifest["policies"]] == ["privacy"]  # translations are not policies of their own
    assert privacy["language"] == "en"
    by_language = {t["language"]: t for t in privacy["translations"]}
    assert set(by_language) == {"de", "ja"}
    german, japanese = by_language["de"], by_language["ja"]
    assert set(german) == {"language", "url", "history_url", "status", "translation_of", "last_updated", "feeds",
                           "versions"}
    assert (german["status"], german["translation_of"]) == ("current", 2)
    assert (japanese["status"], japanese["translation_of"]) == ("behind", 1)
    assert german["url"] == "privacy.de/" and german["history_url"] == "versions/privacy.de/"
    assert [v["id"] for v in german["versions"]] == ["privacy.de@1", "privacy.de@2"]
    assert set(german["versions"][0]) == set(privacy["versions"][0])
    for translation in (german, japanese):
        for version in translation["versions"]:
            assert exists(site, version["url"])
            assert version["redline_url"] is None or exists(site, version["redline_url"])

    # The Japanese page: its language, a locale-formatted stamp, the governing notice and the behind banner.
    html = read_page(site, "privacy.ja/")
    assert re.search(r'<html[^>]*\blang="ja"', html)
    assert 'datetime="2024-03-05"' in html and "2024年3月5日" in html
    assert "policy-banner--translation" in html and "効力を有するのは英語の本文です" in html
    banner = html.split("policy-banner--translation-behind", 1)[1].split("</div>", 1)[0]
    assert 'datetime="2024-03-01"' in banner and "2024年3月1日" in banner
    assert '../versions/privacy/2-changes/' in banner and "../privacy/" in banner
    # Every language links to the others: hreflang alternates and a visible list, the nav lists privacy once.
    for code, href in (("en", "../privacy/"), ("de", "../privacy.de/"), ("ja", "./")):
        assert f'hreflang="{code}" href="{href}"' in html
    assert 'class="policy-languages"' in html and ">Deutsch<" in html and ">日本語<" in html
    german_html = read_page(site, "privacy.de/")
    assert re.search(r'<html[^>]*\blang="de"', german_html)
    assert "5. März 2024" not in german_html and "4. März 2024" in german_html
    assert "policy-banner--translation-behind" not in german_html
    english = read_page(site, "privacy/")
    assert re.search(r'<html[^>]*\blang="en"', english) and 'hreflang="ja"' in english
    nav = english.split('class="md-nav__list"', 1)[1]
    assert nav.count("privacy.de/") <= 1 and "Datenschutzerklärung</span>" not in nav.split("policy-languages")[0]

    # The Japanese PDF is in Japanese: its language, its dates as on its page, its text; only labels are English.
    reader = pypdf.PdfReader(site / japanese["versions"][-1]["pdf_url"])
    assert reader.trailer["/Root"]["/Lang"] == "ja"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "2024年3月5日" in text and "いつでもご連絡ください" in text and "Published" in text
    assert pypdf.PdfReader(site / privacy["versions"][-1]["pdf_url"]).trailer["/Root"]["/Lang"] == "en"

    # Per-language feeds; the site's feed stays in the controlling language.
    feed = feedparser.parse((site / "feeds/privacy.ja.atom.xml").read_bytes())
    assert [e.title.split(" —")[0] for e in feed.entries][0].startswith("プライバシーポリシー")
    assert feed.feed.get("language", "ja") == "ja"
    everything = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    assert all("privacy.de" not in e.id and "privacy.ja" not in e.id for e in everything.entries)
    assert german["feeds"]["atom"] == "feeds/privacy.de.atom.xml"


def test_a_retired_translation_stays_published_and_leaves_the_language_list(repo, tmp_path):
    _site(repo)
    repo.remove("privacy.ja.md")
    repo.commit("Withdraw the Japanese translation", "2024-04-01T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2024-04-02")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((site / "policies.json").read_text())
    japanese = next(t for t in manifest["policies"][0]["translations"] if t["language"] == "ja")
    assert japanese["retired"]["summary"] == "Withdraw the Japanese translation"
    assert exists(site, japanese["url"]) and exists(site, japanese["versions"][0]["url"])
    assert 'hreflang="ja"' not in read_page(site, "privacy/")


def test_the_translations_option_keeps_a_regional_policy_a_policy_of_its_own(repo, tmp_path):
    write_config(repo, translations=["de"])
    repo.write("privacy.md", policy("Privacy Policy", EN, summary="First publication."))
    repo.write("privacy.eu.md", policy("Privacy Policy for the EU", EN + "\n\nThe GDPR applies.",
                                       summary="First publication."))
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE, summary="Deutsche Fassung"))
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2024-03-10")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((site / "policies.json").read_text())
    assert sorted(p["id"] for p in manifest["policies"]) == ["privacy", "privacy.eu"]
    (privacy,) = [p for p in manifest["policies"] if p["id"] == "privacy"]
    assert [t["language"] for t in privacy["translations"]] == ["de"]
    assert 'lang="eu"' not in read_page(site, "privacy.eu/")


def _banner(html: str, kind: str) -> str:
    return html.split(f'class="policy-banner policy-banner--{kind}"', 1)[1].split("</div>", 1)[0]


def test_our_words_on_a_translation_are_in_its_language_with_english_as_the_fallback(repo, tmp_path):
    _site(repo)
    repo.write("privacy.fr.md", policy("Politique de confidentialité", "Nous gardons votre adresse.",
                                       summary="Version française"))
    repo.commit("French, without a catalog", "2024-01-25T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of="2024-03-10")
    assert result.returncode == 0, result.stderr

    # Japanese (behind): governing notice, behind banner, stamp label, version list, history headings.
    ja = read_page(site, "privacy.ja/")
    notice = _banner(ja, "translation")
    assert 'role="note">' in notice  # in the page's language: no lang="en" left on it
    assert "これは翻訳です。効力を有するのは英語の本文です。" in notice
    assert 'hreflang="en">英語の本文を読む</a>' in notice
    behind = _banner(ja, "translation-behind")
    # Behind: says so first, then which controlling version it translates and which is in force; the
    # controlling text's summary is marked as English and said to be in English, in Japanese.
    assert "<strong>この翻訳は最新ではありません。</strong>" in behind
    assert ("英語の本文の第1版を翻訳したものです。現行の英語の本文は第2版（<time datetime=\"2024-03-01\">"
            "2024年3月1日</time>施行）です。") in behind
    assert "この翻訳にまだ反映されていない改定（要約は英語）：" in behind
    assert ">第2版での変更点</a>" in behind and '<span lang="en">Receipts</span>' in behind
    assert '<p class="policy-last-updated">最終改定日：<time datetime="2024-03-05">' in ja
    assert "<summary>第2版（全2版）</summary>" in ja and ">改定履歴</a>" in ja and "（正文）" in ja
    assert "Last Updated" not in ja and "governs" not in ja and "Follow changes" not in ja
    ja_history = read_page(site, "versions/privacy.ja/")
    assert "<h1>プライバシーポリシー：改定履歴</h1>" in ja_history
    assert "<title>プライバシーポリシー：改定履歴 - " in ja_history  # the page title too
    for heading in ("版", "有効期間", "公開日", "概要", "リンク"):
        assert f'<th scope="col">{heading}</th>' in ja_history
    assert "から現在まで" in ja_history and "data-policy-messages=" in ja_history

    # German (current): no behind banner, its own words for the same things.
    de = read_page(site, "privacy.de/")
    assert "Dies ist eine Übersetzung. Maßgeblich ist der Text auf Englisch." in _banner(de, "translation")
    assert '<p class="policy-last-updated">Stand: <time datetime="2024-03-04">4. März 2024</time></p>' in de
    assert "<summary>Fassung 2 von 2</summary>" in de and ">Versionsverlauf</a>" in de and "(maßgeblich)" in de
    de_history = read_page(site, "versions/privacy.de/")
    assert "<h1>Datenschutzerklärung: Versionsverlauf</h1>" in de_history
    assert '<th scope="col">Fassung</th><th scope="col">In Kraft</th><th scope="col">Veröffentlicht</th>' in de_history
    redline = read_page(site, "versions/privacy.de/2-changes/")
    assert "Was sich in Fassung 2 geändert hat" in redline and "Legende:" in redline
    assert re.search(r"\d+ Wörter? eingefügt,", redline)

    # French has no catalog: our words stay English, and say so with lang="en"; its dates are French.
    fr = read_page(site, "privacy.fr/")
    assert re.search(r'<html[^>]*\blang="fr"', fr)
    assert 'role="note" lang="en">' in fr and "This is a translation. The English text is the one that governs." in fr
    assert "<strong>This translation is out of date.</strong>" in fr
    assert "It translates version 1 of the English text; the English text in force is version 2, effective" in fr
    assert "The change it does not include yet, with its summary in English:" in fr
    assert 'hreflang="en">Read the English text in force</a>' in fr
    assert '<p class="policy-last-updated" lang="en">Last Updated: <time datetime="2024-01-25" lang="fr">' in fr
    assert "25 janvier 2024" in fr and "<summary>Version 1 of 1</summary>" in fr

    # The controlling language's pages keep our English words, unmarked.
    en = read_page(site, "privacy/")
    assert '<p class="policy-last-updated">Last Updated: <time datetime="2024-03-01">March 1, 2024</time></p>' in en
    assert "<summary>Version 2 of 2</summary>" in en and "policy-banner--translation" not in en
    assert '<span class="policy-languages__controlling" lang="en"> (governs)</span>' in en
    assert "data-policy-messages" not in read_page(site, "versions/privacy/")
