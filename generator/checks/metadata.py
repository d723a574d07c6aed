"""Rules about what a policy declares: its front matter, its history, its change summary."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..frontmatter import POLICY_KEYS, THEME_KEYS
from ..model import WORKING_TREE
from .base import CheckContext, Finding

_KEY_IN_MESSAGE = re.compile(r"^'(?P<key>[a-z_]+)'")


def check_history(context: CheckContext) -> Iterator[Finding]:
    """The tree being built must read cleanly; its warnings are passed on as warnings. Skipped and
    past revisions are history no commit can change: listed only with `--history`, as advice. A
    problem another rule owns (`typed-stamp`) is that rule's: never said twice, silent when it is off."""
    error = context.history_error
    if error is not None:
        problem = error.problem
        yield Finding(problem.path, problem.line, _with_commit(problem.message, problem.commit))
    for problem in context.history_warnings:
        if problem.kind != "warning" and not context.include_past:
            continue
        if problem.rule and problem.kind == "warning":
            continue  # about a file as it is now: its own rule reads the working tree and says it once
        message = _with_commit(problem.message, problem.commit, problem.date)
        if problem.kind == "past":
            message = f"in a past version: {message}"
        # A rule's finding in a past version (a typed stamp) is reported under that rule, as advice.
        yield Finding(problem.path, problem.line, message, rule=problem.rule or "", advisory=True)


def check_front_matter(context: CheckContext) -> Iterator[Finding]:
    """Valid YAML, known keys, and the right type for each key the project defines."""
    included = {p for d in context.head.documents.values() for p in d.sections}
    for path, file in sorted(context.head.files.items()):
        if file.error is not None:
            problem = file.error.problem
            match = _KEY_IN_MESSAGE.match(problem.message)
            line = problem.line or (file.key_line(match.group("key")) if match else 1)
            yield Finding(path, line, problem.message)
            continue
        if path not in context.head.documents and path not in included:
            continue  # a page with `policy: false`: its other keys are its own business
        for key in file.front.unknown_keys if file.front else ():
            known = ", ".join(sorted(POLICY_KEYS))
            yield Finding(path, file.key_line(key),
                          f"unknown front matter key {key!r} (policy keys: {known}; theme keys: "
                          f"{', '.join(sorted(THEME_KEYS))}); check its spelling")
    for problem in context.head.problems:
        yield Finding(problem.path, problem.problem.line, problem.problem.message)
    for path, data in sorted(context.head.data.items()):
        # A list kept as data is its own front matter: the build's reader (JSON Schema) judges it.
        if data.failure is not None:
            yield Finding(path, data.failure.problem.line, data.failure.problem.message)


def check_summary_required(context: CheckContext) -> Iterator[Finding]:
    """A change to a policy's text comes with its own `summary:` (the change log readers see)."""
    for document, before in context.changed_documents():
        front = document.main.front
        if before is None or front is None or before.main.front is None:
            continue
        old = before.main.front.summary
        if front.summary is None:
            yield Finding(document.path, 1, "the text changed but there is no `summary:`; add one line "
                          "to the front matter saying what changed, for readers")
        elif front.summary == old:
            yield Finding(document.path, document.main.key_line("summary"),
                          "the text changed but `summary:` is the same as before; replace it with a "
                          "line describing this change")


def _with_commit(message: str, commit: str | None, day=None) -> str:
    if not commit:
        return message
    if commit == WORKING_TREE:
        return f"{message} (uncommitted)"
    return f"{message} (commit {commit[:7]}, {day.isoformat()})" if day else f"{message} (commit {commit[:7]})"
