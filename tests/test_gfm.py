"""generator.gfm renders policy Markdown as GitHub does; the sanitizer keeps all of it; the redline
stays exact on it. Structure is counted with an HTML parser, never by comparing whole documents."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.structure.toc import get_toc

from generator.frontmatter import split_source
from generator.gfm import GithubMarkdown, Rendered, Slugger, github_slug
from generator.redline import compute_redline
from generator.sanitize import sanitize_html
from tests.redline.redline_checks import assert_redline
from tests.redline.redline_docs import documents, edited, render_markdown

POLICIES = sorted((Path(__file__).parents[1] / "policies").rglob("*.md"))
GFM = GithubMarkdown()


class Tree(HTMLParser):
    """Start tags in document order, as (tag, attrs, depth), and the text."""

    VOID = {"br", "hr", "img", "input", "col", "wbr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], int]] = []
        self.depth = 0
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.depth))
        self.depth += tag not in self.VOID

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        self.text += data

    def count(self, tag: str) -> int:
        return sum(1 for t, _, _ in self.tags if t == tag)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a, _ in self.tags if t == tag]

    def depths(self, tag: str) -> list[int]:
        return [d for t, _, d in self.tags if t == tag]


def tree(text: str, renderer: GithubMarkdown = GFM) -> Tree:
    return Tree(renderer(text))


# -- lists and headings as GitHub shows them -------------------------------------------------------
def test_list_right_after_a_paragraph_line():
    html = tree("We share data with:\n- our hosting provider\n- our email provider\n")
    assert (html.count("p"), html.count("ul"), html.count("li")) == (1, 1, 2)


def test_two_space_nested_list():
    html = tree("- Hosting\n  - Helmsdesk\n  - Cloudline\n- Email\n")
    assert html.count("ul") == 2 and html.count("li") == 4
    outer, inner = html.depths("ul")
    assert inner > outer and html.depths("li") == [outer + 1, inner + 1, inner + 1, outer + 1]


def test_heading_with_one_leading_space():
    html = tree("Intro.\n\n ### Title\n\nText.\n")
    assert html.count("h3") == 1 and html.attrs("h3")[0]["id"] == "title"
    assert tree("    ### Not a heading\n").count("h3") == 0  # four spaces: a code block, on GitHub too


@pytest.mark.parametrize("bullet", ["*", "-", "+"])
def test_every_bullet_makes_a_list(bullet):
    html = tree(f"Rules:\n{bullet} be kind\n{bullet} be lawful\n")
    assert (html.count("ul"), html.count("li")) == (1, 2)


def test_changing_the_bullet_starts_a_new_list():
    assert tree("* a\n- b\n+ c\n").count("ul") == 3


def test_ordered_list_starting_at_3():
    html = tree("3. Third\n4. Fourth\n")
    assert html.attrs("ol") == [{"start": "3"}] and html.count("li") == 2


@pytest.mark.parametrize(("text", "items"), [
    ("Intro\n- a\n- b\n- c\n", 3),
    ("- a\nlazy continuation\n- b\n", 2),
    ("- a\n\n- b\n\n\n- c\n", 3),
    ("1. a\n1. b\n1. c\n1. d\n", 4),
    ("1. a\n   - b\n   - c\n2. d\n", 4),
    ("- a\n  - b\n    - c\n      - d\n", 4),
    ("- a\n    - b\n- c\n", 3),
    ("Text\n1. one\n", 1),
    ("Text\n2. two\n", 0),  # only a list starting at 1 may interrupt a paragraph
    ("- a\n-\n- c\n", 3),
])
def test_a_list_github_renders_with_n_items_has_n_li(text, items):
    assert tree(text).count("li") == items


def test_table_alignment():
    html = tree("| Cookie | Purpose | Days |\n|:--|:-:|--:|\n| a | b | 1 |\n| c | d | 2 |\n")
    assert html.count("table") == 1 and html.count("tr") == 3
    styles = [a.get("style") for a in html.attrs("th") + html.attrs("td")]
    assert styles == ["text-align:left", "text-align:center", "text-align:right"] * 3


def test_table_right_after_a_paragraph_line():
    assert tree("Cookies we use:\n| a | b |\n|---|---|\n| 1 | 2 |\n").count("table") == 1


def test_footnotes():
    html = tree("We keep data[^keep] for years[^2], as said[^keep].\n\n[^2]: Ten.\n[^keep]: By law.\n")
    refs = html.attrs("sup")
    assert [r["id"] for r in refs] == ["fnref:keep", "fnref:2", "fnref2:keep"]
    links = html.attrs("a")
    assert [a["href"] for a in links if a.get("class") == "footnote-ref"] == ["#fn:keep", "#fn:2", "#fn:keep"]
    assert [a["id"] for a in html.attrs("li")] == ["fn:keep", "fn:2"]  # in order of first reference
    assert [a["href"] for a in links if a.get("class") == "footnote-backref"] == [
        "#fnref:keep", "#fnref2:keep", "#fnref:2"]
    assert {"class": "footnote"} in html.attrs("div")
    assert "We keep data1 for years2, as said1." in html.text


def test_task_lists_are_symbols_not_form_controls():
    html = tree("- [ ] encrypt backups\n- [x] rotate keys\n- [X] audit\n- not a task\n")
    assert html.count("input") == 0 and html.count("li") == 4
    assert [a.get("class") for a in html.attrs("li")] == ["task-list-item"] * 3 + [None]
    assert html.attrs("ul") == [{"class": "contains-task-list"}]
    assert "☐ encrypt backups" in html.text and "☑ rotate keys" in html.text and "☑ audit" in html.text


def test_a_loose_task_item_keeps_its_box_inside_the_paragraph():
    html = GFM("- [ ] one\n\n- [x] two\n")
    assert '<p><span class="task-list-item-checkbox">☐</span> one</p>' in html


def test_strikethrough_is_s_because_del_means_a_redline_deletion():
    html = tree("We ~~never~~ ~rarely~ sell data.\n")
    assert html.count("s") == 2 and html.count("del") == 0


def test_definition_lists():
    text = "Controller\n: The party that decides why data is processed.\n\nProcessor\n: Acts for the controller.\n"
    html = tree(text)
    assert (html.count("dl"), html.count("dt"), html.count("dd")) == (1, 2, 2)
    assert tree(text, GithubMarkdown(definition_lists=False)).count("dl") == 0


def test_alerts_become_admonitions():
    html = tree("> [!WARNING]\n> Back up first.\n")
    assert html.attrs("div") == [{"class": "admonition warning"}] and html.count("blockquote") == 0
    assert html.attrs("p")[0] == {"class": "admonition-title"} and "Warning" in html.text


def test_bare_addresses_are_links_as_on_github():
    html = tree("Write to privacy@example.com or see www.example.com and https://example.com/a.\n")
    assert [a["href"] for a in html.attrs("a")] == [
        "mailto:privacy@example.com", "http://www.example.com", "https://example.com/a"]
    assert tree("`privacy@example.com`\n").count("a") == 0


# -- heading ids, permalinks, table of contents ----------------------------------------------------
@pytest.mark.parametrize(("heading", "slug"), [
    ("Hello World", "hello-world"),
    ("What's new?", "whats-new"),
    ("Section 3.2: Fees & Taxes", "section-32-fees--taxes"),
    ("snake_case and kebab-case", "snake_case-and-kebab-case"),
    ("Données personnelles", "données-personnelles"),
    ("Übermittlung in Drittländer", "übermittlung-in-drittländer"),
    ("個人情報の取り扱い", "個人情報の取り扱い"),
    ("हिन्दी नीति", "हिन्दी-नीति"),  # combining vowel signs are marks: kept
    ("🚀 Launch", "-launch"),
    ("Cookies 🍪!", "cookies-"),
    ("(Optional) Extras", "optional-extras"),
    ("Two  spaces", "two--spaces"),
])
def test_github_slugs(heading, slug):
    assert github_slug(heading) == slug
    assert tree(f"## {heading}\n").attrs("h2")[0]["id"] == slug


def test_slug_reads_the_rendered_text():
    html = tree("## The `tp_session` *cookie*[^1] <abbr>EU</abbr>\n\n[^1]: Note.\n")
    assert html.attrs("h2")[0]["id"] == "the-tp_session-cookie-eu"


def test_duplicate_headings_are_numbered_like_github():
    html = tree("## Scope\n\n## Scope\n\n### Scope\n\n## Scope-1\n")
    assert [a["id"] for t, a, _ in html.tags if t in ("h2", "h3")] == ["scope", "scope-1", "scope-2", "scope-1-1"]
    slugger = Slugger()
    assert [slugger.slug(t) for t in ("A", "a", "A!")] == ["a", "a-1", "a-2"]


def test_permalinks():
    html = GFM("## Your rights\n")
    assert html == ('<h2 id="your-rights">Your rights<a class="headerlink" href="#your-rights" '
                    'title="Permanent link">¶</a></h2>\n')
    assert tree("## A\n", GithubMarkdown(permalink="#")).text.strip() == "A#"
    assert tree("## A\n", GithubMarkdown(permalink=False)).count("a") == 0


def test_toc_nests_and_mkdocs_reads_it():
    rendered = GFM.render("# Privacy\n\n## Data *we* collect\n\n### Cookies\n\n## Your rights\n\n#### Deep\n")
    assert isinstance(rendered, Rendered)
    [top] = get_toc(rendered.toc)
    assert (top.title, top.url, top.level) == ("Privacy", "#privacy", 1)
    assert [(c.title, c.url) for c in top.children] == [("Data we collect", "#data-we-collect"),
                                                        ("Your rights", "#your-rights")]
    assert [c.url for c in top.children[0].children] == ["#cookies"]
    assert [c.url for c in top.children[1].children] == ["#deep"]
    assert rendered.toc[0]["children"][0]["html"] == "Data <em>we</em> collect"


def test_toc_is_python_markdowns_toc_tokens():
    def python_markdown(text):
        md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": True}})
        md.convert(text)
        return md.toc_tokens

    text = "# Terms and Conditions\n\n## Use of *the* service\n\n### Fees\n\n## Termination\n"
    assert GFM.render(text).toc == python_markdown(text)
    # Only the slug differs where GitHub and Python-Markdown slugify differently.
    text = '# Fees & "taxes" <abbr title="Value added tax">VAT</abbr>\n'
    [ours], [theirs] = GFM.render(text).toc, python_markdown(text)
    assert (ours["id"], theirs["id"]) == ("fees--taxes-vat", "fees-taxes-vat")
    assert {**ours, "id": ""} == {**theirs, "id": ""}


@settings(max_examples=200)
@given(st.lists(st.integers(1, 6), max_size=12))
def test_toc_nesting_matches_python_markdown(levels):
    text = "".join(f"{'#' * level} H{index}\n\n" for index, level in enumerate(levels))
    expected = nest_toc_tokens([{"level": level, "id": f"h{index}"} for index, level in enumerate(levels)])

    def shape(tokens):
        return [(t["level"], t["id"], shape(t["children"])) for t in tokens]

    assert shape(GFM.render(text).toc) == shape(expected)


def test_one_instance_renders_each_call_afresh():
    text = "## Scope\n\n## Scope\n\nNote[^1].\n\n[^1]: One.\n"
    first, second = GFM.render(text), GFM.render(text)
    assert first == second and [a["id"] for a in Tree(second.html).attrs("h2")] == ["scope", "scope-1"]


# -- the sanitizer keeps it all, and still removes what is hostile ---------------------------------
SAMPLE = """# Privacy Policy

