"""Build small real sites with `mkdocs build --strict` in a temp dir (one per feature under test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.gitrepo import TempRepo

MKDOCS_YML = """\
site_name: Example Legal
site_url: https://legal.example.com/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - policy{options}
markdown_extensions:
  - toc:
      permalink: true
  - tables
  - attr_list
"""


def write_config(repo: TempRepo, **options: object) -> None:
    lines = "".join(f"\n      {k}: {json.dumps(v)}" for k, v in options.items())
    text = MKDOCS_YML.format(options=":" + lines if options else "")
    (repo.root / "mkdocs.yml").write_text(text, encoding="utf-8")


def build(repo: TempRepo, *, as_of: str = "2026-11-27", extra_env: dict[str, str] | None = None,
          site_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = repo.env()
    env.update({"NO_MKDOCS_2_WARNING": "1", "POLICY_AS_OF": as_of})
    env.update(extra_env or {})
    args = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if site_dir is not None:
        args += ["-d", str(site_dir)]
    return subprocess.run(args, cwd=repo.root, env=env, capture_output=True, text=True)


def read_page(site: Path, url: str) -> str:
    path = site / url
    if url.endswith("/") or not url:
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


def exists(site: Path, url: str) -> bool:
    path = site / url
    return (path / "index.html").is_file() if url.endswith("/") or not url else path.is_file()


__all__ = ["build", "exists", "read_page", "write_config", "os"]
