"""Focused behaviours of the redline engine and its text renderings."""

from __future__ import annotations

import ast
from pathlib import Path

import markdown
from redline_checks import assert_redline

from generator.redline import ChangedSection, compute_redline, strip_redline

EXTENSIONS = ["toc", "tables", "attr_list", "footnotes", "md_in_html"]


def html(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def redline(old: str, new: str):
    old_html, new_html = html(old), html(new)
    result = compute_redline(old_html, new_html)
    assert_redline(old_html, new_html, result)
    return result


def test_identical_documents_have_no_changes() -> None:
    result = redline("# A\n\nSome text.\n", "# A\n\nSome text.\n")
    assert not result.changed
    assert (result.inserted, result.deleted, result.moved, result.sections) == (0, 0, 0, ())


def test_changed_word_is_marked_whole_with_ids_and_counts() -> None:
    result = redline("We share privacy data.\n", "We share private data.\n")
    assert '<del id="change-1">privacy</del><ins id="change-2">private</ins>' in result.html
    assert (result.inserted, result.deleted) == (1, 1)


def test_punctuation_is_its_own_token() -> None:
    result = redline("We may share data.\n", "We may share data!\n")
    assert '<del id="change-1">.</del><ins id="change-2">!</ins>' in result.html
    assert result.changed and result.inserted == 0


def test_sections_name_the_heading_and_first_mark() -> None:
    result = redline("# T\n\n## One\n\nA b c.\n\n## Two\n\nD e f.\n", "# T\n\n## One\n\nA x c.\n\n## Two\n\nD e g.\n")
    assert result.sections == (ChangedSection("One", "change-1"), ChangedSection("Two", "change-3"))


def test_loose_and_tight_lists_compare_equal() -> None:
    assert not redline("- a\n- b\n", "- a\n\n- b\n").changed


def test_moved_words_count_as_moved() -> None:
    para = "This paragraph talks about how long we keep your data."
    result = redline(f"{para}\n\nOther text here.\n", f"Other text here.\n\n{para}\n")
    assert result.moved == 10 and result.inserted == result.deleted == 0
    assert 'id="move-1-from"' in result.html and 'href="#move-1-to"' in result.html


def test_strip_redline_drops_aux_links() -> None:
    fragment = '<p><del>old</del><ins>new</ins><a class="redline-aux" href="#x">go</a></p>'
    assert strip_redline(fragment, "new") == "new"
    assert strip_redline(fragment, "old") == "old"


def test_to_terminal_plain_markers_and_structure() -> None:
    result = redline(
        "## Data\n\n- one\n- two\n\n| a | b |\n|---|---|\n| x | y |\n",
        "## Data\n\n- one\n- too\n\n| a | b |\n|---|---|\n| x | z |\n",
    )
    text = result.to_terminal(color=False)
    assert "## Data" in text and "- [-two-]{+too+}" in text and "| x | [-y-]{+z+} |" in text
    colored = result.to_terminal()
    assert "\x1b[31;9mtwo\x1b[0m" in colored and "\x1b[32;4mtoo\x1b[0m" in colored


def test_to_markdown_keeps_only_github_safe_html() -> None:
    result = redline("See [terms](https://a.example).\n", "See [terms](https://b.example).\n")
    text = result.to_markdown()
    assert "class=" not in text and "id=" not in text
    assert '<del><a href="https://a.example">terms</a></del>' in text
    assert "\n\n" not in text.strip()


def test_redline_package_never_imports_mkdocs() -> None:
    package = Path(__file__).parents[2] / "generator" / "redline"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in ("mkdocs", "material") for n in names), module


def test_sections_ignore_the_permalink_anchor() -> None:
    configs = {"toc": {"permalink": True}}
    old = markdown.markdown("## Data\n\nold text here\n", extensions=["toc"], extension_configs=configs)
    new = markdown.markdown("## Data\n\nnew text here\n", extensions=["toc"], extension_configs=configs)
    result = compute_redline(old, new)
    assert_redline(old, new, result)
    assert result.sections == (ChangedSection("Data", "change-1"),)


def test_admonitions_definition_lists_code_and_footnotes() -> None:
    extensions = [*EXTENSIONS, "admonition", "def_list", "fenced_code"]
    old_md = (
        '!!! note "Heads up"\n    We may change this policy.\n\nTerm\n:   A definition of the term.\n\n'
        "```\nretain(data, days=30)\n```\n\nSee the note[^1].\n\n[^1]: A footnote.\n"
    )
    new_md = (
        '!!! note "Heads up"\n    We will change this policy.\n\nTerm\n:   A new definition of the term.\n\n'
        "```\nretain(data, days=90)\n```\n\nSee the note[^1].\n\n[^1]: A changed footnote.\n"
    )
    old_html = markdown.markdown(old_md, extensions=extensions)
    new_html = markdown.markdown(new_md, extensions=extensions)
    result = compute_redline(old_html, new_html)
    assert_redline(old_html, new_html, result)
    assert '<del id="change-1">may</del><ins id="change-2">will</ins>' in result.html
    assert "<dd" in result.html and "<pre" in result.html and 'class="admonition note"' in result.html
    assert result.inserted == 4 and result.deleted == 2


def test_excerpt_keeps_changed_blocks_with_their_heading_and_marks_gaps() -> None:
    import markdown

    old = "# T\n\n## A\n\nSame one.\n\n## B\n\n- one\n- two\n- three\n\nSame two.\n"
    new = "# T\n\n## A\n\nSame one.\n\n## B\n\n- one\n- two and a half\n- three\n\nSame two.\n"
    render = lambda text: markdown.markdown(text, extensions=["toc"])  # noqa: E731
    excerpt = compute_redline(render(old), render(new)).excerpt()
    assert "Same one." not in excerpt and "Same two." not in excerpt
    assert excerpt.startswith('<p class="redline-gap">') is False
    assert '<h2 id="b">B</h2>' in excerpt
    assert excerpt.count('class="redline-gap"') == 2  # the items before and after the changed one
    assert "<ins" in excerpt and "and a half" in excerpt
    assert "headerlink" not in excerpt
    unchanged = compute_redline(render(old), render(old))
    assert unchanged.excerpt() == ""


def test_excerpt_of_an_excerpt_is_the_same() -> None:
    import markdown

    old = "# T\n\nIntro.\n\n## A\n\n- one\n- two\n- three\n\nKeep.\n\n## B\n\nOld words here.\n\nTail.\n"
    new = "# T\n\nIntro.\n\n## A\n\n- one\n- two, changed\n- three\n\nKeep.\n\n## B\n\nNew words here.\n\nTail.\n"
    render = lambda text: markdown.markdown(text, extensions=["toc"])  # noqa: E731
    redline = compute_redline(render(old), render(new))
    once = redline.excerpt()
    assert "Keep." not in once and "Tail." not in once
    assert type(redline)(once, 0, 0, 0, ()).excerpt() == once
