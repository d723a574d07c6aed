"""Every policy page has one visible h1 with the policy's title, also when the text starts at `##`."""

from __future__ import annotations

import re

from tests.sites import build, read_page, write_config

H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")


def h1s(html: str) -> list[str]:
    article = html.split('<article class="md-content__inner', 1)[1]
    return [" ".join(TAG.sub("", h).replace("¶", "").split()) for h in H1.findall(article)]


def test_texts_that_start_below_h1_get_the_title_as_h1(repo, tmp_path):
    write_config(repo)
    repo.write("privacy.md", "---\ntitle: Privacy Policy\n---\n\n## Who we are\n\nWe are small.\n")
    repo.write("terms.md", "---\ntitle: Terms of Use\n---\n\n### Scope\n\nThese terms apply.\n")
    repo.write("cookies.md", "---\ntitle: Cookies\n---\n\n# Cookie Policy\n\nOne cookie.\n")
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    repo.write("privacy.md", "---\ntitle: Privacy Policy\n---\n\n## Who we are\n\nWe are very small.\n")
    repo.commit("Amend privacy", "2024-02-01T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    assert h1s(read_page(site, "privacy/")) == ["Privacy Policy"]
    assert h1s(read_page(site, "versions/privacy/1/")) == ["Privacy Policy"]
    assert h1s(read_page(site, "terms/")) == ["Terms of Use"]
    assert h1s(read_page(site, "versions/terms/1/")) == ["Terms of Use"]
    # A text with its own h1 keeps it, and only it.
    assert h1s(read_page(site, "cookies/")) == ["Cookie Policy"]
    assert h1s(read_page(site, "versions/privacy/2-changes/"))[0] == "Privacy Policy: what changed in version 2"
