"""Adopting an existing repository: look at its tree and history (where the policies are, what is not a
policy, the home page, the time zone most commits were made in) and word the configuration that
publishes it. Plain Python: `policy init` (cli_init.py) writes, builds and reports."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from .dates import parse_commit_time
from .gitlog import GitRepository
from .translations import translation_layouts

# Where `policy init` puts the configuration of a root layout: MkDocs refuses `docs_dir` as the folder of
# its own configuration, so it goes one level down (a hidden folder, which MkDocs leaves out of the site).
ADOPTED_DIR = ".policy"
CONFIG_NAME = "mkdocs.yml"

# Files every repository has that are not policies, by name without extension (any case).
_NOT_POLICIES = {
    "readme": "the repository's front page", "license": "a licence", "licence": "a licence",
    "copying": "a licence", "codeowners": "who reviews changes", "contributing": "how to contribute",
    "changelog": "a change log", "code_of_conduct": "a code of conduct", "security": "a security contact",
    "support": "where to ask for help", "notice": "a legal notice of the code", "authors": "a list of authors",
}
_TOOLING = re.compile(r"(^|/)(Makefile|Gemfile(\.lock)?|package(-lock)?\.json|requirements[^/]*\.txt|"
                      r"[^/]*\.(py|sh|rb|js|ts|toml|cfg|ini|lock))$")
_MARKDOWN = (".md", ".markdown")
_PREFERRED_ZONES = (
    "UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London",
    "Europe/Dublin", "Europe/Berlin", "Europe/Paris", "Europe/Helsinki", "Asia/Kolkata", "Asia/Singapore",
    "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo", "America/Toronto")


@dataclass(frozen=True)
class Left:
    """A file left out of the site, and why."""

    path: str  # from the repository root
    why: str


@dataclass(frozen=True)
class ZoneGuess:
    name: str
    note: str  # how it was chosen, said in the report


@dataclass
class Adoption:
    """What `policy init` found, and the configuration it words from it."""

    root: Path
    docs: str  # the policies' folder from the repository root; "" for the root itself
    site_name: str
    site_url: str
    zone: ZoneGuess
    commits: int
    left_out: list[Left] = field(default_factory=list)
    home: str | None = None  # the home page's docs path: index.md, or a README shown as the front page
    ignore_revs: bool = False
    languages: tuple[str, ...] = ()

    @property
    def root_layout(self) -> bool:
        return self.docs == ""

    @property
    def config_path(self) -> Path:
        return self.root / ADOPTED_DIR / CONFIG_NAME if self.root_layout else self.root / CONFIG_NAME

    @property
    def site_dir(self) -> str:
        """The built site, relative to the configuration: outside the repository for a root layout,
        because MkDocs refuses a site folder inside the docs folder."""
        return f"../../{self.root.name}-site" if self.root_layout else "site"

    def docs_path(self, path: str) -> str:
        return path[len(self.docs) + 1:] if self.docs else path


def inspect_repository(start: Path, site_url: str | None = None, site_name: str | None = None) -> Adoption:
    """Look at the repository holding `start`: its tree now, every path it ever had, its commit dates."""
    repo = GitRepository(start)
    try:
        root, paths, times = repo.root, repo.tracked_paths(), repo.commit_times()
        remote = repo.remote_url()
    finally:
        repo.close()
    docs = find_docs_folder(paths)
    inside = [p for p in paths if not docs or p.startswith(f"{docs}/")]
    adoption = Adoption(
        root=root, docs=docs, site_name=site_name or _title_of(root.name), commits=len(times),
        site_url=site_url or _pages_url(remote) or "", zone=guess_zone(times),
        ignore_revs=(root / ".git-blame-ignore-revs").is_file())
    current = {p for p in inside if (root / p).exists()}
    has_index = f"{docs}/index.md".lstrip("/") in current
    for path in inside:
        why = not_a_policy(path)
        local = adoption.docs_path(path)
        if why is None:
            continue
        if local.lower() in ("readme.md", "readme.markdown") and not has_index and path in current:
            adoption.home = local  # GitHub's front page is the site's home page too
            continue
        if local.lower().startswith("readme.") and has_index:
            why += " (index.md is the home page)"
        adoption.left_out.append(Left(path, why))
    if has_index:
        adoption.home = "index.md"
    # Any layout (privacy.de.md, de/privacy.md, privacy/de.md), only beside its controlling file.
    adoption.languages = tuple(sorted(set().union(*translation_layouts(current).values())))
    return adoption


def find_docs_folder(paths: list[str]) -> str:
    """The folder holding the policies: one top folder with nearly all the Markdown, else the root."""
    markdown = [p for p in paths if p.endswith(_MARKDOWN) and not_a_policy(p) is None
                and not any(part.startswith(".") for part in p.split("/"))]
    if not markdown or any("/" not in p for p in markdown):
        return ""
    folder, count = Counter(p.split("/", 1)[0] for p in markdown).most_common(1)[0]
    return folder if count >= 0.8 * len(markdown) else ""


def not_a_policy(path: str) -> str | None:
    """Why a file is not a policy (a README, a licence, tooling), or None."""
    name = posixpath.basename(path)
    stem = name.split(".", 1)[0].lower()
    if stem in _NOT_POLICIES:
        return _NOT_POLICIES[stem]
    if _TOOLING.search(path):
        return "tooling, not a document"
    return None


def guess_zone(times: list[str]) -> ZoneGuess:
    """The IANA zone whose clock matches the offsets of most commits; UTC when none matches a majority."""
    if not times:
        return ZoneGuess("UTC", "no commits to learn a time zone from: UTC")
    moments = [parse_commit_time(t) for t in times]
    counts = Counter(m.utcoffset() for m in moments)
    offsets = ", ".join(f"{_offset(o)} ({n})" for o, n in counts.most_common(3))
    # Commits an hour apart at the same offset tell the same thing about a zone: test each hour once.
    weight = Counter((m.replace(minute=0, second=0), m.utcoffset()) for m in moments)
    entries = sorted(weight.items())
    # Score every zone on a sample first, then only the few that can win on every commit.
    sample = entries[:: max(1, len(entries) // 200)]
    first = {name: _score(ZoneInfo(name), sample) for name in _zone_names()}
    top = max(first.values())
    scores = {name: _score(ZoneInfo(name), entries) for name, score in first.items() if score >= 0.9 * top}
    best = max(scores.values())
    if best * 2 <= len(times):
        return ZoneGuess("UTC", f"commit offsets are mixed ({offsets}); no zone fits most commits: UTC. "
                                "Set `timezone:` to the zone of the legal team")
    tied = sorted(n for n, s in scores.items() if s == best)
    chosen = next((n for n in _PREFERRED_ZONES if n in tied), tied[0])
    alike = f"; {len(tied) - 1} other zone(s) keep the same clock" if len(tied) > 1 else ""
    return ZoneGuess(chosen, f"{best} of {len(times)} commits were made at its offsets ({offsets}){alike}")


def _score(zone: ZoneInfo, entries: list[tuple[tuple[dt.datetime, dt.timedelta | None], int]]) -> int:
    """How many commits were made at the offset `zone` had at that moment."""
    return sum(n for (moment, offset), n in entries if moment.astimezone(zone).utcoffset() == offset)


def _zone_names() -> list[str]:
    return ["UTC", *sorted(n for n in available_timezones() if "/" in n and n.split("/")[0] in {
        "Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"})]


def _offset(delta: dt.timedelta | None) -> str:
    minutes = int((delta or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _pages_url(remote: str) -> str | None:
    """A GitHub remote's GitHub Pages address (where `mkdocs gh-deploy` publishes)."""
    match = re.search(r"github\.com[:/]([^/]+)/([^/]+?)(\.git)?/?$", remote)
    return f"https://{match.group(1).lower()}.github.io/{match.group(2)}/" if match else None


