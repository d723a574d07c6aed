"""One reader of policy files: the history reading a commit, and the rules reading the same revision
or the working tree, see the same documents, titles and errors (documents.py decides for both)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks.sources import Sources, read_revision, read_working_tree
from generator.documents import first_heading, read_document, title_from_path
from generator.errors import PolicyError
from generator.gitlog import GitRepository
from generator.history import Options, read_history
from generator.lineage import Walker
from generator.selection import Selection
from generator.versions import Calendar, Start
from tests.gitrepo import TempRepo

NAMES = ("privacy.md", "terms.md", "legal/notice.md", "cookies/index.md", "privacy.de.md", "terms.fr.md",
         "section.md", "vendors.yml", "extra.yaml", "en/faq.md", "de/faq.md", "help/en.md", "help/fr.md")
FRONT = st.sampled_from([
    "", "---\ntitle: Declared Title\n---\n", "---\npolicy: false\n---\n", "---\ntitle: [unclosed\n---\n",
    "---\ntitle: Never closed\n", "---\neffective: next week\n---\n", "---\neffective: 2024-03-01\n---\n",
    "---\n- a list\n---\n", "---\nkind: subprocessors\n---\n", "---\n---\n",
])
HEADING = st.sampled_from([
    "", "# Privacy Notice\n\n", "## Only a second level\n\n", "Setext Title\n============\n\n",
    "   # Indented closed #\n\n", "#NoSpace\n\n", "# Sub-processors\n\n", "#\n\n", "# Trailing ###\n\n",
])
BODY = st.sampled_from([
    "Some words.\n", "- **Acme Cloud** — hosting\n- **Beta Mail**: email\n", "Text\n\n--8<-- \"section.md\"\n",
    "--8<-- \"missing.md\"\n", "--8<-- \"../outside.md\"\n", "| Name | Purpose |\n|---|---|\n| Acme | hosting |\n",
])
DATA = st.sampled_from([
    "entries:\n  - name: Acme\n    purpose: hosting\n    locations: EU\n",
    "title: Our vendors\nentries:\n  - name: Acme\n    purpose: hosting\n",
    "entries:\n  - name: Acme\n", "entries: [unclosed\n", "just: a setting\n",
    "entries:\n  - name: Acme\n    colour: red\n",
])
RAW = st.sampled_from([b"# Latin-1 \xe9t\xe9\n", b"# Has a NUL\x00 byte\n", b"\xff\xfe# UTF-16?\n"])


@st.composite
def markdown_file(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(RAW)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + draw(FRONT) + draw(HEADING) + draw(BODY)).encode("utf-8")


@st.composite
def trees(draw: st.DrawFn) -> dict[str, bytes]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    return {name: (draw(DATA).encode() if name.endswith((".yml", ".yaml")) else draw(markdown_file()))
            for name in names}


def render(text: str) -> str:
    return markdown.markdown(text)


def _history_side(git: GitRepository) -> tuple[dict, dict]:
    """What the history makes of HEAD: each policy's last revision, and each file it could not read."""
    calendar = Calendar(dt.UTC, lambda path: path)
    walker = Walker(git, render, Selection(), Start(None, calendar, git.resolve), calendar)
    walker.walk(git.log("HEAD"), "HEAD")
    documents = {}
    for lineage in walker.order:
        if lineage.retirement is None and not lineage.opted_out and lineage.revisions:
            r = lineage.revisions[-1]
            documents[r.path] = (r.title, r.title_from, r.body, tuple(r.sections), r.entities, r.front.effective)
    included = walker.included_paths()
    errors = {path: _where(error) for path, error in walker.unreadable.items() if path not in included}
    return documents, errors


def _where(error: PolicyError) -> tuple[str | None, str, int | None]:
    return error.path, error.problem.message, error.problem.line


