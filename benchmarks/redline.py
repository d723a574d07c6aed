"""Benchmark the redline engine against other diff engines on a seeded corpus of policy pairs.

Run ``.venv/bin/python benchmarks/redline.py`` (full, a few minutes) or ``--quick`` (seconds). For each
engine: time per pair (median, p99) and how many pairs round-trip exactly in both directions (the
redline with deletions removed gives the new text, with insertions removed the old text). Rendering the
new side with Python-Markdown is the yardstick. An engine that exceeds the per-pair timeout on a pair
is not run on pairs of that size or larger (reported as timeouts).
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown

if __package__:
    from .corpus import Pair, build_corpus, heavy_pair
else:  # run as a script: benchmarks/redline.py
    sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]
    from corpus import Pair, build_corpus, heavy_pair  # type: ignore[no-redef]

from generator.redline import compute_redline, strip_redline  # noqa: E402

# The demo site's markdown_extensions (mkdocs.yml), so inputs and the yardstick match real pages.
EXTENSIONS = ["toc", "tables", "attr_list", "admonition", "footnotes", "def_list", "md_in_html", "pymdownx.superfences"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}
_TEXT_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass
class Case:
    """A corpus pair rendered to HTML, with each side's reference text."""

    pair: Pair
    old_html: str
    new_html: str
    old_text: str
    new_text: str


@dataclass
class Engine:
    """A diff engine: ``run`` returns its output; ``check`` says whether it round-trips (None: n/a)."""

    name: str
    run: Callable[[Case], str]
    check: Callable[[Case, str], bool | None]
    times: list[float] = field(default_factory=list)
    exact: int = 0
    checked: int = 0
    timeouts: int = 0
    skip_from: int | None = None


def marked_text(opcodes: list[tuple[str, str]]) -> str:
    """Build ins/del HTML from (op, text) runs with op in '=', '-', '+'."""
    parts = []
    for op, text in opcodes:
        escaped = html.escape(text, quote=False)
        parts.append(
            escaped if op == "=" else f"<{'del' if op == '-' else 'ins'}>{escaped}</{'del' if op == '-' else 'ins'}>"
        )
    return "".join(parts)


def run_ours(case: Case) -> str:
    return compute_redline(case.old_html, case.new_html).html


def run_difflib_words(case: Case) -> str:
    old, new = _TEXT_TOKEN.findall(case.old_text), _TEXT_TOKEN.findall(case.new_text)
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("=", "".join(new[j1:j2])))
        else:
            runs.append(("-", "".join(old[i1:i2])))
            runs.append(("+", "".join(new[j1:j2])))
    return marked_text(runs)


def run_htmldiff_table(case: Case) -> str:
    return difflib.HtmlDiff().make_table(case.pair.old.splitlines(), case.pair.new.splitlines())


class DeadlineReached(Exception):
    """An engine gave up at its own deadline (diff_match_patch's Diff_Timeout)."""


def make_dmp(timeout: float) -> Callable[[Case], str]:
    def run_dmp(case: Case) -> str:
        from diff_match_patch import diff_match_patch

        dmp = diff_match_patch()
        dmp.Diff_Timeout = timeout
        started = time.monotonic()
        diffs = dmp.diff_main(case.old_text, case.new_text)
        if time.monotonic() - started >= timeout * 0.95:
            raise DeadlineReached
        dmp.diff_cleanupSemantic(diffs)
        ops = {0: "=", -1: "-", 1: "+"}
        return marked_text([(ops[op], text) for op, text in diffs])

    return run_dmp


_REDLINES_SPAN = re.compile(r"<span style='color:(red|green);[^']*'>(.*?)</span>", re.DOTALL)


def run_redlines(case: Case) -> str:
    from redlines import Redlines

    output = Redlines(case.old_text, case.new_text).output_markdown
    return _REDLINES_SPAN.sub(
        lambda m: f"<{'del' if m[1] == 'red' else 'ins'}>{m[2]}</{'del' if m[1] == 'red' else 'ins'}>", output
    )


def run_lxml(case: Case) -> str:
    from lxml.html.diff import htmldiff

    return htmldiff(case.old_html, case.new_html)


def run_htmldiff2(case: Case) -> str:
    from htmldiff2 import render_html_diff

    return render_html_diff(case.old_html, case.new_html)


def render_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def run_markdown(case: Case) -> str:
    return render_markdown(case.pair.new)


def check_round_trip(case: Case, output: str) -> bool:
    return strip_redline(output, "new") == case.new_text and strip_redline(output, "old") == case.old_text


def check_plain_text(case: Case, output: str) -> bool:
    """For text-only engines: marks hold text, so compare ignoring whitespace at block joins."""

    def squash(text: str) -> str:
        return "".join(text.split())

    return squash(strip_redline(output, "new")) == squash(case.new_text) and squash(
        strip_redline(output, "old")
    ) == squash(case.old_text)


def not_applicable(case: Case, output: str) -> None:
    return None


