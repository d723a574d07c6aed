"""Day-one strict, the reading side: real repositories' past read as it is. A heading of any level
that opens a file is its title; a file deleted and added again continues its policy; a typed
"Effective DATE" on or after publication is the effective date; translations in a folder per
language or per document are recognised."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.documents import opening_heading, read_document
from generator.gitlog import GitRepository
from generator.history import Options, read_history
from generator.stamps import find_stamp_lines
from generator.translations import split_language, translation_layouts
from tests.conftest import render
from tests.sites import build, exists, read_page, write_config

NO_SECTIONS = lambda path: None  # noqa: E731


# -- 1. a heading of any level that opens the file is its title -------------------------------------
def test_a_heading_of_any_level_that_opens_the_file_is_its_title():
    assert opening_heading("Privacy Policy\n---\n\nWe keep little.\n") == "Privacy Policy"  # setext h2
    assert opening_heading("\n## Terms of Service ##\n\nText.\n") == "Terms of Service"
    assert opening_heading("### DMCA\nText.\n") == "DMCA"
    assert opening_heading("Words first.\n\n## Later\n") is None
    assert opening_heading("- a list item\n---\n") is None and opening_heading("---\n") is None
    document = read_document("privacy.md", "Privacy Policy\n--------------\n\nWords.\n", "c", NO_SECTIONS)
    assert (document.title, document.title_from) == ("Privacy Policy", "heading")
    # A level-1 heading further down still names a file that does not open with a heading.
    assert read_document("a.md", "Intro.\n\n# Real Title\n", "c", NO_SECTIONS).title == "Real Title"


def test_files_opening_with_a_setext_or_lower_heading_are_not_untitled(repo, history_of):
    repo.write("privacy.md", "Privacy Policy\n---\n\nWe keep little.\n")
    repo.write("terms.md", "## Terms of Service\n\nBe kind.\n")
    repo.write("notice.md", "Just words.\n")
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    history, problems = history_of(repo)
    assert history.policy("privacy").title == "Privacy Policy"
    assert history.policy("terms").title == "Terms of Service"
    untitled = [p.path for p in problems if "has no title" in p.message]
    assert untitled == ["notice.md"]


def test_a_strict_build_passes_with_setext_h2_titles(repo):
    write_config(repo)
    repo.write("index.md", "---\npolicy: false\n---\n\n# Legal\n")
    repo.write("privacy.md", "Privacy Policy\n---\n\nWe keep little.\n")
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    result = build(repo)
    assert result.returncode == 0, result.stderr
    assert "has no title" not in result.stderr


# -- 2. a file deleted and added again at the same path continues its policy -------------------------
AGB = "# AGB\n\n" + "\n\n".join(f"Absatz {i}: Wir behandeln alle Kunden gleich." for i in range(12)) + "\n"


def _published_then_deleted(repo) -> None:
    # No English file beside it: `de/terms.md` is a policy of its own here, not a translation (see 4.).
    repo.write("index.md", "---\npolicy: false\n---\n\n# Legal\n")
    repo.write("terms.md", "# Terms\n\nBe kind.\n")
    repo.write("de/terms.md", AGB)
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")


def test_a_file_deleted_and_added_again_continues_its_policy(repo, history_of):
    _published_then_deleted(repo)
    repo.remove("de/terms.md")
    repo.commit("Remove the German terms", "2024-02-04T10:00:00+00:00")
    repo.write("de/terms.md", AGB + "\nNeu.\n")
    back = repo.commit("Restore them", "2024-02-12T10:00:00+00:00")
    history, problems = history_of(repo)
    terms = history.policy("de-terms")
    assert [v.number for v in terms.versions] == [1, 2] and terms.versions[-1].commit == back
    assert terms.retirement is None and terms.status != "retired"
    assert [r.day for r in terms.retired_before] == [dt.date(2024, 2, 4)]  # retired in between
    assert not [p for p in problems if p.kind != "info"]


def test_a_rename_onto_a_retired_policys_path_continues_that_policy(repo, history_of):
    # git sees the draft renamed onto the old path: the path is what readers knew the policy by.
    _published_then_deleted(repo)
    repo.write("de/terms-neu.md", AGB + "\nNeu.\n")
    repo.commit("Draft", "2024-01-24T10:00:00+00:00")
    repo.remove("de/terms.md")
    repo.commit("Remove the German terms", "2024-02-04T10:00:00+00:00")
    repo.move("de/terms-neu.md", "de/terms.md")
    repo.commit("Put the draft in place", "2024-02-12T10:00:00+00:00")
    history, _ = history_of(repo)
    assert [v.number for v in history.policy("de-terms").versions] == [1, 2]
    assert history.policy("de-terms").source == "de/terms.md" and history.policy("de-terms").retirement is None
    assert history.policy("de-terms-neu").retirement is not None


def test_a_new_file_under_a_moved_policys_old_name_is_a_policy_of_its_own(repo, history_of):
    _published_then_deleted(repo)
    repo.move("de/terms.md", "de/terms-2024.md")
    repo.commit("Archive the 2024 terms", "2024-02-04T10:00:00+00:00")
    repo.write("de/terms.md", "# AGB 2025\n\nGanz neu.\n")
    repo.commit("New terms", "2024-02-12T10:00:00+00:00")
    history, _ = history_of(repo)
    assert history.policy("de-terms").source == "de/terms-2024.md"
    assert history.policy("de-terms-2").source == "de/terms.md"


def test_a_strict_build_passes_when_a_deleted_file_comes_back(repo):
    write_config(repo)
    _published_then_deleted(repo)
    repo.write("de/terms-neu.md", AGB + "\nNeu.\n")
    repo.commit("Draft", "2024-01-24T10:00:00+00:00")
    repo.remove("de/terms.md")
    repo.commit("Remove the German terms", "2024-02-04T10:00:00+00:00")
    repo.move("de/terms-neu.md", "de/terms.md")
    repo.commit("Put the draft in place", "2024-02-12T10:00:00+00:00")
    result = build(repo)
    assert result.returncode == 0, result.stderr
    assert "generates a page at that address" not in result.stderr


# -- 3. a typed "Effective DATE" on or after publication is the effective date ------------------------
@pytest.mark.parametrize("line, day", [
    ("Effective May 4, 2026", dt.date(2026, 5, 4)),
    ("**Effective date:** 4 May 2026", dt.date(2026, 5, 4)),
    ("Effective: 2026-05-04", dt.date(2026, 5, 4)),
    ("_Last updated and effective May 4, 2026_", dt.date(2026, 5, 4)),
    ("Gültig ab 4. Mai 2026", dt.date(2026, 5, 4)),
    ("Stand: 04.05.2026", dt.date(2026, 5, 4)),
    ("En vigueur le 1er mai 2026", dt.date(2026, 5, 1)),
    ("Geldig vanaf 4 mei 2026", dt.date(2026, 5, 4)),
    ("In vigore dal 4 maggio 2026", dt.date(2026, 5, 4)),
    ("Vigente desde 4 de maio de 2026", dt.date(2026, 5, 4)),  # Spanish keyword, Portuguese month
])
def test_typed_effective_lines_in_the_forms_real_policies_use(line, day):
    (stamp,) = find_stamp_lines(f"# T\n\n{line}\n\nText.\n")
    assert (stamp.day, stamp.kind, stamp.line) == (day, "effective", 3)


def test_a_typed_effective_day_ahead_of_the_commit_is_the_effective_date(repo, history_of):
    repo.write("en/terms.md", "# Terms\n\nEffective May 4, 2026\n\nBe kind.\n")
    repo.write("de/terms.md", "# AGB\n\nGültig ab 4. Mai 2026\n\nSei nett.\n")
    repo.commit("Announce the new terms", "2026-04-28T10:00:00+00:00")
    history, problems = history_of(repo, as_of=dt.date(2026, 5, 1))
    for policy_id in ("en-terms", "en-terms.de"):  # the German file translates the English one
        (version,) = history.policy(policy_id).versions
        assert version.effective == dt.date(2026, 5, 4) and version.effective_declared
        assert version.status == "upcoming"
    assert not [p for p in problems if p.rule == "typed-stamp"]
    later, _ = history_of(repo, as_of=dt.date(2026, 5, 4))
    assert later.policy("en-terms").versions[0].status == "in-force"


def test_a_typed_day_that_contradicts_history_is_a_finding_with_advice_for_that_version(repo, history_of):
    repo.write("terms.md", "# Terms\n\nEffective: January 1, 2020\n\nBe kind.\n")
    repo.commit("Publish late", "2020-03-02T10:00:00+00:00")
    repo.write("privacy.md", "# Privacy\n\nEffective May 4, 2026\n\nWe keep little.\n")
    repo.commit("Announce", "2026-04-28T10:00:00+00:00")
    repo.write("privacy.md", "# Privacy\n\nEffective May 4, 2026\n\nWe keep almost nothing.\n")
    changed = repo.commit("Change the text, not the typed day", "2026-06-01T10:00:00+00:00")
    history, problems = history_of(repo)
    stamps = {p.path: p for p in problems if p.rule == "typed-stamp"}
    assert set(stamps) == {"terms.md", "privacy.md"}
    assert "published on 2020-03-02" in stamps["terms.md"].message
    assert "2020-03-02 or a later day" in stamps["terms.md"].message
    assert "2021" not in stamps["terms.md"].message
    assert "left unchanged from version 1" in stamps["privacy.md"].message
    assert stamps["terms.md"].line == 3 and stamps["privacy.md"].line == 3  # the file's line
    assert stamps["privacy.md"].commit == changed
    assert history.policy("terms").versions[0].effective == dt.date(2020, 3, 2)
    first, second = history.policy("privacy").versions
    assert (first.effective, second.effective) == (dt.date(2026, 5, 4), dt.date(2026, 6, 1))


def test_a_strict_build_takes_a_typed_effective_day_as_announced(repo, tmp_path):
    write_config(repo)
    repo.write("index.md", "---\npolicy: false\n---\n\n# Legal\n")
    repo.write("terms.md", "# Terms\n\nBe kind.\n")
    repo.commit("Publish", "2026-01-05T10:00:00+00:00")
    repo.write("terms.md", "# Terms\n\nEffective May 4, 2026\n\nBe very kind.\n")
    repo.commit("Announce", "2026-04-28T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, as_of="2026-05-01", site_dir=site)
    assert result.returncode == 0, result.stderr
    assert "typed" not in result.stderr and "Effective May 4" not in result.stderr
    current = read_page(site, "terms/")
    # Version 1 is still in force; version 2 is announced for May 4.
    assert "Be kind." in current and "May 4, 2026" in current


# -- 4. translations in a folder per language or per document -----------------------------------------
def test_the_three_layouts_name_the_controlling_file():
    assert split_language("legal/privacy.de.md") == ("legal/privacy.md", "de")
    assert split_language("de/privacy.md") == ("en/privacy.md", "de")
    assert split_language("legal/de/privacy.md") == ("legal/en/privacy.md", "de")
    assert split_language("privacy/de.md") == ("privacy/en.md", "de")
    assert split_language("en/privacy.md") is None and split_language("privacy/en.md") is None
    assert split_language("de/privacy.md", controlling="de") is None
    assert split_language("en/privacy.md", controlling="de") == ("de/privacy.md", "en")
    assert split_language("de/privacy.md", ("fr",)) is None  # `translations: [fr]`
    assert split_language("legal/privacy.md") is None and split_language("v1/notes.md") is None
    tree = ["en/privacy.md", "de/privacy.md", "fr/privacy.md", "de/impressum.md", "terms/en.md", "terms/ja.md",
            "cookies.md", "cookies.pt-BR.md", "it/security.md"]
    assert translation_layouts(tree) == {"folder-per-language": {"de", "fr"}, "folder-per-document": {"ja"},
                                         "suffix": {"pt-BR"}}


def test_a_folder_per_language_makes_translations_of_the_controlling_files(repo, history_of):
    repo.write("en/privacy.md", "# Privacy\n\nWe keep little.\n")
    repo.write("de/privacy.md", "# Datenschutz\n\nWir speichern wenig.\n")
    repo.write("de/impressum.md", "# Impressum\n\nNur auf Deutsch.\n")
    repo.write("it/security.md", "# IT security\n\nPatch often.\n")  # `it` here is not Italian
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    history, _ = history_of(repo)
    german = history.policy("en-privacy.de")
    assert (german.source, german.language, german.translates) == ("de/privacy.md", "de", "en-privacy")
    assert german.versions[0].policy_id == "en-privacy.de" and german.versions[0].translation_of == 1
    assert [p.id for p in history.translations("en-privacy")] == ["en-privacy.de"]
    for alone in ("de-impressum", "it-security"):
        assert history.policy(alone).translates is None


def test_a_folder_per_document_and_the_controlling_language_option(repo):
    repo.write("privacy/en.md", "# Privacy\n\nWe keep little.\n")
    repo.write("privacy/de.md", "# Datenschutz\n\nWir speichern wenig.\n")
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    git = GitRepository(repo.docs)
    try:
        english, _ = read_history(git, render, Options(zone=dt.UTC, as_of=dt.date(2024, 6, 1)))
        german, _ = read_history(git, render, Options(zone=dt.UTC, as_of=dt.date(2024, 6, 1), language="de"))
    finally:
        git.close()
    assert english.policy("privacy-en.de").translates == "privacy-en"
    assert german.policy("privacy-de.en").translates == "privacy-de"


def test_a_strict_build_of_a_folder_per_language_repository_with_a_file_deleted_and_added_again(repo, tmp_path):
    write_config(repo)
    repo.write("index.md", "---\npolicy: false\n---\n\n# Legal\n")
    repo.write("en/terms.md", "# Terms\n\nBe kind.\n")
    repo.write("de/terms.md", AGB)
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    repo.remove("de/terms.md")
    repo.commit("Remove the German terms", "2024-02-04T10:00:00+00:00")
    repo.write("de/terms.md", AGB + "\nNeu.\n")
    repo.commit("Restore them", "2024-02-12T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert exists(site, "versions/en-terms.de/2/") and exists(site, "de/terms/")
    assert 'hreflang="de"' in read_page(site, "en/terms/")
