"""What a build says while it runs: what it read, plain progress lines in a log, a summary; quiet with -q."""

from __future__ import annotations

import logging

from generator.progress import BuildReport
from tests.sites import build, small_history


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_long_step_in_a_log_says_how_far_it_is_every_few_seconds(caplog):
    clock = Clock()
    log = logging.getLogger("test.policy.progress")
    report = BuildReport(log, interactive=False, every=5.0, clock=clock)

    def slow(n):
        for i in range(n):
            clock.now += 2.0  # each item takes two seconds
            yield i

    with caplog.at_level(logging.INFO, logger=log.name):
        assert list(report.track(slow(10), 10, "PDFs")) == list(range(10))
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["policy: PDFs: 3 of 10 made (30 %), 6 s", "policy: PDFs: 6 of 10 made (60 %), 12 s",
                     "policy: PDFs: 9 of 10 made (90 %), 18 s"]
    report.count("PDFs", 10, 2)
    report.stage("outputs")
    assert report.summary(7) == "policy: built 7 generated pages (PDFs: 10 made, 2 reused) in 20.0 s: outputs 20.0 s"


def test_a_quiet_logger_hears_nothing(caplog):
    log = logging.getLogger("test.policy.quiet")
    log.setLevel(logging.ERROR)
    report = BuildReport(log, interactive=True, every=0.0)
    with caplog.at_level(logging.INFO):
        assert list(report.track(iter(range(3)), 3, "redlines")) == [0, 1, 2]
    assert not caplog.records


def test_a_build_in_a_log_reads_plainly_and_sums_up_and_minus_q_keeps_it_quiet(repo, tmp_path):
    small_history(repo, pdf=False)
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    read = [line for line in lines if "policy: read " in line]
    assert len(read) == 1 and read[0].startswith("INFO    -  policy: read 5 commit(s): 3 policies (1 retired), "
                                                 "5 versions in "), lines
    summary = [line for line in lines if "policy: built " in line]
    assert len(summary) == 1 and "redlines: 3 made, 0 reused" in summary[0], lines
    assert all(stage in summary[0] for stage in ("history", "pages", "redlines", "templates", "outputs"))
    assert "\r" not in result.stderr and "\x1b[" not in result.stderr  # no bar in a log
    again = build(repo, site_dir=tmp_path / "site")
    assert "redlines: 0 made, 3 reused" in again.stderr
    quiet = build(repo, site_dir=tmp_path / "site", args=("-q",))
    assert quiet.returncode == 0 and "policy:" not in quiet.stderr


def test_on_a_terminal_the_bar_passes_every_item_through_in_order():
    log = logging.getLogger("test.policy.terminal")
    log.setLevel(logging.INFO)
    report = BuildReport(log, interactive=True)
    assert list(report.track(iter(range(5)), 5, "PDFs")) == [0, 1, 2, 3, 4]
    assert report.tracked == {"PDFs": 5}
