"""No calendar time bomb: the demo build and the date-sensitive tests pass with the machine's clock
years ahead or behind (libfaketime), because "today" only ever comes from the site's as-of moment."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.needs import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
FUTURE = dt.datetime(2031, 6, 15, 12, 0, tzinfo=dt.UTC)
PAST = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)  # before every fixture's pinned as-of day
# Tests whose outcome hangs on "today": statuses, banners, the check rules, feeds, serve's draft.
DATE_SENSITIVE = [
    "tests/test_history.py",
    "tests/cli/test_rules.py",
    "tests/feeds",
    "tests/test_build.py::test_current_page_shows_the_version_in_force_with_stamp_and_upcoming_banner",
    "tests/test_build.py::test_serve_previews_uncommitted_edits_as_a_draft",
    "tests/hardening/test_reproducible.py::test_source_date_epoch_dates_the_non_policy_pages",
]


def faketime() -> str:
    found = shutil.which("faketime")
    if found is None:
        skip_or_fail("faketime not found: it sets the clock these tests move (apt-get install -y faketime)")
    return found


def at(moment: dt.datetime, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run a command whose every process, children included, sees the wall clock start at `moment`."""
    env = {k: v for k, v in os.environ.items() if k not in ("POLICY_AS_OF", "SOURCE_DATE_EPOCH")}
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "TZ": "UTC"})
    return subprocess.run([faketime(), moment.strftime("%Y-%m-%d %H:%M:%S"), *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_faketime_moves_the_clock_python_and_the_shell_see():
    # The site's one clock (no as-of pinned in the environment) follows the moved wall clock.
    one_clock = ("import datetime as dt; from generator.dates import resolve_as_of_moment as m; "
                 "print(m(None, dt.UTC).date())")
    python = at(FUTURE, sys.executable, "-c", one_clock)
    assert python.stdout.strip() == "2031-06-15", python.stderr
    shell = at(FUTURE, "date", "-u", "+%Y")
    assert shell.stdout.strip() == "2031"


def newest_policy_commit() -> dt.datetime:
    stamp = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cI", "--", "policies"],
                           capture_output=True, text=True, check=True).stdout
    return dt.datetime.fromisoformat(stamp.strip())


def assert_statuses_follow(manifest: dict) -> None:
    as_of = manifest["as_of"]
    for pol in manifest["policies"]:
        versions = pol["versions"]
        started = [v for v in versions if v["effective"] <= as_of]
        assert all(v["status"] == "upcoming" for v in versions if v["effective"] > as_of), pol["id"]
        if pol["status"] == "current":
            assert started, f"{pol['id']}: nothing in force on {as_of}"
            assert started[-1]["status"] == "in-force" and pol["last_updated"] == started[-1]["effective"]
            assert all(v["status"] == "superseded" for v in started[:-1]), pol["id"]


@pytest.mark.slow
@pytest.mark.parametrize("when", ["years-ahead", "day-after-newest-policy-commit"])
def test_the_demo_builds_on_any_date_and_shows_what_is_in_force_then(when, tmp_path):
    if when == "years-ahead":
        moment = FUTURE
    else:
        moment = (newest_policy_commit() + dt.timedelta(days=1)).astimezone(dt.UTC).replace(hour=12, minute=0)
    site = tmp_path / "site"
    result = at(moment, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site))
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == moment.astimezone(dt.UTC).date().isoformat()  # Dublin at noon UTC: same day
    assert_statuses_follow(manifest)
    for pol in manifest["policies"]:
        page = (site / pol["url"] / "index.html").read_text(encoding="utf-8")
        upcoming = any(v["status"] == "upcoming" for v in pol["versions"])
        assert ("policy-banner--upcoming" in page) == upcoming, pol["id"]
    if when == "years-ahead":
        # Every announced change has taken effect: the terms announced for 2027 are the terms in force.
        terms = next(p for p in manifest["policies"] if p["id"] == "terms")
        newest = terms["versions"][-1]
        assert newest["effective"] < manifest["as_of"] and newest["status"] == "in-force"
        page = (site / terms["url"] / "index.html").read_text(encoding="utf-8")
        assert f'Last Updated: <time datetime="{newest["effective"]}">' in page


@pytest.mark.slow
@pytest.mark.parametrize("moment", [FUTURE, PAST], ids=["2031", "2025"])
def test_date_sensitive_tests_pass_whatever_the_clock_says(moment, tmp_path):
    # --basetemp: pytest would otherwise prune numbered temp folders it thinks are days old, with a
    # clock years ahead that includes the folders of the suite running this test.
    result = at(moment, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "--basetemp", str(tmp_path / "pytest"), *DATE_SENSITIVE)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
