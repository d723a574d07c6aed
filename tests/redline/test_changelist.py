"""A redline's list of changes: one entry per mark, in order, with its section and the words before it."""

from __future__ import annotations

from generator.redline import compute_redline

OLD = ('<h2 id="keep">How long we keep data<a class="headerlink" href="#keep">¶</a></h2>\n'
       "<p>We keep data for 13 months.</p>\n<p>A paragraph that goes.</p>\n"
       "<h2>Children</h2>\n<p>Not for children under 13.</p>")
NEW = ('<h2 id="keep">How long we keep data<a class="headerlink" href="#keep">¶</a></h2>\n'
       "<p>We keep data for 16 months only.</p>\n"
       "<h2>Children</h2>\n<p>Not for children under 16.</p>")


def test_one_entry_per_mark_in_document_order() -> None:
    redline = compute_redline(OLD, NEW)
    ids = [e.anchor for e in redline.changes()]
    marks = [f"change-{n}" for n in range(1, redline.html.count('id="change-') + 1)]
    assert ids == marks


def test_an_entry_says_where_and_what() -> None:
    entries = compute_redline(OLD, NEW).changes()
    first, second, third, gone = entries[:4]
    assert (first.kind, first.words, first.section, first.before) == (
        "deleted", "13", "How long we keep data", "We keep data for")
    assert (second.kind, second.words) == ("inserted", "16")
    assert third.before.endswith("16 months")  # the new text reads on after an insertion
    assert (gone.kind, gone.words) == ("deleted", "A paragraph that goes.")
    assert entries[-1].section == "Children"


def test_long_marks_are_shortened() -> None:
    words = " ".join(f"word{n}" for n in range(40))
    (entry,) = compute_redline("<p>Old.</p>", f"<p>Old.</p>\n<p>{words}</p>").changes()
    assert entry.kind == "inserted" and entry.words.endswith("…") and len(entry.words.split()) == 13


def test_moves_are_listed_at_both_ends() -> None:
    para = "<p>This paragraph is long enough to be recognised when it moves elsewhere in the text.</p>"
    redline = compute_redline(f"{para}\n<p>One.</p>\n<p>Two.</p>", f"<p>One.</p>\n<p>Two.</p>\n{para}")
    kinds = {e.kind for e in redline.changes()}
    assert {"moved-from", "moved-to"} <= kinds or not redline.moved
