"""Readable examples: each golden/NAME.old.md and NAME.new.md pair must give golden/NAME.html.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/redline``
and review the diff of the .html files.
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from redline_checks import assert_redline

from generator.redline import compute_redline

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = ["toc", "tables", "attr_list", "footnotes", "md_in_html"]
CASES = sorted(path.name.removesuffix(".old.md") for path in GOLDEN.glob("*.old.md"))


def render(path: Path) -> str:
    return markdown.markdown(path.read_text(encoding="utf-8"), extensions=EXTENSIONS)


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    old_html, new_html = render(GOLDEN / f"{name}.old.md"), render(GOLDEN / f"{name}.new.md")
    redline = compute_redline(old_html, new_html)
    assert_redline(old_html, new_html, redline)
    expected = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1" or not expected.exists():
        expected.write_text(redline.html, encoding="utf-8")
    assert redline.html == expected.read_text(encoding="utf-8")


def test_golden_cases_exist() -> None:
    assert {"headings", "nested-lists", "table", "changed-link", "moved-paragraph", "bullet-style"} <= set(CASES)
