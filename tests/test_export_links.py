"""The export's link arithmetic, without a build: MkDocs' `url` filter reproduced, and links rebased
from a page's address to its Markdown file's folder (what Zensical expects)."""

from __future__ import annotations

import posixpath
import re

import pytest

from generator.export import rebase_links, relative_to_page
from tests.frontends import resolve


@pytest.mark.parametrize(("path", "page_url", "expected"), [
    ("versions/privacy/1/", "privacy/", "../versions/privacy/1/"),
    ("privacy/", "privacy/", "./"),
    ("feeds/all.atom.xml", "", "feeds/all.atom.xml"),
    ("versions/privacy/1.pdf", "versions/privacy/2-changes/", "../1.pdf"),
    ("https://example.com/x", "privacy/", "https://example.com/x"),
    ("#contact", "privacy/", "#contact"),
    ("", "privacy/", ".."),  # MkDocs: the empty path is "." from the folder above
])
def test_relative_to_page_is_mkdocs_url_filter(path, page_url, expected):
    from mkdocs.utils import normalize_url

    class Page:
        url = page_url

    assert relative_to_page(path, page_url) == expected
    assert relative_to_page(path, page_url) == normalize_url(path, Page())  # type: ignore[arg-type]


@pytest.mark.parametrize("page_url, source", [
    ("privacy/", "privacy.md"), ("versions/privacy/2-changes/", "versions/privacy/2-changes.md"),
    ("versions/privacy/", "versions/privacy/index.md"), ("", "index.md"),
])
def test_rebased_links_lead_where_they_led(page_url, source):
    links = ["./", "../versions/privacy/1/", "../feeds/privacy.atom.xml", "versions/terms/3/#scope", "#top",
             "https://example.com/", "/absolute/", "mailto:dpo@example.com", "../1.pdf?x=1"]
    html = "".join(f'<a href="{link}">x</a><img src="{link}">' for link in links)
    rebased = rebase_links(html, page_url, posixpath.dirname(source))
    old = [resolve(link, page_url) for link in links]
    # A builder that rebases each link from the source file's folder to the page's address.
    folder = posixpath.dirname(source)
    base = f"{folder}/" if folder else ""
    new = [resolve(link, base) for link in _hrefs(rebased)]
    assert [n.split("?")[0] for n in new[::2]] == [o.split("?")[0] for o in old]
    assert new[::2] == new[1::2]  # src like href


def _hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)
