"""Rules about what a policy's Markdown contains: typed stamps, internal links, raw HTML."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from ..sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from ..stamps import find_stamp_lines, judge_stamp, typed_effective_day
from .base import CheckContext, Finding
from .sources import MARKDOWN_SUFFIXES, Document, SourceFile

_IDS = re.compile(r"""\sid=(["'])(?P<id>.*?)\1""")
_HREFS = re.compile(r"""<a\b[^>]*?\shref=(["'])(?P<href>.*?)\1""", re.S)
_MD_LINK_SCHEME = re.compile(r"\]\(\s*<?\s*(?P<scheme>[a-z][a-z0-9+.-]*):", re.I)
_URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href"}
# md_in_html reads (and removes) this attribute; it never reaches the page.
_MARKDOWN_ATTRIBUTES = {"markdown"}


def policy_files(context: CheckContext) -> Iterator[tuple[Document, SourceFile]]:
    """Each file that makes up a policy (its main file and its sections), once."""
    seen = set()
    for document in context.head.documents.values():
        for file in context.head.parts(document):
            if file.path not in seen:
                seen.add(file.path)
                yield document, file


def check_typed_stamps(context: CheckContext) -> Iterator[Finding]:
    """A hand-typed "Last updated: ..." or "Effective ..." line agrees with the dates history gives the
    version it is in (a typed effective day on or after publication is that version's effective day)."""
    history = context.draft_history or context.history
    for document, file in policy_files(context):
        policy = context.policy_at(document.path, history)
        versions = policy.versions if policy else ()
        for stamp in find_stamp_lines(file.body):
            if versions:
                last = versions[-1]
                before = versions[-2] if len(versions) > 1 else None
                message = judge_stamp(stamp, published=last.published_day, effective=last.effective,
                                      previous=(before.number, before.effective) if before else None)
            else:  # not committed yet: it would be published today
                day = typed_effective_day(file.body, context.today) or context.today
                message = judge_stamp(stamp, published=context.today, effective=day)
            if message is not None:
                yield Finding(file.path, file.body_line + stamp.line, message)


# -- links -------------------------------------------------------------------------------------
def check_links(context: CheckContext) -> Iterator[Finding]:
    """Relative links to other policies and #anchors resolve, as the site renders them."""
    ids: dict[str, set[str]] = {}

    def anchors(path: str) -> set[str] | None:
        if path not in ids:
            document = context.head.document(path)
            file = context.head.files.get(path)
            body = document.body if document else file.body if file else None
            if body is None:
                return None
            ids[path] = {html.unescape(m.group("id")) for m in _IDS.finditer(context.render_cached(body))}
        return ids[path]

    for document in context.head.documents.values():
        parts = context.head.parts(document)
        for href in _hrefs(context.render_cached(document.body)):
            problem = _check_href(href, document.path, context, anchors)
            if problem:
                file, line = _locate(href, parts)
                yield Finding(file.path, line, problem)


def _hrefs(rendered: str) -> list[str]:
    return list(dict.fromkeys(html.unescape(m.group("href")) for m in _HREFS.finditer(rendered)))


def _check_href(href: str, source: str, context: CheckContext, anchors) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    target = unquote(parts.path)
    fragment = unquote(parts.fragment)
    if target:
        if not target.endswith(MARKDOWN_SUFFIXES):
            return None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        if path.startswith("../") or (path not in context.head.files and path not in context.head.data_pages):
            return f"link to {target!r}: no such file in the policies folder"
    else:
        path = source
    if fragment:
        known = anchors(path)
        if known is not None and fragment not in known:
            where = "this page" if path == source else path
            return f"link to '#{fragment}': no heading or anchor with that id in {where}"
    return None


def _locate(text: str, files: list[SourceFile]) -> tuple[SourceFile, int]:
    """The first file and line where `text` (or its last path part) appears, for the report."""
    for needle in (text, text.rsplit("/", 1)[-1], text.split("#")[-1]):
        for file in files:
            index = file.text.find(needle)
            if index >= 0:
                return file, file.text.count("\n", 0, index) + 1
    return files[0], 1


# -- raw HTML ----------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def check_raw_html(context: CheckContext) -> Iterator[Finding]:
    """Raw HTML only from the site's allow-list: no scripts, event handlers or javascript: URLs."""
    parser = MarkdownIt("commonmark")
    for _document, file in policy_files(context):
        for line, fragment in _raw_html(parser, file.body):
            for problem in _html_problems(fragment):
                yield Finding(file.path, file.body_line + line, problem)
        for match in _MD_LINK_SCHEME.finditer(file.body):
            scheme = match.group("scheme").lower()
            if scheme not in URL_SCHEMES:
                line = file.body_line + file.body.count("\n", 0, match.start()) + 1
                yield Finding(file.path, line, f"link with a '{scheme}:' address; only "
                              f"{', '.join(sorted(URL_SCHEMES))} and relative links are allowed")


def _raw_html(parser: MarkdownIt, body: str) -> Iterator[tuple[int, str]]:
    """(1-based body line, fragment) for each raw HTML block and inline tag."""
    for token in parser.parse(body):
        start = token.map[0] + 1 if token.map else 1
        if token.type == "html_block":
            yield start, token.content
        for child in token.children or ():
            if child.type == "html_inline":
                yield start, child.content


def _html_problems(fragment: str) -> Iterator[str]:
    tags = _Tags()
    tags.feed(fragment)
    tags.close()
    for tag, attrs in tags.found:
        if tag not in ALLOWED_TAGS:
            yield f"<{tag}> is not allowed in a policy (the site removes it); use Markdown instead"
            continue
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set()) | _MARKDOWN_ATTRIBUTES
        for name, value in attrs:
            if name not in allowed:
                yield f"attribute {name!r} on <{tag}> is not allowed (the site removes it)"
            elif name in _URL_ATTRIBUTES and value and _scheme(value) not in (None, *URL_SCHEMES):
                yield f"{name}={value!r} on <{tag}>: only {', '.join(sorted(URL_SCHEMES))} addresses are allowed"


def _scheme(url: str) -> str | None:
    match = re.match(r"^\s*([a-z][a-z0-9+.-]*):", url, re.I)
    return match.group(1).lower() if match else None
