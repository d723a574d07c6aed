"""The URL scheme, in one place. Paths are site-relative, like MkDocs' own page URLs."""

from __future__ import annotations

import posixpath

GENERATED_ROOT = "versions"
CHANGES_PAGE = "changes.md"
FEEDS_DIR = "feeds"
MANIFEST = "policies.json"
DATA_DIR = "data"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source path (`a/b.md` -> `a/b/`, `a/index.md` -> `a/`)."""
    stem, _ext = posixpath.splitext(src_uri)
    name = posixpath.basename(stem)
    parent = posixpath.dirname(stem)
    if name in ("index", "README"):
        url = f"{parent}/" if parent else ""
        return url if directory_urls else f"{parent + '/' if parent else ''}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def page_src(source: str) -> str:
    """The page a policy's main file is shown on: itself, or `name.md` for a data file `name.yml`."""
    stem, ext = posixpath.splitext(source)
    return f"{stem}.md" if ext.lower() in (".yml", ".yaml") else source


def data_path(policy_id: str, number: int | None = None) -> str:
    """A list's entries as JSON: `data/subprocessors.json` (current), `data/subprocessors/3.json`."""
    return f"{DATA_DIR}/{policy_id}.json" if number is None else f"{DATA_DIR}/{policy_id}/{number}.json"


def default_policy_id(src_uri: str) -> str:
    """`privacy.md` -> `privacy`; `legal/privacy.md` -> `legal-privacy`; `terms/index.md` -> `terms`."""
    stem, _ext = posixpath.splitext(src_uri)
    if posixpath.basename(stem) in ("index", "README") and posixpath.dirname(stem):
        stem = posixpath.dirname(stem)
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in stem.lower().replace("/", "-"))


def history_src(policy_id: str) -> str:
    return f"{GENERATED_ROOT}/{policy_id}/index.md"


def version_src(policy_id: str, number: int) -> str:
    return f"{GENERATED_ROOT}/{policy_id}/{number}.md"


# Redline pages sit beside the archived pages, at the same depth, so the archived pages' rendered
# HTML (with its relative links) can be compared and reused as it is.
def redline_src(policy_id: str, number: int) -> str:
    return f"{GENERATED_ROOT}/{policy_id}/{number}-changes.md"


def version_pdf(policy_id: str, number: int) -> str:
    """A version's PDF, beside its page: `versions/privacy/3.pdf` next to `versions/privacy/3/`."""
    return f"{GENERATED_ROOT}/{policy_id}/{number}.pdf"


def compare_current_src(policy_id: str, number: int) -> str:
    return f"{GENERATED_ROOT}/{policy_id}/{number}-vs-current.md"


def feed_path(policy_id: str | None, kind: str) -> str:
    """Feed files: `feeds/all.atom.xml`, `feeds/privacy.rss.xml`, `feeds/privacy.json`, `.ics`."""
    name = policy_id or "all"
    suffix = {"atom": "atom.xml", "rss": "rss.xml", "json": "json", "ics": "ics"}[kind]
    return f"{FEEDS_DIR}/{name}.{suffix}"


def absolute_url(site_url: str, path: str) -> str:
    """A site-relative path under the site's public address (the path itself without one)."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both site-relative, directory style)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + to_url, "/" + base)
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel
