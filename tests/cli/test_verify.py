"""`policy verify`: published versions may be added to, never rewritten."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest

from generator.manifest import build_manifest
from generator.project import load_project
from generator.verify import compare_manifests
from tests.cli.conftest import FIRST, PRIVACY, SECOND, THIRD, Site
from tests.gitrepo import policy


def publish_manifest(site: Site, target: Path) -> Path:
    """What the last deploy published: the manifest of the site as it is now."""
    project = load_project(site.config, "2026-11-27")
    history, _ = project.read_history()
    target.write_text(json.dumps(build_manifest(project.build_site(history))), encoding="utf-8")
    return target


def test_appending_a_version_passes(published, tmp_path):
    old = publish_manifest(published, tmp_path / "policies.json")
    published.write("terms.md", policy("Terms of Use", "Use the service lawfully.\n", summary="Shorter."))
    published.commit("Shorten the terms", THIRD)
    result = published.run("verify", "--against", str(old))
    assert result.exit_code == 0, result.output
    assert "every published version is unchanged" in result.output


def test_a_rewritten_history_fails_naming_each_case(published, tmp_path, monkeypatch):
    old = publish_manifest(published, tmp_path / "policies.json")
    # The same story told again with the first version's text amended, and its second change lost.
    rewritten = Site(tmp_path / "rewritten")
    rewritten.write("privacy.md", policy("Privacy Policy", PRIVACY.replace("ten years", "ten (10) years"),
                                         summary="First publication."))
    rewritten.write("terms.md", policy("Terms of Use", "Use the service kindly and lawfully.\n",
                                       summary="First publication."))
    rewritten.commit("Publish privacy and terms", FIRST)
    result = rewritten.run("verify", "--against", str(old))
    assert result.exit_code == 1
    out = result.output
    assert "privacy@1: published sha256 changed" in out
    assert "privacy@1: published commit changed" in out
    assert "privacy@2 was published but is no longer in the history" in out
    assert "terms@1: published commit changed" in out
    assert "terms@1: published sha256" not in out


def test_compare_manifests_checks_dates_and_urls():
    version = {"id": "terms@1", "source": "terms.md", "sha256": "a", "published": "2026-01-10T10:00:00+00:00",
               "effective": "2026-01-10", "commit": "c1", "url": "versions/terms/1/"}
    old = {"policies": [{"id": "terms", "versions": [version]}]}
    moved = {**version, "effective": "2026-02-01", "url": "versions/tos/1/"}
    added = {**version, "id": "terms@2", "sha256": "b"}
    new = {"policies": [{"id": "terms", "versions": [moved, added]}]}
    messages = [p.message for p in compare_manifests(old, new)]
    assert [m.split(" changed")[0] for m in messages] == ["terms@1: published effective", "terms@1: published url"]
    assert compare_manifests(old, {"policies": [{"id": "terms", "versions": [version, added]}]}) == []


def test_compare_manifests_checks_each_published_pdf_when_the_new_build_is_given():
    version = {"id": "terms@1", "source": "terms.md", "sha256": "a", "published": "2026-01-10T10:00:00+00:00",
               "effective": "2026-01-10", "commit": "c1", "url": "versions/terms/1/",
               "pdf_url": "versions/terms/1.pdf", "pdf_sha256": "1" * 64}
    second = {**version, "id": "terms@2", "pdf_url": "versions/terms/2.pdf", "pdf_sha256": None}
    old = {"policies": [{"id": "terms", "versions": [version, second]}]}
    new = {"policies": [{"id": "terms", "versions": [{**version, "pdf_sha256": None}, second]}]}
    assert compare_manifests(old, new) == []  # without the new build, PDFs are not compared
    assert compare_manifests(old, new, {"terms@1": "1" * 64, "terms@2": None}) == []
    (changed,) = compare_manifests(old, new, {"terms@1": "2" * 64, "terms@2": "3" * 64})
    assert changed.message == f"terms@1: published pdf_sha256 changed from {'1' * 64!r} to {'2' * 64!r}"
    assert (changed.path, changed.commit) == ("terms.md", "c1")
    (missing,) = compare_manifests(old, new, {"terms@2": None})
    assert missing.message == "terms@1: published PDF versions/terms/1.pdf is missing from the new build"
    # A version that disappeared is reported once, not once more for its PDF.
    gone = compare_manifests(old, {"policies": [{"id": "terms", "versions": [second]}]}, {})
    assert [p.message.split(" was")[0] for p in gone] == ["terms@1"]


def _publish_with_pdfs(site: Site, target: Path, pdfs: dict[str, bytes]) -> Path:
    """A published manifest whose versions carry the SHA-256 of the given PDF bytes."""
    project = load_project(site.config, "2026-11-27")
    history, _ = project.read_history()
    digests = {vid: hashlib.sha256(data).hexdigest() for vid, data in pdfs.items()}
    target.write_text(json.dumps(build_manifest(project.build_site(history), pdfs=digests)), encoding="utf-8")
    return target


def test_verify_with_the_new_build_fails_on_a_changed_or_missing_pdf(published, tmp_path):
    old = _publish_with_pdfs(published, tmp_path / "policies.json",
                             {"privacy@1": b"%PDF one", "privacy@2": b"%PDF two", "terms@1": b"%PDF terms"})
    first, second = published.repo.git("rev-parse", "HEAD~1"), published.repo.head()
    build = tmp_path / "built"
    (build / "versions" / "privacy").mkdir(parents=True)
    (build / "versions" / "terms").mkdir(parents=True)
    (build / "versions/privacy/1.pdf").write_bytes(b"%PDF one")
    (build / "versions/privacy/2.pdf").write_bytes(b"%PDF two")
    (build / "versions/terms/1.pdf").write_bytes(b"%PDF terms")
    ok = published.run("verify", "--against", str(old), "--site", str(build))
    assert ok.exit_code == 0, ok.output
    assert "not compared" not in ok.output

    (build / "versions/privacy/2.pdf").write_bytes(b"%PDF two, with a new logo")
    (build / "versions/terms/1.pdf").unlink()
    result = published.run("verify", "--against", str(old), "--site", str(build))
    assert result.exit_code == 1
    findings = [line for line in result.output.splitlines() if line.startswith("policy verify: ")]
    assert findings[:2] == [
        f"policy verify: privacy.md @ {second[:7]}: privacy@2: published pdf_sha256 changed from "
        f"{hashlib.sha256(b'%PDF two').hexdigest()!r} to {hashlib.sha256(b'%PDF two, with a new logo').hexdigest()!r}",
        f"policy verify: terms.md @ {first[:7]}: terms@1: published PDF versions/terms/1.pdf is "
        "missing from the new build"]

    # Without the new build the history alone is compared, and the output says PDFs were not.
    alone = published.run("verify", "--against", str(old))
    assert alone.exit_code == 0 and "the published PDFs were not compared" in alone.output
    assert published.run("verify", "--against", str(old), "--site", str(tmp_path / "none")).exit_code == 2


def test_first_deploy_needs_allow_missing(published, tmp_path):
    missing = str(tmp_path / "nothing.json")
    assert published.run("verify", "--against", missing).exit_code == 2
    result = published.run("verify", "--allow-missing", "--against", missing)
    assert result.exit_code == 0 and "nothing published yet" in result.output


def test_broken_manifest_is_exit_2(published, tmp_path):
    broken = tmp_path / "policies.json"
    broken.write_text("<html>not json</html>", encoding="utf-8")
    assert published.run("verify", "--allow-missing", "--against", str(broken)).exit_code == 2


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_verify_against_a_url(published, server):
    root, url = server
    assert published.run("verify", "--allow-missing", "--against", f"{url}/policies.json").exit_code == 0
    publish_manifest(published, root / "policies.json")
    published.write("privacy.md", policy("Privacy Policy", PRIVACY, summary="Back to ten years."))
    published.commit("Restore", SECOND.replace("03-02", "04-02"))
    result = published.run("verify", "--against", f"{url}/policies.json")
    assert result.exit_code == 0, result.output


def test_a_translation_version_that_disappears_fails(published, tmp_path):
    published.write("privacy.de.md", policy("Datenschutzerklärung", "Wir speichern Ihre Daten fünf Jahre.",
                                            summary="Deutsche Fassung"))
    published.commit("Translate privacy into German", THIRD)
    old = publish_manifest(published, tmp_path / "policies.json")
    manifest = json.loads(old.read_text())
    (german,) = manifest["policies"][[p["id"] for p in manifest["policies"]].index("privacy")]["translations"]
    assert [v["id"] for v in german["versions"]] == ["privacy.de@1"]
    german["versions"][0]["sha256"] = "0" * 64  # what the last deploy published differs from history now
    old.write_text(json.dumps(manifest), encoding="utf-8")
    result = published.run("verify", "--against", str(old))
    assert result.exit_code == 1
    assert "privacy.de@1: published sha256 changed" in result.output
