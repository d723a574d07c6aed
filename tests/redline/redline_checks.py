"""Structural checks on redline HTML, done with parsers independent of the engine (html5lib, lxml)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import html5lib
import lxml.html

from generator.redline import Redline, strip_redline

_BLOCK_NAMES = (
    "address article aside blockquote caption dd div dl dt figure footer h1 h2 h3 h4 h5 h6 header hr li"
    " ol p pre section table tbody td tfoot th thead tr ul"
)
BLOCKS = set(_BLOCK_NAMES.split())
VOID = {"br", "hr", "img", "wbr", "col", "input", "meta", "link", "source", "area", "embed", "track"}


class _Balance(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def assert_well_formed(html: str) -> None:
    """Tags nest and close exactly, and the HTML5 parser reports no error."""
    balance = _Balance()
    balance.feed(html)
    balance.close()
    assert not balance.stack, f"unclosed {balance.stack}"
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parseFragment(html)


def marks(html: str):
    """Parse and return (root, ins/del elements)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return root, root.xpath(".//ins | .//del")


def assert_marks_inside_blocks(html: str) -> None:
    """No ins/del contains a block element."""
    _, found = marks(html)
    for mark in found:
        inner = [e.tag for e in mark.iterdescendants() if e.tag in BLOCKS]
        assert not inner, f"<{mark.tag}> contains blocks {inner}"


def labelled_text(html: str, dropped: str) -> list[tuple[str, bool]]:
    """(character, inside a kept mark) for one version's view of the redline."""
    root, _ = marks(html)
    out: list[tuple[str, bool]] = []

    def walk(element, marked: bool) -> None:
        if element.text:
            out.extend((c, marked) for c in element.text)
        for child in element:
            if child.tag is lxml.html.HtmlComment:
                pass
            elif child.tag != dropped and "redline-aux" not in (child.get("class") or ""):
                if child.tag in BLOCKS:
                    out.append((" ", marked))
                walk(child, marked or child.tag in ("ins", "del"))
                if child.tag in BLOCKS:
                    out.append((" ", marked))
            if child.tail:
                out.extend((c, marked) for c in child.tail)

    walk(root, False)
    return out


_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def assert_no_word_split(html: str) -> None:
    """Every place where marked and unmarked text meet lies between two tokens, never inside a word."""
    for dropped in ("del", "ins"):
        chars = labelled_text(html, dropped)
        for (left, left_mark), (right, right_mark) in zip(chars, chars[1:], strict=False):
            # Text written without spaces (Japanese, Chinese) may be cut between two of its phrases.
            if left_mark != right_mark and not (_CJK.match(left) or _CJK.match(right)):
                assert not (re.match(r"\w", left) and re.match(r"\w", right)), (
                    f"mark boundary inside a word at {left!r}|{right!r} ({dropped} dropped)"
                )


def assert_unique_ids(html: str) -> None:
    """Ids are unique and change marks are numbered change-1.. in document order."""
    root, _ = marks(html)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    changes = [i for i in ids if i.startswith("change-")]
    assert changes == [f"change-{n}" for n in range(1, len(changes) + 1)]


def text_content(html: str, dropped: str | None) -> str:
    """Plain DOM textContent (dropping one mark kind and redline-aux), whitespace collapsed."""
    root, _ = marks(html)
    for element in list(root.iter()):
        classes = element.get("class") or ""
        if element.tag == dropped or "redline-aux" in classes:
            element.drop_tree()
    return " ".join(root.text_content().split())


def assert_redline(old_html: str, new_html: str, redline: Redline) -> None:
    """All properties the redline promises for one pair."""
    html = redline.html
    assert strip_redline(html, "new") == strip_redline(new_html, "new")
    assert strip_redline(html, "old") == strip_redline(old_html, "old")
    assert text_content(html, "del") == text_content(new_html, None)
    assert text_content(html, "ins") == text_content(old_html, None)
    assert_well_formed(html)
    assert_marks_inside_blocks(html)
    assert_no_word_split(html)
    assert_unique_ids(html)
