"""`python -m benchmarks [--quick] [--sizes 10x10,50x50,100x100]`: issue 7's performance harness.

Everything runs in one process, one size after another, so the ratios hold on a noisy machine. The
table goes to stdout and, as JSON, to benchmarks/out/results.json."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import measure
from .report import check_targets, format_table, machine, rows
from .synth import Spec, generate

HERE = Path(__file__).parent
FULL_SIZES = "10x10,50x50,100x100"
QUICK_SIZES = "3x3"
# Above this many versions a size gets one cold build against the floor and nothing else:
# the extra builds, per-file git calls and redline sweeps would cost more than they tell.
DETAILED_LIMIT = 2_500


def parse_sizes(text: str) -> list[Spec]:
    specs = []
    for item in text.split(","):
        policies, _, versions = item.strip().partition("x")
        specs.append(Spec(int(policies), int(versions)))
    return specs


def run_size(spec: Spec, work: Path, repeat: int | None, log) -> dict[str, Any]:
    start = time.perf_counter()
    syn = generate(spec, work / spec.label)
    log(f"{spec.label}: generated {syn.versions} versions in {time.perf_counter() - start:.1f} s")
    detailed = syn.versions <= DETAILED_LIMIT
    if repeat is None:
        repeat = 3 if syn.versions <= 200 else 1
    result: dict[str, Any] = {"synthetic": {
        "versions": syn.versions, "commits": syn.commits, "merges": syn.merges, "renames": syn.renames,
        "largest_words": syn.largest_words, "total_words": syn.total_words, "floor_pages": syn.floor_pages}}
    history = measure.measure_history(syn, max(repeat, 3), per_file=detailed)
    result["history"] = history
    log(f"{spec.label}: history {history}")
    if detailed:
        result["redline"] = measure.measure_redlines(syn)
        log(f"{spec.label}: redlines {result['redline']}")
    # Last, because the incremental build appends a commit to the synthetic repository.
    result["build"] = measure.measure_builds(syn, work / spec.label, repeat, warm=detailed)
    log(f"{spec.label}: builds {result['build']}")
    shutil.rmtree(work / spec.label, ignore_errors=True)
    return result


def run_memory(quick: bool, work: Path, log) -> dict[str, Any]:
    """The same history twice, with only the largest document's size changed."""
    base = Spec(3, 3) if quick else Spec(20, 10)
    sizes = (5_000, 20_000) if quick else (20_000, 60_000)
    out = {}
    for words in sizes:
        spec = Spec(base.policies, base.versions, largest_words=words)
        syn = generate(spec, work / "memory")
        measure.clear_cache(syn)
        _seconds, peak, _cpu = measure.build(syn.root, work / "memory" / "site")
        out[f"{spec.label}, largest {syn.largest_words} words"] = {"peak_rss_kib": peak,
                                                                   "largest_words": syn.largest_words}
        log(f"memory: {spec.label} largest {syn.largest_words} words: {peak} KiB")
    shutil.rmtree(work / "memory", ignore_errors=True)
    return out


def redline_suite(quick: bool) -> str | None:
    """The redline engine's own benchmark (benchmarks/redline.py, kept by its owner), when present."""
    if not (HERE / "redline.py").exists():
        return None
    args = [sys.executable, "-m", "benchmarks.redline"] + (["--quick"] if quick else [])
    proc = subprocess.run(args, capture_output=True, text=True, cwd=HERE.parent)
    return proc.stdout + (f"\n(exit {proc.returncode})\n{proc.stderr[-2000:]}" if proc.returncode else "")


def print_results(results: dict[str, Any]) -> None:
    m = results["machine"]
    print(f"machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, {m['git']}, {m['platform']}")
    print(format_table(rows(results)))
    print("\ntargets:")
    print("\n".join(f"  {line}" for line in results["targets"]))
    if results.get("redline_suite"):
        print("\nredline engine benchmark (benchmarks/redline.py):")
        print(results["redline_suite"])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"tiny sizes only ({QUICK_SIZES})")
    parser.add_argument("--sizes", help=f"policies x versions, comma-separated (default {FULL_SIZES})")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where results.json goes")
    parser.add_argument("--work", type=Path, help="where synthetic repositories go (default: a temp dir)")
    parser.add_argument("--repeat", type=int, help="builds per size (default 3 up to 200 versions, else 1)")
    parser.add_argument("--no-suite", action="store_true", help="skip the redline engine's own benchmark")
    parser.add_argument("--no-memory", action="store_true", help="skip the largest-document memory builds")
    parser.add_argument("--report", type=Path, help="only print the table of an earlier results.json")
    args = parser.parse_args(argv)
    if args.report:
        results = json.loads(args.report.read_text(encoding="utf-8"))
        results["targets"] = check_targets(results)
        print_results(results)
        return results
    specs = parse_sizes(args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES))

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {"machine": machine(), "quick": args.quick, "sizes": {}, "memory": {}}
    # Saved after every size, so a long run cut short keeps what it measured (see --report).
    with tempfile.TemporaryDirectory(prefix="policy-bench-", dir=args.work) as tmp:
        work = Path(tmp)
        for spec in specs:
            results["sizes"][spec.label] = run_size(spec, work, args.repeat, log)
            save(results, args.out)
        if not args.no_memory:
            results["memory"] = run_memory(args.quick, work, log)
    results["targets"] = check_targets(results)
    results["redline_suite"] = None if args.no_suite else redline_suite(args.quick)
    save(results, args.out)
    print_results(results)
    return results


def save(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
