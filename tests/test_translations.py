"""Translations beside their policy: which controlling version each matches, current or behind."""

from __future__ import annotations

import datetime as dt

from generator.translations import missing_versions, split_language, translation_status
from tests.gitrepo import policy

EN = "We keep your email address to sign you in."
DE = "Wir speichern Ihre E-Mail-Adresse, um Sie anzumelden."


def _pair(history):
    controlling = next(p for p in history.policies if p.translates is None)
    (translation,) = history.translations(controlling.id)
    return controlling, translation


def test_file_names_with_a_language_suffix_are_translations():
    assert split_language("privacy.de.md") == ("privacy.md", "de")
    assert split_language("legal/privacy.ja.md") == ("legal/privacy.md", "ja")
    assert split_language("privacy.pt-BR.md") == ("privacy.md", "pt-BR")
    assert split_language("terms.old.md") is None  # not a language Babel knows
    assert split_language("v1.2.md") is None
    assert split_language("privacy.md") is None
    # `eu` is Basque to Babel; a site whose privacy.eu.md is its EU policy lists the languages it has.
    assert split_language("privacy.eu.md") == ("privacy.md", "eu")
    assert split_language("privacy.eu.md", ("de", "ja")) is None
    assert split_language("privacy.de.md", ("de", "ja")) == ("privacy.md", "de")
    assert split_language("privacy.de.md", ()) is None


def test_inferred_translation_of_and_status_switch_as_versions_land(repo, history_of):
    repo.write("privacy.md", policy("Privacy Policy", EN, summary="First"))
    repo.commit("Publish privacy", "2024-01-10T10:00:00+00:00")
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE, summary="Erste Übersetzung"))
    repo.commit("Translate privacy into German", "2024-01-20T10:00:00+00:00")
    history, problems = history_of(repo, as_of=dt.date(2024, 1, 25))
    assert problems == []
    controlling, german = _pair(history)
    assert [p.id for p in history.controlling] == ["privacy"]  # one policy, whatever its translations
    assert german.language == "de" and german.translates == "privacy"
    assert german.versions[0].translation_of == 1 and not german.versions[0].translation_declared
    assert translation_status(german, controlling) == "current"

    repo.write("privacy.md", policy("Privacy Policy", EN + " We delete it after a year.", summary="Retention"))
    repo.commit("Say how long", "2024-03-01T10:00:00+00:00")
    history, _ = history_of(repo, as_of=dt.date(2024, 3, 2))
    controlling, german = _pair(history)
    assert translation_status(german, controlling) == "behind"
    assert [v.number for v in missing_versions(german, controlling)] == [2]

    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE + " Wir löschen sie nach einem Jahr.",
                                       summary="Aufbewahrung"))
    repo.commit("German catches up", "2024-03-05T10:00:00+00:00")
    history, _ = history_of(repo, as_of=dt.date(2024, 3, 6))
    controlling, german = _pair(history)
    assert [v.translation_of for v in german.versions] == [1, 2]
    assert translation_status(german, controlling) == "current"
    assert missing_versions(german, controlling) == ()


def test_declared_translation_of_wins_over_dates(repo, history_of):
    repo.write("privacy.md", policy("Privacy Policy", EN, summary="First"))
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", EN + " And more.", summary="More"))
    repo.commit("Amend", "2024-02-10T10:00:00+00:00")
    # Translated from version 1, merged after version 2 landed: the front matter says so.
    repo.write("privacy.ja.md", policy("プライバシーポリシー", "当社はお客様のメールアドレスを保管します。",
                                       summary="日本語訳", translation_of=1))
    repo.commit("Japanese translation of version 1", "2024-02-20T10:00:00+00:00")
    history, problems = history_of(repo, as_of=dt.date(2024, 3, 1))
    assert problems == []
    controlling, japanese = _pair(history)
    assert japanese.versions[0].translation_of == 1 and japanese.versions[0].translation_declared
    assert translation_status(japanese, controlling) == "behind"
    assert [v.number for v in missing_versions(japanese, controlling)] == [2]


def test_translation_added_before_the_controlling_policy_matches_nothing_until_it_catches_up(repo, history_of):
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE, summary="Vorab"))
    repo.commit("German first", "2024-01-05T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", EN, summary="First"))
    repo.commit("Publish privacy", "2024-01-10T10:00:00+00:00")
    history, _ = history_of(repo, as_of=dt.date(2024, 1, 11))
    controlling, german = _pair(history)
    assert german.versions[0].translation_of is None
    assert translation_status(german, controlling) == "behind"
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE + " Gültig ab heute.", summary="Abgleich"))
    repo.commit("German matches version 1", "2024-01-12T10:00:00+00:00")
    history, _ = history_of(repo, as_of=dt.date(2024, 1, 13))
    controlling, german = _pair(history)
    assert german.versions[-1].translation_of == 1
    assert translation_status(german, controlling) == "current"


def test_a_deleted_translation_is_retired_and_keeps_its_versions(repo, history_of):
    repo.write("privacy.md", policy("Privacy Policy", EN, summary="First"))
    repo.write("privacy.de.md", policy("Datenschutzerklärung", DE, summary="Erste"))
    repo.commit("Publish both", "2024-01-10T10:00:00+00:00")
    repo.remove("privacy.de.md")
    repo.commit("Withdraw the German translation", "2024-06-01T10:00:00+00:00")
    history, _ = history_of(repo, as_of=dt.date(2024, 6, 2))
    controlling, german = _pair(history)
    assert german.status == "retired" and german.retirement.summary == "Withdraw the German translation"
    assert len(german.versions) == 1 and german.translates == "privacy"
    assert [p.id for p in history.controlling] == ["privacy"]
