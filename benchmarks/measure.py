"""The measurements: history extraction against the git floors, full and incremental builds against the
MkDocs floor, redlines against difflib, and peak memory. Each returns plain numbers (seconds, KiB)."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import markdown

from generator.builds import available_cores
from generator.gitlog import GitRepository
from generator.history import Options, read_history
from generator.redline import compute_redline

from .synth import AS_OF, Synthetic, append_commit, git_env

OPTIONS = Options(zone=dt.UTC, as_of=dt.date.fromisoformat(AS_OF))
CACHE_DIR = Path(".cache") / "policy"
TIME = Path("/usr/bin/time")


def median_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def markdown_renderer() -> Callable[[str], str]:
    """The synthetic site's Markdown settings, one converter reused like the plugin does."""
    md = markdown.Markdown(extensions=["toc", "tables", "attr_list"], extension_configs={"toc": {"permalink": True}})
    return lambda text: md.reset().convert(text)


# -- history extraction -------------------------------------------------------------------------
def read_ours(syn: Synthetic, render: Callable[[str], str]) -> int:
    repo = GitRepository(syn.root / "docs")
    try:
        history, _problems = read_history(repo, render, OPTIONS)
    finally:
        repo.close()
    return sum(len(p.versions) for p in history.policies)


def read_raw_floor(syn: Synthetic) -> int:
    """What git itself costs: the same log pass, then every changed blob through one cat-file process."""
    log = subprocess.run(["git", "-C", str(syn.root), "log", "--first-parent", "--reverse", "-M", "--raw", "-z",
                          "--no-abbrev", "--format=%H%x1f%P%x1f%cI%x1f%s%x1f%b%x1f", "--", "docs"],
                         capture_output=True, check=True, env=git_env()).stdout
    blobs = []
    for token in log.split(b"\x00"):
        if token.startswith(b":") or b"\n:" in token:
            meta = token[token.rindex(b":"):].split(b" ")
            if meta[4][:1] != b"D":
                blobs.append(meta[3])
    data = subprocess.run(["git", "-C", str(syn.root), "cat-file", "--batch"], input=b"\n".join(blobs) + b"\n",
                          capture_output=True, check=True, env=git_env()).stdout
    return len(data)


def read_per_file(syn: Synthetic) -> int:
    """What per-page tools do: one `git log --follow` per file, one `git show` per version."""
    root, shown = str(syn.root), 0
    for path in syn.paths.values():
        out = subprocess.run(["git", "-C", root, "log", "--follow", "--first-parent", "--format=%x1e%H",
                              "--name-only", "--", f"docs/{path}"],
                             capture_output=True, text=True, check=True, env=git_env()).stdout
        for record in out.split("\x1e")[1:]:
            sha, _, names = record.strip().partition("\n")
            name = names.strip().splitlines()[-1]
            subprocess.run(["git", "-C", root, "show", f"{sha}:{name}"], capture_output=True, check=True,
                           env=git_env())
            shown += 1
    return shown


