"""Fixtures for the CLI tests: a throwaway site (git repo + mkdocs.yml) and a runner for `policy`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from tests.gitrepo import TempRepo, isolate_git, policy

AS_OF = dt.date(2026, 11, 27)
FIRST = "2026-01-10T10:00:00+00:00"
SECOND = "2026-03-02T10:00:00+00:00"
THIRD = "2026-05-04T10:00:00+00:00"
PRIVACY = """We keep your data for ten years.

## Children

We do not knowingly collect data from children. See [contact](#contact) and the [terms](terms.md).

## Contact

Write to us at privacy@example.com.
"""
TERMS = "Use the service kindly and lawfully.\n"


class Site:
    """A site in a temp repo: write policies, commit them, run `policy` against its mkdocs.yml."""

    def __init__(self, root: Path) -> None:
        self.repo = TempRepo(root, docs="policies")
        self.root = root
        self.config = root / "mkdocs.yml"
        self.write_config()

    def write_config(self, **options: object) -> None:
        config = {
            "site_name": "Test Legal", "site_url": "https://legal.example.com/", "docs_dir": "policies",
            "theme": {"name": "mkdocs"},
            "plugins": [{"policy": {"timezone": "UTC", **options}}],
            "markdown_extensions": [{"toc": {"permalink": True}}, "tables", "attr_list", "footnotes"],
        }
        self.config.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")

    def write(self, path: str, text: str) -> Path:
        return self.repo.write(path, text)

    def commit(self, message: str, date: str) -> str:
        return self.repo.commit(message, date)

    def run(self, *args: str, as_of: dt.date = AS_OF) -> Result:
        argv = ["--config-file", str(self.config), "--as-of", as_of.isoformat(), *args]
        return CliRunner().invoke(main, argv, catch_exceptions=False)

    def published(self) -> None:
        """Two policies on main: privacy (two versions) and terms."""
        self.write("privacy.md", policy("Privacy Policy", PRIVACY, summary="First publication."))
        self.write("terms.md", policy("Terms of Use", TERMS, summary="First publication."))
        self.commit("Publish privacy and terms", FIRST)
        self.write("privacy.md", policy("Privacy Policy", PRIVACY.replace("ten years", "five years"),
                                        summary="We keep data for five years instead of ten."))
        self.commit("Shorten retention", SECOND)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    isolate_git(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("POLICY_AS_OF", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return Site(tmp_path / "site")


@pytest.fixture
def published(site: Site) -> Site:
    site.published()
    return site
