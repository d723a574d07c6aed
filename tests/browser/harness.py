"""Build, serve and open the demo site in Chromium: shared by the browser tests and the screenshot script."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
HOST = "127.0.0.1"
# The day the demo is built "as of": after the translations' commits, and the Terms of Use keep a
# version that is not yet in force.
AS_OF = "2026-12-01"

# One example of every page type the plugin and the theme produce.
PAGE_TYPES: dict[str, str] = {
    "home": "/",
    "current": "/privacy/",
    "upcoming": "/terms/",
    "archived": "/versions/privacy/2/",
    "history": "/versions/privacy/",
    "redline": "/versions/privacy/4-changes/",
    # Version 3 only moved a link target: a redline page with no marked text at all.
    "redline-link": "/versions/privacy/6-changes/",
    "compare": "/versions/privacy/2-vs-current/",
    "changes": "/changes/",
    # The sub-processor list kept as data: its table, a redline led by who changed, an announced addition.
    "list": "/subprocessors/",
    "list-redline": "/versions/subprocessors/8-changes/",
    "list-upcoming": "/versions/subprocessors/9/",
    "retired": "/beta-terms/",
    # The privacy policy in German (current) and Japanese (one version behind: the behind banner).
    "translation": "/privacy.de/",
    "translation-behind": "/privacy.ja/",
    "translation-behind-history": "/versions/privacy.ja/",
    # A Japanese redline: the changed phrases are marked inside a long paragraph.
    "translation-redline": "/versions/privacy.ja/2-changes/",
    "not-found": "/404.html",
}


def build_site(dest: Path) -> Path:
    """Build the demo with `mkdocs build --strict` into dest; raise with MkDocs' output if it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_AS_OF=AS_OF)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "-d", str(dest)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"mkdocs build --strict failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 on a port the OS picks; yield the base URL without a trailing slash."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def chromium_missing() -> str | None:
    """Why Chromium cannot be used here, or None when it can."""
    if CHROMIUM.exists() or shutil.which(str(CHROMIUM)):
        return None
    return f"{CHROMIUM} not found: install it with `apt-get install -y chromium`"


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)


@dataclass
class PageWatch:
    """What a page did that a published legal page must not do: errors, failed or off-site requests."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)

    def attach(self, page) -> PageWatch:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("request", self._on_request)
        page.on("requestfailed", lambda request: self.failed_requests.append(
            f"{request.url}: {request.failure}"))
        page.on("response", self._on_response)
        return self

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '?')})")

    def _on_request(self, request) -> None:
        if not is_local(request.url):
            self.offsite_requests.append(request.url)

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def problems(self) -> list[str]:
        return ([f"console: {m}" for m in self.console_errors]
                + [f"failed: {m}" for m in self.failed_requests]
                + [f"off-site request: {m}" for m in self.offsite_requests])


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    # data: and blob: URLs never touch the network.
    return parts.scheme in ("data", "blob", "about") or parts.hostname == HOST
