"""What a build says while it runs, for any front end: what it read, the progress of its long steps
(a bar on a terminal; in a log, such as CI's, a plain line every few seconds) and, at the end, what it
made against what it reused, with the time of each stage. Quiet when the logger is (`mkdocs -q`)."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .model import History

T = TypeVar("T")

# A plain progress line at most this often: enough to show a CI log is alive, few enough to read.
PLAIN_EVERY = 5.0


class BuildReport:
    """One build's clock and counts. `track` wraps the results of a long step as they arrive."""

    def __init__(self, log: logging.Logger, *, interactive: bool | None = None, every: float = PLAIN_EVERY,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.log = log
        self.every = every
        self.clock = clock
        self.started = clock()
        self.interactive = sys.stderr.isatty() if interactive is None else interactive
        self.stages: dict[str, float] = {}
        self.made: dict[str, tuple[int, int]] = {}  # kind -> (made, reused)
        self.tracked: dict[str, int] = {}  # label -> how many items its step made
        self._mark = self.started

    # -- stages --------------------------------------------------------------------------------
    def stage(self, name: str) -> float:
        """End the stage `name` now (it began when the last one ended); returns its seconds."""
        now = self.clock()
        seconds, self._mark = now - self._mark, now
        self.stages[name] = self.stages.get(name, 0.0) + seconds
        return seconds

    def count(self, kind: str, made: int, reused: int) -> None:
        old_made, old_reused = self.made.get(kind, (0, 0))
        self.made[kind] = (old_made + made, old_reused + reused)

    # -- what was read, and the end --------------------------------------------------------------
    def read(self, history: History, commits: int) -> None:
        seconds = self.stage("history")
        versions = sum(len(p.versions) for p in history.policies)
        languages = sorted({p.language for p in history.policies if p.language})
        retired = sum(1 for p in history.controlling if p.retirement)
        self.log.info(f"policy: read {commits} commit(s): {len(history.controlling)} policies"
                      + (f" ({retired} retired)" if retired else "") + f", {versions} versions"
                      + (f", translations in {', '.join(languages)}" if languages else "")
                      + f" in {seconds:.1f} s")

    def summary(self, pages: int) -> str:
        total = self.clock() - self.started
        made = "; ".join(f"{kind}: {m} made, {r} reused" for kind, (m, r) in self.made.items())
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.stages.items())
        return (f"policy: built {pages} generated pages" + (f" ({made})" if made else "")
                + f" in {total:.1f} s: {stages}")

    # -- progress ------------------------------------------------------------------------------
    def track(self, items: Iterable[T], total: int, label: str) -> Iterator[T]:
        """`items` as they come, saying how far along the step is; nothing for an empty step."""
        self.tracked[label] = self.tracked.get(label, 0) + total
        if total == 0 or not self.log.isEnabledFor(logging.INFO):
            yield from items
            return
        if self.interactive:
            yield from _bar(items, total, label)
            return
        started = last = self.clock()
        for done, item in enumerate(items, start=1):
            yield item
            now = self.clock()
            if now - last >= self.every and done < total:
                last = now
                self.log.info(f"policy: {label}: {done} of {total} made ({done * 100 // total} %), "
                              f"{now - started:.0f} s")


def _bar(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """A progress bar on the terminal (rich), gone when the step ends so the log stays readable."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(f"policy: {label}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # Redrawn as each item arrives, with no refresh thread: the workers are forked while the bar is
    # up, and a fork should not copy a thread that may hold the console's lock.
    with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
        task = progress.add_task(label, total=total)
        progress.refresh()
        for item in items:
            yield item
            progress.advance(task)
            progress.refresh()
