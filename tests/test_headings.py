"""Every policy page has one visible h1 with the policy's title, also when the text starts at `##`."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
from pathlib import Path

from tests.gitrepo import TempRepo
from tests.sites import build, read_page, site_env, write_config

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


# -- a title taken from the heading a text opens with -------------------------------------------------

POLICY = (sys.executable, "-c", "from generator.cli import main; main()")
TAGS_AND_MARKS = re.compile(r"<del\b.*?</del>|<[^>]+>", re.S)


def letters(html: str) -> str:
    """The text of some HTML, blanks left out (a mark's edge may or may not fall on a space)."""
    return "".join(html_lib.unescape(TAG.sub("", html)).replace("¶", "").split())


def redline_of(page: str) -> str:
    return page.split('<div class="redline">', 1)[1].split('<aside class="policy-follow', 1)[0]


def policy_text(page: str) -> str:
    return page.split('<div class="policy-text">', 1)[1].split("</div>", 1)[0]


def test_a_title_h1_under_a_first_line_is_the_pages_one_h1(repo, tmp_path):
    # Real files often open with a line above their title ("Last updated: …"): their h1 stays where it is.
    write_config(repo, pdf=False)
    repo.write("index.md", "---\npolicy: false\n---\n\n# Legal\n")
    repo.write("privacy.md", "_Last updated: 1 March 2024_\n\n# Privacy Policy\n\nWe keep little.\n")
    repo.commit("Publish", "2024-03-01T10:00:00+00:00")
    repo.write("privacy.md", "_Last updated: 2 May 2024_\n\n# Privacy Policy\n\nWe keep very little.\n")
    repo.commit("Amend", "2024-05-02T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    for url in ("privacy/", "versions/privacy/1/", "versions/privacy/2/"):
        page = read_page(site, url)
        assert h1s(page) == ["Privacy Policy"], url
        assert page.index("Last updated:") < page.index('<h1 id="privacy-policy"'), url  # in its own order
    redline = read_page(site, "versions/privacy/2-changes/")
    marks = re.findall(r"<(ins|del)\b[^>]*>([^<]*)<", redline.split('class="redline"', 1)[1])
    assert sorted(marks) == [("del", "1 March"), ("ins", "2 May"), ("ins", "very ")], marks


def root_repo(root: Path) -> TempRepo:
    """Policies at the top of the repository, none with front matter, as many real repositories keep
    them: a README, a setext title (an h2 on GitHub), an `## ` title, and one whose title is in front
    matter above a different opening heading."""
    repo = TempRepo(root, docs=".")
    repo.write("README.md", "# Acme legal\n\nOur policies, kept in git.\n")
    repo.write("privacy.md", "Privacy Policy\n---\n\nWe collect your e-mail address.\n\n### Contact\n\nWrite to us.\n")
    repo.write("terms.md", "## Terms of Service\n\nUse the service kindly.\n")
    repo.write("cookies.md", "---\ntitle: Cookies\n---\n\n## How we use cookies\n\nOne cookie.\n")
    repo.commit("Publish", "2024-01-10T10:00:00+01:00")
    # The setext title becomes an ATX one on the way: the same heading, so no change to the title.
    repo.write("privacy.md", "## Privacy Policy\n\nWe collect your e-mail address and name.\n\n"
               "### Contact\n\nWrite to us.\n")
    repo.write("terms.md", "Terms of Service\n---\n\nUse the service kindly and fairly.\n")
    repo.commit("Collect names", "2024-06-12T10:00:00+02:00")
    repo.write("terms.md", "## Terms of Use\n\nUse the service kindly and fairly.\n")
    repo.commit("Rename the terms", "2024-09-02T10:00:00+02:00")
    return repo


def test_a_title_taken_from_the_opening_heading_is_the_pages_one_h1(tmp_path):
    repo = root_repo(tmp_path / "acme-legal")
    init = subprocess.run([*POLICY, "init", "--no-build", "--site-url", "https://legal.acme.example/"],
                          cwd=repo.root, env=site_env(repo), capture_output=True, text=True)
    assert init.returncode == 0, init.stdout + init.stderr
    site = tmp_path / "site"
    result = build(repo, site_dir=site, args=("-f", ".policy/mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    for url in ("privacy/", "versions/privacy/1/", "versions/privacy/2/"):
        page = read_page(site, url)
        assert h1s(page) == ["Privacy Policy"], url
        # The heading itself became the h1, its anchor kept; no copy of it below.
        assert '<h1 id="privacy-policy">Privacy Policy</h1>' in page
        assert "<h2" not in policy_text(page)
        # Nor in the table of contents, which lists what stands under the title.
        contents = page[page.index('class="md-nav md-nav--secondary"'):]
        contents = contents[:contents.index("</nav>")]
        assert 'href="#privacy-policy"' not in contents and 'href="#contact"' in contents, url
    assert h1s(read_page(site, "versions/terms/1/")) == ["Terms of Service"]
    assert h1s(read_page(site, "terms/")) == ["Terms of Use"]
    # A title in front matter and a different opening heading say different things: both stay.
    cookies = read_page(site, "cookies/")
    assert h1s(cookies) == ["Cookies"] and re.search(r"<h2 id=\"how-we-use-cookies\">How we use cookies", cookies)

    # The redline marks the words that changed, not the title, and loses none of them.
    redline = read_page(site, "versions/privacy/2-changes/")
    assert h1s(redline) == ["Privacy Policy: what changed in version 2"]
    body = redline_of(redline)
    assert '<h2 id="privacy-policy" class="redline-title">Privacy Policy</h2>' in body
    assert re.findall(r"<(?:ins|del)\b[^>]*>([^<]*)<", body) == [" and name"]
    as_now = letters(TAGS_AND_MARKS.sub("", body))
    assert as_now == "PrivacyPolicy" + letters(policy_text(read_page(site, "versions/privacy/2/")))
    # A new title is a change: the terms' redline shows it, in the demoted title.
    renamed = redline_of(read_page(site, "versions/terms/3-changes/"))
    assert re.search(r'<h2 [^>]*class="[^"]*redline-title[^"]*">.*<del id="change-1">Service</del>'
                     r'<ins id="change-2">Use</ins>', renamed, re.S)
    assert "<h1" not in renamed


def test_redline_and_compare_pages_show_the_texts_headings_a_level_down(repo, tmp_path):
    write_config(repo)
    levels = "".join(f"{'#' * n} Level {n}\n\nText of level {n}.\n\n" for n in range(1, 7))
    repo.write("privacy.md", levels + "We keep data for 13 months.\n")
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    repo.write("privacy.md", levels + "We keep data for 16 months.\n")
    repo.commit("Keep longer", "2024-02-01T10:00:00+00:00")
    repo.write("privacy.md", levels.replace("Level 2", "Level two") + "We keep data for 16 months.\n")
    repo.commit("Rename a section", "2024-03-01T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    redline = read_page(site, "versions/privacy/2-changes/")
    assert h1s(redline) == ["Level 1: what changed in version 2"]
    body = redline_of(redline)
    assert '<h2 id="level-1" class="redline-title">Level 1<a class="headerlink" href="#level-1"' in body
    for n in range(2, 6):
        assert f'<h{n + 1} id="level-{n}">Level {n}<a class="headerlink" href="#level-{n}"' in body
    assert ('<div id="level-6" class="redline-h7" role="heading" aria-level="7">Level 6'
            '<a class="headerlink" href="#level-6"') in body
    # The list of changes and the sections that changed still name the heading above the change.
    assert re.search(r'<a href="#change-1">Level 6</a>', redline)
    assert 'class="policy-changelist__section">Level 6</span>' in redline
    compare = read_page(site, "versions/privacy/1-vs-current/")
    assert h1s(compare) == ["Level 1: version 1 compared with the current version"]
    assert '<h3 id="level-two" class="redline-changed">Level <del id="change-1">2<a' in redline_of(compare)
