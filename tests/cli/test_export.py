"""`policy export DIR` on a small site, without a builder: what it writes, what it says, what it refuses."""

from __future__ import annotations

import json

import yaml

from tests.gitrepo import policy


def test_export_writes_pages_record_and_config(published, tmp_path):
    published.write_config(pdf=False)
    target = tmp_path / "export"
    result = published.run("export", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.count("cannot be expressed") == 1
    docs = target / "docs"
    page = (docs / "privacy.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == "Privacy Policy"
    assert {link["href"] for link in meta["policy_links"]} >= {"../feeds/all.atom.xml", "../feeds/privacy.atom.xml"}
    assert '<article class="policy policy--current">' in page and "five years" in page
    assert "ten years" in (docs / "versions/privacy/1.md").read_text(encoding="utf-8")
    assert "<del" in (docs / "versions/privacy/2-changes.md").read_text(encoding="utf-8")
    manifest = json.loads((docs / "policies.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in manifest["policies"]] == ["privacy", "terms"]
    assert (docs / "feeds/privacy.atom.xml").is_file() and (docs / "assets/policy/policy.css").is_file()
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [] and config["docs_dir"] == "docs"
    assert "extrahead" in (target / "overrides/main.html").read_text(encoding="utf-8")

    # A second export replaces the first.
    assert published.run("export", str(target)).exit_code == 0


def test_export_refuses_a_folder_that_is_not_an_export(published, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = published.run("export", str(target))
    assert result.exit_code == 2 and "not a previous export" in result.output
    assert (target / "notes.txt").read_text() == "keep me"


def test_export_says_what_a_strict_build_would_fail_on(published, tmp_path):
    published.write_config(pdf=False)
    published.write("cookies.md", policy("Cookies", "One cookie."))  # not committed: no history yet
    result = published.run("export", str(tmp_path / "export"))
    assert result.exit_code == 0
    assert "warning: policy: cookies.md is not committed yet" in result.output
