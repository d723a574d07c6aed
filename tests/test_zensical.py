"""One record, any front end: `policy export` of a small site and of the demo, built by Zensical (which
loads no third-party plugins), against `mkdocs build` of the same commit and day. The record files are
byte-identical, each page's policy part (text, redline, banners, menus) is the same, its links resolve
and its feeds are discovered from `<head>`."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.browser.harness import AS_OF, REPO_ROOT
from tests.frontends import head_links, policy_parts, record_files, resolve
from tests.sites import build, site_env, small_history

pytestmark = pytest.mark.slow
needs_zensical = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                    reason="zensical is not installed (pip install zensical==0.0.73, the dev pin)")
POLICY = [sys.executable, "-c", "from generator.cli import main; main()"]


def export(root: Path, target: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run([*POLICY, "export", *args, str(target)], cwd=root, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def zensical_build(project: Path, env: dict[str, str]) -> Path:
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(project / "mkdocs.yml")],
                            cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
    return project / "site"


def assert_same_site(by_mkdocs: Path, by_zensical: Path) -> None:
    """The comparison the issue asks for, page by page."""
    records = record_files(by_mkdocs)
    assert records, "the mkdocs build wrote no record files"
    assert record_files(by_zensical) == records
    parts, exported = policy_parts(by_mkdocs), policy_parts(by_zensical)
    assert sorted(exported) == sorted(parts)
    for url, part in parts.items():
        assert exported[url] == part, url
        for target in _internal_links(part):
            assert (by_zensical / target.lstrip("/")).exists() or (by_zensical / target.lstrip("/") / "index.html"
                                                                     ).exists(), f"{url}: {target}"
        page = f"{url}index.html"
        feeds = [(t, resolve(h, url)) for t, h in head_links((by_mkdocs / page).read_text(encoding="utf-8"))]
        found = [(t, resolve(h, url)) for t, h in head_links((by_zensical / page).read_text(encoding="utf-8"))]
        assert feeds and found == feeds, url


def _internal_links(part: str) -> set[str]:
    return {m.split("#")[0] for m in re.findall(r'(?:href|src)="(/[^"]*)"', part) if m.split("#")[0] != "/"}


def test_export_writes_the_record_and_every_page(repo, tmp_path):
    small_history(repo, cache_dir="")
    by_mkdocs, target = tmp_path / "mkdocs", tmp_path / "export"
    result = build(repo, site_dir=by_mkdocs)
    assert result.returncode == 0, result.stderr
    said = export(repo.root, target, site_env(repo))
    assert said.count("cannot be expressed: per-page `lang`") == 1

    docs = target / "docs"
    for path, data in record_files(by_mkdocs).items():
        assert (docs / path).read_bytes() == data, path
    for page in ("privacy.md", "versions/privacy/1.md", "versions/privacy/2-changes.md", "versions/privacy/index.md",
                 "changes.md", "beta.md", "index.md"):
        assert (docs / page).is_file(), page
    redline = (docs / "versions/privacy/2-changes.md").read_text(encoding="utf-8")
    assert redline.startswith("---\n") and "<ins" in redline and "<del" in redline
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "policy" not in [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert config["docs_dir"] == "docs" and "assets/policy/policy.css" in config["extra_css"]
    # The navigation lists the policies, not their archives, and the changes right after the home page.
    assert "privacy.md" in config["nav"] and not any("versions/" in str(entry) for entry in config["nav"])
    assert config["nav"][:2] == ["index.md", "changes.md"]


@needs_zensical
@pytest.mark.parametrize("markdown", ["github", "site"])
def test_zensical_builds_the_same_small_site(repo, tmp_path, markdown):
    # "site": a live policy's text is left to the front end's Markdown; the export renders it the same way.
    small_history(repo, cache_dir="", markdown=markdown)
    by_mkdocs, target = tmp_path / "mkdocs", tmp_path / "export"
    result = build(repo, site_dir=by_mkdocs)
    assert result.returncode == 0, result.stderr
    export(repo.root, target, site_env(repo))
    by_zensical = zensical_build(target, site_env(repo))
    assert_same_site(by_mkdocs, by_zensical)
    # `policy verify` accepts the site whichever front end built it.
    result = subprocess.run([*POLICY, "verify", "--against", str(by_mkdocs / "policies.json"), "--site",
                             str(by_zensical)], cwd=repo.root, env=site_env(repo), capture_output=True, text=True)
    assert result.returncode == 0 and "every published version is unchanged" in result.stdout, result.stdout


def test_mkdocs_without_the_plugin_builds_the_same_small_site(repo, tmp_path):
    """`--for mkdocs`: links as a plugin build writes them, for a builder that leaves raw HTML alone."""
    small_history(repo, cache_dir="")
    by_mkdocs, target = tmp_path / "mkdocs", tmp_path / "export"
    result = build(repo, site_dir=by_mkdocs)
    assert result.returncode == 0, result.stderr
    export(repo.root, target, site_env(repo), "--for", "mkdocs")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(target / "mkdocs.yml")],
                            cwd=target, env=site_env(repo), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert_same_site(by_mkdocs, target / "site")


@needs_zensical
def test_zensical_builds_the_same_demo(tmp_path):
    clone = tmp_path / "clone"
    quiet = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True, env=quiet)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_AS_OF=AS_OF)
    by_mkdocs = tmp_path / "mkdocs"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(by_mkdocs)],
                            cwd=clone, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    export(clone, tmp_path / "export", env)
    by_zensical = zensical_build(tmp_path / "export", env)
    assert_same_site(by_mkdocs, by_zensical)
    # The theme's <html lang> is the site's: a translation's policy part is marked with its own.
    for url, lang in (("privacy.de/", "de"), ("privacy.ja/", "ja"), ("versions/privacy.de/1/", "de")):
        assert f'<div lang="{lang}">\n<article class="policy' in (by_zensical / url / "index.html").read_text(), url
