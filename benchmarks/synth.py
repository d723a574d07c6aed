"""Synthetic policy repositories, written by one `git fast-import` process, and the plain MkDocs site
with the same pages that serves as the rendering floor.

Deterministic for a seed: fixed dates (one commit every seven hours from 2001-01-01 UTC), fixed names.
The history has N policies x V first-parent versions: the first commit adds every policy; after that
each commit makes the next version of one policy (round robin), every ninth one as a pull request
(a branch of two commits merged with a merge commit), and a few policies are renamed on the way.
"""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .prose import TOPICS, Section, Writer, render

START = 978307200  # 2001-01-01T00:00:00Z
STEP = 7 * 3600
AS_OF = "2030-01-01"
MERGE_EVERY = 9
MARKDOWN_EXTENSIONS = """markdown_extensions:
  - toc:
      permalink: true
  - tables
  - attr_list
"""


@dataclass(frozen=True)
class Spec:
    policies: int
    versions: int
    seed: int = 7
    largest_words: int = 20_000  # policy 0 has this size; the others are 1,000-12,000 words
    smallest_words: int = 1_000
    others_max_words: int = 12_000

    @property
    def label(self) -> str:
        return f"{self.policies}x{self.versions}"


@dataclass
class Synthetic:
    """A generated repository (`root`, with mkdocs.yml and docs/) and its floor site (`floor`)."""

    spec: Spec
    root: Path
    floor: Path
    commits: int = 0
    merges: int = 0
    renames: int = 0
    versions: int = 0
    floor_pages: int = 0
    largest_words: int = 0
    total_words: int = 0
    last_time: int = START
    paths: dict[str, str] = field(default_factory=dict)  # policy id -> path now


def git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": "Synthetic Author", "GIT_AUTHOR_EMAIL": "author@example.com",
                "GIT_COMMITTER_NAME": "Synthetic Committer", "GIT_COMMITTER_EMAIL": "committer@example.com"})
    return env


def site_config(name: str, plugins: str, extra: str = "") -> str:
    return (f"site_name: {name}\nsite_url: https://legal.example.com/\ndocs_dir: docs\n"
            f"theme:\n  name: material\n  font: false\nplugins:\n{plugins}{MARKDOWN_EXTENSIONS}{extra}")


