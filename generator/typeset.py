"""Sanitized policy HTML -> Typst source, so a version's PDF says exactly what its page says.

The input is the archived page's text after the allow-list sanitizer (`sanitize.py`), so the set of
elements is small and known. Every piece of text reaches Typst as a string literal (`#"..."`), never
as markup: no character of a policy can be read by Typst as a command, a label or a math formula.
Elements Typst has no use for (permalink markers, footnote back-links) are left out; unknown
containers pass their content through, so no word of the page is lost."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

VOID = frozenset({"br", "hr", "img", "col", "wbr"})  # elements that have no end tag
BLOCKS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote", "pre", "hr", "div",
    "section", "article", "header", "footer", "nav", "aside", "figure", "figcaption", "details", "summary",
    "dl", "dt", "dd", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "col", "main",
})
# Furniture of the theme or of Markdown extensions: navigation, not text.
DROPPED_CLASSES = frozenset({"headerlink", "footnote-backref", "md-clipboard"})
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_\-:.]*")
_LANG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?(?:[-_].*)?")
_SPACE = re.compile(r"[ \t\r\n\f]+")
INLINE_STYLES = {
    "strong": "strong", "b": "strong", "em": "emph", "i": "emph", "cite": "emph", "dfn": "emph",
    "var": "emph", "del": "strike", "s": "strike", "ins": "underline", "u": "underline", "sub": "sub",
    "sup": "super", "mark": "highlight",
}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(source: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


def string(text: str) -> str:
    """A Typst string literal: the only way a policy's characters enter the source."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def text_of(node: Element | str) -> str:
    return node if isinstance(node, str) else "".join(text_of(child) for child in node.children)


def typst_lang(value: str | None) -> tuple[str, str | None] | None:
    """An HTML `lang` as Typst's (language, region), or None when Typst could not take it."""
    match = _LANG.fullmatch(value or "")
    if match is None:
        return None
    return match.group(1).lower(), (match.group(2).upper() if match.group(2) else None)