def measure_history(syn: Synthetic, repeat: int, per_file: bool = True) -> dict[str, float | None]:
    render = markdown_renderer()
    return {
        "raw_git_floor_s": median_time(lambda: read_raw_floor(syn), repeat),
        "ours_trivial_s": median_time(lambda: read_ours(syn, lambda text: text), repeat),
        "ours_markdown_s": median_time(lambda: read_ours(syn, render), max(1, repeat // 2)),
        "per_file_git_s": median_time(lambda: read_per_file(syn), 1) if per_file else None,
    }


# -- builds -------------------------------------------------------------------------------------
def build(site_root: Path, site_dir: Path) -> tuple[float, int, float]:
    """`mkdocs build` in a subprocess: (wall seconds, peak RSS in KiB of that process alone, CPU seconds).

    CPU time (user + system, with the git processes the build waited for) is less disturbed than wall
    time by whatever else a shared machine runs. The build runs under /usr/bin/time when there is one:
    Linux carries the forking process's RSS high-water mark into the child's ru_maxrss, so wait4 here
    would report this (large) harness process instead of a small build."""
    return build_config(site_root, site_root / "mkdocs.yml", site_dir)


def build_config(site_root: Path, config: Path, site_dir: Path) -> tuple[float, int, float]:
    """`build` with another configuration file of the same site."""
    env = git_env() | {"NO_MKDOCS_2_WARNING": "1", "POLICY_AS_OF": AS_OF}
    shutil.rmtree(site_dir, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as usage_file:
        if TIME.exists():
            command = [str(TIME), "-f", "%M %U %S", "-o", usage_file.name, *command]
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=site_root, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"mkdocs build of {site_root} failed:\n{err.read().decode()[-3000:]}")
        if TIME.exists():
            peak, user, system = usage_file.read().split()[-3:]
            return seconds, int(peak), float(user) + float(system)
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def clear_cache(syn: Synthetic) -> None:
    shutil.rmtree(syn.root / CACHE_DIR, ignore_errors=True)


def one_worker_config(syn: Synthetic) -> Path:
    """The site's configuration with `workers: 1`: redlines made in the build's own process. (The
    synthetic sites make no PDFs, so `workers` decides the redlines only.)"""
    base = (syn.root / "mkdocs.yml").read_text(encoding="utf-8")
    path = syn.root / "mkdocs-1-worker.yml"
    path.write_text(base.replace("pdf: false\n", "pdf: false\n      workers: 1\n"), encoding="utf-8")
    return path


def measure_builds(syn: Synthetic, out: Path, repeat: int, warm: bool) -> dict[str, float]:
    """Floor and cold builds alternate (redlines on every core, then on one), so drift on a busy
    machine hits them alike."""
    floor, cold, cold_one = [], [], []
    one_worker = one_worker_config(syn)
    for _ in range(repeat):
        floor.append(build(syn.floor, out / "site-floor"))
        clear_cache(syn)
        cold.append(build(syn.root, out / "site-ours"))
        clear_cache(syn)
        cold_one.append(build_config(syn.root, one_worker, out / "site-ours"))
    result = {"floor_s": _median(floor, 0), "floor_cpu_s": _median(floor, 2),
              "cold_s": _median(cold, 0), "cold_cpu_s": _median(cold, 2),
              "cold_1_worker_s": _median(cold_one, 0), "cold_1_worker_cpu_s": _median(cold_one, 2),
              "workers": available_cores(),
              "peak_rss_kib": max(run[1] for run in cold), "floor_peak_rss_kib": max(run[1] for run in floor)}
    if warm:
        result["warm_s"], _rss, result["warm_cpu_s"] = build(syn.root, out / "site-ours")
        append_commit(syn)
        result["one_commit_s"], _rss, result["one_commit_cpu_s"] = build(syn.root, out / "site-ours")
    return result


def _median(runs: list[tuple[float, int, float]], field: int) -> float:
    return statistics.median(run[field] for run in runs)


# -- redlines -----------------------------------------------------------------------------------
def consecutive_pairs(syn: Synthetic) -> list[tuple[str, str]]:
    """Rendered HTML of every pair of consecutive versions, as the plugin hands them to the redline."""
    render = markdown_renderer()
    repo = GitRepository(syn.root / "docs")
    try:
        history, _problems = read_history(repo, render, OPTIONS)
    finally:
        repo.close()
    pairs = []
    for policy in history.policies:
        html = [render(v.markdown) for v in policy.versions]
        pairs.extend(zip(html, html[1:], strict=False))
    return pairs


def difflib_words(old: str, new: str) -> int:
    """The anchor: difflib by lines (one block of rendered HTML each), then by words inside changed runs.

    A flat word-level SequenceMatcher over whole documents is quadratic here (a small legal vocabulary
    repeats every word), so it would measure difflib's worst case rather than a usable word diff."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    changed = 0
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            continue
        words = difflib.SequenceMatcher(None, " ".join(old_lines[i1:i2]).split(),
                                        " ".join(new_lines[j1:j2]).split(), autojunk=False)
        changed += sum(1 for op in words.get_opcodes() if op[0] != "equal")
    return changed


def measure_redlines(syn: Synthetic) -> dict[str, float]:
    pairs = consecutive_pairs(syn)
    ours = median_time(lambda: [compute_redline(a, b) for a, b in pairs], 1)
    anchor = median_time(lambda: [difflib_words(a, b) for a, b in pairs], 1)
    return {"pairs": len(pairs), "ours_s": ours, "difflib_s": anchor}
