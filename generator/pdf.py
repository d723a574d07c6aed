"""One version of a policy as a PDF for the record: the archived text laid out for paper, with where
it came from (version, dates, commit, SHA-256, permanent address) on its first page and in its metadata.

Made by Typst (the `typst` wheel pinned in the lock file) from the same sanitized HTML the version's
page shows (`typeset.py`), with fonts that come from pinned packages only, never from the machine:
Typst's own (Libertinus Serif, DejaVu Sans Mono) and Noto Sans CJK (`justmytype-intl-cjk`), plus
any folder the site names in `pdf_fonts`. So the same inputs give the same bytes on any machine.

Every PDF conforms to PDF/A-2a (archival) and PDF/UA-1 (accessible), checked by Typst while it
compiles: a character no font can show stops the build, naming it, instead of vanishing from the
record. A version's PDF says only what never changes about it, and every date in it is the
version's, never the clock's."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .cache import digest
from .errors import PolicyError
from .typeset import Converter, string, typst_lang

PDF_STANDARDS = ("a-2a", "ua-1")
BODY_FONTS = ("Libertinus Serif",)
CJK_FONTS = {"ja": "Noto Sans JP", "ko": "Noto Sans KR", "zh": "Noto Sans SC", "zh-TW": "Noto Sans TC"}
_MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')


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
    region: str | None = None  # a translation's region, where its locale names one (zh_TW)


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF depends on: `key` is its cache key and names its bytes."""

    key: str
    source: str  # the complete Typst source the PDF is made from
    site_root: str  # the built site's folder: Typst's root, the only place files are read from
    moment: dt.datetime  # the version's published moment: the PDF's dates
    label: str  # the version, as an error names it ("privacy.ja, version 1 (ja)")
    fonts: tuple[str, ...] = ()  # folders of fonts the site adds (`pdf_fonts`)
    # The site-relative paths of the files the PDF reads (its images): their bytes are in `key`,
    # so a replaced image is a new PDF, and the PDF reads nothing else.
    resources: tuple[str, ...] = ()


def pdf_job(facts: PdfFacts, body_html: str, base_url: str, site_root: str, site_url: str,
            moment: dt.datetime, label: str, fonts: Sequence[str] = ()) -> PdfJob:
    """The job and its key: exactly what decides the PDF's bytes, that is the Typst source, the
    engine and its fonts, and the bytes of every image of the built site it shows."""
    root = Path(site_root).resolve()
    shown: set[str] = set()

    def image_path(src: str) -> str | None:
        relative = _site_relative(urljoin(base_url, src), root, site_url)
        if relative is None:
            return None
        shown.add(relative)
        return "/" + relative if (root / relative).is_file() else None

    body = Converter(base_url, image_path).document(body_html)
    source = pdf_source(facts, body, moment)
    resources = tuple(sorted(shown))
    contents = [f"{path}\0".encode() + _read_or_missing(root / path) for path in resources]
    key = digest("pdf", source, engine_fingerprint(tuple(fonts)), *contents)
    return PdfJob(key=key, source=source, site_root=str(root), moment=moment, label=label,
                  fonts=tuple(fonts), resources=resources)


def pdf_source(facts: PdfFacts, body: str, moment: dt.datetime) -> str:
    """The Typst document: metadata and paper first, the record of the version, then its text.
    Spacing is the text's own: no space Typst would add between Chinese or Japanese and Latin
    characters (`cjk-latin-spacing`), which the page does not show and text extraction would keep."""
    label = f"{facts.title} (version {facts.number})"
    description = (f"Version {facts.number} of {facts.title}, effective {facts.effective}; "
                   f"published {facts.published}; commit {facts.commit}; "
                   f"SHA-256 of the source {facts.sha256}; {facts.permanent_url}")
    when = moment.astimezone(dt.UTC)
    date = (f"datetime(year: {when.year}, month: {when.month}, day: {when.day}, hour: {when.hour}, "
            f"minute: {when.minute}, second: {when.second})")
    fonts = ", ".join(string(f) for f in fonts_for(facts.lang, facts.region))
    lang, region = typst_lang(facts.lang) or ("en", None)
    region_arg = f", region: {string(facts.region or region)}" if (facts.region or region) else ""
    chrome = typst_lang(facts.chrome_lang) or ("en", None)

    def ours(text: str) -> str:  # our labels, marked in the site's language when the text is in another
        return f"#text(lang: {string(chrome[0])})[#{string(text)}]" if chrome[0] != lang else f"#{string(text)}"

    rows = [("Version", f"#{string(str(facts.number))}"), ("Effective", f"#{string(facts.effective)}"),
            ("Published", f"#{string(facts.published)}"), ("Commit", f"#raw({string(facts.commit)})"),
            ("SHA-256 of the source", f"#raw({string(facts.sha256)})"),
            ("Permanent address", f"#link({string(facts.permanent_url)})[#{string(facts.permanent_url)}]")]
    cells = ", ".join(f"[{ours(name)}], [{value}]" for name, value in rows)
    page_of = f"{ours('Page ')}#context counter(page).display(){ours(' of ')}#context counter(page).final().first()"
    return f"""#set document(title: {string(label)}, author: {string(facts.site_name)}, \
description: {string(description)}, keywords: ({string(facts.title)}, {string(f"version {facts.number}")}, \
{string(facts.commit)}), date: {date})
#set text(font: ({fonts},), size: 10.5pt, lang: {string(lang)}{region_arg}, cjk-latin-spacing: none)
#set page(paper: "a4", margin: (top: 22mm, x: 20mm, bottom: 24mm),
  header: text(size: 8pt, fill: luma(33%))[#{string(label)}],
  footer: align(right, text(size: 8pt, fill: luma(33%))[{page_of}]))
#set par(leading: 0.6em, spacing: 0.9em)
#set heading(bookmarked: true)
#show heading: set block(above: 1.2em, below: 0.6em)
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#show heading.where(level: 4): set text(size: 10.5pt)
#show heading.where(level: 5): set text(size: 10.5pt)
#show heading.where(level: 6): set text(size: 10.5pt)
#show raw: set text(font: "DejaVu Sans Mono", size: 9pt)
#show link: set text(fill: rgb("#0b4f8a"))
#set table(stroke: 0.5pt + luma(60%), inset: (x: 2mm, y: 1mm))
#set quote(block: true)
#show quote.where(block: true): block.with(stroke: (left: 2pt + luma(73%)), inset: (left: 3mm))

#block(stroke: 0.6pt + luma(60%), inset: (x: 4mm, y: 3mm), width: 100%)[#set text(size: 8.5pt)
#par[#strong[#{string(facts.site_name)}]]
#table(columns: (34mm, 1fr), stroke: none, inset: (x: 0mm, y: 0.6mm), {cells})]

{body}
"""


