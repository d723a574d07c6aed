"""`mkdocs serve` with bad input in the working tree: a page that names the file and the problem,
answered at once (not a browser left waiting for a build that cannot succeed), and the site again
as soon as a save fixes it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from tests.gitrepo import policy
from tests.sites import site_env, write_config

BROKEN = "---\ntitle: [Privacy\nsummary: Oops\n---\n\n# Privacy\n\nBroken.\n"


def _get(port: int, path: str, timeout: float) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=timeout) as response:
        return response.read().decode("utf-8")


def _wait_for(port: int, path: str, text: str, seconds: float) -> str:
    """The page once it contains `text`; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    html = ""
    while time.monotonic() < deadline:
        try:
            html = _get(port, path, timeout=5)
            if text in html:
                return html
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{path} never showed {text!r}; last:\n{html[:2000]}")


def test_serve_shows_an_error_page_for_broken_front_matter_and_recovers(repo):
    write_config(repo)
    repo.write("index.md", "---\ntitle: Legal\n---\n\n# Legal\n")
    repo.write("p.md", policy("P", "Committed text.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("p.md", BROKEN)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=repo.root, env=site_env(repo), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        # The first build already fails: serve still starts, and every page says why.
        html = _wait_for(port, "p/", "The site cannot be built", 90)
        assert "p.md" in html and "YAML" in html, html
        assert "The site cannot be built" in _get(port, "", timeout=5)
        # A save that fixes it: the page is the policy again (the uncommitted edit as a draft).
        repo.write("p.md", policy("P", "Edited in the working tree.", summary="Edit"))
        _wait_for(port, "p/", "Edited in the working tree.", 30)
        # Broken again: the error page comes back, and each request is answered within a second.
        saved = time.monotonic()
        repo.write("p.md", BROKEN)
        _wait_for(port, "p/", "The site cannot be built", 30)
        # The watcher's polling and the rebuild (seconds on a loaded machine), never a stalled server.
        assert time.monotonic() - saved < 15
        start = time.monotonic()
        assert "The site cannot be built" in _get(port, "p/", timeout=1)
        assert time.monotonic() - start < 1
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "ERROR" in stderr and "p.md" in stderr  # the terminal says it too
