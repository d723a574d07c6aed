"""The results as an aligned plain-text table, the issue's targets checked against them, and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
from typing import Any


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        pass
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": model, "python": platform.python_version(),
            "git": git, "platform": platform.platform()}


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(size, measurement, value, ratio) rows, in the order they read best."""
    out = []

    def add(size: str, what: str, value: float | None, unit: str, ratio: float | None = None, of: str = "") -> None:
        shown = "skipped" if value is None else (f"{value:.3f} s" if unit == "s" else f"{value / 1024:.0f} MiB")
        out.append((size, what, shown, f"{ratio:.2f}x {of}" if ratio is not None else ""))

    for size, r in results["sizes"].items():
        s = r["synthetic"]
        out.append((size, f"repo: {s['versions']} versions, {s['commits']} commits, {s['merges']} merges, "
                    f"{s['renames']} renames, largest {s['largest_words']} words, {s['floor_pages']} pages", "", ""))
        h = r.get("history")
        if h:
            raw = h["raw_git_floor_s"]
            add(size, "history: raw git floor (log + cat-file --batch)", raw, "s")
            add(size, "history: ours, trivial renderer", h["ours_trivial_s"], "s", _ratio(h["ours_trivial_s"], raw),
                "of raw floor")
            add(size, "history: ours, markdown renderer", h["ours_markdown_s"], "s",
                _ratio(h["ours_markdown_s"], raw), "of raw floor")
            per_file = h.get("per_file_git_s")
            add(size, "history: per-file git (log --follow + show)", per_file, "s",
                _ratio(per_file, h["ours_trivial_s"]), "of ours trivial")
        b = r["build"]
        add(size, "build: floor (plain mkdocs, same pages)", b["floor_s"], "s")
        add(size, "build: floor, CPU time", b["floor_cpu_s"], "s")
        add(size, "build: ours, cold (no .cache/policy)", b["cold_s"], "s", _ratio(b["cold_s"], b["floor_s"]),
            "of floor")
        add(size, "build: ours, cold, CPU time", b["cold_cpu_s"], "s", _ratio(b["cold_cpu_s"], b["floor_cpu_s"]),
            "of floor CPU")
        if "cold_1_worker_s" in b:
            # The same cold build with redlines made on one process (`workers: 1`), against every core.
            add(size, "build: ours, cold, redlines on 1 worker", b["cold_1_worker_s"], "s",
                _ratio(b["cold_1_worker_s"], b["cold_s"]), f"of {b['workers']} workers")
            add(size, "build: ours, cold, redlines on 1 worker, CPU", b["cold_1_worker_cpu_s"], "s",
                _ratio(b["cold_1_worker_cpu_s"], b["cold_cpu_s"]), f"of {b['workers']} workers")
        if "warm_s" in b:
            add(size, "build: ours, warm (nothing changed)", b["warm_s"], "s", _ratio(b["warm_s"], b["cold_s"]),
                "of cold")
            add(size, "build: ours, warm, CPU time", b["warm_cpu_s"], "s", _ratio(b["warm_cpu_s"], b["cold_cpu_s"]),
                "of cold CPU")
            add(size, "build: ours, warm + one new commit", b["one_commit_s"], "s",
                _ratio(b["one_commit_s"], b["cold_s"]), "of cold")
            add(size, "build: ours, one new commit, CPU time", b["one_commit_cpu_s"], "s",
                _ratio(b["one_commit_cpu_s"], b["cold_cpu_s"]), "of cold CPU")
        add(size, "build: ours, peak RSS", b["peak_rss_kib"], "KiB", _ratio(b["peak_rss_kib"], b["floor_peak_rss_kib"]),
            "of floor")
        red = r.get("redline")
        if red:
            add(size, f"redline: ours, {red['pairs']} consecutive pairs", red["ours_s"], "s",
                _ratio(red["ours_s"], red["difflib_s"]), "of difflib")
            add(size, "redline: difflib line+word diff (anchor)", red["difflib_s"], "s")
    for label, m in results.get("memory", {}).items():
        add(label, "memory: ours, peak RSS of the build", m["peak_rss_kib"], "KiB")
    return out


def format_table(table: list[tuple[str, str, str, str]]) -> str:
    head = ("size", "measurement", "value", "ratio")
    widths = [max(len(row[i]) for row in [head, *table]) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [head, *table]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def check_targets(results: dict[str, Any]) -> list[str]:
    """The issue's targets, judged at 50x50 when it was run, else at the largest size run."""
    sizes = results["sizes"]
    if not sizes:
        return []
    label = "50x50" if "50x50" in sizes else list(sizes)[-1]
    r, verdicts = sizes[label], []

    def judge(name: str, value: float | None, ok: bool | None, shown: str) -> None:
        state = "n/a " if value is None else ("HOLDS" if ok else "MISS ")
        verdicts.append(f"{state} {name}: {shown}")

    # Builds are judged on CPU time: on a shared machine wall time mostly measures the neighbours.
    b, h = r["build"], r.get("history") or {}
    ratio = _ratio(b["cold_cpu_s"], b["floor_cpu_s"])
    judge(f"full build at {label} <= 1.5x floor (CPU)", ratio, ratio is not None and ratio <= 1.5,
          f"{ratio:.2f}x (wall {_ratio(b['cold_s'], b['floor_s']):.2f}x)")
    raw = _ratio(h.get("ours_trivial_s"), h.get("raw_git_floor_s"))
    judge(f"history at {label} <= 1.5x raw git", raw, raw is not None and raw <= 1.5,
          f"{raw:.2f}x" if raw else "not measured")
    faster = _ratio(h.get("per_file_git_s"), h.get("ours_trivial_s"))
    judge(f"history at {label} >= 30x faster than per-file git", faster, faster is not None and faster >= 30,
          f"{faster:.1f}x" if faster else "not measured")
    warm = _ratio(b.get("warm_cpu_s"), b["cold_cpu_s"])
    judge(f"warm rebuild at {label} < 50% of cold (CPU)", warm, warm is not None and warm < 0.5,
          f"{warm:.0%}, one new commit {_ratio(b['one_commit_cpu_s'], b['cold_cpu_s']):.0%}" if warm
          else "not measured")
    rss = [s["build"]["peak_rss_kib"] for s in sizes.values()]
    memory = results.get("memory", {})
    docs = [m["peak_rss_kib"] for m in memory.values()]
    if len(rss) > 1 and len(docs) == 2:
        by_history = rss[-1] / rss[0]
        by_document = docs[1] / docs[0]
        judge("peak memory grows with the largest document, not the history", by_history,
              by_history < 1.2 and by_document > by_history,
              f"x{by_history:.2f} from {list(sizes)[0]} to {list(sizes)[-1]} (same largest document); "
              f"x{by_document:.2f} from {' to '.join(memory)} (same history)")
    return verdicts
