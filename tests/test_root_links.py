"""Links written from the repository's top (`/terms.md`), as GitHub resolves them, on every page and
version: current, archived and retired."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from generator.pages import docs_target, rewrite_html_links
from tests.gitrepo import policy
from tests.sites import build, read_page, write_config

URLS = {"terms.md": "terms/", "privacy/subprocessors.md": "privacy/subprocessors/", "a b/c.md": "a%20b/c/"}


def test_a_root_path_is_read_from_the_repository_top():
    assert docs_target("/terms.md", "legal", "") == "terms.md"  # docs folder at the top
    assert docs_target("/docs/privacy/subprocessors.md", "", "docs") == "privacy/subprocessors.md"
    assert docs_target("/terms.md", "", "docs") == "terms.md"  # MkDocs' docs-relative reading
    assert docs_target("/a%20b/c.md", "", "") == "a b/c.md"
    assert docs_target("/terms.md", "", None) is None  # no repository: left as written
    assert docs_target("https://example.com/x.md", "", "") is None
    assert docs_target("//example.com/x.md", "", "") is None
    assert docs_target("/", "", "") is None


def test_root_links_are_rewritten_and_dead_ones_unlinked():
    html = ('<p><a href="/docs/terms.md#use">t</a> <a href="/privacy/subprocessors.md">s</a> '
            '<a href="/a%20b/c.md">c</a> <a href="/gone.md">g</a> <img src="/docs/logo.png"></p>')
    missing = []
    out = rewrite_html_links(html, "legal/x.md", "legal/x/", lambda p: URLS.get(p) or
                             ("logo.png" if p == "logo.png" else None), missing.append, root="docs")
    assert 'href="../../terms/#use"' in out
    assert 'href="../../privacy/subprocessors/"' in out
    assert 'href="../../a%20b/c/"' in out
    assert "gone" not in out and out.endswith(" g <img src=\"../../logo.png\"></p>")
    assert missing == ["/gone.md"]
    assert 'src="../../logo.png"' in out


def _targets(html: str, page: str) -> set[str]:
    """The site addresses the links of a page's policy text lead to."""
    body = html.split('class="policy-text"', 1)[-1]
    return {urljoin(f"https://x/{page}", href).removeprefix("https://x/")
            for href in re.findall(r'<a href="([^"]+)"', body)}


@pytest.mark.parametrize("flavour", ["github", "site"])
def test_root_links_resolve_on_current_archived_and_retired_pages(repo, tmp_path, flavour):
    write_config(repo, pdf=False, markdown=flavour)
    repo.write("terms.md", policy("Terms", "Use it kindly."))
    repo.write("privacy/subprocessors.md", policy("Subprocessors", "None yet."))
    links = "See the [terms](/docs/terms.md) and the [list](/privacy/subprocessors.md)."
    repo.write("privacy.md", policy("Privacy", links))
    repo.write("beta.md", policy("Beta", links))
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", links + " Changed."))
    repo.remove("beta.md")
    repo.commit("Change privacy, retire beta", "2024-02-04T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    for page in ("privacy/", "versions/privacy/1/", "beta/", "versions/beta/1/"):
        targets = _targets(read_page(site, page), page)
        assert {"terms/", "privacy/subprocessors/"} <= targets, (page, targets)


def test_a_dead_root_link_on_an_ordinary_page_is_a_warning(repo, tmp_path):
    write_config(repo, pdf=False)
    repo.write("index.md", "---\ntitle: Legal\n---\n\n# Legal\n\n[Gone](/gone.md), [feeds](/feeds/all.atom.xml).\n")
    repo.write("privacy.md", policy("Privacy", "Text."))
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode != 0
    assert "index.md: links to '/gone.md', which is not in the site" in result.stderr
