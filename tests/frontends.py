"""Compare two builds of one site by different front ends: the record files byte for byte, and each
page's policy part (its text, redline, banners and menus) with links resolved to where they lead."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

# Files a theme or builder makes itself; everything else that is not a page is the record.
BUILDER_FILES = re.compile(r"^(assets/|search/|search\.json$|sitemap\.xml(\.gz)?$|404\.html$|objects\.inv$)")
_ARTICLE = re.compile(r"<(/?)article\b")
_LINK = re.compile(r'\b(href|src)="([^"]*)"')


def record_files(site: Path) -> dict[str, bytes]:
    """The files of a built site that are not pages and not the builder's own."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix != ".html" and not BUILDER_FILES.match(p.relative_to(site).as_posix())}


def resolve(url: str, page_url: str) -> str:
    """A link as the site path it leads to (absolute and fragment-only links as they are)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "#")):
        return url
    target = posixpath.normpath(posixpath.join("/" + page_url, parts.path or "."))
    if (parts.path.endswith("/") or not parts.path) and target != "/":
        target += "/"
    return target + (f"#{parts.fragment}" if parts.fragment else "")


def policy_part(html: str, page_url: str) -> str | None:
    """The `<article class="policy ...">` of a page, its links resolved, without whitespace-only lines
    (Markdown drops those from a raw HTML block)."""
    start = html.find('<article class="policy')
    if start < 0:
        return None
    depth = 0
    for match in _ARTICLE.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            part = html[start:html.find(">", match.end()) + 1]
            part = _LINK.sub(lambda m: f'{m.group(1)}="{resolve(m.group(2), page_url)}"', part)
            return "\n".join(line.rstrip() for line in part.splitlines() if line.strip())
    return None


def policy_parts(site: Path) -> dict[str, str]:
    """Every page's policy part, by its address (directory URLs)."""
    parts = {}
    for page in sorted(site.rglob("index.html")):
        url = page.parent.relative_to(site).as_posix()
        url = "" if url == "." else f"{url}/"
        part = policy_part(page.read_text(encoding="utf-8"), url)
        if part is not None:
            parts[url] = part
    return parts


def head_links(html: str) -> list[str]:
    """The feeds a page's `<head>` names for autodiscovery."""
    head = html[:html.find("</head>")]
    return sorted(re.findall(r'<link rel="alternate feed" type="([^"]+)"[^>]*href="([^"]*)"', head))
