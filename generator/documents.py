"""Bytes at a path -> a document: Markdown with its front matter and sections, a list kept as data,
a translation, or not a policy and why. The one reader of policy files: the history reads each
revision with it, the rules and `policy diff` read whole trees (a revision or the working tree) with
it, so a title, a list's entries or an error can never differ between them."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .datafile import DataFileError, is_data_path, looks_like_data_policy, read_data_file
from .entities import Entity, entities_from_markdown, is_entity_list
from .errors import PolicyError
from .frontmatter import FrontMatter, FrontMatterError, read_front_matter, split_source
from .sections import assemble_sections, included_paths
from .translations import DEFAULT_LANGUAGE, split_language

# Far above any real policy (long terms of service are a few hundred kB), far below what makes a
# build crawl: every version is rendered, diffed word by word and kept in memory.
MAX_POLICY_BYTES = 2_000_000
BOM = "\ufeff"
_H1 = re.compile(r"^[ ]{0,3}#[ \t]+(?P<title>[^\n]+)$", re.M)
_SETEXT_H1 = re.compile(r"^[ ]{0,3}(?P<title>[^\s][^\n]*)\n[ ]{0,3}=+[ \t]*$", re.M)
# The first block, when it is a heading of any level: `## Title`, or `Title` over `===` or `---`.
_OPENING_ATX = re.compile(r"[ ]{0,3}#{1,6}[ \t]+(?P<title>[^\n]+)")
_OPENING_SETEXT = re.compile(r"[ ]{0,3}(?P<title>[^\s][^\n]*)\n[ ]{0,3}(?:=+|-+)[ \t]*(?:\n|$)")
# A first line that starts another kind of block (list, quote, fence, table, HTML, thematic break)
# cannot be a setext heading's text.
_NOT_SETEXT_TEXT = re.compile(r"[ ]{0,3}(?:[-*+>|<]|\d{1,9}[.)]|```|~~~|(?:[-*_][ \t]*){3,}$)")
_OPTED_OUT = "its front matter says `policy: false`"
_NO_ENTRIES = "a YAML file without a top-level `entries:` list"

SectionReader = Callable[[str], "str | None"]  # a docs path -> its text, None when it does not exist


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file split into its front matter (validated when possible) and its body."""

    path: str  # relative to docs_dir
    text: str  # byte-order mark removed
    data: dict[str, Any]
    body: str
    body_line: int  # lines before the body: body line n is file line n + body_line
    front: FrontMatter | None
    error: PolicyError | None = None  # why it cannot be read (encoding, size, front matter)

    @property
    def is_policy(self) -> bool:
        return self.front is None or self.front.is_policy

    def includes(self) -> list[str]:
        return included_paths(self.body)

    def key_line(self, key: str) -> int:
        """The file line of a top-level front matter key, else the first line."""
        match = re.search(rf"^{re.escape(key)}[ \t]*:", self.text[: self.body_offset], re.M)
        return self.text.count("\n", 0, match.start()) + 1 if match else 1

    @property
    def body_offset(self) -> int:
        return len(self.text) - len(self.body)


@dataclass(frozen=True)
class Document:
    """A file read as a policy: its main file with its sections assembled in (or a list kept as data
    written out as Markdown), its title and entries; `reason` says why it is not a policy, if not."""

    path: str
    raw: str  # the file's text as stored, byte-order mark kept: a version's SHA-256 is that of the file
    source: str  # front matter + body as assembled
    body: str  # front matter removed, sections assembled
    front: FrontMatter
    title: str
    title_from: str  # "front matter", "heading" or "file name"
    sections: tuple[str, ...] = ()  # section paths used, in order
    entities: tuple[Entity, ...] | None = None  # a list of sub-processors: its entries
    main: SourceFile | None = None  # None for a list kept as data
    translation: tuple[str, str] | None = None  # (the controlling file's path, the language)
    reason: str | None = None  # why it is not a policy; None when it is one

    @property
    def is_policy(self) -> bool:
        return self.reason is None