@dataclass
class Converter:
    """Turns one sanitized fragment into Typst markup. `image_path` maps an image's `src` to the path
    Typst reads it from (relative to its root), or None for an image the PDF may not load."""

    base_url: str
    image_path: Callable[[str], str | None]
    labels: set[str] = field(default_factory=set)
    level: int = 0  # the last heading's level in the PDF's outline

    def document(self, html: str) -> str:
        root = parse_html(html)
        self.labels = {node.attrs["id"] for node in _walk(root) if _is_heading(node)
                       and _LABEL.fullmatch(node.attrs.get("id", ""))}
        return self.flow(root.children)

    # -- blocks ------------------------------------------------------------------------------
    def flow(self, nodes: list[Element | str]) -> str:
        """Content that may mix blocks and inline runs: each run of inline content is a paragraph."""
        parts: list[str] = []
        run: list[Element | str] = []

        def end_run() -> None:
            inline = self.inline(run).strip()
            if inline:
                parts.append(f"#par[{inline}]")
            run.clear()

        for node in nodes:
            if isinstance(node, Element) and _dropped(node):
                continue
            if isinstance(node, Element) and node.tag in BLOCKS:
                end_run()
                block = self.block(node)
                if block:
                    parts.append(block)
            else:
                run.append(node)
        end_run()
        return "\n\n".join(parts)

    def block(self, node: Element) -> str:
        tag = node.tag
        if tag == "p":
            inline = self.inline(node.children).strip()
            body = f"#par[{inline}]" if inline else ""
        elif _is_heading(node):
            label = node.attrs.get("id", "")
            suffix = f" <{label}>" if label in self.labels else ""
            # An accessible outline never skips a level (PDF/UA): a page's h1 then h3 is 1 then 2 here.
            self.level = min(int(tag[1]), self.level + 1)
            body = f"#heading(level: {self.level})[{self.inline(node.children).strip()}]{suffix}"
        elif tag in ("ul", "ol"):
            body = self.items(node)
        elif tag == "table":
            body = self.table(node)
        elif tag == "blockquote":
            body = f"#quote(block: true)[{self.flow(node.children)}]"
        elif tag == "pre":
            body = f"#raw(block: true, {string(text_of(node).strip(chr(10)))})"
        elif tag == "hr":
            body = "#line(length: 100%, stroke: 0.5pt + luma(60%))"
        elif tag == "dt":
            body = f"#par[#strong[{self.inline(node.children).strip()}]]"
        elif tag == "dd":
            body = f"#pad(left: 1.5em)[{self.flow(node.children)}]"
        elif "admonition" in node.attrs.get("class", "").split() or tag == "details":
            body = f"#block(stroke: (left: 2pt + luma(55%)), inset: (left: 3mm, y: 1mm))[{self.flow(node.children)}]"
        elif tag in ("summary", "figcaption", "caption") or "admonition-title" in node.attrs.get("class", ""):
            body = f"#par[#strong[{self.inline(node.children).strip()}]]"
        else:  # a container: its content, as it is
            body = self.flow(node.children)
        return self.with_lang(node, body)

    def items(self, node: Element) -> str:
        entries = [f"[{self.flow(item.children)}]" for item in node.children
                   if isinstance(item, Element) and item.tag == "li"]
        if not entries:
            return ""
        if node.tag == "ul":
            return f"#list({', '.join(entries)})"
        start = node.attrs.get("start", "1")
        start_arg = f"start: {int(start)}, " if start.lstrip("-").isdigit() else ""
        return f"#enum({start_arg}{', '.join(entries)})"

    def table(self, node: Element) -> str:
        """A table with its header rows repeated on every page; spans kept; `caption` above it."""
        caption = next((c for c in node.children if isinstance(c, Element) and c.tag == "caption"), None)
        header_rows, body_rows = [], []
        for row, in_head in _rows(node):
            (header_rows if in_head else body_rows).append(row)
        if not header_rows and body_rows and all(c.tag == "th" for c in _cells(body_rows[0])):
            header_rows, body_rows = body_rows[:1], body_rows[1:]
        columns = max((sum(_span(c, "colspan") for c in _cells(r)) for r in header_rows + body_rows), default=0)
        if columns == 0:
            return ""
        header = ", ".join(self.cell(c, bold=True) for r in header_rows for c in _cells(r))
        cells = ", ".join(self.cell(c) for r in body_rows for c in _cells(r))
        parts = [f"columns: {columns}"]
        if header:
            parts.append(f"table.header({header})")
        if cells:
            parts.append(cells)
        title = f"#par[#strong[{self.inline(caption.children).strip()}]]\n\n" if caption is not None else ""
        return f"{title}#table({', '.join(parts)})"

    def cell(self, node: Element, bold: bool = False) -> str:
        spans = ", ".join(f"{name}: {_span(node, name)}" for name in ("colspan", "rowspan") if _span(node, name) > 1)
        body = f"[#strong[{self.flow(node.children)}]]" if bold else f"[{self.flow(node.children)}]"
        return f"table.cell({spans}){body}" if spans else body

    # -- inline ------------------------------------------------------------------------------
    def inline(self, nodes: list[Element | str], pre: bool = False) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                text = node if pre else _SPACE.sub(" ", node)
                if text:
                    out.append(f"#{string(text)}")
            elif not _dropped(node):
                out.append(self.with_lang(node, self.inline_element(node)))
        return "".join(out)

    def inline_element(self, node: Element) -> str:
        tag = node.tag
        if tag == "br":
            return "#linebreak()"
        if tag == "img":
            return self.image(node)
        if tag in ("code", "kbd", "samp"):
            return f"#raw({string(_SPACE.sub(' ', text_of(node)))})"
        if tag == "a":
            return self.link(node)
        if tag == "small":
            return f"#text(size: 0.85em)[{self.inline(node.children)}]"
        if tag == "q":
            return f"#quote[{self.inline(node.children)}]"
        if tag in BLOCKS:  # a block inside inline content (a list in a table cell): keep its words
            return f"#box[{self.block(node)}]"
        style = INLINE_STYLES.get(tag)
        content = self.inline(node.children)
        return f"#{style}[{content}]" if style else content

    def link(self, node: Element) -> str:
        content = self.inline(node.children)
        href = node.attrs.get("href", "").strip()
        if href.startswith("#"):
            target = href[1:]
            return f"#link(<{target}>)[{content}]" if target in self.labels else content
        if not href:
            return content
        absolute = urljoin(self.base_url, href)
        if not absolute.startswith(("http://", "https://", "mailto:", "tel:")):
            return content
        return f"#link({string(absolute)})[{content}]"

    def image(self, node: Element) -> str:
        alt = node.attrs.get("alt", "").strip()
        src = node.attrs.get("src", "").strip()
        path = self.image_path(src) if src.lower().split("?")[0].endswith(IMAGE_TYPES) else None
        if path is None:  # not a file of the site the PDF may show: its description stands in
            return f"#emph[#{string(alt)}]" if alt else ""
        if not alt:  # decorative: not part of the text a reader or a screen reader is given
            return f"#pdf.artifact(box(image({string(path)}, width: 100%)))"
        return f"#box(image({string(path)}, alt: {string(alt)}, width: 100%))"

    def with_lang(self, node: Element, body: str) -> str:
        lang = typst_lang(node.attrs.get("lang")) if "lang" in node.attrs else None
        if lang is None or not body:
            return body
        region = f", region: {string(lang[1])}" if lang[1] else ""
        return f"#text(lang: {string(lang[0])}{region})[{body}]"


def _is_heading(node: Element | str) -> bool:
    return isinstance(node, Element) and len(node.tag) == 2 and node.tag[0] == "h" and node.tag[1] in "123456"


def _dropped(node: Element) -> bool:
    return bool(DROPPED_CLASSES & set(node.attrs.get("class", "").split()))


def _rows(table: Element):
    """Each `tr` of a table, in order, with whether it is in the table's head."""
    for child in table.children:
        if not isinstance(child, Element):
            continue
        if child.tag == "tr":
            yield child, False
        elif child.tag in ("thead", "tbody", "tfoot"):
            for row in child.children:
                if isinstance(row, Element) and row.tag == "tr":
                    yield row, child.tag == "thead"


def _cells(row: Element) -> list[Element]:
    return [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]


def _span(cell: Element, name: str) -> int:
    value = cell.attrs.get(name, "1")
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


def _walk(node: Element):
    for child in node.children:  # elements in document order, depth first
        if isinstance(child, Element):
            yield child
            yield from _walk(child)
