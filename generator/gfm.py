"""Policy Markdown rendered the way GitHub renders it (CommonMark plus GitHub's extensions), so the
site shows readers what editors approved in a pull request.

markdown-it-py with mdit-py-plugins: tables, strikethrough, autolinks, task lists, alerts, footnotes,
and definition lists (a site extension GitHub lacks). Headings get GitHub's ids, so `#section` links
written for GitHub keep working, and the permalink anchors and table of contents that MkDocs themes
expect from Python-Markdown's toc extension. Raw HTML passes through: the sanitizer comes after.

Text is escaped the way the sanitizer (nh3) serializes it, so sanitizing ordinary output changes
nothing and the redline sees the same HTML either way. Plain Python: no MkDocs here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.gfm import gfm_plugin

PERMALINK_TITLE = "Permanent link"
# GitHub shows disabled checkboxes; a symbol looks the same, needs no form element in the allow-list,
# and a ticked box in a redline is a changed word rather than an invisible attribute change.
TASK_SYMBOLS = {False: "\u2610", True: "\u2611"}  # ballot box, ballot box with check
_ASCII_DROP = re.compile(r"[^a-z0-9_\- ]")
_FOOTNOTE_LABEL = re.compile(r"\s+")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict]  # Python-Markdown's `md.toc_tokens` shape, for mkdocs.structure.toc.get_toc


def escape_text(text: str) -> str:
    """Escape text content exactly as nh3 serializes it (quotes stay literal, no-break spaces do not)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\xa0" in text:
        text = text.replace("\xa0", "&nbsp;")
    return text


def escape_attribute(value: str) -> str:
    """Escape an attribute value exactly as nh3 serializes it."""
    text = escape_text(value)
    return text.replace('"', "&quot;") if '"' in text else text


def github_slug(text: str) -> str:
    """GitHub's heading id: lowercase, drop everything but letters, marks, digits, `_`, `-` and spaces
    (so punctuation and emoji go), spaces to `-`. Unicode letters stay."""
    text = text.lower()
    if text.isascii():
        return _ASCII_DROP.sub("", text).replace(" ", "-")
    return "".join(c for c in text if c in "- " or _is_word(c)).replace(" ", "-")


def _is_word(char: str) -> bool:
    # Ruby's \p{Word}, which GitHub's filter keeps: letters, marks, decimal and letter numbers, `_`.
    category = unicodedata.category(char)
    return category[0] in "LM" or category in ("Nd", "Nl", "Pc")