Lanternfish Labs Ltd. ("Lanternfish", "we") keeps data[^law] & backups 'safely' < 30 days.
We share data with:
- our hosting provider
  - in Germany
- our e-mail provider, at privacy@example.com or www.example.com

 ### Cookies

| Cookie | Purpose | Duration |
|:--|:-:|--:|
| `tp_session` | Keeps you *signed in* | 30&nbsp;days |

1. [x] encrypt
2. [ ] rotate

Controller
: The party that decides.

~~Old text~~ and a [link](https://example.com/a "The title") and ![logo](logo.png).

> [!NOTE]
> Careful.

```text
<not html> & "quoted"
```

[^law]: As the law requires.
"""


@pytest.mark.parametrize("text", [SAMPLE, *(split_source(p.read_text())[1] for p in POLICIES)],
                         ids=["sample", *(p.stem for p in POLICIES)])
def test_the_sanitizer_changes_nothing_in_ordinary_policy_markdown(text):
    html = GFM(text)
    assert sanitize_html(html) == html


@pytest.mark.parametrize(("text", "hostile"), [
    ("Hi <script>alert(1)</script> there.\n", "<script"),
    ('<img src="x.png" onerror="alert(1)">\n', "onerror"),
    ('<a href="javascript:alert(1)">x</a>\n', "javascript:"),
    ("[x](javascript:alert(1))\n", 'href="javascript:'),
    ('<p style="position:fixed">x</p>\n', "position"),
    ("<iframe src=\"https://evil.example\"></iframe>\n", "<iframe"),
    ('<input type="text" name="card">\n', "<input"),
])
def test_hostile_html_is_still_removed(text, hostile):
    clean = sanitize_html(GFM(text))
    assert hostile not in clean


# -- the redline stays exact on GitHub-style HTML --------------------------------------------------
PAIRS = {
    "list after a paragraph": ("We share data with:\n- hosting\n- email\n",
                               "We share data with:\n- hosting\n- billing\n- email\n"),
    "two-space nested list": ("- Hosting\n  - Helmsdesk\n  - Other\n- Email\n",
                              "- Hosting\n  - Helmsdesk GmbH\n- Email\n  - Postbox\n"),
    "ordered list": ("3. three\n4. four\n", "3. three\n4. four and more\n5. five\n"),
    "table": ("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n",
              "| a | b |\n|:--|--:|\n| 1 | 20 |\n| 5 | 6 |\n| 3 | 4 |\n"),
    "table alignment only": ("| a | b |\n|:--|--:|\n| 1 | 2 |\n", "| a | b |\n|--:|:--|\n| 1 | 2 |\n"),
    "footnotes": ("We keep data[^1] for years.\n\n[^1]: As the law says.\n",
                  "We keep data[^1] for years[^2].\n\n[^1]: As the law requires.\n[^2]: Ten years.\n"),
    "footnotes renumbered": ("A[^a] B[^b].\n\n[^a]: Alpha.\n[^b]: Beta.\n",
                             "B[^b] A[^a].\n\n[^a]: Alpha.\n[^b]: Beta.\n"),
    "task lists": ("- [ ] encrypt backups\n- [x] rotate keys\n",
                   "- [x] encrypt backups\n- [x] rotate keys\n- [ ] audit\n"),
    "loose task list": ("- [ ] one\n\n- [ ] two\n", "- [x] one\n\n- [ ] two changed\n"),
    "headings with permalinks": ("# Title\n\n## Scope\n\nText.\n\n## Scope\n\nMore.\n",
                                 "# Title\n\n## Scope of this policy\n\nText.\n\n## Scope\n\nMore text.\n\n### New\n"),
    "moved sections": ("## A\n\nalpha words here.\n\n## B\n\nbeta words here.\n",
                       "## B\n\nbeta words here.\n\n## A\n\nalpha words here.\n"),
    "definition list": ("Term\n: Def one\n", "Term\n: Def two\n\nOther\n: Def\n"),
    "alert": ("> [!NOTE]\n> Careful.\n", "> [!WARNING]\n> Careful now.\n"),
    "strikethrough": ("We ~~never~~ sell.\n", "We ~~never~~ ~~ever~~ sell data.\n"),
    "autolinks": ("Write to privacy@x.example.com or www.example.com.\n",
                  "Write to dpo@x.example.com or https://example.com/x.\n"),
    "list becomes a paragraph": ("Data:\n- a\n- b\n", "Data: a, b\n"),
}


@pytest.mark.parametrize(("old", "new"), PAIRS.values(), ids=PAIRS.keys())
def test_redline_is_exact_on_github_html(old, new):
    old_html, new_html = sanitize_html(GFM(old)), sanitize_html(GFM(new))
    redline = compute_redline(old_html, new_html)
    assert_redline(old_html, new_html, redline)
    assert redline.changed or old == PAIRS["table alignment only"][0]


def test_a_ticked_box_is_a_visible_change():
    old, new = PAIRS["task lists"]
    html = compute_redline(GFM(old), GFM(new)).html
    assert "<del" in html and "☐</del>" in html and "☑</ins>" in html


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_redline_round_trips_on_github_html(data):
    old_doc = data.draw(documents, label="old")
    new_doc = data.draw(edited(old_doc), label="new")
    old_html, new_html = GFM(render_markdown(old_doc)), GFM(render_markdown(new_doc, style=1))
    assert_redline(old_html, new_html, compute_redline(old_html, new_html))


def test_the_render_benchmark_runs(capsys):
    from benchmarks.render import main

    assert main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "Python-Markdown (mkdocs.yml extensions)" in out and "generator.gfm GithubMarkdown" in out
