"""A redline's headings one level down (the page's own h1 stands above it): ids, marks and every other
byte kept; the deepest heading still a heading, at level 7."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redline_docs import documents, edited, render_html

from generator.redline import compute_redline, strip_redline
from generator.redline.changelist import list_changes
from generator.redline.demote import demote_headings

TAG = re.compile(r"<[^>]+>")


def test_each_heading_goes_one_level_down_with_its_attributes() -> None:
    html = ('<h1 id="privacy">Privacy<a class="headerlink" href="#privacy">¶</a></h1>\n'
            '<h2 id="who" class="redline-changed">Who <del id="change-1">we</del><ins id="change-2">you</ins></h2>\n'
            "<h3>Three</h3>\n<h4>Four</h4>\n<h5>Five</h5>\n"
            '<h6 id="six">Six<a class="headerlink" href="#six">¶</a></h6>\n<p>Text.</p>\n')
    assert demote_headings(html) == (
        '<h2 id="privacy" class="redline-title">Privacy<a class="headerlink" href="#privacy">¶</a></h2>\n'
        '<h3 id="who" class="redline-changed">Who <del id="change-1">we</del><ins id="change-2">you</ins></h3>\n'
        "<h4>Three</h4>\n<h5>Four</h5>\n<h6>Five</h6>\n"
        '<div id="six" class="redline-h7" role="heading" aria-level="7">Six<a class="headerlink" href="#six">¶</a>'
        "</div>\n<p>Text.</p>\n")


def test_only_heading_tags_change() -> None:
    """A heading named in an attribute, a comment or code is text, not a tag."""
    html = ('<p title="an <h2> in a title">Say <code>&lt;h1&gt;</code></p>\n<!-- <h3>old</h3> -->\n'
            "<pre><code>&lt;/h4&gt;</code></pre>\n<table><tr><th>h1</th></tr></table>\n")
    assert demote_headings(html) == html


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
def test_a_demoted_redline_reads_and_lists_the_same(data: st.DataObject) -> None:
    old_doc = data.draw(documents, label="old")
    new_doc = data.draw(edited(old_doc), label="new")
    old_html, new_html = render_html(old_doc), render_html(new_doc)
    redline = compute_redline(old_html, new_html)
    demoted = demote_headings(redline.html)
    assert "<h1" not in demoted
    assert TAG.sub("", demoted) == TAG.sub("", redline.html)
    assert list_changes(demoted) == list_changes(redline.html)
    for keep in ("old", "new"):
        assert TAG.sub("", strip_redline(demoted, keep)) == TAG.sub("", strip_redline(redline.html, keep))
    # Every heading is still a heading, each one level further down.
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", redline.html)]
    demoted_levels = [int(h or aria) for h, aria in re.findall(r'<h([2-6])\b|aria-level="(7)"', demoted)]
    assert demoted_levels == [n + 1 for n in levels]
