"""Front matter splitting and typed-stamp detection, on their own."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.frontmatter import FrontMatterError, split_source
from generator.stamps import find_stamp_lines


def test_unclosed_front_matter_is_an_error_not_body_text():
    with pytest.raises(FrontMatterError, match="never closed") as info:
        split_source("---\ntitle: Privacy\n\n# Privacy\n\nText.\n")
    assert info.value.line == 1


def test_closed_front_matter_splits_and_counts_lines():
    data, body, used = split_source("---\ntitle: P\n---\n# P\n")
    assert data == {"title": "P"} and body == "# P\n" and used == 3


@pytest.mark.parametrize("line, day", [
    ("Last updated: October 10, 2023", dt.date(2023, 10, 10)),
    ("**Effective date:** 1 March 2024", dt.date(2024, 3, 1)),
    ("_Last revised on 2022-01-05_", dt.date(2022, 1, 5)),
])
def test_typed_stamps_are_found_with_their_date(line, day):
    (stamp,) = find_stamp_lines(f"# T\n\n{line}\n\nText.\n")
    assert stamp.day == day and stamp.line == 3


def test_a_keyword_does_not_pair_with_a_date_on_a_later_line():
    assert find_stamp_lines("Effective\n\nOctober 10, 2023 was a Tuesday.\n") == []
    assert find_stamp_lines("This policy is effective when you accept it.\n") == []