def _title_of(folder: str) -> str:
    words = re.split(r"[-_ ]+", folder)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "Policies"


def config_text(adoption: Adoption) -> str:
    """The configuration `policy init` writes: MkDocs' and the policy plugin's options, each explained."""
    a = adoption
    left = [a.docs_path(item.path) for item in a.left_out]
    lines = [f"# Written by `policy init`. Build with: {build_command(a)}",
             f"site_name: {_yaml(a.site_name)}"]
    lines.append(f"site_url: {_yaml(a.site_url or 'https://legal.example.com/')}"
                 + ("" if a.site_url else "  # TODO: the address the site is served at"))
    if a.root_layout:
        lines += ["docs_dir: ..  # the policies are at the top of the repository",
                  f"site_dir: {_yaml(a.site_dir)}  # MkDocs wants the site outside the docs folder"]
    else:
        lines.append(f"docs_dir: {_yaml(a.docs)}")
    lines += ["theme:", "  name: material", "  font: false  # no Google Fonts: readers' addresses stay with you"]
    if left:
        lines += ["exclude_docs: |  # not policies, and not on the site (MkDocs' own list)",
                  *(f"  /{_escape_pattern(p)}" for p in left)]
    lines += ["plugins:", "  - search", "  - policy:", f"      timezone: {_yaml(a.zone.name)}  # {a.zone.note}"]
    if left:
        lines += ["      exclude:  # not policies, in any revision",
                  *(f"        - {_yaml('/' + _escape_pattern(p))}" for p in left)]
    if a.home and a.home != "index.md":
        lines += ["      plain_pages:  # ordinary pages, not policies: the home page",
                  "        - /index.md", f"        - {_yaml('/' + a.home)}"]
    if a.root_layout:
        lines += ["      cache_dir: .cache  # beside this file, ignored by git", "      records_dir: .records"]
    return "\n".join(lines) + "\n"


def build_command(adoption: Adoption) -> str:
    """The command that builds the adopted site, from the repository root."""
    if adoption.root_layout:
        return f"mkdocs build --strict -f {ADOPTED_DIR}/{CONFIG_NAME}"
    return "mkdocs build --strict"


def _escape_pattern(path: str) -> str:
    """A path as a gitignore-style pattern that matches only it."""
    return re.sub(r"([*?\[\]!#])", r"\\\1", path)


def _yaml(value: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted."""
    if re.fullmatch(r"[A-Za-z0-9_./:+-][A-Za-z0-9 _./:+-]*", value) and not value.endswith((" ", ":")) \
            and ": " not in value \
            and value.lower() not in ("yes", "no", "on", "off", "true", "false", "null", "~"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
