"""The demo's real history, built from a clone of this repository: every version's PDF opens, says the
version's words and dates, matches the manifest, and a second build without the cache is byte-identical."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from tests.browser.harness import AS_OF, REPO_ROOT

pytestmark = pytest.mark.slow
# Words of four letters and more, and each Japanese or Chinese character (the translation's text).
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}|[\u3040-\u30ff\u4e00-\u9fff]")


def _build(root: Path, dest: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_AS_OF=AS_OF)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    """Two builds of the demo from a clone of HEAD, the second after deleting the cache."""
    work = tmp_path_factory.mktemp("demo")
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(clone)], check=True,
                   env=dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1"))
    # The worktree's cache, when there is one, spares the first build; the second is made from nothing.
    if (REPO_ROOT / ".cache" / "policy").is_dir():
        shutil.copytree(REPO_ROOT / ".cache" / "policy", clone / ".cache" / "policy")
    _build(clone, work / "first")
    shutil.rmtree(clone / ".cache")
    _build(clone, work / "second")
    return work / "first", work / "second"


def _text_words(page_html: str) -> set[str]:
    """The words of an archived page's policy text, as a reader sees them."""
    body = re.search(r'<div class="policy-text">(.*?)</div>\s*<p class="policy-fingerprint"', page_html, re.S)
    assert body, "no policy text"
    text = html.unescape(re.sub(r"<[^>]+>", " ", body.group(1)))
    return set(_WORD.findall(text))


def test_every_demo_pdf_opens_with_the_versions_words_dates_and_digest(demo):
    site, _ = demo
    manifest = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    count = 0
    entries = manifest["policies"] + [t for e in manifest["policies"] for t in e["translations"]]
    assert {t["language"] for t in entries if "language" in t and "id" not in t} >= {"ja"}
    for entry in entries:
        for version in entry["versions"]:
            data = (site / version["pdf_url"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == version["pdf_sha256"], version["id"]
            reader = pypdf.PdfReader(site / version["pdf_url"])
            text = " ".join(page.extract_text() for page in reader.pages)
            found = set(_WORD.findall(text))
            page = (site / version["url"] / "index.html").read_text(encoding="utf-8")
            missing = _text_words(page) - found
            assert not missing, f"{version['id']}: words of the page not in its PDF: {sorted(missing)[:10]}"
            published = dt.datetime.fromisoformat(version["published"])
            assert reader.metadata.creation_date == published, version["id"]
            assert reader.metadata.modification_date == published, version["id"]
            for fact in (version["commit"], version["sha256"], f"{manifest['site']['url']}{version['url']}"):
                assert fact in text, (version["id"], fact)
            assert "/StructTreeRoot" in reader.trailer["/Root"], f"{version['id']}: not tagged"
            assert reader.outline, f"{version['id']}: no outline"
            count += 1
    assert count >= 20


def test_demo_periods_are_contiguous_and_the_second_build_is_byte_identical(demo):
    first, second = demo
    manifest = json.loads((first / "policies.json").read_text(encoding="utf-8"))
    for entry in manifest["policies"]:
        versions = entry["versions"]
        for before, after in zip(versions, versions[1:], strict=False):
            last = dt.date.fromisoformat(before["in_force_until"])
            assert last + dt.timedelta(days=1) == dt.date.fromisoformat(after["effective"]), before["id"]
        assert versions[-1]["in_force_until"] is None or entry["status"] == "retired"
    assert any(v["status"] == "upcoming" for e in manifest["policies"] for v in e["versions"])
    pdfs = sorted(p.relative_to(first) for p in first.rglob("*.pdf"))
    assert pdfs == sorted(p.relative_to(second) for p in second.rglob("*.pdf"))
    for path in pdfs:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
    assert (first / "policies.json").read_bytes() == (second / "policies.json").read_bytes()