class _FastImport:
    """Writes a fast-import stream straight into `git fast-import`."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(["git", "-C", str(root), "fast-import", "--quiet"], stdin=subprocess.PIPE,
                                     env=git_env())
        self.mark = 0
        self.time = START

    def commit(self, ref: str, message: str, files: list[tuple], parent: int | None = None,
               merge: int | None = None) -> int:
        self.mark += 1
        self.time += STEP
        out = [f"commit {ref}\nmark :{self.mark}\n"
               f"author Synthetic Author <author@example.com> {self.time} +0000\n"
               f"committer Synthetic Committer <committer@example.com> {self.time} +0000\n".encode(),
               _data(message)]
        if parent:
            out.append(f"from :{parent}\n".encode())
        if merge:
            out.append(f"merge :{merge}\n".encode())
        for op, *args in files:
            if op == "M":
                out.append(f"M 100644 inline {args[0]}\n".encode() + _data(args[1]))
            elif op == "R":
                out.append(f"R {args[0]} {args[1]}\n".encode())
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"".join(out))
        return self.mark

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        if self.proc.wait() != 0:
            raise RuntimeError("git fast-import failed")


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


class _Policy:
    def __init__(self, index: int, writer: Writer, words: int) -> None:
        self.slug = re.sub(r"[^a-z0-9]+", "-", TOPICS[index % len(TOPICS)].lower()).strip("-")
        self.id = f"p{index:03d}-{self.slug}"
        self.path = f"{self.id}.md"
        self.title = f"{TOPICS[index % len(TOPICS)]} Policy {index}"
        self.words = words
        self.sections: list[Section] = writer.document(words)
        self.number = 1
        self.texts: list[str] = [render(self.title, "First published version", self.sections)]


def generate(spec: Spec, out: Path) -> Synthetic:
    """Write `out/repo` (git) and `out/floor` (plain MkDocs site) for `spec`; replaces what was there."""
    if spec.versions < 2:
        raise ValueError("need at least two versions per policy")
    shutil.rmtree(out, ignore_errors=True)
    root, floor = out / "repo", out / "floor"
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=git_env())
    sizes = random.Random(spec.seed)
    writer = Writer(random.Random(spec.seed + 1))
    policies = []
    for i in range(spec.policies):
        words = spec.largest_words if i == 0 else round(math.exp(sizes.uniform(
            math.log(spec.smallest_words), math.log(spec.others_max_words))))
        policies.append(_Policy(i, writer, words))
    syn = Synthetic(spec, root, floor)
    rename_at = {i: max(2, spec.versions // 2) for i in range(1, spec.policies, 10)} or {0: 2}
    stream = _FastImport(root)
    # Pages against the MkDocs floor, without PDFs: benchmarks/pdfs.py measures those on their own.
    config = site_config("Synthetic Policies", "  - search\n  - policy:\n      pdf: false\n")
    index = "---\npolicy: false\n---\n\n# Synthetic policies\n\nGenerated for benchmarks.\n"
    files = [("M", "mkdocs.yml", config), ("M", "docs/index.md", index)]
    files += [("M", f"docs/{p.path}", p.texts[0]) for p in policies]
    tip = stream.commit("refs/heads/main", f"Publish {len(policies)} policies", files)
    change = 0
    for number in range(2, spec.versions + 1):
        for i, policy in enumerate(policies):
            change += 1
            before = render("", "", policy.sections)
            done = writer.edit(policy.sections, policy.words)
            while render("", "", policy.sections) == before:  # e.g. a section moved back to where it was
                done += writer.edit(policy.sections, policy.words)
            summary = f"Version {number}: " + "; ".join(done)
            text = render(policy.title, summary, policy.sections)
            files = []
            if rename_at.get(i) == number:
                new_path = f"{policy.id}-terms.md"
                files.append(("R", f"docs/{policy.path}", f"docs/{new_path}"))
                policy.path = new_path
                syn.renames += 1
            files.append(("M", f"docs/{policy.path}", text))
            if change % MERGE_EVERY == 4:  # the fourth change is already a pull request
                topic = f"refs/heads/topic-{change}"
                draft = render(policy.title, summary + " (draft)", policy.sections[:-1] or policy.sections)
                first = stream.commit(topic, f"Draft version {number} of {policy.title}",
                                      [(op, *args) if op == "R" else ("M", args[0], draft) for op, *args in files],
                                      parent=tip)
                second = stream.commit(topic, f"Address review comments on {policy.title}",
                                       [("M", f"docs/{policy.path}", text)])
                tip = stream.commit("refs/heads/main", f"Merge pull request #{change} from synth/topic-{change}"
                                    f"\n\n{summary}", files, merge=second)
                del first
                syn.merges += 1
            else:
                tip = stream.commit("refs/heads/main", summary, files)
            policy.texts.append(text)
    stream.close()
    syn.commits, syn.last_time = tip, stream.time
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard", "main"], check=True, env=git_env())
    syn.versions = sum(len(p.texts) for p in policies)
    syn.largest_words = max(len(t.split()) for p in policies for t in p.texts)
    syn.total_words = sum(len(t.split()) for p in policies for t in p.texts)
    syn.paths = {p.id: p.path for p in policies}
    syn.floor_pages = write_floor(floor, policies)
    return syn


def write_floor(floor: Path, policies: list[_Policy]) -> int:
    """The same pages as the policy plugin makes, as plain Markdown files rendered by MkDocs alone.

    Every version page, redline page and compare-with-current page gets that version's full text, so
    the floor renders as many pages of the same size; history pages get a short list of links."""
    docs = floor / "docs"
    (docs / "versions").mkdir(parents=True)
    (floor / "mkdocs.yml").write_text(site_config("Floor", "  - search\n", "not_in_nav: |\n  /versions/\n"
                                                  "  /changes.md\nvalidation:\n  omitted_files: info\n"))
    (docs / "index.md").write_text("# Synthetic policies\n\nGenerated for benchmarks.\n")
    (docs / "changes.md").write_text("---\nsearch:\n  exclude: true\n---\n\n# What's changed\n")
    hidden = "---\nsearch:\n  exclude: true\n---\n\n"
    pages = 2
    for policy in policies:
        folder = docs / "versions" / policy.id
        folder.mkdir()
        (docs / policy.path).write_text(policy.texts[-1])
        links = "\n".join(f"- [Version {n}]({n}.md)" for n in range(1, len(policy.texts) + 1))
        (folder / "index.md").write_text(f"{hidden}# {policy.title}: history\n\n{links}\n")
        pages += 2
        last = len(policy.texts)
        for n, text in enumerate(policy.texts, 1):
            body = hidden + text.split("\n---\n", 1)[1]
            names = [f"{n}.md"] + ([f"{n}-changes.md"] if n > 1 else []) + ([f"{n}-vs-current.md"] if n < last else [])
            for name in names:
                (folder / name).write_text(body)
            pages += len(names)
    return pages


def append_commit(syn: Synthetic) -> None:
    """One more version of the smallest policy, committed on top of main (for the incremental build)."""
    path = min(syn.paths.values(), key=lambda p: (syn.root / "docs" / p).stat().st_size)
    target = syn.root / "docs" / path
    text = re.sub(r'^summary: ".*"$', 'summary: "One appended change"', target.read_text(), count=1, flags=re.M)
    target.write_text(text + "\nThe Company may append this sentence for the incremental build.\n")
    syn.last_time += STEP
    env = git_env() | {"GIT_AUTHOR_DATE": f"@{syn.last_time} +0000", "GIT_COMMITTER_DATE": f"@{syn.last_time} +0000"}
    subprocess.run(["git", "-C", str(syn.root), "commit", "-q", "-am", "Append one change"], check=True, env=env)
