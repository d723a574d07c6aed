"""The plugin builds the same site under ProperDocs (the maintained continuation of MkDocs 1.x) as under
MkDocs 1.6: real `properdocs build --strict` runs of a small site, compared with `mkdocs build`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.gitrepo import TempRepo, policy
from tests.sites import build, exists, files_of, small_history, write_config

# The one line the two front ends print differently: each names itself in every HTML page.
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def properdocs_build(repo: TempRepo, site_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return build(repo, site_dir=site_dir, front_end="properdocs", args=args)


def test_properdocs_builds_the_same_site_as_mkdocs(repo, tmp_path):
    # No cache: each front end renders every page itself instead of reusing the other's work.
    small_history(repo, cache_dir="")
    # ProperDocs reads its own file name first; mkdocs.yml stays for MkDocs.
    shutil.copy(repo.root / "mkdocs.yml", repo.root / "properdocs.yml")
    by_mkdocs, by_properdocs = tmp_path / "mkdocs", tmp_path / "properdocs"
    result = build(repo, site_dir=by_mkdocs)
    assert result.returncode == 0, result.stderr
    result = properdocs_build(repo, by_properdocs)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "mkdocs.yml" not in result.stderr, result.stderr

    for url in ("privacy/", "beta/", "versions/privacy/", "versions/privacy/1/", "versions/privacy/2-changes/",
                "versions/privacy/3/", "changes/", "feeds/all.atom.xml", "feeds/privacy.ics", "policies.json"):
        assert exists(by_properdocs, url), url
    assert (by_properdocs / "policies.json").read_bytes() == (by_mkdocs / "policies.json").read_bytes()
    page = (by_properdocs / "privacy" / "index.html").read_bytes()
    assert b"ProperDocs" in page, "the site was not built by ProperDocs"
    assert b"policy-banner--upcoming" in page

    ours, theirs = files_of(by_mkdocs), files_of(by_properdocs)
    assert sorted(ours) == sorted(theirs)
    different = [path for path in ours
                 if GENERATOR_META.sub(b"", ours[path]) != GENERATOR_META.sub(b"", theirs[path])]
    assert different == []


def test_properdocs_strict_mode_counts_the_plugins_warnings(repo, tmp_path):
    # The plugin logs under `mkdocs.plugins.policy`; ProperDocs must still count that as a warning.
    write_config(repo, cache_dir="")
    repo.write("p.md", policy("P", "Last updated: 1 January 2020\n\nText.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    result = properdocs_build(repo, tmp_path / "site", "-f", "mkdocs.yml")
    assert result.returncode != 0
    assert "p.md:8 @" in result.stderr and "Last updated" in result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