class Slugger:
    """Unique GitHub slugs within one document: repeats get -1, -2, ... (github-slugger's rule, which
    also steps past a repeat that collides with a heading literally named `x-1`)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = slug = github_slug(text)
        while slug in self.seen:
            self.seen[base] += 1
            slug = f"{base}-{self.seen[base]}"
        self.seen[slug] = 0
        return slug


class GithubMarkdown:
    """Render policy Markdown as GitHub does; one instance is reusable (nothing is kept between calls)."""

    def __init__(self, *, permalink: bool | str = True, definition_lists: bool = True) -> None:
        self.permalink = "\u00b6" if permalink is True else (permalink or None)
        self.md = build_parser(definition_lists)

    def parse(self, text: str) -> list[Token]:
        """The block tokens (with their source line maps), before headings get ids."""
        return self.md.parse(text, {})

    def render(self, text: str) -> Rendered:
        env: dict[str, Any] = {}
        tokens = self.md.parse(text, env)
        toc = self.anchor_headings(tokens, env)
        prepare_blocks(tokens)
        return Rendered(self.md.renderer.render(tokens, self.md.options, env), toc)

    def __call__(self, text: str) -> str:
        return self.render(text).html

    def anchor_headings(self, tokens: list[Token], env: EnvType) -> list[dict]:
        """Give each heading its GitHub id and permalink; return the nested table of contents."""
        slugger = Slugger()
        flat = []
        for index, token in enumerate(tokens):
            if token.type != "heading_open":
                continue
            inline = tokens[index + 1]
            children = [c for c in inline.children or () if c.type != "footnote_ref"]
            text = "".join(_plain(c) for c in children)
            anchor = slugger.slug(text)
            token.attrSet("id", anchor)
            flat.append({"level": int(token.tag[1]), "id": anchor, "name": escape_text(" ".join(text.split())),
                         "html": self.md.renderer.renderInline(children, self.md.options, env),
                         "data-toc-label": ""})
            if self.permalink is not None:
                inline.children = [*(inline.children or ()), *_permalink(anchor, self.permalink)]
        return nest_toc(flat)


def build_parser(definition_lists: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False}, renderer_cls=PolicyRenderer)
    md.use(gfm_plugin)  # tables, strikethrough, autolinks, task lists, alerts, footnotes
    if definition_lists:
        md.use(deflist_plugin)
    # The plugins register their own footnote renderers; ours follow Python-Markdown's markup.
    md.renderer.rules.update({name: getattr(md.renderer, name) for name in PolicyRenderer.FOOTNOTE_RULES})
    return md


def nest_toc(flat: list[dict]) -> list[dict]:
    """Nest headings by level as Python-Markdown's toc extension does."""
    roots: list[dict] = []
    stack: list[dict] = []
    for item in flat:
        item["children"] = []
        while stack and stack[-1]["level"] >= item["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(item)
        stack.append(item)
    return roots


def prepare_blocks(tokens: list[Token]) -> None:
    """Task-list boxes go inside the item's first paragraph; alerts become admonitions."""
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.meta and "checked" in token.meta:
            if index + 2 < len(tokens) and tokens[index + 2].type == "inline":
                box = Token("html_inline", "", 0, content=_task_box(token.meta["checked"]))
                tokens[index + 2].children = [box, *(tokens[index + 2].children or ())]
                token.meta = {**token.meta, "placed": True}
        elif token.type == "alert_open":
            # MkDocs Material styles admonitions, and aliases important -> tip, caution -> warning.
            token.attrSet("class", f"admonition {token.meta['kind'].lower()}")
            tokens[index + 1].attrSet("class", "admonition-title")


class PolicyRenderer(RendererHTML):
    """markdown-it's HTML renderer with nh3's escaping, task boxes and Python-Markdown's footnotes."""

    FOOTNOTE_RULES = ("footnote_ref", "footnote_block_open", "footnote_block_close", "footnote_open",
                      "footnote_close", "footnote_anchor")

    def renderAttrs(self, token: Token) -> str:  # noqa: N802 (markdown-it's name)
        return "".join(f' {k}="{escape_attribute(str(v))}"' for k, v in token.attrItems())

    def text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return escape_text(tokens[idx].content)

    def code_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f"<code{self.renderAttrs(tokens[idx])}>{escape_text(tokens[idx].content)}</code>"

    def code_block(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f"<pre><code>{escape_text(tokens[idx].content)}</code></pre>\n"

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        attrs = f' class="language-{escape_attribute(language)}"' if language else ""
        return f"<pre><code{attrs}>{escape_text(token.content)}</code></pre>\n"

    def list_item_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        html = self.renderToken(tokens, idx, options, env)
        if token.meta and "checked" in token.meta and not token.meta.get("placed"):
            html += _task_box(token.meta["checked"])  # an item with no text of its own
        return html

    # Footnotes as Python-Markdown writes them (the markup MkDocs themes style): `fn:label` ids.
    def footnote_ref(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        meta = tokens[idx].meta
        name = _footnote_name(meta)
        sub = meta.get("subId", 0)
        ref = f"fnref{sub + 1 if sub > 0 else ''}:{name}"
        return (f'<sup id="{escape_attribute(ref)}"><a class="footnote-ref" href="#fn:{escape_attribute(name)}">'
                f"{meta['id'] + 1}</a></sup>")

    def footnote_block_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return '<div class="footnote">\n<hr>\n<ol>\n'

    def footnote_block_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return "</ol>\n</div>\n"

    def footnote_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f'<li id="fn:{escape_attribute(_footnote_name(tokens[idx].meta))}">\n'

    def footnote_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return "</li>\n"

    def footnote_anchor(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        meta = tokens[idx].meta
        sub = meta.get("subId", 0)
        ref = escape_attribute(f"fnref{sub + 1 if sub > 0 else ''}:{_footnote_name(meta)}")
        number = meta["id"] + 1
        return (f'&nbsp;<a class="footnote-backref" href="#{ref}" '
                f'title="Jump back to footnote {number} in the text">\u21a9</a>')


def _footnote_name(meta: dict) -> str:
    label = meta.get("label")
    return _FOOTNOTE_LABEL.sub("-", label) if label else str(meta["id"] + 1)


def _task_box(checked: bool) -> str:
    return f'<span class="task-list-item-checkbox">{TASK_SYMBOLS[bool(checked)]}</span> '


def _plain(token: Token) -> str:
    """A heading child's text as GitHub's filter reads it (the text of the rendered HTML)."""
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    if token.children and token.type != "image":
        return "".join(_plain(c) for c in token.children)
    return ""


def _permalink(anchor: str, symbol: str) -> list[Token]:
    link = Token("link_open", "a", 1, attrs={"class": "headerlink", "href": f"#{anchor}", "title": PERMALINK_TITLE})
    return [link, Token("text", "", 0, content=symbol), Token("link_close", "a", -1)]
