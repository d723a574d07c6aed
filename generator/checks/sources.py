"""Policy source files as they are in the working tree or at a git revision, split and assembled.

The rules and `policy diff` read whole trees of sources (not the version history): the working
tree is what an editor is about to commit, a revision is what a branch is compared against.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..datafile import DataFile, DataFileError, looks_like_data_policy, read_data_file
from ..entities import Entity
from ..errors import PolicyError
from ..frontmatter import FrontMatter, FrontMatterError, read_front_matter, split_source
from ..gitlog import GitRepository
from ..sections import INCLUDE, assemble_sections
from ..selection import DATA_SUFFIXES, MARKDOWN_SUFFIXES, Selection
from ..urls import page_src


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file: its front matter (validated when possible) and its body."""

    path: str  # relative to docs_dir
    text: str
    data: dict[str, Any]
    body: str
    body_line: int  # lines before the body: body line n is file line n + body_line
    front: FrontMatter | None
    error: FrontMatterError | None = None

    @property
    def is_policy(self) -> bool:
        return self.front is None or self.front.is_policy

    def includes(self) -> list[str]:
        return [posixpath.normpath(m.group("path").strip()) for m in INCLUDE.finditer(self.body)]

    def key_line(self, key: str) -> int:
        """The file line of a top-level front matter key, else the first line."""
        match = re.search(rf"^{re.escape(key)}[ \t]*:", self.text[: self.body_offset], re.M)
        return self.text.count("\n", 0, match.start()) + 1 if match else 1

    @property
    def body_offset(self) -> int:
        return len(self.text) - len(self.body)


@dataclass(frozen=True)
class Document:
    """A policy as the site shows it: its main file with its sections assembled in."""

    path: str
    main: SourceFile
    body: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class DataDocument:
    """A policy kept as data (`name.yml`): its text, and the Markdown and entries the site makes of
    it (datafile.py, the build's own reader), or why it cannot be read."""

    path: str
    text: str
    data: DataFile | None
    error: FrontMatterError | DataFileError | None = None

    @property
    def body(self) -> str:
        return self.data.body if self.data else ""

    @property
    def front(self) -> FrontMatter | None:
        return self.data.front if self.data else None

    @property
    def entities(self) -> tuple[Entity, ...] | None:
        return self.data.entities if self.data else None


@dataclass
class Sources:
    """Every Markdown file of one tree, and the policies they make up."""

    files: dict[str, SourceFile]
    documents: dict[str, Document] = field(default_factory=dict)
    problems: list[PolicyError] = field(default_factory=list)
    data_files: frozenset[str] = frozenset()  # YAML files, among them policies kept as data (`name.yml`)
    data: dict[str, DataDocument] = field(default_factory=dict)  # those policies, by path

    @property
    def data_pages(self) -> frozenset[str]:
        return frozenset(page_src(path) for path in self.data_files)

    def document(self, path: str) -> Document | None:
        return self.documents.get(path)

    def parts(self, document: Document) -> list[SourceFile]:
        return [document.main, *(self.files[p] for p in document.sections if p in self.files)]


def parse_source(path: str, text: str) -> SourceFile:
    text = text.removeprefix("\ufeff")
    try:
        data, body, used = split_source(text)
    except FrontMatterError as exc:
        return SourceFile(path, text, {}, text, 0, None, exc)
    try:
        front = read_front_matter(data)
    except FrontMatterError as exc:
        return SourceFile(path, text, data, body, used, None, exc)
    return SourceFile(path, text, data, body, used, front)


def parse_data(path: str, text: str) -> DataDocument:
    try:
        return DataDocument(path, text, read_data_file(text.removeprefix("\ufeff")))
    except (DataFileError, FrontMatterError) as exc:
        return DataDocument(path, text, None, exc)


def collect_sources(texts: Iterable[tuple[str, str]], selection: Selection | None = None,
                    data_texts: Iterable[tuple[str, str]] = ()) -> Sources:
    """Parse every file, then assemble each policy (a file no other file includes) with its sections.
    A YAML file is a policy kept as data when it has `entries:`, as in history.py."""
    files = {path: parse_source(path, text) for path, text in texts}
    sources = Sources(files)
    data_texts = list(data_texts)
    sources.data_files = frozenset(path for path, _ in data_texts)
    for path, text in sorted(data_texts):
        if (selection or Selection()).is_candidate(path) and looks_like_data_policy(text.removeprefix("\ufeff")):
            sources.data[path] = parse_data(path, text)
    included = {p for f in files.values() for p in f.includes()}
    for path, file in sorted(files.items()):
        if path in included or not file.is_policy or not (selection or Selection()).is_candidate(path):
            continue
        try:
            body, sections = assemble(file, files)
        except PolicyError as exc:
            sources.problems.append(exc)
            continue
        sources.documents[path] = Document(path, file, body, tuple(sections))
    return sources


def assemble(file: SourceFile, files: dict[str, SourceFile]) -> tuple[str, list[str]]:
    def read(path: str) -> str | None:
        return files[path].text if path in files else None

    return assemble_sections(file.body, file.path, read, first_line=file.body_line)


# -- trees -------------------------------------------------------------------------------------
def read_working_tree(docs_dir: Path, selection: Selection | None = None) -> Sources:
    texts, data = [], []
    for file in sorted(docs_dir.rglob("*")):
        if file.is_file() and file.suffix in MARKDOWN_SUFFIXES:
            texts.append((file.relative_to(docs_dir).as_posix(), _decode(file.read_bytes(), file.name)))
        elif file.is_file() and file.suffix in DATA_SUFFIXES:
            data.append((file.relative_to(docs_dir).as_posix(), _decode(file.read_bytes(), file.name)))
    return collect_sources(texts, selection, data)


def read_revision(repo: GitRepository, rev: str, selection: Selection | None = None) -> Sources:
    texts = [(path, _decode(data, path)) for path, data in repo.read_tree(rev, MARKDOWN_SUFFIXES)]
    data = [(path, _decode(blob, path)) for path, blob in repo.read_tree(rev, DATA_SUFFIXES)]
    return collect_sources(texts, selection, data)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")