def _checks_side(sources: Sources) -> tuple[dict, set]:
    """What the rules make of a tree: its policies (Markdown and data), and the files they cannot read."""
    documents = {}
    for path, d in sources.documents.items():
        documents[path] = (d.title, d.title_from, d.body, d.sections, d.entities, d.front.effective)
    for path, data in sources.data.items():
        if data.document is not None:
            d = data.document
            documents[path] = (d.title, d.title_from, d.body, d.sections, d.entities, d.front.effective)
    included = {s for d in sources.documents.values() for s in d.sections}
    errors = {_where(f.error) for p, f in sources.files.items() if f.error is not None and p not in included}
    errors |= {_where(e) for e in sources.problems}
    errors |= {_where(d.failure) for d in sources.data.values() if d.failure}
    return documents, errors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees())
def test_history_and_rules_read_the_same_documents(tree):
    with tempfile.TemporaryDirectory() as tmp:
        repo = TempRepo(Path(tmp) / "repo")
        for path, data in tree.items():
            repo.write(path, data)
        repo.commit("Add policies", "2024-01-01T12:00:00+00:00")
        git = GitRepository(repo.docs)
        try:
            history_documents, history_errors = _history_side(git)
            revision = read_revision(git, "HEAD")
            for sources in (revision, read_working_tree(repo.docs)):
                documents, errors = _checks_side(sources)
                assert documents == history_documents
                assert errors == set(history_errors.values())
            _same_published_policies(git, revision, history_errors)
        finally:
            git.close()


def _same_published_policies(git: GitRepository, sources: Sources, errors: dict) -> None:
    """The build stops on the first file it cannot read; else its policies, titles and translations
    are those the rules see."""
    try:
        history, _ = read_history(git, render, Options(zone=dt.UTC, as_of=dt.date(2024, 6, 1)))
    except PolicyError as exc:
        assert _where(exc) == errors[min(errors)]
        return
    assert not errors
    shown = {p.source: (p.title, p.translates, p.language) for p in history.policies}
    ids = {p.source: p.id for p in history.policies}
    seen = {}
    for path, document in [*sources.documents.items(), *((p, d.document) for p, d in sources.data.items())]:
        controlling = document.translation[0] if document.translation else None
        if controlling in ids:
            seen[path] = (document.title, ids[controlling], document.translation[1])
        else:
            seen[path] = (document.title, None, None)
    assert seen == shown


# -- the reader on its own -------------------------------------------------------------------------
def test_title_comes_from_front_matter_then_heading_then_file_name():
    no_sections = lambda path: None  # noqa: E731
    assert read_document("a.md", "---\ntitle: Declared\n---\n# Heading\n", "c", no_sections).title == "Declared"
    assert read_document("a.md", "Setext\n===\n", "c", no_sections).title_from == "heading"
    assert read_document("cookie-policy/index.md", "Words.\n", "c", no_sections).title == "Cookie policy"
    assert first_heading("## Two\n# One #\n") == "One"
    assert title_from_path("DMCA/DMCA Counter Notice.md") == "DMCA Counter Notice"


def test_errors_name_the_file_and_commit():
    with pytest.raises(PolicyError, match=r"^privacy\.md:3 @ 3f2a1c0: front matter is not valid YAML"):
        read_document("privacy.md", b"---\ntitle: [x\n---\n", "3f2a1c0", lambda path: None)
    with pytest.raises(PolicyError, match=r"^terms\.md:1 @ 3f2a1c0: is not valid UTF-8 \(byte 0xe9"):
        read_document("terms.md", b"caf\xe9\n", "3f2a1c0", lambda path: None)


def test_a_yaml_file_without_entries_is_not_a_policy_and_says_why():
    document = read_document("settings.yml", b"just: a setting\n", "c", lambda path: None)
    assert not document.is_policy and "entries" in (document.reason or "")
    translated = read_document("privacy.de.md", b"# Datenschutz\n", "c", lambda path: None)
    assert translated.translation == ("privacy.md", "de") and translated.is_policy