def decode(data: bytes, path: str, commit: str | None = None) -> str:
    """A policy file's text: UTF-8, no NUL byte, at most MAX_POLICY_BYTES; else a PolicyError."""
    check_size(len(data), path, commit)
    if b"\x00" in data:
        raise PolicyError("contains a NUL byte; policies must be plain UTF-8 text", path, commit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PolicyError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8", path, commit, line) from None


def check_size(size: int, path: str, commit: str | None, what: str = "") -> None:
    if size > MAX_POLICY_BYTES:
        raise PolicyError(
            f"is {size / 1_000_000:.1f} MB{what}; a policy may be at most {MAX_POLICY_BYTES // 1_000_000} MB "
            "of text (split it into separate policies)", path, commit)


def split_file(path: str, text: str, commit: str | None = None) -> SourceFile:
    """A Markdown file's front matter and body; a front matter problem is kept in `error`."""
    text = text.removeprefix(BOM)
    try:
        data, body, used = split_source(text)
    except FrontMatterError as exc:
        return SourceFile(path, text, {}, text, 0, None, PolicyError(str(exc), path, commit, exc.line))
    try:
        front = read_front_matter(data)
    except FrontMatterError as exc:
        return SourceFile(path, text, data, body, used, None, PolicyError(str(exc), path, commit, exc.line))
    return SourceFile(path, text, data, body, used, front)


def unreadable(path: str, data: bytes, commit: str | None, error: PolicyError) -> SourceFile:
    """A file that cannot be decoded, as a SourceFile carrying why (its text read leniently)."""
    text = data.decode("utf-8", "replace").removeprefix(BOM)
    return SourceFile(path, text, {}, text, 0, None, error)


def read_document(path: str, content: bytes | str | SourceFile, commit: str | None, read_section: SectionReader,
                  *, languages: tuple[str, ...] | None = None, language: str = DEFAULT_LANGUAGE,
                  link_target: str | None = None) -> Document:
    """The document a file is at one commit (or in the working tree); a PolicyError naming the file
    and commit when it cannot be read. `read_section` gives the text of the files it includes;
    `languages` are the translation codes (None: any language Babel knows), `language` the
    controlling one."""
    if link_target is not None:
        raise PolicyError(f"is a symbolic link (to {link_target[:200]!r}), not a policy text; replace it with the "
                          "file or add it to `exclude`", path, commit)
    if isinstance(content, bytes):
        content = decode(content, path, commit)
    if is_data_path(path):
        return _read_data(path, content if isinstance(content, str) else content.text, commit)
    file = content if isinstance(content, SourceFile) else split_file(path, content, commit)
    raw = content if isinstance(content, str) else file.text
    front = file.front
    if file.error is not None or front is None:
        raise file.error or PolicyError("front matter cannot be read", path, commit)
    assembled, used = assemble_sections(file.body, path, lambda p: _section(read_section, p), commit=commit,
                                        first_line=file.body_line)
    source = raw[: len(raw) - len(file.body)] + assembled
    if used:
        check_size(len(source.encode("utf-8")), path, commit, " with its sections included")
    title, title_from = decide_title(front, assembled, path)
    entities = entities_from_markdown(assembled) if is_entity_list(title, front.raw.get("kind")) else None
    return Document(path, raw, source, assembled, front, title, title_from, tuple(dict.fromkeys(used)), entities,
                    file, split_language(path, languages, language), None if front.is_policy else _OPTED_OUT)


def _section(read_section: SectionReader, path: str) -> str | None:
    text = read_section(path)
    return None if text is None else text.removeprefix(BOM)


def _read_data(path: str, raw: str, commit: str | None) -> Document:
    """A YAML file: a policy kept as data when it has `entries:`, else not a policy at all."""
    text = raw.removeprefix(BOM)
    if not looks_like_data_policy(text):
        front = read_front_matter({"policy": False})
        return Document(path, raw, raw, "", front, title_from_path(path), "file name", reason=_NO_ENTRIES)
    try:
        data = read_data_file(text)
    except (DataFileError, FrontMatterError) as exc:
        raise PolicyError(str(exc), path, commit, getattr(exc, "line", None)) from None
    title = data.front.title or title_from_path(path)
    return Document(path, raw, raw, data.body, data.front, title, "front matter", entities=data.entities)


def main_paths(documents: Mapping[str, Document], included: Iterable[str] = ()) -> list[str]:
    """Which of a tree's readable documents are policies of their own: those no policy includes as a
    section (nor any path in `included`, the sections of policies already known)."""
    sections = set(included) | {s for d in documents.values() if d.is_policy for s in d.sections}
    return sorted(p for p, d in documents.items() if d.is_policy and p not in sections)


def decide_title(front: FrontMatter, body: str, path: str) -> tuple[str, str]:
    """The front matter's title, else the heading (of any level) that opens the body, else the first
    level-1 heading, else one made from the file name."""
    if front.title:
        return front.title, "front matter"
    heading = opening_heading(body) or first_heading(body)
    if heading:
        return heading, "heading"
    return title_from_path(path), "file name"


def first_heading(body: str) -> str | None:
    """The first level-1 heading, ATX (`# Title`) or setext (`Title` over `===`), as GitHub reads it."""
    # Closing hashes are stripped in Python: a regex doing it (lazy title, optional trailing
    # blanks and hashes) backtracks cubically, and one long line in a pull request stalls the build.
    found = [m for m in (_H1.search(body), _SETEXT_H1.search(body)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    title = match.group("title").strip()
    return _strip_closing(title) if match.re is _H1 else title or None


def opening_heading(body: str) -> str | None:
    """The heading the body opens with, of any level: `## Title`, or setext `Title` over `---` (an h2
    on GitHub) or `===`; None when the first block is not a heading."""
    text = body.lstrip("\n")
    # Only the first two lines matter: bound the regex's work whatever the file's size.
    head = "\n".join(text.split("\n", 2)[:2])
    atx = _OPENING_ATX.match(head)
    if atx:
        return _strip_closing(atx.group("title").strip())
    setext = _OPENING_SETEXT.match(head)
    if setext and not _NOT_SETEXT_TEXT.match(setext.group("title")):
        return setext.group("title").strip() or None
    return None


def _strip_closing(title: str) -> str | None:
    unclosed = title.rstrip("#")
    if not unclosed or unclosed[-1] in " \t":
        title = unclosed.strip()
    return title or None


def title_from_path(path: str) -> str:
    """`DMCA/DMCA Counter Notice.md` -> 'DMCA Counter Notice'; `cookie-policy/index.md` -> 'Cookie policy'."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    if stem.lower() in ("index", "readme") and posixpath.dirname(path):
        stem = posixpath.basename(posixpath.dirname(path))
    name = " ".join(stem.replace("-", " ").replace("_", " ").split()) or stem
    return name[:1].upper() + name[1:] if name.islower() else name
