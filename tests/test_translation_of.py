"""A translation says which version of the controlling text it matches, and when that was published."""

from __future__ import annotations

import re

from tests.gitrepo import policy
from tests.sites import build, read_page, write_config

EN = "We keep your email address to sign you in."
DE = "Wir speichern Ihre E-Mail-Adresse, um Sie anzumelden."
JA = "当社は、お客様のメールアドレスをログインのために保管します。"


def matched(html: str) -> str:
    found = re.search(r'<p class="policy-translation-of">(.*?)</p>', html, re.S)
    assert found, "no sentence naming the controlling version"
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def test_translations_name_the_controlling_version_they_match(repo, tmp_path):
    write_config(repo)
    repo.write("privacy.md", policy("Privacy Policy", EN, summary="First publication."))
    repo.commit("Publish privacy", "2024-01-10T10:00:00+00:00")
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE, summary="Deutsche Fassung"))
    repo.write("privacy.ja.md", policy("プライバシーポリシー", JA, summary="日本語版"))
    repo.commit("Translate privacy", "2024-01-20T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", EN + " And to send receipts.", summary="Receipts"))
    repo.commit("Receipts", "2024-03-01T10:00:00+00:00")
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE + " Und um Quittungen zu senden.",
                                       summary="Quittungen"))
    repo.commit("German catches up", "2024-03-04T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert matched(read_page(site, "privacy.de/")) == (
        "Übersetzung der Fassung 2 des Textes auf Englisch, veröffentlicht am 1. März 2024.")
    assert matched(read_page(site, "versions/privacy.de/1/")) == (
        "Übersetzung der Fassung 1 des Textes auf Englisch, veröffentlicht am 10. Januar 2024.")
    # Behind: the Japanese text still translates version 1, whatever the English page says now.
    assert matched(read_page(site, "privacy.ja/")) == "英語の本文の第1版（2024年1月10日公開）に対応する翻訳です。"
    assert 'class="policy-translation-of"' not in read_page(site, "privacy/")
