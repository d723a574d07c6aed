"""The build's plain modules without MkDocs: the files plan, link resolution, and a build's page steps."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from generator import urls
from generator.cache import Cache
from generator.links import Links, link_targets
from generator.rendering import PolicyMarkdown
from generator.selection import Selection
from generator.sitebuild import BuildOptions, SiteBuild
from generator.sitefiles import DocFile, plan_files
from generator.sitepages import head_links, page_content, page_markdown, page_view, update_date
from tests.gitrepo import policy

BODY = "We keep little.\n\n## Contact\n\nWrite to [support](help/).\n"


def read_build(repo, **options) -> SiteBuild:
    settings = BuildOptions(zone=dt.UTC, as_of_moment=dt.datetime(2026, 11, 27, tzinfo=dt.UTC), locale="en",
                            language="en", selection=Selection((), ("/index.md",)), **options)
    build = SiteBuild(settings, PolicyMarkdown("github"), Cache(None))
    build.read(str(repo.docs), str(repo.root / "mkdocs.yml"), "Example", "https://example.com/", True)
    return build


@pytest.fixture
def privacy(repo):
    repo.write("privacy.md", policy("Privacy Policy", BODY, summary="First", effective="2024-03-01"))
    repo.commit("Publish", "2024-02-01T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", BODY.replace("little", "less"), summary="Less",
                                    effective="2024-04-01"))
    repo.commit("Keep less", "2024-03-01T10:00:00+00:00")
    return repo


def doc(src: str, text: str = "", **facts) -> DocFile:
    return DocFile(src, page=src.endswith(".md"), in_nav=src.endswith(".md"), read=lambda: text, **facts)


def test_the_plan_keeps_policies_and_plain_pages_adds_generated_pages_and_drops_the_rest(privacy, tmp_path):
    build = read_build(privacy)
    docs = [doc("privacy.md"), doc("index.md"), doc("style.css"),
            doc("about.md", "---\ntitle: About\npolicy: false\n---\n\n# About\n"),
            doc("terms.md", policy("Terms", "Not committed."))]
    plan = plan_files(docs, build.site.history, build.specs, build.options.selection, privacy.root)
    assert plan.error is None and plan.hide == [] and plan.notes == []
    assert plan.remove == ["about.md"]
    assert plan.warnings == ["policy: terms.md is not committed yet, so it has no history; commit it to publish it"]
    added = {page.src: page for page in plan.add}
    assert set(added) == set(build.specs) - {"privacy.md"}
    assert {urls.version_src("privacy", 1), urls.redline_src("privacy", 2)} <= set(added)
    assert not any(page.in_nav for page in added.values())
    assert "exclude: true" in added[urls.version_src("privacy", 1)].content


def test_the_plan_refuses_a_docs_file_where_a_page_is_generated_and_a_missing_policy(privacy):
    build = read_build(privacy)
    taken = urls.history_src("privacy")
    plan = plan_files([doc("privacy.md"), doc(taken)], build.site.history, build.specs,
                      build.options.selection, privacy.root)
    assert plan.error and taken in plan.error and "generates a page at that address" in plan.error
    plan = plan_files([], build.site.history, build.specs, build.options.selection, privacy.root)
    assert plan.error == "policy: privacy.md is in the history but missing from the docs folder"


def test_the_plan_drops_a_symbolic_link_that_leaves_the_repository(privacy, tmp_path):
    build = read_build(privacy)
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    link = privacy.docs / "secret.txt"
    os.symlink(outside, link)
    plan = plan_files([doc("privacy.md"), doc("secret.txt", abs_path=str(link))], build.site.history,
                      build.specs, build.options.selection, privacy.root)
    assert plan.remove == ["secret.txt"]
    assert len(plan.notes) == 1 and "is outside the repository" in plan.notes[0]


def test_links_follow_a_policy_to_its_page_and_other_files_to_the_front_ends_address(privacy):
    build = read_build(privacy)
    links = Links(build.site, {"help/index.md": "help/"}.get)
    assert link_targets("help/") == ["help/", "help/index.md", "help/README.md", "help.md"]
    assert links.url_of("privacy.md") == "privacy/"
    assert links.url_of("help") == "help/"
    assert links.url_of("gone.md") is None
    assert links.resolve("privacy.md") == "privacy.md" and links.resolve("other.md") == "other.md"


def test_a_build_runs_its_page_steps_without_mkdocs(privacy):
    build = read_build(privacy)
    build.link_files({"help/index.md": "help/"}.get)
    for number in (1, 2):
        src = urls.version_src("privacy", number)
        step = page_markdown(build, src, "")
        assert step is not None and step.markdown == "" and step.title == "Privacy Policy" and not step.is_nav_title
        content = page_content(build, src, f"versions/privacy/{number}/", "")
        assert content is not None and content.anchors and "Write to" in content.html
    assert page_markdown(build, "index.md", "# Home") is None
    build.prepare_redlines()
    redline_src = urls.redline_src("privacy", 2)
    view = page_view(build, redline_src, None)
    assert view is not None and "<del" in view["redline"].html and "<ins" in view["redline"].html
    assert set(build.redlines) == {build.site.history.policy("privacy").version(2).id}
    assert update_date(build, urls.version_src("privacy", 1)) == "2024-03-01"
    head = head_links(build, "privacy.md", "privacy/", "Example", "<html><head></head></html>")
    assert 'type="application/atom+xml"' in head and "Privacy Policy: changes" in head