def measure(function: Callable[[Case], str], case: Case) -> tuple[float, str]:
    """Time one call; fast calls are repeated and the best time kept (less scheduler noise)."""
    start = time.process_time()
    output = function(case)
    best = time.process_time() - start
    if best < 0.2:
        for _ in range(2):
            start = time.process_time()
            function(case)
            best = min(best, time.process_time() - start)
    return best, output


def prepare(pair: Pair) -> Case:
    old_html, new_html = render_markdown(pair.old), render_markdown(pair.new)
    return Case(pair, old_html, new_html, strip_redline(old_html, "old"), strip_redline(new_html, "new"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def benchmark(cases: list[Case], engines: list[Engine], timeout: float) -> None:
    for case in cases:
        for engine in engines:
            if engine.skip_from is not None and case.pair.words >= engine.skip_from:
                engine.timeouts += 1
                continue
            try:
                elapsed, output = measure(engine.run, case)
            except DeadlineReached:
                elapsed, output = timeout * 2, ""
            if elapsed > timeout:
                engine.timeouts += 1
                engine.skip_from = case.pair.words
                continue
            engine.times.append(elapsed)
            verdict = engine.check(case, output)
            if verdict is not None:
                engine.checked += 1
                engine.exact += verdict


def report(engines: list[Engine], pairs: int, timeout: float) -> None:
    print(f"\n{pairs} pairs; per-pair timeout {timeout:.1f} s; CPU times in ms (best of 3 for calls under 0.2 s)\n")
    print(f"| {'engine':<34} | {'run':>4} | {'timeouts':>8} | {'median':>9} | {'p99':>9} | {'round trip exact':>16} |")
    print(f"|{'-' * 36}|{'-' * 6}|{'-' * 10}|{'-' * 11}|{'-' * 11}|{'-' * 18}|")
    for engine in engines:
        median = f"{statistics.median(engine.times) * 1000:.1f}" if engine.times else "-"
        p99 = f"{percentile(engine.times, 0.99) * 1000:.1f}" if engine.times else "-"
        exact = f"{engine.exact}/{engine.checked}" if engine.checked else "n/a"
        cells = [f"{engine.name:<34}", f"{len(engine.times):>4}", f"{engine.timeouts:>8}", f"{median:>9}"]
        print("| " + " | ".join([*cells, f"{p99:>9}", f"{exact:>16}"]) + " |")


def verdicts(engines: list[Engine]) -> None:
    ours, page = engines[0], engines[-1]
    stats = {e.name: (statistics.median(e.times), percentile(e.times, 0.99)) for e in engines if e.times}
    print()
    print(
        f"redline cheaper than page rendering: median {stats[ours.name][0] < stats[page.name][0]}, "
        f"p99 {stats[ours.name][1] < stats[page.name][1]}"
    )
    for engine in engines[1:-1]:
        if engine.name in stats:
            beats = stats[ours.name][0] < stats[engine.name][0] and (
                engine.timeouts > 0 or stats[ours.name][1] < stats[engine.name][1]
            )
            print(f"beats {engine.name}: {beats}")


def heavy(repeats: int) -> None:
    case = prepare(heavy_pair())
    times = [measure(run_ours, case)[0] for _ in range(repeats)]
    page = min(measure(run_markdown, case)[0] for _ in range(repeats))
    output = run_ours(case)
    print(
        f"\n{case.pair.name} (30% of paragraphs reworded, a fifth of the sections moved): "
        f"redline {min(times) * 1000:.1f} ms best / {statistics.median(times) * 1000:.1f} ms median "
        f"(target < 100 ms), page rendering {page * 1000:.1f} ms, round trip {check_round_trip(case, output)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    parser.add_argument("--timeout", type=float, default=None, help="per-pair timeout in seconds")
    args = parser.parse_args(argv)
    sizes = [1000, 2000] if args.quick else [1000, 2000, 3000, 5000, 8000, 12000, 20000]
    per_size = 2 if args.quick else 4
    timeout = args.timeout or (0.5 if args.quick else 3.0)
    cases = [prepare(pair) for pair in build_corpus(sizes, per_size)]
    engines = [
        Engine("ours (generator.redline)", run_ours, check_round_trip),
        Engine("difflib SequenceMatcher, words", run_difflib_words, check_plain_text),
        Engine("difflib HtmlDiff.make_table, lines", run_htmldiff_table, not_applicable),
        Engine("diff_match_patch + cleanupSemantic", make_dmp(timeout), check_plain_text),
        Engine("redlines", run_redlines, check_plain_text),
        Engine("lxml.html.diff.htmldiff", run_lxml, check_round_trip),
        Engine("htmldiff2", run_htmldiff2, check_round_trip),
        Engine("python-markdown render (yardstick)", run_markdown, not_applicable),
    ]
    benchmark(cases, engines, timeout)
    report(engines, len(cases), timeout)
    verdicts(engines)
    if not args.quick:
        heavy(repeats=5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
