"""End-to-end: repositories shaped like real ones (tests/realrepos.py) build with only the README's
minimal configuration, and the site is a faithful record of them (issues 11 and 12).

Each repository is built once per module (`mkdocs build --strict`, POLICY_AS_OF pinned); the tests
read the site's `policies.json`, its HTML (parsed with lxml), its feeds (feedparser) and the build log."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import lxml.html
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.gitrepo import TempRepo
from tests.realrepos import bigco_repo, github_lists_repo, saas_repo
from tests.sites import build

MINIMAL_YML = """\
site_name: Example Legal
site_url: https://legal.example.com/
docs_dir: {docs}
theme: {{name: material, font: false}}
plugins: [search, policy]
"""

REPOS = ["saas", "bigco", "github"]


@dataclass
class Built:
    repo: TempRepo
    shas: dict
    site: Path
    result: subprocess.CompletedProcess[str]

    @property
    def manifest(self) -> dict:
        return json.loads((self.site / "policies.json").read_text(encoding="utf-8"))

    def policy(self, source: str) -> dict:
        found = [p for p in self.manifest["policies"] if p["source"] == source]
        assert len(found) == 1, f"{source} is not one policy in the manifest"
        return found[0]

    def page(self, url: str) -> lxml.html.HtmlElement:
        path = self.site / unquote(url)
        if url.endswith("/") or not url:
            path = path / "index.html"
        return lxml.html.fromstring(path.read_bytes())


def _build(tmp_path_factory, name: str, builder, exclude: list[str] | None = None) -> Built:
    base = tmp_path_factory.mktemp(name)
    repo, shas = builder(base / "repo")
    text = MINIMAL_YML.format(docs=repo.docs.relative_to(repo.root).as_posix())
    if exclude:  # a plugin option: `plugins: [search, {policy: {exclude: [...]}}]`
        policy = f"{{policy: {{exclude: {json.dumps(exclude)}}}}}"
        text = text.replace("plugins: [search, policy]", f"plugins: [search, {policy}]")
    (repo.root / "mkdocs.yml").write_text(text, encoding="utf-8")
    site = base / "site"
    return Built(repo, shas, site, build(repo, site_dir=site))


@pytest.fixture(scope="module")
def saas(tmp_path_factory) -> Built:
    return _build(tmp_path_factory, "saas", saas_repo, exclude=["LICENSE.md"])


@pytest.fixture(scope="module")
def bigco(tmp_path_factory) -> Built:
    return _build(tmp_path_factory, "bigco", bigco_repo)


@pytest.fixture(scope="module")
def github(tmp_path_factory) -> Built:
    return _build(tmp_path_factory, "github", github_lists_repo)


@pytest.fixture(scope="module")
def bigco_excluding(tmp_path_factory) -> Built:
    return _build(tmp_path_factory, "bigco-excluding", bigco_repo, exclude=["DMCA/*.md", "Privacy Policies/**"])


@pytest.fixture(params=REPOS)
def built(request) -> Built:
    return request.getfixturevalue(request.param)


def _ok(built: Built) -> Built:
    assert built.result.returncode == 0, f"the strict build failed:\n{built.result.stderr[-3000:]}"
    return built


# -- helpers -------------------------------------------------------------------------------------

def _with_class(tree: lxml.html.HtmlElement, name: str) -> list[lxml.html.HtmlElement]:
    return tree.xpath(f"descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def _one_with_class(tree: lxml.html.HtmlElement, name: str) -> lxml.html.HtmlElement:
    found = _with_class(tree, name)
    assert len(found) == 1, f"expected one .{name}, found {len(found)}"
    return found[0]


def _stamp_day(tree: lxml.html.HtmlElement) -> str:
    times = _one_with_class(tree, "policy-last-updated").xpath(".//time[@datetime]")
    assert times, "no <time datetime> in .policy-last-updated"
    return times[0].get("datetime")


def _moment(repo: TempRepo, sha: str) -> dt.datetime:
    return dt.datetime.fromisoformat(repo.git("show", "-s", "--format=%cI", sha))


def _utc_day(repo: TempRepo, sha: str) -> str:
    return _moment(repo, sha).astimezone(dt.UTC).date().isoformat()


def _subjects(repo: TempRepo, shas: list[str]) -> list[str]:
    return [repo.git("log", "-1", "--format=%s", sha) for sha in shas]


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def _structure(root: lxml.html.HtmlElement) -> dict[str, int]:
    """What a reader sees of the document's structure: lists, nesting, headings, tables."""
    return {
        "li": len(root.xpath(".//li")),
        "nested li": len(root.xpath(".//li//li")),
        "h2": len(root.xpath(".//h2")),
        "h3": len(root.xpath(".//h3")),
        "table": len(root.xpath(".//table")),
        "tr": len(root.xpath(".//tr")),
    }


