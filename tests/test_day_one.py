"""Day-one strict, the reading side: real repositories' past read as it is. A heading of any level
that opens a file is its title; a file deleted and added again continues its policy; a typed
"Effective DATE" on or after publication is the effective date; translations in a folder per
language or per document are recognised."""

from __future__ import annotations

from generator.documents import opening_heading, read_document
from tests.sites import build, write_config

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
