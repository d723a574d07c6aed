"""The published record: a failed build leaves the old site untouched, and every version carries
fingerprints that anyone can recompute from git."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import subprocess

import pytest

from generator.manifest import manifest_digest
from tests.gitrepo import TempRepo, policy
from tests.hardening.conftest import small_history
from tests.sites import build, files_of, write_config


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("record")
    repo = TempRepo(root / "repo")
    small_history(repo)
    result = build(repo, site_dir=root / "site")
    assert result.returncode == 0, result.stderr
    return repo, root / "site", json.loads((root / "site" / "policies.json").read_text(encoding="utf-8"))


def test_a_failed_build_leaves_the_previous_site_byte_identical(repo, tmp_path):
    small_history(repo)
    site = tmp_path / "site"
    assert build(repo, site_dir=site).returncode == 0
    before = files_of(site)
    repo.write("privacy.md", "---\ntitle: [unclosed\n---\n\n# Privacy\n")
    repo.commit("Break the front matter", "2026-11-21T10:00:00+00:00")
    result = build(repo, site_dir=site)
    assert result.returncode != 0
    assert "privacy.md" in result.stderr and "not valid YAML" in result.stderr
    assert files_of(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "site"]  # no site.building-* / site.old-*


def test_each_archived_page_shows_its_hash_and_commit(built):
    _repo, site, manifest = built
    for pol in manifest["policies"]:
        for version in pol["versions"]:
            html = (site / version["url"] / "index.html").read_text(encoding="utf-8")
            fingerprint = re.search(r'<p class="policy-fingerprint">(.*?)</p>', html, re.S)
            assert fingerprint, version["url"]
            assert version["sha256"] in fingerprint.group(1)
            assert f"<code>{version['commit'][:12]}</code>" in fingerprint.group(1)


def test_manifest_hashes_are_the_hashes_of_the_files_in_git(built):
    repo, _site, manifest = built
    checked = 0
    for pol in manifest["policies"]:
        for version in pol["versions"]:
            if version["sections_changed"]:
                continue
            blob = repo.git("rev-parse", f"{version['commit']}:docs/{version['source']}")
            data = _blob(repo, blob)
            assert hashlib.sha256(data).hexdigest() == version["sha256"], version["id"]
            checked += 1
    assert checked >= 6


def _blob(repo: TempRepo, blob: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo.root), "cat-file", "blob", blob], env=repo.env(),
                          capture_output=True, check=True).stdout


def test_the_manifest_digest_covers_every_byte_of_every_version(built):
    _repo, _site, manifest = built
    assert manifest["digest"] == manifest_digest(manifest)
    for pol_index, pol in enumerate(manifest["policies"]):
        for v_index, version in enumerate(pol["versions"]):
            for key, value in version.items():
                if not isinstance(value, str) or not value:
                    continue
                changed = copy.deepcopy(manifest)
                flipped = chr(ord(value[-1]) ^ 1)
                changed["policies"][pol_index]["versions"][v_index][key] = value[:-1] + flipped
                assert manifest_digest(changed) != manifest["digest"], (version["id"], key)


def test_a_policy_with_a_byte_order_mark_hashes_as_git_has_it(repo, tmp_path):
    write_config(repo)
    repo.write("p.md", ("\ufeff" + policy("P", "Text.", summary="First").replace("\n", "\r\n")).encode("utf-8"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    assert build(repo, site_dir=tmp_path / "site").returncode == 0
    manifest = json.loads((tmp_path / "site" / "policies.json").read_text(encoding="utf-8"))
    expected = hashlib.sha256((repo.docs / "p.md").read_bytes()).hexdigest()
    assert manifest["policies"][0]["versions"][0]["sha256"] == expected
