"""Coverage-guided fuzzing of front matter and stamps with atheris, when it is installed.

Short by default (POLICY_FUZZ_RUNS, 2,000 inputs); raise it to fuzz for longer. The run is bounded by
its number of inputs, never by the clock: a loaded machine makes it slower, not red."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("atheris")

HARNESS = textwrap.dedent("""
    import sys
    import atheris

    with atheris.instrument_imports():
        from generator.frontmatter import FrontMatterError, read_front_matter, split_source
        from generator.documents import first_heading
        from generator.stamps import find_stamp_lines

    def one(data: bytes) -> None:
        text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(4096)
        try:
            front, body, _lines = split_source(text)
            read_front_matter(front)
        except FrontMatterError:
            return
        first_heading(body)
        find_stamp_lines(body)

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
""")


def test_front_matter_never_raises_anything_but_its_error(tmp_path):
    harness = tmp_path / "harness.py"
    harness.write_text(HARNESS, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, seed in enumerate([b"---\ntitle: T\neffective: 2023-02-30\n---\n# T\n", b"---\na: &a [1]\nb: *a\n---\n",
                              b"---\nx: [[[[[[]]]]]]\n---\nLast updated: May 1, 2023\n"]):
        (corpus / f"seed{n}").write_bytes(seed)
    runs = os.environ.get("POLICY_FUZZ_RUNS", "2000")
    # No time limit per input or in all (libFuzzer's -timeout=0): only a hang would be a finding, and
    # the subprocess limit below catches one at a bound no load reaches (2,000 inputs take seconds).
    result = subprocess.run([sys.executable, str(harness), f"-runs={runs}", "-max_len=4096", "-timeout=0",
                             f"-artifact_prefix={tmp_path}/", str(corpus)], capture_output=True, text=True,
                            timeout=3600, cwd=os.getcwd())
    assert result.returncode == 0, result.stderr[-3000:]