def _github_structure(markdown: str) -> dict[str, int]:
    # GitHub renders footnotes as a list too; linkify needs a package we do not install and adds no structure.
    md = MarkdownIt("gfm-like", {"linkify": False}).use(footnote_plugin)
    return _structure(lxml.html.fragment_fromstring(md.render(_strip_front_matter(markdown)), create_parent="div"))


def _source_at(built: Built, sha: str, source: str) -> str:
    docs = built.repo.docs.relative_to(built.repo.root).as_posix()
    return built.repo.git("show", f"{sha}:{docs}/{source}")


def _text(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())


def _day_spellings(day: str) -> list[str]:
    d = dt.date.fromisoformat(day)
    return [f"{d:%B} {d.day}, {d.year}", f"{d.day} {d:%B} {d.year}", f"{d:%b} {d.day}, {d.year}", day]


# -- the build -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", REPOS)
def test_strict_build_passes_with_the_minimal_configuration(name, request):
    built = request.getfixturevalue(name)
    assert built.result.returncode == 0, built.result.stderr[-3000:]
    assert (built.site / "policies.json").is_file()


def test_versions_are_exactly_the_readable_visible_revisions(built):
    _ok(built)
    manifest = built.manifest
    expected = built.shas["versions"]
    assert {p["source"] for p in manifest["policies"]} == set(expected)
    for source, commits in expected.items():
        got = [v["commit"] for v in built.policy(source)["versions"]]
        assert got == commits, (f"{source}: versions are {_subjects(built.repo, got)}, "
                                f"expected {_subjects(built.repo, commits)}")
    published = {v["commit"] for p in manifest["policies"] for v in p["versions"]}
    for sha in built.shas["not_versions"]:
        assert sha not in published, f"{_subjects(built.repo, [sha])} became a version"


@pytest.mark.parametrize("name, source, words", [
    ("saas", "privacy/index.md", "hosting provider"),
    ("bigco", "Privacy Policies/Customer Privacy Notice.md", "Zürich"),
])
def test_the_version_after_a_skipped_revision_is_the_next_readable_one(name, source, words, request):
    built = _ok(request.getfixturevalue(name))
    [skipped] = built.shas["skipped"][source]
    versions = built.policy(source)["versions"]
    when = _moment(built.repo, skipped)
    after = [v for v in versions if dt.datetime.fromisoformat(v["published"]) > when]
    assert after, "no version after the skipped revision"
    next_readable = next(c for c in built.shas["versions"][source] if _moment(built.repo, c) > when)
    assert after[0]["commit"] == next_readable
    # What the skipped revision said first reaches readers with that version, marked as inserted.
    redline = _one_with_class(built.page(after[0]["redline_url"]), "redline")
    assert any(words in ins.text_content() for ins in redline.xpath(".//ins"))


@pytest.mark.parametrize("name", ["saas", "bigco"])
def test_each_skipped_revision_is_reported_once_with_file_and_commit(name, request):
    built = _ok(request.getfixturevalue(name))
    lines = built.result.stderr.splitlines()
    for source, commits in built.shas["skipped"].items():
        for sha in commits:
            reported = [line for line in lines if sha[:7] in line and "skipped" in line]
            assert len(reported) == 1, f"{source} @ {sha[:7]}: reported {len(reported)} times:\n" + "\n".join(lines)
            assert source in reported[0]
    expected = sum(len(c) for c in built.shas["skipped"].values())
    assert len([line for line in lines if "skipped" in line]) == expected, "\n".join(lines)


