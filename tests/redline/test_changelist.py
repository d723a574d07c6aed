"""A redline's list of changes: one entry per change, in order, with its section and the words before
it; a deletion followed at once by an insertion is one replacement, every mark in exactly one entry."""

from __future__ import annotations

from generator.redline import compute_redline
from generator.redline.changelist import list_changes, list_marks

OLD = ('<h2 id="keep">How long we keep data<a class="headerlink" href="#keep">¶</a></h2>\n'
       "<p>We keep data for 13 months.</p>\n<p>A paragraph that goes.</p>\n"
       "<h2>Children</h2>\n<p>Not for children under 13.</p>")
NEW = ('<h2 id="keep">How long we keep data<a class="headerlink" href="#keep">¶</a></h2>\n'
       "<p>We keep data for 16 months only.</p>\n"
       "<h2>Children</h2>\n<p>Not for children under 16.</p>")


def test_every_mark_is_in_exactly_one_entry_in_document_order() -> None:
    redline = compute_redline(OLD, NEW)
    listed = [m.anchor for e in redline.changes() for m in e.marks]
    marks = [f"change-{n}" for n in range(1, redline.html.count('id="change-') + 1)]
    assert listed == marks
    assert [m.anchor for m in list_marks(redline.html)] == marks


def test_an_entry_says_where_and_what() -> None:
    entries = compute_redline(OLD, NEW).changes()
    assert [e.kind for e in entries] == ["replaced", "inserted", "deleted", "replaced"]
    replaced, added, gone, children = entries
    assert (replaced.old_words, replaced.words, replaced.section, replaced.before) == (
        "13", "16", "How long we keep data", "We keep data for")
    assert [m.kind for m in replaced.marks] == ["deleted", "inserted"]
    assert (added.kind, added.words, added.old_words) == ("inserted", "only", "")
    assert added.before.endswith("16 months")  # the new text reads on after an insertion
    assert (gone.kind, gone.words) == ("deleted", "A paragraph that goes.")
    assert (children.section, children.anchor) == ("Children", "change-5")


def test_only_a_deletion_right_before_an_insertion_is_a_replacement() -> None:
    html = ('<p><del id="change-1">a</del> <ins id="change-2">b</ins> then <del id="change-3">c</del>'
            ' d <ins id="change-4">e</ins><ins id="change-5">f</ins><del id="change-6">g</del></p>\n'
            '<p><del id="change-7">h</del></p>\n<p><ins id="change-8">i</ins></p>')
    entries = list_changes(html)
    assert [(e.kind, [m.anchor for m in e.marks]) for e in entries] == [
        ("replaced", ["change-1", "change-2"]),  # blanks between them do not part them
        ("deleted", ["change-3"]), ("inserted", ["change-4"]), ("inserted", ["change-5"]),
        ("deleted", ["change-6"]),
        ("deleted", ["change-7"]), ("inserted", ["change-8"]),  # two blocks: two changes
    ]


def test_moves_are_never_part_of_a_replacement() -> None:
    html = ('<p><del class="redline-moved-from" id="move-1-from">a b c</del>'
            '<ins id="change-1">d</ins><del id="change-2">e</del>'
            '<ins class="redline-moved-to" id="move-2-to">f g</ins></p>')
    assert [e.kind for e in list_changes(html)] == ["moved-from", "inserted", "deleted", "moved-to"]


def test_permalinks_are_not_words() -> None:
    html = ('<h2 id="new" class="redline-block-ins"><ins id="change-1">New section'
            '<a class="headerlink" href="#new">¶</a></ins></h2>\n'
            '<p class="redline-block-ins"><ins id="change-2">Text.</ins></p>')
    first, second = list_changes(html)
    assert first.words == "New section"
    assert second.section == "New section"


def test_a_demoted_redline_lists_the_same_changes() -> None:
    """A redline page shows the text's headings a level down, the deepest as `role="heading"`."""
    from generator.redline.demote import demote_headings

    html = ('<h6 id="deep">Deep rule<a class="headerlink" href="#deep">¶</a></h6>\n'
            '<p>Keep <del id="change-1">13</del><ins id="change-2">16</ins>.</p>')
    assert list_changes(demote_headings(html)) == list_changes(html)
    assert list_changes(html)[0].section == "Deep rule"


def test_long_marks_are_shortened() -> None:
    words = " ".join(f"word{n}" for n in range(40))
    (entry,) = compute_redline("<p>Old.</p>", f"<p>Old.</p>\n<p>{words}</p>").changes()
    assert entry.kind == "inserted" and entry.words.endswith("…") and len(entry.words.split()) == 13


def test_moves_are_listed_at_both_ends() -> None:
    para = "<p>This paragraph is long enough to be recognised when it moves elsewhere in the text.</p>"
    redline = compute_redline(f"{para}\n<p>One.</p>\n<p>Two.</p>", f"<p>One.</p>\n<p>Two.</p>\n{para}")
    kinds = {e.kind for e in redline.changes()}
    assert {"moved-from", "moved-to"} <= kinds or not redline.moved
