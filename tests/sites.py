"""Build small real sites with `mkdocs build --strict` in a temp dir (one per feature under test): the
one mkdocs.yml, the one environment a front end runs in (the repo's fixed git identity and isolated
configuration, a pinned as-of day), and the one small history several features share."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.gitrepo import TempRepo, policy

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


def site_env(repo: TempRepo, as_of: str = "2026-11-27", extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a front end (mkdocs, properdocs, `policy`) runs in on a throwaway site."""
    env = repo.env()
    env.update({"NO_MKDOCS_2_WARNING": "1", "POLICY_AS_OF": as_of})
    env.update(extra_env or {})
    return env


def build(repo: TempRepo, *, as_of: str = "2026-11-27", extra_env: dict[str, str] | None = None,
          site_dir: Path | None = None, front_end: str = "mkdocs",
          args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`<front_end> build --strict` of the repo's site (into site_dir when given)."""
    command = [sys.executable, "-m", front_end, "build", "--strict"]
    if site_dir is not None:
        command += ["-d", str(site_dir)]
    return subprocess.run([*command, *args], cwd=repo.root, env=site_env(repo, as_of, extra_env),
                          capture_output=True, text=True)


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path inside the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def small_history(repo: TempRepo, **options: object) -> None:
    """A site (mkdocs.yml with these plugin options) whose policies have several versions, a rename, a
    retirement, an announced change and a non-policy page."""
    write_config(repo, **options)
    repo.write("index.md", "---\ntitle: Legal\npolicy: false\n---\n\n# Legal\n\nSee [privacy](privacy.md).\n")
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.\n\n## Contact\n\nWrite to us.",
                                    summary="First publication."))
    repo.write("cookies.md", policy("Cookies", "One cookie. See [privacy](privacy.md#contact).", summary="First"))
    repo.write("beta.md", policy("Beta Terms", "Try things.", summary="First"))
    repo.commit("Publish", "2023-10-09T23:30:00-08:00")
    repo.write("privacy.md", policy("Privacy Policy", "We keep very little.\n\n## Contact\n\nWrite to us.",
                                    summary="Say very little"))
    repo.commit("Amend privacy", "2024-02-01T10:00:00+00:00")
    repo.move("cookies.md", "cookie-policy.md")
    repo.commit("Rename cookies", "2024-03-01T10:00:00+00:00")
    repo.remove("beta.md")
    repo.commit("Retire the beta terms", "2024-04-01T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", "We keep almost nothing.\n\n## Contact\n\nWrite to us.",
                                    summary="Almost nothing", effective="2027-01-15"))
    repo.commit("Announce", "2026-11-20T10:00:00+00:00")


def read_page(site: Path, url: str) -> str:
    path = site / url
    if url.endswith("/") or not url:
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


def exists(site: Path, url: str) -> bool:
    path = site / url
    return (path / "index.html").is_file() if url.endswith("/") or not url else path.is_file()


@dataclass
class Served:
    """A running `mkdocs serve`: its address and, once stopped, what it logged."""

    url: str
    process: subprocess.Popen
    stderr: str = ""

    def get(self, path: str, timeout: float = 5) -> str:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=timeout) as response:
            return response.read().decode("utf-8")

    def wait_for(self, path: str, text: str = "", seconds: float = 90) -> str:
        """The page once it answers (and contains `text`); fails after `seconds`."""
        deadline = time.monotonic() + seconds
        html = ""
        while time.monotonic() < deadline:
            try:
                html = self.get(path)
                if text in html:
                    return html
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{path} never showed {text!r}; last:\n{html[:2000]}")


@contextmanager
def serving(repo: TempRepo, *args: str) -> Iterator[Served]:
    """`mkdocs serve` of the repository on 127.0.0.1, on a port the system had free; stopped after."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *args, "-a", f"127.0.0.1:{port}"],
                               cwd=repo.root, env=site_env(repo), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    served = Served(f"http://127.0.0.1:{port}/", process)
    try:
        yield served
    finally:
        process.terminate()
        served.stderr = process.communicate(timeout=30)[1]


__all__ = ["Served", "build", "exists", "files_of", "read_page", "serving", "site_env", "small_history",
           "write_config", "os"]
