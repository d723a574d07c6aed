"""Whole trees of policy files, the working tree or a git revision, each file read by documents.py.

The rules and `policy diff` read whole trees of sources (not the version history): the working
tree is what an editor is about to commit, a revision is what a branch is compared against. Which
files are policies, their titles, entries and errors are decided by the reader the history uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..datafile import is_data_path
from ..documents import Document, SourceFile, decode, main_paths, read_document, split_file, unreadable
from ..entities import Entity
from ..errors import PolicyError
from ..frontmatter import FrontMatter
from ..gitlog import GitRepository
from ..model import WORKING_TREE
from ..selection import DATA_SUFFIXES, MARKDOWN_SUFFIXES, Selection
from ..translations import DEFAULT_LANGUAGE
from ..urls import page_src

__all__ = ["MARKDOWN_SUFFIXES", "DataDocument", "Document", "SourceFile", "Sources", "collect_sources",
           "read_revision", "read_working_tree"]


@dataclass(frozen=True)
class DataDocument:
    """A policy kept as data (`name.yml`): its text, and the document the reader makes of it (the
    Markdown and entries the site shows), or why it cannot be read."""

    path: str
    text: str
    document: Document | None
    failure: PolicyError | None = None

    @property
    def error(self) -> str | None:
        """Why it cannot be read, as the reader says it (without the file's name)."""
        return self.failure.problem.message if self.failure else None

    @property
    def body(self) -> str:
        return self.document.body if self.document else ""

    @property
    def front(self) -> FrontMatter | None:
        return self.document.front if self.document else None

    @property
    def title(self) -> str:
        return self.document.title if self.document else self.path

    @property
    def entities(self) -> tuple[Entity, ...] | None:
        return self.document.entities if self.document else None


@dataclass
class Sources:
    """Every Markdown file of one tree, and the policies they make up."""

    files: dict[str, SourceFile]
    documents: dict[str, Document] = field(default_factory=dict)  # policies written in Markdown, by path
    problems: list[PolicyError] = field(default_factory=list)  # policies that cannot be assembled
    data_files: frozenset[str] = frozenset()  # YAML files, among them policies kept as data (`name.yml`)
    data: dict[str, DataDocument] = field(default_factory=dict)  # those policies, by path

    @property
    def data_pages(self) -> frozenset[str]:
        return frozenset(page_src(path) for path in self.data_files)

    def document(self, path: str) -> Document | None:
        return self.documents.get(path)

    def parts(self, document: Document) -> list[SourceFile]:
        main = [document.main] if document.main else []
        return [*main, *(self.files[p] for p in document.sections if p in self.files)]


def collect_sources(contents: Iterable[tuple[str, bytes]], selection: Selection | None = None, *,
                    commit: str | None = None, languages: tuple[str, ...] | None = None,
                    language: str = DEFAULT_LANGUAGE) -> Sources:
    """Read every file of a tree as the history reads a revision: the policies (files no policy
    includes), the lists kept as data, and every Markdown file's front matter for the rules."""
    selection = selection or Selection()
    raw = dict(contents)
    texts: dict[str, str | PolicyError] = {}
    for path, data in raw.items():
        try:
            texts[path] = decode(data, path, commit)
        except PolicyError as exc:
            texts[path] = exc

    def read_section(path: str) -> str | None:
        text = texts.get(path)
        if isinstance(text, PolicyError):
            raise text
        return text

    files = {path: _source_file(path, raw[path], texts[path], selection, commit)
             for path in raw if path.endswith(MARKDOWN_SUFFIXES)}
    sources = Sources(files, data_files=frozenset(p for p in raw if p.endswith(DATA_SUFFIXES)))
    documents: dict[str, Document] = {}
    for path in sorted(raw):
        text = texts[path]
        if not selection.is_candidate(path) or (path in files and files[path].error is not None):
            continue  # a Markdown file that cannot be read is reported by the front-matter rule
        try:
            if isinstance(text, PolicyError):
                raise text
            documents[path] = read_document(path, files.get(path) or text, commit, read_section,
                                            languages=languages, language=language)
        except PolicyError as exc:
            if is_data_path(path):
                sources.data[path] = DataDocument(path, _lenient(raw[path]), None, exc)
            else:
                sources.problems.append(exc)
    for path in main_paths(documents):
        if is_data_path(path):
            sources.data[path] = DataDocument(path, _lenient(raw[path]), documents[path])
        else:
            sources.documents[path] = documents[path]
    return sources


def _source_file(path: str, data: bytes, text: str | PolicyError, selection: Selection,
                 commit: str | None) -> SourceFile:
    if isinstance(text, str):
        return split_file(path, text, commit)
    if selection.is_candidate(path):
        return unreadable(path, data, commit, text)
    return split_file(path, _lenient(data), commit)  # not a policy: the site renders it as it is


def _lenient(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


# -- trees -------------------------------------------------------------------------------------
def read_working_tree(docs_dir: Path, selection: Selection | None = None,
                      languages: tuple[str, ...] | None = None, language: str = DEFAULT_LANGUAGE) -> Sources:
    """The files a `mkdocs serve` preview reads: hidden folders and symbolic links left out, as gitlog does."""
    contents = []
    for file in sorted(docs_dir.rglob("*")):
        path = file.relative_to(docs_dir).as_posix()
        if path.endswith(MARKDOWN_SUFFIXES + DATA_SUFFIXES) and file.is_file() and not file.is_symlink() \
                and "/." not in f"/{path}":
            contents.append((path, file.read_bytes()))
    return collect_sources(contents, selection, commit=WORKING_TREE, languages=languages, language=language)


def read_revision(repo: GitRepository, rev: str, selection: Selection | None = None,
                  languages: tuple[str, ...] | None = None, language: str = DEFAULT_LANGUAGE) -> Sources:
    contents = repo.read_tree(rev, MARKDOWN_SUFFIXES + DATA_SUFFIXES)
    return collect_sources(contents, selection, commit=repo.resolve(rev) or rev, languages=languages,
                           language=language)
