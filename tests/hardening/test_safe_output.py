"""Nothing in a policy, its front matter or its commit messages can run script in a reader's browser."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.gitrepo import TempRepo
from tests.hardening.conftest import small_history
from tests.sites import build, write_config

HOSTILE = """\
<script>alert("script")</script>

<img src=x onerror=alert("img")>

[a link](javascript:alert("md-link"))

<a href="javascript:alert('a-href')">an anchor</a> <a href=" JaVaScRiPt:alert(1)">spaced</a>

<iframe src="https://evil.example/"></iframe>

<style>body { display: none }</style>

<svg onload=alert("svg")><use href="data:image/svg+xml,x"/></svg>

Clause {n}: we keep <em onmouseover="alert('em')">{word}</em> data.

<div onclick="alert('div')">unclosed
"""
TITLE = "<b>Bold</b> & co"
SUMMARY = "<script>alert('summary')</script> changed {n}"


def hostile(n: int, word: str) -> str:
    return (f'---\ntitle: "{TITLE}"\nsummary: "{SUMMARY.format(n=n)}"\n---\n\n# Terms\n\n'
            + HOSTILE.replace("{n}", str(n)).replace("{word}", word))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """(a site built from hostile policies, a site built from ordinary ones for the theme's own scripts)."""
    root = tmp_path_factory.mktemp("safe")
    repo = TempRepo(root / "hostile")
    write_config(repo)
    repo.write("index.md", "---\ntitle: Legal\npolicy: false\n---\n\n# Legal\n")
    repo.write("evil.md", hostile(1, "some"))
    repo.commit('<script>alert("subject")</script> publish', "2023-01-01T00:00:00+00:00")
    # The redline splits the hostile markup: words change inside and around it.
    repo.write("evil.md", hostile(2, "all").replace('alert("img")', 'alert("img2")'))
    repo.commit('<img src=x onerror=alert("subject2")> amend', "2023-02-01T00:00:00+00:00")
    repo.remove("evil.md")
    repo.commit('<svg onload=alert("retire")> retire', "2023-03-01T00:00:00+00:00")
    repo.write("evil.md", hostile(3, "none"))
    repo.commit("Back", "2023-04-01T00:00:00+00:00")
    result = build(repo, site_dir=root / "site")
    assert result.returncode == 0, result.stderr
    control = TempRepo(root / "control")
    small_history(control)
    result = build(control, site_dir=root / "control-site")
    assert result.returncode == 0, result.stderr
    return root / "site", root / "control-site"


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


def scripts(html: str) -> list[str]:
    """Script elements with their relative prefixes removed, so pages at any depth compare."""
    return [re.sub(r'(src=")(?:\.\./|\./)+', r"\1", s) for s in _SCRIPT.findall(html)]


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if "assets" not in p.relative_to(site).parts]


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser tokenizes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def unsafe_markup(html: str, *, elements: bool = True) -> list[str]:
    """Handlers, script URLs and (with `elements`) active elements, outside script elements."""
    parser = _Tags()
    parser.feed(_SCRIPT.sub("", html))
    found = []
    for tag, attrs in parser.tags:
        if elements and tag in ("script", "iframe", "object", "embed", "style", "base", "form", "svg", "math"):
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if value and re.match(r"\s*(javascript|vbscript|data):", value, re.I):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def test_every_page_has_only_the_theme_scripts(sites):
    site, control = sites
    theme = {s for page in pages(control) for s in scripts(page.read_text(encoding="utf-8"))}
    assert any("bundle" in s for s in theme)
    for page in pages(control):
        assert unsafe_markup(page.read_text(encoding="utf-8"), elements=False) == [], page
    checked = pages(site)
    assert len(checked) >= 10
    for page in checked:
        html = page.read_text(encoding="utf-8")
        foreign = [s for s in scripts(html) if s not in theme]
        assert foreign == [], page
        assert unsafe_markup(html, elements=False) == [], page
        assert len(re.findall(r"<script\b", html, re.I)) == len(scripts(html)), page


def test_policy_markup_carries_no_handlers_active_elements_or_script_urls(sites):
    site, _control = sites
    kinds = set()
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        for region in re.findall(r'<article class="policy policy--(\w+)">(.*?)</article>', html, re.S):
            kinds.add(region[0])
            assert unsafe_markup(region[1]) == [], (page, region[0])
    assert kinds >= {"current", "version", "redline", "history", "changes"}  # compare pages are "redline"
    assert list(site.glob("versions/evil/*-vs-current/index.html"))
    for page in pages(site):
        # As text (a Markdown link GitHub's rules refuse to make) the words are harmless; as an address never.
        assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""",
                             page.read_text(encoding="utf-8"), re.I), page


def test_hostile_text_is_still_shown_and_the_redline_splits_it(sites):
    site, _control = sites
    redline = (site / "versions" / "evil" / "2-changes" / "index.html").read_text(encoding="utf-8")
    body = redline.split('<div class="redline">', 1)[1]
    assert "<del" in body and "<ins" in body and "all" in body
    assert unsafe_markup(body.split("</article>", 1)[0]) == []


def test_summaries_and_commit_messages_are_escaped_in_policy_pages(sites):
    site, _control = sites
    for name in ("versions/evil/index.html", "changes/index.html", "versions/evil/2-changes/index.html"):
        html = (site / name).read_text(encoding="utf-8")
        article = html.split('<article class="policy', 1)[1]
        assert "&lt;script&gt;alert(&#39;summary&#39;)" in article or "&lt;script&gt;alert('summary')" in article
        assert "<script>alert('summary')" not in html
    changes = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert "<svg onload" not in changes and "<img src=x" not in changes


def test_titles_are_escaped_everywhere(sites):
    site, _control = sites
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        assert "<b>Bold</b>" not in html, page


def test_a_title_cannot_inject_a_handler(tmp_path):
    repo = TempRepo(tmp_path / "repo")
    write_config(repo)
    repo.write("index.md", "---\ntitle: Legal\npolicy: false\n---\n\n# Legal\n")
    repo.write("p.md", "---\ntitle: \"<img src=x onerror=alert(document.domain)>\"\n---\n\n# P\n\nText.\n")
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    assert build(repo, site_dir=tmp_path / "site").returncode == 0
    for page in pages(tmp_path / "site"):
        assert unsafe_markup(page.read_text(encoding="utf-8"), elements=False) == [], page


def _html_fields(path: Path) -> list[str]:
    """The fields of a feed that readers render as HTML."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [item.get("content_html") or "" for item in data.get("items", [])]
    if path.suffix == ".xml":
        tree = ET.parse(path)
        fields = []
        for element in tree.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if (element.get("type") in ("html", "xhtml") or tag in ("description", "encoded")) and element.text:
                fields.append(element.text)
        return fields
    return []


def test_feeds_carry_no_script(sites):
    site, _control = sites
    feeds = sorted((site / "feeds").glob("*")) if (site / "feeds").is_dir() else []
    if not feeds:
        pytest.skip("the build writes no feeds yet")
    for feed in feeds:
        if feed.suffix == ".ics":
            continue  # DESCRIPTION is plain text (RFC 5545): the summary is shown as typed
        for field in _html_fields(feed):
            assert unsafe_markup(field) == [], feed
            assert "<script" not in field.lower() and "javascript:" not in field.lower(), feed
