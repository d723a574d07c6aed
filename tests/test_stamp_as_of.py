"""No page shows a day after the site's day as "Last Updated": an announced version's own pages say
when it takes effect instead, and a policy whose first version is still to come says so too."""

from __future__ import annotations

import re

from tests.gitrepo import policy
from tests.sites import build, read_page, small_history

AS_OF = "2026-11-27"
STAMP = re.compile(r'class="policy-last-updated"[^>]*>(?P<label>[^<]*)<time datetime="(?P<day>[^"]+)"')


def stamps(html: str) -> list[tuple[str, str]]:
    return [(m.group("label").strip(), m.group("day")) for m in STAMP.finditer(html)]


def test_no_page_shows_a_future_day_as_last_updated(repo, tmp_path):
    small_history(repo)
    repo.write("later.md", policy("Later Terms", "Coming soon.", summary="First", effective="2027-02-01"))
    repo.commit("Announce the later terms", "2026-11-21T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site, as_of=AS_OF)
    assert result.returncode == 0, result.stderr
    future = []
    for page in site.rglob("*.html"):
        for label, day in stamps(page.read_text(encoding="utf-8")):
            if label.startswith("Last Updated") and day > AS_OF:
                future.append((page.relative_to(site).as_posix(), day))
    assert not future, f"Last Updated in the future: {future}"
    # The announced privacy version's own pages, and the policy not yet in force, say when they start.
    assert stamps(read_page(site, "versions/privacy/3/")) == [("Takes effect on", "2027-01-15")]
    assert stamps(read_page(site, "later/")) == [("Takes effect on", "2027-02-01")]
    assert stamps(read_page(site, "versions/later/")) == [("Takes effect on", "2027-02-01")]
    # Pages of versions in force or past keep their stamp.
    assert stamps(read_page(site, "privacy/")) == [("Last Updated:", "2024-02-01")]
    assert stamps(read_page(site, "versions/privacy/1/")) == [("Last Updated:", "2023-10-10")]
