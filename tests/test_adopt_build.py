"""Adopting a repository, built for real: assets and links, what strict means, `policy check --history`."""

from __future__ import annotations

import os

from tests.gitrepo import policy
from tests.sites import build, write_config


def test_symlinks_inside_the_repository_are_assets_and_outside_ones_are_left_out(repo, tmp_path):
    secret = tmp_path / "outside.pdf"
    secret.write_bytes(b"%PDF-1.4 private")
    repo.write("privacy.md", policy("Privacy", "See the [DPA](downloads/dpa.pdf)."))
    repo.write("files/dpa.pdf", b"%PDF-1.4 the data processing agreement")
    (repo.docs / "downloads").mkdir()
    os.symlink("../files/dpa.pdf", repo.docs / "downloads" / "dpa.pdf")
    os.symlink(str(secret), repo.docs / "leak.pdf")
    os.symlink("missing.pdf", repo.docs / "dangling.pdf")
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    write_config(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert (site / "downloads" / "dpa.pdf").read_bytes() == b"%PDF-1.4 the data processing agreement"
    assert not (site / "leak.pdf").exists() and not (site / "dangling.pdf").exists()
    assert "leak.pdf is a symbolic link" in result.stderr and "outside the repository" in result.stderr


def test_strict_passes_on_a_clean_tree_whatever_the_past_and_check_history_lists_it(repo, tmp_path):
    repo.write("privacy.md", policy("Privacy", "Last updated: March 3, 2021\n\nWe keep invoices for six years."))
    repo.commit("Publish with a typed stamp", "2021-03-08T10:00:00+00:00")
    repo.write("privacy.md", "---\ntitle: [Privacy\n---\n\nWe keep invoices for five years.\n")
    broken = repo.commit("Broken YAML", "2021-05-02T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", "We keep invoices for five years.\n\nSee [old terms](terms.md)."))
    repo.write("terms.md", policy("Terms", "Use it kindly."))
    repo.commit("Fix", "2021-05-03T10:00:00+00:00")
    repo.remove("terms.md")
    repo.write("privacy.md", policy("Privacy", "We keep invoices for five years."))
    repo.commit("Retire the terms", "2022-01-03T10:00:00+00:00")
    write_config(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if "skipped" in line and broken[:7] in line and "(2021-05-02)" in line]
    assert not [line for line in lines if line.startswith("WARNING")]
    assert sum("policy check --history" in line for line in lines) == 1
    # The archived version's link to the retired terms goes to the terms' retired page, not a dead file.
    archived = (site / "versions" / "privacy" / "2" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../terms/"' in archived


def test_an_archived_link_to_a_file_gone_from_the_site_is_plain_text_and_a_live_one_warns(repo, tmp_path):
    repo.write("privacy.md", policy("Privacy", "Read the [beta notes](beta.md) first."))
    repo.write("beta.md", "---\npolicy: false\n---\n\n# Beta notes\n")
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", "We dropped the beta."))
    repo.remove("beta.md")
    repo.commit("No more beta", "2024-02-04T10:00:00+00:00")
    write_config(repo)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    archived = (site / "versions" / "privacy" / "1" / "index.html").read_text(encoding="utf-8")
    assert "Read the beta notes first." in archived.replace("\n", " ") and "beta.md" not in archived
    repo.write("privacy.md", policy("Privacy", "We dropped the beta; see [the notes](beta.md)."))
    repo.commit("A dead link in the text in force", "2024-03-04T10:00:00+00:00")
    result = build(repo, site_dir=tmp_path / "site2")
    assert result.returncode != 0  # strict: the text readers see now can be fixed by a commit
    assert "privacy.md: links to 'beta.md', which is not in the site" in result.stderr