def test_findings_about_old_revisions_are_one_summary_line(saas):
    _ok(saas)
    lines = saas.result.stderr.splitlines()
    summary = [line for line in lines if "policy check --history" in line]
    assert len(summary) == 1, "\n".join(lines)
    assert not [line for line in lines if "March 3, 2021" in line or "Last updated" in line], "\n".join(lines)
    assert not [line for line in lines if line.startswith("WARNING")], "\n".join(lines)


# -- formatting commits are not changes ----------------------------------------------------------

def test_formatting_commits_make_no_feed_entry(built):
    _ok(built)
    expected = built.shas["versions"]
    every = feedparser.parse((built.site / built.manifest["feeds"]["atom"]).read_bytes())
    assert not every.bozo, every.bozo_exception
    assert len(every.entries) == sum(len(c) for c in expected.values())
    for source, commits in expected.items():
        feed = feedparser.parse((built.site / built.policy(source)["feeds"]["atom"]).read_bytes())
        assert len(feed.entries) == len(commits), source


def test_formatting_commits_do_not_move_the_last_updated_stamp(built):
    _ok(built)
    for source, commits in built.shas["versions"].items():
        policy = built.policy(source)
        day = _utc_day(built.repo, commits[-1])
        assert policy["last_updated"] == day, source
        assert _stamp_day(built.page(policy["url"])) == day, source


# -- what GitHub shows is what the site shows ----------------------------------------------------

def test_every_list_heading_and_table_github_renders_is_on_the_site(built):
    _ok(built)
    head = built.repo.head()
    for source in built.shas["versions"]:
        policy = built.policy(source)
        first = policy["versions"][0]
        pages = [(policy["url"], head, source), (first["url"], first["commit"], first["source"])]
        for url, sha, path in pages:
            site = _structure(_one_with_class(built.page(url), "policy-text"))
            github = _github_structure(_source_at(built, sha, path))
            assert site == github, f"{url} ({sha[:7]}): site {site}, GitHub {github}"


def test_every_published_redline_has_a_mark(built):
    _ok(built)
    checked = 0
    for policy in built.manifest["policies"]:
        for version in policy["versions"]:
            if version["redline_url"] is None:
                continue
            redline = _one_with_class(built.page(version["redline_url"]), "redline")
            marks = redline.xpath(".//ins | .//del") + _with_class(redline, "redline-link-changed")
            assert marks, f"{version['redline_url']} shows no change"
            checked += 1
    assert checked == sum(len(c) - 1 for c in built.shas["versions"].values())


# -- only policies are policies ------------------------------------------------------------------

def test_pdfs_and_symlinked_pdfs_are_copied_into_the_site(saas):
    _ok(saas)
    original = (saas.repo.docs / saas.shas["pdf"]).read_bytes()
    assert original.startswith(b"%PDF-")
    assert (saas.site / saas.shas["pdf"]).read_bytes() == original
    assert (saas.site / saas.shas["pdf_link"]).read_bytes() == original


def _nav_targets(built: Built, url: str) -> set[str]:
    """Site paths the primary navigation of the page at `url` links to."""
    page = built.page(url)
    base = urljoin("https://legal.example.com/", url)
    navs = page.xpath("//nav[contains(concat(' ', normalize-space(@class), ' '), ' md-nav--primary ')]")
    assert navs, "no primary navigation"
    return {urlsplit(urljoin(base, a.get("href"))).path
            for a in navs[0].xpath(".//a[contains(concat(' ', @class, ' '), ' md-nav__link ')][@href]")}