def fonts_for(lang: str, region: str | None = None) -> tuple[str, ...]:
    """The families a text in `lang` is set in, first to last: a Chinese, Japanese or Korean text in
    its own Noto Sans (Latin words in it too, so they match), others in the body font; then the
    other fonts, for the characters the first lacks (Japanese and Chinese write one character
    differently, so the text's own language comes first)."""
    key = "zh-TW" if lang == "zh" and region in ("TW", "HK", "MO") else lang
    own = CJK_FONTS.get(key)
    others = tuple(family for family in CJK_FONTS.values() if family != own)
    return (own, *BODY_FONTS, *others) if own else (*BODY_FONTS, *others)


def render_pdf(job: PdfJob) -> bytes:
    """The PDF's bytes: tagged, PDF/A-2a and PDF/UA-1, the same for the same job on any machine."""
    import typst  # here, not at import time: a site without PDFs never loads it

    compiler = typst.Compiler(root=job.site_root, font_paths=_fonts(job.fonts), ignore_system_fonts=True)
    try:
        data = compiler.compile(input=job.source.encode("utf-8"), format="pdf", pdf_standards=list(PDF_STANDARDS),
                                timestamp=int(job.moment.timestamp()))
    except typst.TypstError as exc:
        raise PolicyError(f"{job.label}: {describe_failure(str(exc.message))}") from None
    assert isinstance(data, bytes)
    return data


def describe_failure(message: str) -> str:
    """Typst's complaint, said for the people who can fix it (a missing glyph above all)."""
    missing = list(dict.fromkeys(_MISSING_GLYPH.findall(message)))
    if not missing:
        return f"the PDF could not be made: {message.strip()}"
    named = ", ".join(f"{text!r} ({', '.join(_codepoint(ch) for ch in text)})" for text in missing[:5])
    return (f"the PDF cannot show {named}: no font of the PDFs has it, and a record that loses characters "
            "is never published; add a folder of fonts that has it with the `pdf_fonts` option, or turn "
            "PDFs off with `pdf: false`")


def _codepoint(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


@functools.cache
def _fonts(extra: tuple[str, ...]):
    """The font book of the PDFs, loaded once per process: Typst's own fonts, the pinned CJK
    fonts and the site's `pdf_fonts`; never the machine's."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True,
                       font_paths=[str(p) for p in font_folders(extra)])


def font_folders(extra: Sequence[str] = ()) -> list[Path]:
    """The folders of font files the PDFs use, in a fixed order."""
    spec = importlib.util.find_spec("justmytype_intl_cjk")
    folders: list[Path] = []
    if spec is not None and spec.submodule_search_locations:
        ofl = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ofl"
        folders += sorted(p for p in ofl.iterdir() if p.is_dir()) if ofl.is_dir() else []
    return folders + [Path(p) for p in extra]


@functools.cache
def engine_fingerprint(extra: tuple[str, ...] = ()) -> str:
    """What decides the bytes besides the source: Typst's version (its own fonts ship inside it), and
    the bytes of every font file it may use."""
    files = sorted(f for folder in font_folders(extra) if folder.is_dir() for f in folder.rglob("*")
                   if f.suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"))
    hashes = [f"{f.name}\0{hashlib.sha256(f.read_bytes()).hexdigest()}" for f in files]
    return digest("typst", _version("typst"), ",".join(PDF_STANDARDS), *hashes)


def _read_or_missing(path: Path) -> bytes:
    """A file's bytes, or a marker that cannot be a file's (a file appearing later changes the key)."""
    try:
        return b"\1" + path.read_bytes()
    except OSError:
        return b"\0missing"


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


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # the render itself will say what is missing
        return "?"
