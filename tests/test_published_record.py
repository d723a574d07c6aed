"""The record is made once: published PDFs are restored byte for byte and never re-rendered, a PDF
that does not match its published digest is never used, new PDFs do not depend on the machine's
fonts, a character no font can show fails the build, and only what decides a PDF's bytes re-makes it."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import threading
import urllib.error
from contextlib import contextmanager
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.gitrepo import policy
from tests.sites import build, serving, write_config

pytestmark = pytest.mark.slow


@contextmanager
def publishing(folder: Path):
    """A published site: `folder` over HTTP on 127.0.0.1, on a port the system picks."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _publish_first_versions(repo, tmp_path: Path) -> Path:
    write_config(repo)
    repo.write("privacy.md", policy("Privacy Policy", "We keep little about you.", summary="First"))
    repo.write("terms.md", policy("Terms", "Be kind.", summary="First"))
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    published = tmp_path / "published"
    result = build(repo, site_dir=published)
    assert result.returncode == 0, result.stderr
    return published


def _manifest(site: Path) -> dict:
    return json.loads((site / "policies.json").read_text(encoding="utf-8"))


def _versions(manifest: dict) -> dict[str, dict]:
    return {v["id"]: v for p in manifest["policies"] for v in p["versions"]}


def _restore(repo, source: str) -> object:
    return CliRunner().invoke(main, ["--config-file", str(repo.root / "mkdocs.yml"), "restore", "--from", source])


def test_a_deploy_restores_published_pdfs_byte_for_byte_and_makes_only_the_new_versions(repo, tmp_path):
    published = _publish_first_versions(repo, tmp_path)
    # The live PDF of privacy@1 was made by another engine or machine: other bytes, published with
    # their digest. It is the record: a later build must serve exactly these bytes.
    live = published / "versions/privacy/1.pdf"
    older = live.read_bytes() + b"\n% made on another machine\n"
    live.write_bytes(older)
    manifest = _manifest(published)
    _versions(manifest)["privacy@1"]["pdf_sha256"] = hashlib.sha256(older).hexdigest()
    (published / "policies.json").write_text(json.dumps(manifest), encoding="utf-8")

    repo.write("privacy.md", policy("Privacy Policy", "We keep very little about you.", summary="Less"))
    repo.commit("Amend", "2024-03-01T10:00:00+00:00")
    shutil.rmtree(repo.root / ".cache")  # a deploy builds cold
    with publishing(published) as url:
        restored = _restore(repo, url)
    assert restored.exit_code == 0, restored.output
    assert "2 published PDF(s)" in restored.output and "2 fetched" in restored.output

    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert "PDFs: 2 as published, 0 from the cache, 1 made" in result.stderr
    assert (site / "versions/privacy/1.pdf").read_bytes() == older
    assert (site / "versions/terms/1.pdf").read_bytes() == (published / "versions/terms/1.pdf").read_bytes()
    new = _versions(_manifest(site))
    assert new["privacy@1"]["pdf_sha256"] == hashlib.sha256(older).hexdigest()
    assert new["privacy@2"]["pdf_sha256"] == hashlib.sha256((site / "versions/privacy/2.pdf").read_bytes()).hexdigest()
    assert "very little" in pypdf.PdfReader(site / "versions/privacy/2.pdf").pages[0].extract_text()

    verify = CliRunner().invoke(main, ["--config-file", str(repo.root / "mkdocs.yml"), "verify",
                                       "--against", str(published / "policies.json"), "--site", str(site)])
    assert verify.exit_code == 0, verify.output
    # Restoring again fetches nothing: every file is there with its digest.
    with publishing(published) as url:
        again = _restore(repo, url)
    assert "0 fetched, 2 already there" in again.output


