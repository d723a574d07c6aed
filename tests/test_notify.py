"""`policy notify` against a real SMTP server (aiosmtpd) and a real HTTP server (webhook and WebSub hub),
both in this process on 127.0.0.1, between the manifests of two real builds of a small site: the second
adds a material version of the privacy policy and announces a sub-processor."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import feedparser
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from generator.channels import sign, verify_signature
from generator.cli import main
from generator.dates import real_time
from tests.gitrepo import TempRepo, policy
from tests.lists import KESTREL_WEBSITE, listed, marram
from tests.sites import build, write_config

SECRET = "s3cret-for-tests"
SITE = "https://legal.example.com/"
LIST = listed(KESTREL_WEBSITE)
MARRAM = marram(locations="[Netherlands (EU)]")


class Inbox:
    """aiosmtpd handler: every message the server accepted."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class Recorder(ThreadingHTTPServer):
    """Records every POST (path, headers, body) and answers with the status set for its path."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.status = {"/hook": 200, "/hub": 204}

    def posts(self, path: str) -> list[tuple[dict[str, str], bytes]]:
        return [(h, b) for p, h, b in self.requests if p == path]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append((self.path, dict(self.headers), body))
        self.send_response(self.server.status.get(self.path, 404))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802 (a published manifest that is not there yet)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servers():
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    http = Recorder()
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield inbox, smtp.port, http
    http.shutdown()
    smtp.stop()


@pytest.fixture(scope="module")
def sites(servers, tmp_path_factory):
    """Two builds: before (privacy@1, subprocessors@1) and after (privacy@2 material, subprocessors@2
    announcing Marram Analytics from 2027-01-05)."""
    _inbox, smtp_port, http = servers
    root = tmp_path_factory.mktemp("notify")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        repo = TempRepo(root / "repo")
        base = f"http://127.0.0.1:{http.server_address[1]}"
        write_config(repo, pdf=False, objections_contact="dpo@example.com", notify={
            "email": {"host": "127.0.0.1", "port": smtp_port, "security": "none", "from": "legal@example.com",
                      "to": ["policy-updates@lists.example.com"],
                      "list_unsubscribe": "<mailto:policy-updates-leave@lists.example.com>"},
            "webhooks": [{"url": f"{base}/hook", "secret_env": "WEBHOOK_SECRET", "attempts": 2,
                          "retry_delay": 0.01}],
            "websub": {"hub": f"{base}/hub"}})
        repo.write("privacy.md", policy("Privacy Policy", "We keep your data for ten years.", summary="First."))
        repo.write("subprocessors.yml", LIST)
        repo.commit("Publish", "2026-06-01T10:00:00+00:00")
        before = root / "before"
        result = build(repo, site_dir=before)
        assert result.returncode == 0, result.stderr
        repo.write("privacy.md", policy("Privacy Policy", "We keep your data for six months.",
                                        summary="Keep data six months, not ten years.", material="true",
                                        effective="2026-11-26"))
        repo.write("subprocessors.yml", LIST + MARRAM)
        repo.commit("Shorter retention; announce Marram", "2026-11-26T10:00:00+00:00")
        after = root / "after"
        result = build(repo, site_dir=after)
        assert result.returncode == 0, result.stderr
    return repo, before, after


def notify(repo: TempRepo, *args: str, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
    result = CliRunner().invoke(main, ["--config-file", str(repo.root / "mkdocs.yml"), "notify", *args])
    return result.exit_code, result.output


@pytest.fixture
def clean(servers):
    inbox, _port, http = servers
    inbox.messages.clear()
    inbox.envelopes.clear()
    http.requests.clear()
    http.status.update({"/hook": 200, "/hub": 204})
    return servers


def test_each_new_version_is_told_once_on_every_channel(sites, clean, tmp_path, monkeypatch):
    repo, before, after = sites
    inbox, _port, http = clean
    state = str(tmp_path / "notified.json")
    code, output = notify(repo, "--site", str(after), "--previous", str(before / "policies.json"),
                          "--state", state, monkeypatch=monkeypatch)
    assert code == 0, output

    # Email: one per new version (a material change, a list change), to the list, recognisable on resend.
    assert sorted(m["Message-ID"] for m in inbox.messages) == [
        "<privacy-2.legal.example.com@policy-history>", "<subprocessors-2.legal.example.com@policy-history>"]
    assert all(env == ("legal@example.com", ["policy-updates@lists.example.com"]) for env in inbox.envelopes)
    mails = {m["Message-ID"].split("-")[0][1:]: m for m in inbox.messages}
    privacy = mails["privacy"]
    assert privacy["Subject"] == "We've updated our Privacy Policy (effective November 26, 2026)"
    assert privacy["List-Unsubscribe"] == "<mailto:policy-updates-leave@lists.example.com>"
    text = privacy.get_body(("plain",)).get_content()
    html = privacy.get_body(("html",)).get_content()
    assert "What changed: Keep data six months, not ten years." in text
    for link in (f"{SITE}versions/privacy/2/", f"{SITE}versions/privacy/2-changes/"):
        assert link in text and f'href="{link}"' in html
    listed = mails["subprocessors"]
    assert listed["Subject"] == "We're updating our Sub-processors (effective January 5, 2027)"
    body = listed.get_body(("plain",)).get_content()
    assert "Added: Marram Analytics B.V., for product analytics, in Netherlands (EU), from January 5, 2027." in body
    assert ("Marram Analytics B.V. takes effect on January 5, 2027; you may object until January 4, 2027.\n\n"
            "To object, write to dpo@example.com.") in body.replace("\r\n", "\n")
    assert "To object, write to dpo@example.com." not in privacy.get_body(("plain",)).get_content()

    # Webhooks: one per version, signed, verifiable with the documented function.
    hooks = http.posts("/hook")
    assert len(hooks) == 2
    bodies = {}
    for headers, raw in hooks:
        assert verify_signature(SECRET, raw, headers["Policy-Signature"])
        assert not verify_signature("wrong secret", raw, headers["Policy-Signature"])
        assert not verify_signature(SECRET, raw + b" ", headers["Policy-Signature"])
        payload = json.loads(raw)
        assert headers["Policy-Delivery"] == payload["version"]["id"]
        bodies[payload["version"]["id"]] = payload
    assert set(bodies) == {"privacy@2", "subprocessors@2"}
    assert bodies["privacy@2"]["event"] == "policy.version.published"
    assert bodies["privacy@2"]["links"]["redline"] == f"{SITE}versions/privacy/2-changes/"
    announced = bodies["subprocessors@2"]
    assert announced["event"] == "policy.version.announced" and announced["objection_deadline"] == "2027-01-04"
    assert "To object, write to dpo@example.com." in announced["text"]
    assert announced["entity_changes"] == [{"change": "added", "name": "Marram Analytics B.V.", "fields": []}]

    # WebSub: each changed feed once (both policies' and the site's, Atom and RSS).
    pings = [parse_qs(raw.decode()) for _headers, raw in http.posts("/hub")]
    assert all(p["hub.mode"] == ["publish"] for p in pings)
    assert sorted(p["hub.url"][0] for p in pings) == sorted(
        f"{SITE}feeds/{name}.{kind}.xml" for name in ("all", "privacy", "subprocessors") for kind in ("atom", "rss"))

    # A rerun with the same pair sends nothing.
    count = len(http.requests)
    code, output = notify(repo, "--site", str(after), "--previous", str(before / "policies.json"),
                          "--state", state, monkeypatch=monkeypatch)
    assert code == 0 and len(inbox.messages) == 2 and len(http.requests) == count
    assert output.count("already delivered") == 2 * 3


def test_a_channel_that_was_down_is_resent_alone(sites, clean, tmp_path, monkeypatch):
    repo, before, after = sites
    inbox, _port, http = clean
    http.status["/hook"] = 500
    args = ("--site", str(after), "--previous", str(before / "policies.json"), "--state", str(tmp_path / "s.json"))
    code, output = notify(repo, *args, monkeypatch=monkeypatch)
    assert code == 1
    assert "webhook" in output and "FAILED" in output and "HTTP 500" in output
    assert len(inbox.messages) == 2 and len(http.posts("/hub")) == 6  # the others went anyway
    assert len(http.posts("/hook")) == 2 * 2  # two tries each

    http.status["/hook"] = 200
    http.requests.clear()
    code, output = notify(repo, *args, monkeypatch=monkeypatch)
    assert code == 0, output
    assert len(inbox.messages) == 2  # no second email
    assert [p for p, _h, _b in http.requests] == ["/hook", "/hook"]
    assert {json.loads(b)["version"]["id"] for _h, b in http.posts("/hook")} == {"privacy@2", "subprocessors@2"}


def test_dry_run_says_what_would_go_where_and_sends_nothing(sites, clean, tmp_path, monkeypatch):
    repo, before, after = sites
    inbox, _port, http = clean
    state = tmp_path / "s.json"
    code, output = notify(repo, "--site", str(after), "--previous", str(before / "policies.json"),
                          "--state", str(state), "--dry-run", monkeypatch=monkeypatch)
    assert code == 0, output
    assert not inbox.messages and not http.requests and not state.exists()
    assert ("email: privacy@2: would send to policy-updates@lists.example.com: \"We've updated our Privacy "
            "Policy (effective November 26, 2026)\", Message-ID <privacy-2.legal.example.com@policy-history>"
            ) in output
    assert "would ping" in output and "feeds/subprocessors.rss.xml" in output
    print(output)


def test_a_first_deploy_announces_nothing_unless_asked(sites, clean, tmp_path, monkeypatch):
    repo, _before, after = sites
    inbox, _port, http = clean
    missing = f"http://127.0.0.1:{http.server_address[1]}/policies.json"  # answers 404
    code, output = notify(repo, "--site", str(after), "--previous", missing, "--state", str(tmp_path / "s.json"),
                          monkeypatch=monkeypatch)
    assert code == 0 and "nothing published before" in output
    assert not inbox.messages and not http.posts("/hook")
    code, output = notify(repo, "--site", str(after), "--previous", str(tmp_path / "none.json"),
                          "--state", str(tmp_path / "s.json"), "--all", "--dry-run", monkeypatch=monkeypatch)
    assert code == 0 and "privacy@1" in output and "subprocessors@1" in output


def test_a_missing_secret_is_a_config_error(sites, clean, tmp_path, monkeypatch):
    repo, before, after = sites
    monkeypatch.delenv("WEBHOOK_SECRET", raising=False)
    result = CliRunner().invoke(main, ["--config-file", str(repo.root / "mkdocs.yml"), "notify", "--site",
                                       str(after), "--previous", str(before / "policies.json"),
                                       "--state", str(tmp_path / "s.json")], env={"WEBHOOK_SECRET": ""})
    assert result.exit_code == 2 and "WEBHOOK_SECRET" in result.output
    assert not clean[0].messages


def test_a_signature_is_refused_when_old_or_tampered():
    body = b'{"version": {"id": "privacy@2"}}'
    header = sign(SECRET, body, 1_700_000_000)
    assert verify_signature(SECRET, body, header, now=1_700_000_100)
    assert not verify_signature(SECRET, body, header, now=1_700_000_000 + 301)  # a replay
    assert not verify_signature(SECRET, body, "t=x,v1=00")
    assert verify_signature(SECRET, body, sign(SECRET, body, int(real_time().timestamp())))


def test_feeds_name_their_hub_and_themselves(sites, servers):
    _repo, _before, after = sites
    hub = f"http://127.0.0.1:{servers[2].server_address[1]}/hub"
    for name in ("privacy.atom.xml", "privacy.rss.xml", "all.atom.xml"):
        feed = feedparser.parse((Path(after) / "feeds" / name).read_bytes())
        links = {link.rel: link.href for link in feed.feed.links}
        assert links.get("self") == f"{SITE}feeds/{name}", name
        assert links.get("hub") == hub, name


def test_the_readme_check_accepts_what_notify_signs():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("```python\nimport hashlib, hmac, time\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec("import hashlib, hmac, time\n" + snippet, namespace)  # the documented check, as a receiver copies it
    body = b'{"version": {"id": "privacy@2"}}'
    header = sign(SECRET, body, int(real_time().timestamp()))
    assert namespace["verify_signature"](SECRET, body, header)
    assert not namespace["verify_signature"](SECRET, body.replace(b"2", b"3"), header)
