"""The `policy` commands: help, log, redline, diff, notice, and their exit codes."""

from __future__ import annotations

import pytest

from generator.checks.redline_report import MARKER
from generator.cli import main
from tests.cli.conftest import PRIVACY, THIRD
from tests.gitrepo import policy

COMMANDS = ["log", "show", "diff", "redline", "check", "notice", "verify", "init"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(site, command):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_log_lists_versions_newest_first(published):
    result = published.run("log", "privacy")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("privacy  Privacy Policy  (policies/privacy.md")
    assert "2  effective 2026-03-02" in lines[1] and "in-force" in lines[1]
    assert "five years instead of ten" in lines[1]
    assert "1  effective 2026-01-10" in lines[2] and "superseded" in lines[2]


def test_log_of_everything_and_by_path(published):
    everything = published.run("log")
    assert "privacy  Privacy Policy" in everything.output and "terms  Terms of Use" in everything.output
    by_path = published.run("log", str(published.repo.docs / "terms.md"))
    assert by_path.exit_code == 0 and "privacy" not in by_path.output


def test_log_of_a_translation_says_which_version_it_matches(published):
    published.write("privacy.de.md", policy("Datenschutzerklärung", "Wir speichern Ihre Daten zehn Jahre.",
                                            summary="Deutsche Fassung", translation_of=1))
    published.commit("German from version 1", THIRD)
    result = published.run("log", "privacy.de")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "privacy.de  Datenschutzerklärung  (policies/privacy.de.md; de translation of privacy, behind: "
        "matches version 1 of 2 in force)")


def test_unknown_policy_is_exit_2(published):
    result = published.run("log", "nope")
    assert result.exit_code == 2
    assert "no policy 'nope'" in result.output


def test_bad_date_and_missing_config_are_exit_2(published, tmp_path):
    assert published.run("log", as_of=published_day()).exit_code == 0
    from click.testing import CliRunner

    bad_date = CliRunner().invoke(main, ["--config-file", str(published.config), "--as-of", "soon", "log"])
    assert bad_date.exit_code == 2
    missing = CliRunner().invoke(main, ["--config-file", str(tmp_path / "none.yml"), "log"])
    assert missing.exit_code == 2


def published_day():
    import datetime as dt

    return dt.date(2026, 3, 2)


def test_redline_defaults_to_the_last_change(published):
    result = published.run("redline", "privacy")
    assert result.exit_code == 0, result.output
    assert "version 1 → version 2" in result.output
    assert "[-ten-]" in result.output and "{+five+}" in result.output


def test_redline_accepts_ids_dates_and_revisions(published):
    by_id = published.run("redline", "privacy", "privacy@1", "privacy@2", "--format", "html")
    assert by_id.exit_code == 0
    assert ">ten</del>" in by_id.output and ">five</ins>" in by_id.output
    by_date = published.run("redline", "privacy", "2026-01-31", "2026-03-05")
    assert "in force on 2026-01-31" in by_date.output
    by_rev = published.run("redline", "privacy", "HEAD~1", "HEAD")
    assert by_rev.exit_code == 0 and "{+five+}" in by_rev.output


def test_diff_markdown_redlines_a_branch(published):
    published.repo.branch("longer")
    amended = PRIVACY.replace("ten years", "two years").replace("Write to us", "Write to our DPO")
    published.write("privacy.md", policy("Privacy Policy", amended, summary="Retention is now two years.",
                                         effective="2027-01-15"))
    published.commit("Shorten retention again", THIRD)
    result = published.run("diff", "--base", "main", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith(MARKER)
    assert "### Privacy Policy" in text and "`policies/privacy.md`" in text
    assert "Summary: Retention is now two years." in text and "Effective: 2027-01-15" in text
    assert "<del>five</del>" in text and "<ins>two</ins>" in text
    assert "Changed sections: Privacy Policy, Contact" in text
    assert "Terms of Use" not in text


def test_diff_includes_the_working_tree_and_filters_paths(published):
    published.write("terms.md", policy("Terms of Use", "Use the service lawfully.\n", summary="Shorter."))
    result = published.run("diff", "--base", "HEAD", "terms.md")
    assert result.exit_code == 0
    assert "Terms of Use" in result.output and "[-kindly and -]" in result.output
    assert published.run("diff", "--base", "HEAD", "--exit-code").exit_code == 1
    assert published.run("diff", "--base", "HEAD", "privacy.md", "--exit-code").exit_code == 0


def test_diff_default_base_is_main(published):
    published.repo.branch("work")
    published.write("terms.md", policy("Terms of Use", "Use the service lawfully.\n", summary="Shorter."))
    result = published.run("diff", "--format", "markdown")
    assert "### Terms of Use" in result.output


def test_notice_drafts_subject_text_and_html(published):
    pytest.importorskip("generator.notice")
    result = published.run("notice", "privacy@2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Subject: ")
    assert "--- text ---" in result.output and "--- html ---" in result.output


def test_check_history_lists_the_past_without_failing(site):
    site.write("privacy.md", "---\ntitle: [Privacy\n---\n\nBroken from the start.\n")
    broken = site.commit("Broken YAML", "2026-01-02T10:00:00+00:00")
    site.write("privacy.md", "---\ntitle: Privacy\nsummary: Fixed.\n---\n\n# Privacy\n\nFixed.\n")
    site.commit("Fix it", "2026-01-03T10:00:00+00:00")
    plain = site.run("check")
    assert plain.exit_code == 0 and broken[:7] not in plain.output
    past = site.run("check", "--history")
    assert past.exit_code == 0, past.output
    assert f"commit {broken[:7]}, 2026-01-02" in past.output and "skipped" in past.output


def test_show_on_a_day_names_the_version_in_force_then(published):
    before = published.run("show", "privacy", "--on", "2026-01-09")
    assert before.exit_code == 1
    assert "no version applied on 2026-01-09: it first took effect on 2026-01-10" in before.output
    first = published.run("show", "privacy", "--on", "2026-03-01")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("privacy@1  Privacy Policy, version 1: applied on 2026-03-01")
    assert "in force:  2026-01-10 to 2026-03-01" in first.output
    assert "pdf:       https://legal.example.com/versions/privacy/1.pdf" in first.output
    later = published.run("show", "privacy", "--on", "2030-01-01")
    assert "privacy@2" in later.output and "since 2026-03-02" in later.output
    assert published.run("show", "privacy", "--on", "March 1").exit_code == 2
