"""`mkdocs serve` with bad input in the working tree: a page that names the file and the problem,
answered at once (not a browser left waiting for a build that cannot succeed), and the site again
as soon as a save fixes it."""

from __future__ import annotations

import time

from tests.gitrepo import policy
from tests.sites import serving, write_config

BROKEN = "---\ntitle: [Privacy\nsummary: Oops\n---\n\n# Privacy\n\nBroken.\n"


def test_serve_shows_an_error_page_for_broken_front_matter_and_recovers(repo):
    write_config(repo)
    repo.write("index.md", "---\ntitle: Legal\n---\n\n# Legal\n")
    repo.write("p.md", policy("P", "Committed text.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("p.md", BROKEN)
    with serving(repo) as server:
        # The first build already fails: serve still starts, and every page says why.
        html = server.wait_for("p/", "The site cannot be built", 90)
        assert "p.md" in html and "YAML" in html, html
        assert "The site cannot be built" in server.get("", timeout=5)
        # A save that fixes it: the page is the policy again (the uncommitted edit as a draft).
        repo.write("p.md", policy("P", "Edited in the working tree.", summary="Edit"))
        server.wait_for("p/", "Edited in the working tree.", 30)
        # Broken again: the error page comes back, and each request is answered within a second.
        saved = time.monotonic()
        repo.write("p.md", BROKEN)
        server.wait_for("p/", "The site cannot be built", 30)
        # The watcher's polling and the rebuild (seconds on a loaded machine), never a stalled server.
        assert time.monotonic() - saved < 15
        start = time.monotonic()
        assert "The site cannot be built" in server.get("p/", timeout=1)
        assert time.monotonic() - start < 1
    assert "ERROR" in server.stderr and "p.md" in server.stderr  # the terminal says it too
