"""The benchmark harness runs end to end at a tiny size and writes its results."""

from __future__ import annotations

import json
import subprocess

import pytest

from benchmarks.__main__ import main
from benchmarks.synth import Spec, generate


def test_synthetic_repository_has_the_versions_merges_and_renames_asked_for(tmp_path):
    syn = generate(Spec(2, 6, largest_words=1_500, others_max_words=1_500), tmp_path / "synth")
    first_parent = subprocess.run(["git", "-C", str(syn.root), "rev-list", "--first-parent", "--count", "main"],
                                  capture_output=True, text=True, check=True).stdout
    assert int(first_parent) == 1 + 2 * 5
    assert syn.versions == 12 and syn.merges == 1 and syn.renames == 1
    assert syn.floor_pages == 2 + 2 * (2 + 6 + 5 + 5)


@pytest.mark.slow
def test_quick_harness_runs_and_writes_json(tmp_path, capsys):
    results = main(["--sizes", "2x2", "--out", str(tmp_path), "--work", str(tmp_path), "--repeat", "1",
                    "--no-suite", "--no-memory"])
    written = json.loads((tmp_path / "results.json").read_text())
    build = written["sizes"]["2x2"]["build"]
    assert build["cold_s"] > 0 and build["floor_s"] > 0 and build["peak_rss_kib"] > 0
    assert build["cold_1_worker_s"] > 0 and build["cold_1_worker_cpu_s"] > 0
    assert written["sizes"]["2x2"]["redline"]["pairs"] == 2
    assert results["targets"]
    assert "history: raw git floor" in capsys.readouterr().out
    main(["--report", str(tmp_path / "results.json")])
    printed = capsys.readouterr().out
    assert "build: ours, cold, CPU time" in printed and "build: ours, cold, redlines on 1 worker, CPU" in printed
