"""Every command of the README's exit-code table, column by column: 0 done, 1 its one kind of "no",
2 bad usage or input (a bad mkdocs.yml included: MkDocs' own Abort would be 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.manifest import MANIFEST_PATH, build_manifest, dump_manifest
from generator.project import load_project
from tests.cli.conftest import AS_OF, Site
from tests.gitrepo import policy


def _deployed(site: Site, folder: Path) -> Path:
    """A built site's manifest, as `notify --site` and `verify --against` read it."""
    project = load_project(site.config, AS_OF.isoformat())
    history, _ = project.read_history()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST_PATH).write_text(dump_manifest(build_manifest(project.build_site(history))))
    return folder


def _commands(tmp_path: Path) -> dict[str, tuple[str, ...]]:
    site_dir = tmp_path / "built"
    return {
        "log": ("log",), "redline": ("redline", "privacy"), "notice": ("notice", "privacy@2"),
        "show": ("show", "privacy"), "diff": ("diff",), "check": ("check",),
        "notify": ("notify", "--site", str(site_dir), "--previous", str(site_dir / MANIFEST_PATH), "--dry-run"),
        "verify": ("verify", "--against", str(site_dir / MANIFEST_PATH)),
    }


@pytest.mark.parametrize("command", ["log", "redline", "notice", "show", "diff", "check", "notify", "verify"])
def test_each_command_is_0_when_done_and_2_on_a_bad_config(published, tmp_path, command):
    _deployed(published, tmp_path / "built")
    args = _commands(tmp_path)[command]
    ok = published.run(*args)
    assert ok.exit_code == 0, ok.output
    # An option MkDocs itself rejects (a level that is not one): the command names it and exits 2.
    published.write_config(checks={"typed-stamp": "sometimes"})
    bad = published.run(*args)
    assert bad.exit_code == 2, bad.output
    assert "sometimes" in bad.output and "checks" in bad.output


def test_unquoted_off_turns_a_rule_off(published):
    """YAML reads `off` as false: the level is "off", for the CLI as for the plugin."""
    published.config.write_text(published.config.read_text().replace(
        "timezone: UTC", "timezone: UTC\n    checks:\n      typed-stamp: off\n      review-due: off"))
    published.write("privacy.md", policy("Privacy Policy", "Last updated: March 2, 2026\n\nWe keep nothing.",
                                         summary="Keep nothing"))
    result = published.run("check")
    assert result.exit_code == 0, result.output
    assert "typed-stamp" not in result.output


def test_the_1_column(published):
    assert published.run("show", "privacy", "--on", "2020-01-01").exit_code == 1  # before the first
    published.write("privacy.md", policy("Privacy Policy", "Changed.", summary="Change"))
    assert published.run("diff").exit_code == 0  # changes or not
    assert published.run("diff", "--exit-code").exit_code == 1
    published.write("privacy.md", "---\ntitle: [broken\n---\n\nText.\n")
    assert published.run("check").exit_code == 1  # front-matter is an error
    # verify's 1 (a published version changed) and notify's 1 (a channel failed) are tested with
    # their commands: tests/cli/test_verify.py, tests/test_notify.py.
