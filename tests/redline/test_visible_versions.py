"""A version is a change a reader can see: properties tying the version rule (generator.visible) to
the redline. Whenever two renderings differ in what a reader sees, their redline marks something;
presentation-only edits (bullets, emphasis markers, wrapping) never count as a change."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redline_docs import documents, edited, render_html, render_markdown

from generator.gfm import GithubMarkdown
from generator.redline import compute_redline
from generator.visible import visible_signature

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GITHUB = GithubMarkdown(definition_lists=False)  # GitHub's own rules exactly
MARK = re.compile(r"<(?:ins|del)\b|redline-link-changed")


def renderings(doc, style: int = 0) -> list[str]:
    return [GITHUB(render_markdown(doc, style)), render_html(doc, style)]


@SETTINGS
@given(st.data())
def test_every_visible_change_has_a_mark_in_its_redline(data: st.DataObject) -> None:
    old_doc = data.draw(documents, label="old")
    new_doc = data.draw(edited(old_doc), label="new")
    style = data.draw(st.integers(0, 1), label="style of the new side")
    for old, new in zip(renderings(old_doc), renderings(new_doc, style), strict=True):
        if visible_signature(old, "p.md") != visible_signature(new, "p.md"):
            assert MARK.search(compute_redline(old, new).html), (old, new)


@SETTINGS
@given(documents)
def test_presentation_only_edits_are_not_changes(doc) -> None:
    for plain, restyled in zip(renderings(doc, 0), renderings(doc, 1), strict=True):
        assert visible_signature(plain, "p.md") == visible_signature(restyled, "p.md")


def test_a_link_moved_to_the_same_pages_new_address_is_no_change() -> None:
    today = {"cookie-policy.md": "cookies.md"}

    def resolve(path: str) -> str:
        return today.get(path, path)

    before = GITHUB("See our [cookie policy](cookie-policy.md#consent).\n")
    after = GITHUB("See our [cookie policy](cookies.md#consent).\n")
    elsewhere = GITHUB("See our [cookie policy](terms.md#consent).\n")
    assert visible_signature(before, "legal/privacy.md", resolve) != visible_signature(elsewhere, "legal/privacy.md")
    assert visible_signature(before, "privacy.md", resolve) == visible_signature(after, "privacy.md", resolve)
    assert visible_signature(before, "privacy.md", resolve) != visible_signature(elsewhere, "privacy.md", resolve)


def test_trailing_spaces_renumbering_and_markers_render_the_same_words() -> None:
    plain = "Intro line\n\n1. one\n1. two\n\n* a *b*\n* c\n"
    swept = "Intro line   \n\n1. one\n2. two\n\n- a _b_\n- c\n"
    assert visible_signature(GITHUB(plain), "p.md") == visible_signature(GITHUB(swept), "p.md")
    assert visible_signature(GITHUB(plain), "p.md") != visible_signature(GITHUB(plain.replace("two", "2")), "p.md")