def test_an_excluded_file_is_not_a_policy_nor_on_the_site(saas):
    _ok(saas)
    assert "LICENSE.md" not in {p["source"] for p in saas.manifest["policies"]}
    assert not (saas.site / "LICENSE" / "index.html").exists()
    targets = _nav_targets(saas, saas.policy("privacy/index.md")["url"])
    assert "/privacy/" in targets and "/LICENSE/" not in targets, targets


def test_a_home_page_opted_out_today_is_not_a_policy_but_stays_the_home_page(saas):
    """The root index.md is the site's home page (default `plain_pages: ["/index.md"]`): with
    `policy: false` today its 2019-2023 revisions are no policy, yet readers still land on it."""
    _ok(saas)
    assert "index.md" not in {p["source"] for p in saas.manifest["policies"]}
    assert not (saas.site / "versions" / "index").exists()
    targets = _nav_targets(saas, saas.policy("privacy/index.md")["url"])
    assert "/privacy/" in targets and "/" in targets, targets
    home = saas.page("")
    assert not home.xpath("//*[contains(@class, 'policy-last-updated')]")


def test_exclude_patterns_are_gitignore_style(bigco_excluding):
    """`*` stays within a folder (`DMCA/*.md` leaves `DMCA/Site Pages/` alone), `**` crosses folders."""
    built = _ok(bigco_excluding)
    sources = {p["source"] for p in built.manifest["policies"]}
    privacy = "Privacy Policies/Customer Privacy Notice.md"
    assert sources == set(built.shas["versions"]) - {privacy}
    assert not (built.site / "Privacy Policies").exists()
    assert privacy not in built.result.stderr  # its unreadable past is not reported either


def test_txt_files_are_never_policies(bigco):
    _ok(bigco)
    for policy in bigco.manifest["policies"]:
        assert not policy["source"].endswith(".txt")
        assert not any(v["source"].endswith(".txt") for v in policy["versions"])
    assert bigco.shas["txt"] not in {p["source"] for p in bigco.manifest["policies"]}


def test_a_file_without_title_in_the_past_is_named_after_its_file(bigco):
    _ok(bigco)
    first = bigco.policy(bigco.shas["untitled"])["versions"][0]
    page = bigco.page(first["url"])
    assert "DMCA Counter Notice" in page.findtext(".//title")
    assert "has no title" not in bigco.result.stderr


# -- one calendar ----------------------------------------------------------------------------------

def test_one_change_shows_one_day_everywhere(github):
    """A commit at 23:30 -08:00 on a UTC site is the next day, on every page and in the feed."""
    _ok(github)
    right, wrong = github.shas["late_utc_day"], github.shas["late_local_day"]
    policy = github.policy("terms.md")
    [version] = [v for v in policy["versions"] if v["commit"] == github.shas["late"]]
    assert version["effective"] == right
    current = github.page(policy["url"])
    assert _stamp_day(current) == right
    for url in (policy["url"], policy["history_url"], version["redline_url"], version["url"]):
        tree = github.page(url)
        # The previous version's last day in force is the day before this one's effective day, which
        # here is the committer's local day: a different fact, rightly shown at the end of a period.
        for until in tree.xpath("//time[contains(concat(' ', @class, ' '), ' policy-until ')]"):
            until.drop_tree()
        days = {t.get("datetime") for t in tree.xpath("//time[@datetime]") if len(t.get("datetime")) == 10}
        assert wrong not in days, url
        text = _text(tree)
        assert not [s for s in _day_spellings(wrong) if s in text], url
        assert any(s in text for s in _day_spellings(right)), url
    feed = feedparser.parse((github.site / policy["feeds"]["atom"]).read_bytes())
    [entry] = [e for e in feed.entries if e.id.endswith(f"/{version['number']}")]
    shown = " ".join([entry.title, entry.get("summary", "")] + [c.value for c in entry.get("content", [])])
    shown = _text(lxml.html.fragment_fromstring(shown, create_parent="div"))
    assert not [s for s in _day_spellings(wrong) if s in shown], shown
    assert any(s in shown for s in _day_spellings(right)), shown
