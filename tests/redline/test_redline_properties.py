"""Hypothesis properties: exact round trip both ways, well-formed output, marks within blocks."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redline_checks import assert_redline
from redline_docs import documents, edited, render_html

from generator.redline import compute_redline

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
def test_edited_documents_round_trip(data: st.DataObject) -> None:
    old_doc = data.draw(documents, label="old")
    new_doc = data.draw(edited(old_doc), label="new")
    old_html, new_html = render_html(old_doc), render_html(new_doc)
    assert_redline(old_html, new_html, compute_redline(old_html, new_html))


@settings(max_examples=60, deadline=None)
@given(documents, documents)
def test_unrelated_documents_round_trip(old_doc, new_doc) -> None:
    old_html, new_html = render_html(old_doc), render_html(new_doc)
    assert_redline(old_html, new_html, compute_redline(old_html, new_html))


@settings(max_examples=60, deadline=None)
@given(documents)
def test_presentation_only_changes_have_no_marks(doc) -> None:
    redline = compute_redline(render_html(doc, style=0), render_html(doc, style=1))
    assert not redline.changed
    assert "<ins" not in redline.html and "<del" not in redline.html
