"""The one error type of the generator: it names the file, the commit and the problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

# "warning": fixable now (a build warning, so `--strict` fails on it); "skipped": a past revision
# that could not be read, so it is not a version; "past": a finding about an old revision, which no
# commit can change (reported by `policy check --history`, never failing a build).
ProblemKind = Literal["warning", "skipped", "past"]


@dataclass(frozen=True)
class Problem:
    """A problem found in the history, located as precisely as we can."""

    message: str
    path: str | None = None
    commit: str | None = None
    line: int | None = None
    kind: ProblemKind = "warning"
    date: dt.date | None = None  # the commit's day in the site's time zone, for past revisions
    rule: str | None = None  # the `policy check` rule it belongs to, when one can silence it

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        if self.commit:
            # The all-zero id stands for uncommitted changes (the `mkdocs serve` preview).
            commit = "uncommitted changes" if self.commit == "0" * 40 else self.commit[:7]
            where = f"{where} @ {commit}" if where else f"@ {commit}"
        if self.date:
            where = f"{where} ({self.date.isoformat()})"
        return f"{where}: {self.message}" if where else self.message


class PolicyError(Exception):
    """Stops the build: the history cannot be published as it is."""

    def __init__(self, message: str, path: str | None = None, commit: str | None = None,
                 line: int | None = None) -> None:
        self.problem = Problem(message, path, commit, line)
        super().__init__(str(self.problem))

    @property
    def path(self) -> str | None:
        return self.problem.path

    @property
    def commit(self) -> str | None:
        return self.problem.commit
