"""The redline's marks reach screen readers and survive forced colours and print."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGE_TYPES

pytestmark = pytest.mark.browser

REDLINE = PAGE_TYPES["redline"]
MARKS = ".redline ins, .redline del, .policy-redline-legend ins, .policy-redline-legend del"
DECORATION = {"INS": "underline", "DEL": "line-through"}
ROLE = {"INS": "insertion", "DEL": "deletion"}
DESCRIBE_ELEMENT = "function () { return [this.tagName, this.id || this.className, this.textContent]; }"


def spoken_marks(page) -> list[dict]:
    """For every ins/del, the role and the text Chromium's accessibility tree gives it, with its DOM text."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}

    def text_of(node: dict) -> str:
        if node.get("role", {}).get("value") in ("StaticText", "InlineTextBox"):
            return node.get("name", {}).get("value", "") if node["role"]["value"] == "StaticText" else ""
        return "".join(text_of(by_id[child]) for child in node.get("childIds", []) if child in by_id)

    marks = []
    for node in nodes:
        role = node.get("role", {}).get("value")
        if role not in ROLE.values() or "backendDOMNodeId" not in node:
            continue
        remote = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"]})["object"]
        dom = cdp.send("Runtime.callFunctionOn", {
            "objectId": remote["objectId"], "returnByValue": True,
            "functionDeclaration": DESCRIBE_ELEMENT,
        })["result"]["value"]
        marks.append({"role": role, "tag": dom[0], "id": dom[1], "dom_text": dom[2], "spoken": text_of(node)})
    return marks


def test_redline_page_has_insertions_and_deletions(visit) -> None:
    page, _ = visit(REDLINE)
    assert page.locator(".redline ins").count() and page.locator(".redline del").count(), (
        f"{REDLINE} should show both inserted and deleted text; pick another example page")


def test_marks_are_exposed_as_insertions_and_deletions(visit) -> None:
    page, _ = visit(REDLINE)
    marks = spoken_marks(page)
    in_text = page.locator(MARKS).count()
    assert len(marks) == in_text, f"{in_text} ins/del elements but {len(marks)} insertion/deletion nodes"
    assert all(ROLE[mark["tag"]] == mark["role"] for mark in marks)


def test_marks_are_announced_not_only_coloured(visit) -> None:
    """A screen reader must hear that text was inserted or deleted, not just the words themselves.

    Roles alone are read out by few screen readers, so the redline's stylesheet adds words with
    ::before/::after; Chromium puts that generated text into the accessibility tree.
    """
    page, _ = visit(REDLINE)
    # The legend's samples are skipped: their own words ("inserted text") already say what they are.
    silent = [mark for mark in spoken_marks(page) if mark["id"] != "legend"
              and " ".join(mark["spoken"].split()) == " ".join(mark["dom_text"].split())]
    assert not silent, "marks announced as plain text (no ::before/::after words in the accessibility tree):\n" + \
        "\n".join(f"  <{m['tag'].lower()} {m['id']}>: {m['spoken'][:60]!r}" for m in silent[:8])


def decorations(page) -> list[tuple[str, str, str]]:
    return page.eval_on_selector_all(MARKS, """marks => marks.map(m =>
        [m.tagName, m.id || m.className, getComputedStyle(m).textDecorationLine])""")


def assert_marks_decorated(page, mode: str) -> None:
    found = decorations(page)
    assert found
    wrong = [(tag, ident, line) for tag, ident, line in found if DECORATION[tag] not in line.split()]
    assert not wrong, f"{mode}: marks that lost their underline / strike-through: {wrong[:8]}"


def test_marks_are_underlined_and_struck_through(visit) -> None:
    page, _ = visit(REDLINE)
    assert_marks_decorated(page, "screen")


def test_marks_stay_distinguishable_in_forced_colours(visit) -> None:
    page, _ = visit(REDLINE)
    page.emulate_media(forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    assert_marks_decorated(page, "forced colours")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_keeps_the_marks(visit, scheme: str) -> None:
    page, _ = visit(REDLINE, color_scheme=scheme)
    page.emulate_media(media="print")
    assert page.evaluate("matchMedia('print').matches")
    assert_marks_decorated(page, f"print ({scheme})")
    assert page.locator(".redline").is_visible()


# Every deletion is struck, deleted links included (a site's own link underline must not replace it).
STRUCK = ".redline del, .redline del a, .policy-redline-legend del"


@pytest.mark.parametrize("path", [REDLINE, PAGE_TYPES["list-redline"]])
@pytest.mark.parametrize("mode", ["light", "dark", "print"])
def test_every_deletion_is_struck_links_included(visit, path: str, mode: str) -> None:
    page, _ = visit(path, color_scheme="dark" if mode == "dark" else "light")
    if mode == "print":
        page.emulate_media(media="print")
    found = page.eval_on_selector_all(STRUCK, """els => els.map(e =>
        [e.tagName, e.textContent.trim().slice(0, 40), getComputedStyle(e).textDecorationLine])""")
    if path == PAGE_TYPES["list-redline"]:  # Helmsdesk's row: its name is a link
        assert any(tag == "A" for tag, _, _ in found), f"{path} has no deleted link to check"
    unstruck = [(tag, text, line) for tag, text, line in found if "line-through" not in line.split()]
    assert not unstruck, f"{mode}: deletions without a strike-through: {unstruck[:8]}"


ADJACENT = """() => [...document.querySelectorAll('.redline del + ins, .redline ins + del')]
    .filter(second => {
        const first = second.previousElementSibling;
        // Only marks that touch: no text at all between them.
        return first.nextSibling === second;
    })
    .map(second => {
        const first = second.previousElementSibling;
        const a = first.getClientRects(), b = second.getClientRects();
        const end = a[a.length - 1], start = b[0];
        return {pair: first.textContent + ' / ' + second.textContent,
                sameLine: Math.abs(end.top - start.top) < 2, gap: start.left - end.right,
                parent: first.parentElement.id || first.id};
    })"""


@pytest.mark.parametrize("path", [REDLINE, PAGE_TYPES["list-redline"]])
def test_touching_deletion_and_insertion_are_apart_on_screen(visit, path: str) -> None:
    """ "13" struck then "16" must not read "1316": a visible gap between marks that touch."""
    page, _ = visit(path)
    pairs = page.evaluate(ADJACENT)
    assert pairs, f"{path} has no deletion touching an insertion; pick another example page"
    cramped = [p for p in pairs if p["sameLine"] and p["gap"] < 3]
    assert not cramped, f"marks with no gap between them: {cramped[:5]}"


def test_touching_deletion_and_insertion_are_apart_for_screen_readers(visit) -> None:
    """The accessibility tree puts words between a deletion and the insertion touching it."""
    page, _ = visit(PAGE_TYPES["list-redline"])
    marks = {m["id"]: m for m in spoken_marks(page)}
    pairs = page.evaluate("""() => [...document.querySelectorAll('.redline del + ins')]
        .filter(ins => ins.previousElementSibling.nextSibling === ins)
        .map(ins => [ins.previousElementSibling.id, ins.id])""")
    assert pairs
    for del_id, ins_id in pairs:
        said_del, said_ins = marks[del_id]["spoken"], marks[ins_id]["spoken"]
        words_del, words_ins = marks[del_id]["dom_text"].strip(), marks[ins_id]["dom_text"].strip()
        assert not said_del.rstrip().endswith(words_del), f"{del_id}: nothing said after the deletion"
        assert not said_ins.lstrip().startswith(words_ins), f"{ins_id}: nothing said before the insertion"