def test_a_pdf_that_does_not_match_its_published_digest_is_never_restored_nor_used(repo, tmp_path):
    published = _publish_first_versions(repo, tmp_path)
    (published / "versions/terms/1.pdf").write_bytes(b"%PDF-1.7 tampered")
    with publishing(published) as url:
        result = _restore(repo, url)
    assert result.exit_code == 2
    assert "terms@1: the published PDF has SHA-256" in result.output and "it was not restored" in result.output
    records = repo.root / ".records"
    assert not (records / "policies.json").exists() and not (records / "versions/terms/1.pdf").exists()

    # A records folder altered after the restore stops the build, naming the version.
    shutil.copytree(published, records, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.html"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "previous.txt").write_text("the previous site")
    build_result = build(repo, site_dir=site)
    assert build_result.returncode != 0
    assert "terms@1: the PDF in the records folder does not match its published SHA-256" in build_result.stderr
    assert [p.name for p in site.iterdir()] == ["previous.txt"]  # the previous site is untouched


def test_nothing_published_yet_restores_nothing_but_a_site_that_does_not_answer_is_an_error(repo, tmp_path):
    _publish_first_versions(repo, tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with publishing(empty) as url:
        first = _restore(repo, url)
    assert first.exit_code == 0, first.output
    assert "nothing published yet" in first.output
    with publishing(empty) as url:
        pass  # the server is gone: its address no longer answers
    down = _restore(repo, url)
    assert down.exit_code == 2
    assert "cannot be read" in down.output


_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{folder}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def test_new_pdfs_are_the_same_bytes_whatever_fonts_the_machine_has(repo, tmp_path):
    write_config(repo, cache_dir="")
    repo.write("privacy.md", policy("Privacy Policy", "We keep little about you.\n\n## Contact\n\nWrite.",
                                    summary="First"))
    repo.write("privacy.ja.md", policy("プライバシーポリシー", "当社はお客様の情報をほとんど保持しません。",
                                       summary="初版"))
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    # Two machines: one with no fonts at all, one with fonts whose families are the ones the PDFs use.
    bare, furnished = tmp_path / "fonts-bare", tmp_path / "fonts-furnished"
    bare.mkdir()
    furnished.mkdir()
    for source in Path("/usr/share/fonts").rglob("*.ttf"):
        shutil.copy(source, furnished / f"{source.stem}-libertinus-serif.ttf")
    sites = []
    for name, folder in (("bare", bare), ("furnished", furnished)):
        config = tmp_path / f"{name}.conf"
        config.write_text(_FONTCONFIG.format(folder=folder, cache=tmp_path / f"{name}-cache"), encoding="utf-8")
        site = tmp_path / f"site-{name}"
        result = build(repo, site_dir=site, extra_env={"FONTCONFIG_FILE": str(config), "HOME": str(tmp_path / name),
                                                       "XDG_DATA_HOME": str(folder)})
        assert result.returncode == 0, result.stderr
        sites.append(site)
    for path in ("versions/privacy/1.pdf", "versions/privacy.ja/1.pdf"):
        assert (sites[0] / path).read_bytes() == (sites[1] / path).read_bytes(), path
    japanese = pypdf.PdfReader(sites[0] / "versions/privacy.ja/1.pdf").pages[0].extract_text()
    assert "当社はお客様の情報をほとんど保持しません。" in japanese.replace("\n", "")


def test_a_character_no_font_can_show_fails_the_build_naming_the_version_language_and_character(repo, tmp_path):
    write_config(repo, translations=["am"])
    repo.write("privacy.md", policy("Privacy Policy", "We keep little about you.", summary="First"))
    repo.write("privacy.am.md", policy("Privacy Policy (Amharic)", "ግላዊነት ፖሊሲ", summary="First"))
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode != 0
    # The first character Typst could not set (the text, or its dates in Amharic) is named.
    assert re.search(r"privacy\.am, version 1 \(am\): the PDF cannot show '.' \(U\+1[23][0-9A-F]{2} ETHIOPIC ",
                     result.stderr), result.stderr
    assert "pdf_fonts" in result.stderr
    assert not site.exists()  # nothing published


def test_changing_an_option_that_decides_no_bytes_remakes_nothing(repo, tmp_path):
    write_config(repo)
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.", summary="First"))
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", "We keep very little.", summary="Less"))
    repo.commit("Amend", "2024-03-01T10:00:00+00:00")
    first = build(repo, site_dir=tmp_path / "first")
    assert "PDFs: 0 as published, 0 from the cache, 2 made" in first.stderr
    entries = sorted(p.relative_to(repo.root) for p in (repo.root / ".cache").rglob("*") if p.is_file())
    write_config(repo, checks={"typed-stamp": "off"}, plain_pages=["/index.md", "/notes.md"])
    second = build(repo, site_dir=tmp_path / "second")
    assert second.returncode == 0, second.stderr
    assert "PDFs: 0 as published, 2 from the cache, 0 made" in second.stderr
    assert sorted(p.relative_to(repo.root) for p in (repo.root / ".cache").rglob("*") if p.is_file()) == entries


def test_serve_makes_no_pdf_and_says_so(repo, tmp_path):
    write_config(repo)
    repo.write("p.md", policy("P", "Committed text.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    with serving(repo, "--no-livereload") as server:
        assert "Committed text." in server.wait_for("p/")
        with pytest.raises(urllib.error.HTTPError) as missing:
            server.get("versions/p/1.pdf")
        assert missing.value.code == 404
    assert "`mkdocs serve` makes no PDFs" in server.stderr
    assert not list((repo.root / ".cache").rglob("*.pdf"))
