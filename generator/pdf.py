"""One version of a policy as a PDF for the record: the archived text laid out for paper, with where
it came from (version, dates, commit, SHA-256, permanent address) on its first page and in its metadata.

A version's PDF says only what never changes about it (not when it stopped applying: the history
page and the manifest say that), so once published its bytes stay the same as later versions arrive.

Same inputs, same bytes: every date in the file is the version's, never the clock's, and the PDF's
identifier is derived from the document itself. Only files inside the built site are ever read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
    key = digest("pdf", document, base_url, site_url, PRINT_CSS.read_bytes(), _engine_version())
    return PdfJob(key=key, document=document, base_url=base_url, site_root=site_root, site_url=site_url)


def render_pdf(job: PdfJob) -> bytes:
    """The PDF's bytes: tagged (a structure tree for screen readers and text extraction), with an
    outline from the headings, the same for the same job."""
    import weasyprint  # here, not at import time: a site without PDFs never loads it

    root = Path(job.site_root).resolve()

    def fetch(url: str) -> dict:
        path = _local_path(url, root, job.site_url)
        if path is None:
            raise ValueError(f"not a file of the site: {url}")  # never the network
        return {"string": path.read_bytes(), "redirected_url": url}

    html = weasyprint.HTML(string=job.document, base_url=job.base_url, url_fetcher=fetch)
    return html.write_pdf(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))], pdf_tags=True,
                          pdf_identifier=bytes.fromhex(job.key[:32]))


def _local_path(url: str, root: Path, site_url: str) -> Path | None:
    """The file of the built site a URL names, or None (other hosts, other folders)."""
    if site_url and url.startswith(site_url.rstrip("/") + "/"):
        relative = url[len(site_url.rstrip("/")) + 1:]
    elif url.startswith("file://"):
        path = Path(unquote(urlsplit(url).path)).resolve()
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else None
        if relative is None:
            return None
    else:
        return None
    path = (root / unquote(urlsplit(relative).path)).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _engine_version() -> str:
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:  # the render itself will say what is missing
        return "?"
