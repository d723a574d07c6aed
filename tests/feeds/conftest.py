"""Fixtures for the feed tests: a small policy history in a throwaway repository, and its feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import pytest

from generator.feeds import write_feeds
from generator.gitlog import GitRepository
from generator.history import Options, read_history
from generator.model import History
from generator.pages import Site
from generator.redline import Redline, compute_redline
from tests.gitrepo import TempRepo, isolate_git, policy

ZONE = ZoneInfo("Europe/London")
AS_OF = dt.date(2026, 12, 20)
SITE_URL = "https://legal.example.com/"

PRIVACY_1 = """We keep your data for ten years. Read our [terms](../../../terms/).

## Children

We do not knowingly collect data from children. See [below](#contact).

## Contact

Write to us.
"""
PRIVACY_2 = PRIVACY_1.replace("ten years", "six months")
TERMS_1 = "Use the service kindly and lawfully.\n\n| Plan | Price |\n| --- | --- |\n| Free | 0 |\n"
TERMS_2 = TERMS_1.replace("kindly and lawfully", "lawfully") + "\nTidepool Assist is covered too.\n"


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["toc", "tables"])


@dataclass
class Built:
    site: Site
    redlines: dict[str, Redline]
    out: Path
    urls: dict[str | None, dict[str, str]]

    def path(self, policy_id: str | None, kind: str) -> Path:
        return self.out / self.urls[policy_id][kind]


def read_site(temp: TempRepo, as_of: dt.date = AS_OF) -> Site:
    git = GitRepository(temp.docs)
    try:
        history, problems = read_history(git, render, Options(zone=ZONE, as_of=as_of))
    finally:
        git.close()
    assert problems == []
    return Site(history, url=SITE_URL, name="Example Legal")


def compute_redlines(history: History) -> dict[str, Redline]:
    return {version.id: compute_redline(render(p.previous(version).markdown), render(version.markdown))
            for p in history.policies for version in p.versions if version.number > 1}


def build(site: Site, out: Path, limit: int | None = None) -> Built:
    redlines = compute_redlines(site.history)
    return Built(site, redlines, out, write_feeds(site, redlines, out, limit=limit))


@pytest.fixture
def temp_repo(tmp_path, monkeypatch) -> TempRepo:
    isolate_git(monkeypatch)
    return TempRepo(tmp_path / "repo")


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Iterator[TempRepo]:
    """Privacy: published, then updated. Terms: published, then an update announced for 2027.
    Beta terms: published, then retired. Privacy and Terms share their first commit (a tie).
    Built once per module (read-only for the tests), with git isolated from the user's configuration."""
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch)
        temp = TempRepo(tmp_path_factory.mktemp("story"))
        write_story(temp)
        yield temp


def write_story(temp: TempRepo) -> None:
    temp.write("privacy.md", policy("Privacy Policy", PRIVACY_1, summary="Our first privacy policy."))
    temp.write("terms.md", policy("Terms of Use", TERMS_1, summary="Our first terms."))
    temp.commit("Publish the privacy policy and the terms", "2023-03-14T10:00:00+01:00")
    temp.write("beta.md", policy("Beta Programme Terms", "Try new things early."))
    temp.commit("Open the beta programme", "2023-06-01T08:30:00+01:00")
    temp.write("privacy.md", policy("Privacy Policy", PRIVACY_2, summary="We keep your data for less time."))
    temp.commit("Shorten retention", "2023-10-10T09:00:00+02:00")
    temp.remove("beta.md")
    temp.commit("Retire the beta programme terms", "2024-01-05T12:00:00+00:00")
    temp.write("terms.md", policy("Terms of Use", TERMS_2, summary="Cover Tidepool Assist.",
                                  effective="2027-01-15", material="true"))
    temp.commit("Cover Tidepool Assist", "2026-12-01T12:00:00-05:00")


@pytest.fixture(scope="module")
def built(story, tmp_path_factory) -> Built:
    return build(read_site(story), tmp_path_factory.mktemp("site"))
