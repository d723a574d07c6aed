"""One version of a policy as a PDF for the record: the archived text laid out for paper, with where
it came from (version, dates, commit, SHA-256, permanent address) on its first page and in its metadata.

A version's PDF says only what never changes about it (not when it stopped applying: the history
page and the manifest say that), so once published its bytes stay the same as later versions arrive.

Same inputs, same bytes: every date in the file is the version's, never the clock's, and the PDF's
identifier is derived from the document itself. Only files inside the built site are ever read, and
only the images the text shows, whose bytes are part of the cache key: an image replaced at the same
path makes a new PDF (the PDF shows what the site serves, as the archived page does)."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .cache import PACKAGE_DIR, digest
from .model import Version

PRINT_CSS = PACKAGE_DIR / "assets" / "policy-print.css"


@dataclass(frozen=True)
class PdfFacts:
    """What the PDF says about the version, already formatted for display."""

    site_name: str
    title: str
    number: int
    effective: str  # display text
    published: str
    commit: str
    sha256: str
    permanent_url: str
    lang: str = "en"  # the language of the policy's text
    chrome_lang: str = "en"  # the language of the words this project adds (labels)


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF depends on: `key` is its cache key and names its bytes."""

    key: str
    document: str  # the complete HTML the PDF is made from
    base_url: str  # where the text's relative links and images start from
    site_root: str  # the built site's folder: the only place files are read from
    site_url: str  # the site's public address; its files are read from site_root
    # The site-relative paths of the files the PDF may read (its images): their bytes are in `key`,
    # so a replaced image is a new PDF, and the PDF reads nothing else.
    resources: tuple[str, ...] = ()


def pdf_document(facts: PdfFacts, body_html: str, version: Version) -> str:
    """The HTML a PDF is made from: provenance first, then the version's text as the archive shows it."""
    moment = version.published.isoformat()
    label = f"{facts.title} (version {facts.number})"
    description = (f"Version {facts.number} of {facts.title}, effective {facts.effective}; "
                   f"published {facts.published}; "
                   f"commit {facts.commit}; SHA-256 of the source {facts.sha256}; {facts.permanent_url}")
    rows = [
        ("Version", str(facts.number)),
        ("Effective", escape(facts.effective)),
        ("Published", escape(facts.published)),
        ("Commit", f"<code>{escape(facts.commit)}</code>"),
        ("SHA-256 of the source", f"<code>{escape(facts.sha256)}</code>"),
        ("Permanent address", f'<a href="{escape(facts.permanent_url)}">{escape(facts.permanent_url)}</a>'),
    ]
    # A translation's PDF is in its own language; only our labels are in the site's.
    th = '<th scope="row">'
    if facts.chrome_lang != facts.lang:
        th = f'<th scope="row" lang="{escape(facts.chrome_lang)}">'
    table = "\n".join(f"<tr>{th}{name}</th><td>{value}</td></tr>" for name, value in rows)
    return f"""<!DOCTYPE html>
<html lang="{escape(facts.lang)}">
<head>
<meta charset="utf-8">
<title>{escape(label)}</title>
<meta name="author" content="{escape(facts.site_name)}">
<meta name="description" content="{escape(description)}">
<meta name="keywords" content="{escape(facts.title)}, version {facts.number}, {escape(facts.commit)}">
<meta name="generator" content="policy-history">
<meta name="dcterms.created" content="{moment}">
<meta name="dcterms.modified" content="{moment}">
</head>
<body>
<p class="pdf-running" aria-hidden="true">{escape(label)}</p>
<aside class="pdf-record" aria-label="About this version">
<p class="pdf-record__site">{escape(facts.site_name)}</p>
<table>{table}</table>
</aside>
<main class="pdf-text">
{body_html}
</main>
</body>
</html>
"""


def pdf_job(document: str, base_url: str, site_root: str, site_url: str) -> PdfJob:
    """The job and its key: the document, where it is read from, the paper stylesheet, the engine,
    and the bytes of every file of the built site that it shows (an image replaced at the same path
    makes a new PDF, never a stale one from the cache)."""
    root = Path(site_root).resolve()
    resources = image_paths(document, base_url, root, site_url)
    contents = [f"{path}\0".encode() + _read_or_missing(root / path) for path in resources]
    key = digest("pdf", document, base_url, site_url, PRINT_CSS.read_bytes(), _engine_version(), *contents)
    return PdfJob(key=key, document=document, base_url=base_url, site_root=site_root, site_url=site_url,
                  resources=resources)


def image_paths(document: str, base_url: str, root: Path, site_url: str) -> tuple[str, ...]:
    """The site-relative paths of the built site's files that the document's images name, sorted.
    Sanitized policy HTML can load nothing else (no styles, objects or frames)."""
    finder = _ImageSources()
    finder.feed(document)
    finder.close()
    found = {_site_relative(urljoin(base_url, src), root, site_url) for src in finder.sources}
    return tuple(sorted(path for path in found if path is not None))


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.extend(value.strip() for name, value in attrs if name == "src" and value)


def _read_or_missing(path: Path) -> bytes:
    """A file's bytes, or a marker that cannot be a file's (a file appearing later changes the key)."""
    try:
        return b"\1" + path.read_bytes()
    except OSError:
        return b"\0missing"


def render_pdf(job: PdfJob) -> bytes:
    """The PDF's bytes: tagged (a structure tree for screen readers and text extraction), with an
    outline from the headings, the same for the same job."""
    import weasyprint  # here, not at import time: a site without PDFs never loads it

    html = weasyprint.HTML(string=job.document, base_url=job.base_url, url_fetcher=_site_fetcher(job))
    return html.write_pdf(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))], pdf_tags=True,
                          pdf_identifier=bytes.fromhex(job.key[:32]))


def _site_fetcher(job: PdfJob):
    """WeasyPrint's fetcher (since version 70 a `URLFetcher` whose `fetch` returns a response) that
    serves the job's images from the built site and nothing else: the network never, and no file
    whose bytes are not in the key. A refused URL is a WeasyPrint warning and the image is left out."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(job.site_root).resolve()
    allowed = set(job.resources)

    class SiteFiles(URLFetcher):
        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            path = _local_path(url, root, job.site_url)
            if path is None or path.relative_to(root).as_posix() not in allowed:
                raise ValueError(f"not an image of the site named by the text: {url}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return SiteFiles()


def _local_path(url: str, root: Path, site_url: str) -> Path | None:
    """The file of the built site a URL names, or None (other hosts, other folders, no such file)."""
    relative = _site_relative(url, root, site_url)
    path = root / relative if relative is not None else None
    return path if path is not None and path.is_file() else None


def _site_relative(url: str, root: Path, site_url: str) -> str | None:
    """Where in the built site (`root`, resolved) a URL points, as a relative path, or None (other
    hosts, other folders). The file need not exist."""
    if site_url and url.startswith(site_url.rstrip("/") + "/"):
        relative = unquote(urlsplit(url[len(site_url.rstrip("/")) + 1:]).path)
    elif url.startswith("file://"):
        relative = unquote(urlsplit(url).path)
    else:
        return None
    path = (root / relative).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) and path != root else None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _engine_version() -> str:
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:  # the render itself will say what is missing
        return "?"
