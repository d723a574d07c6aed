"""A failed build of any kind leaves the previous site byte-identical; the options a new user types
(an unquoted `off`) build strictly."""

from __future__ import annotations

import pytest

from tests.gitrepo import policy
from tests.sites import build, files_of, write_config


def _published(repo, tmp_path):
    write_config(repo, pdf=False)
    repo.write("index.md", "---\ntitle: Legal\n---\n\n# Legal\n\nSee [privacy](privacy.md).\n")
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.", summary="First"))
    repo.commit("Publish", "2024-01-01T10:00:00+00:00")
    site = tmp_path / "site"
    first = build(repo, site_dir=site)
    assert first.returncode == 0, first.stderr
    return site, files_of(site)


def _only_the_site_is_left(tmp_path):
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]


@pytest.mark.parametrize("front_end", ["mkdocs", "properdocs"])
def test_a_build_aborted_by_strict_warnings_leaves_the_previous_site(repo, tmp_path, front_end):
    site, before = _published(repo, tmp_path)
    # A dead link in the text in force is a warning: a strict build aborts after post_build.
    repo.write("privacy.md", policy("Privacy Policy", "See [gone](gone.md).", summary="Link"))
    repo.commit("Link to nothing", "2024-02-01T10:00:00+00:00")
    result = build(repo, site_dir=site, front_end=front_end)
    assert result.returncode != 0 and "in strict mode" in result.stdout, result.stderr
    assert files_of(site) == before
    _only_the_site_is_left(tmp_path)


def test_a_failed_build_leaves_the_previous_site(repo, tmp_path):
    site, before = _published(repo, tmp_path)
    # A docs file where the plugin generates a page: a PluginError in on_files.
    repo.write("versions/privacy/1.md", "# In the way\n")
    result = build(repo, site_dir=site)
    assert result.returncode != 0 and "generates a page at that address" in result.stderr, result.stderr
    assert files_of(site) == before
    _only_the_site_is_left(tmp_path)


def test_unquoted_off_builds(repo, tmp_path):
    """YAML reads `typed-stamp: off` as false; it means "off" (it failed validation before)."""
    write_config(repo, pdf=False)
    config = repo.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("pdf: false", "pdf: false\n      checks: {typed-stamp: off}"))
    repo.write("privacy.md", policy("Privacy Policy", "Last updated: January 1, 2024\n\nWe keep little.",
                                    summary="First"))
    repo.commit("Publish", "2024-01-01T10:00:00+00:00")
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "typed" not in result.stderr.lower()


def test_a_readme_is_the_home_page_when_there_is_no_index(repo, tmp_path):
    write_config(repo, pdf=False, exclude=["LICENSE.txt"])
    repo.write("README.md", "# Example Legal\n\nOur policies: [privacy](privacy.md), "
                            "[terms](/docs/terms.md) and [cookies](/cookies.md).\n")
    repo.write("terms.md", policy("Terms", "Be kind.", summary="First"))
    repo.write("cookies.md", policy("Cookies", "One.", summary="First"))
    repo.write("LICENSE.txt", "All rights reserved.\n")
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.", summary="First"))
    repo.commit("Publish", "2024-01-01T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Our policies:" in home and 'href="privacy/"' in home
    assert 'href="terms/"' in home and 'href="cookies/"' in home  # from the repository's top, as on GitHub
    assert not (site / "versions" / "README").exists()  # a plain page, not a policy
    assert not (site / "LICENSE.txt").exists()  # excluded: off the site, whatever its type


def test_a_readme_beside_an_index_does_not_fail_strict(repo, tmp_path):
    write_config(repo, pdf=False)
    repo.write("README.md", "# For GitHub\n\nRead the site.\n")
    repo.write("index.md", "---\ntitle: Legal\n---\n\n# Legal\n\nThe site's home.\n")
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.", summary="First"))
    repo.write("terms/README.md", "---\npolicy: false\n---\n\nNotes for editors.\n")
    repo.write("terms/index.md", policy("Terms", "A policy in a folder.", summary="First"))
    repo.commit("Publish", "2024-01-01T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert "conflicts with 'index.md'" in result.stderr  # said, as information
    assert "WARNING" not in result.stderr
    assert "The site's home." in (site / "index.html").read_text(encoding="utf-8")
