"""Page HTML -> Typst -> PDF: every word of the page reaches the PDF, no text is ever read as Typst
markup (a policy cannot run code or break the layout), and the structure (headings, lists, tables,
links) is kept."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pdf import PdfFacts, pdf_job, render_pdf
from generator.typeset import Converter

FACTS = PdfFacts("Example Legal", "Privacy Policy", 2, "1 May 2024", "1 May 2024", "a" * 40, "b" * 64,
                 "https://legal.example.com/versions/privacy/2/")
MOMENT = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
BASE = "https://legal.example.com/versions/privacy/2/"


def _pdf(body: str, tmp_path) -> pypdf.PdfReader:
    job = pdf_job(FACTS, body, BASE, str(tmp_path), "https://legal.example.com/", MOMENT, "privacy, version 2")
    return pypdf.PdfReader(io.BytesIO(render_pdf(job)))


def _text(reader: pypdf.PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


HOSTILE = ['#panic("boom")', '"]#panic("out")#["', "\\", "$x^2$", "<label>", "@ref", "// not a comment",
           "/* nor this */", "*not bold*", "_not emph_", "`raw`", "#import \"/etc/passwd\"", "= Not a heading"]


def test_hostile_text_is_text_wherever_it_stands(tmp_path):
    words = [html.escape(h) for h in HOSTILE]
    body = "\n".join([
        f"<h1 id=\"x\">{words[0]}</h1><h3>{words[8]}</h3>",
        "<p>" + " and ".join(words) + "</p>",
        f'<ul><li>{words[1]}</li><li><a href="https://example.com/?q=&quot;]#panic()">{words[2]}</a></li></ul>',
        f"<table><thead><tr><th>{words[3]}</th></tr></thead><tbody><tr><td>{words[4]}</td></tr></tbody></table>",
        f"<pre><code>{words[5]}\n{words[6]}</code></pre>",
        f'<p><img src="missing.png" alt="{words[7]}"></p>',
    ])
    text = _text(_pdf(body, tmp_path))
    for hostile in HOSTILE:
        assert re.sub(r"\s+", " ", hostile) in text, hostile


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(codec="latin-1", categories=("L", "N", "P", "S")),
                        min_size=1, max_size=12), min_size=1, max_size=8))
def test_every_word_of_a_paragraph_reaches_the_pdf(tmp_path, words):
    body = "<p>" + " ".join(html.escape(w) for w in words) + "</p>"
    text = _text(_pdf(body, tmp_path)).replace(" ", "")
    for word in words:
        assert word.replace(" ", "") in text, word


def test_structure_headings_lists_tables_links_and_spans_are_kept():
    body = ('<h3 id="who-we-are">Who we are<a class="headerlink" href="#who-we-are">¶</a></h3>'
            '<p>See <a href="#who-we-are">above</a> and <a href="../1/">version 1</a>.</p>'
            '<ol start="3"><li>three</li><li><p>four</p><ul><li>nested</li></ul></li></ol>'
            '<table><tr><th>Name</th><th>Place</th></tr><tr><td colspan="2">Both</td></tr></table>'
            '<p><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
            '<div class="footnote"><ol><li id="fn:1"><p>Note <a class="footnote-backref" href="#fnref:1">↩</a>'
            '</p></li></ol></div><p lang="de">Guten Tag</p>')
    source = Converter(BASE, lambda src: None).document(body)
    assert '#heading(level: 1)[#"Who we are"] <who-we-are>' in source  # the outline skips no level
    assert "¶" not in source and "↩" not in source  # permalink and back-link furniture left out
    assert '#link(<who-we-are>)[#"above"]' in source
    assert '#link("https://legal.example.com/versions/privacy/1/")[#"version 1"]' in source
    assert '#enum(start: 3, [#par[#"three"]]' in source and "#list([#par[#\"nested\"]])" in source
    assert 'table(columns: 2, table.header([#strong[#par[#"Name"]]], [#strong[#par[#"Place"]]]), ' \
           'table.cell(colspan: 2)[#par[#"Both"]])' in source
    assert '#text(lang: "de")[#par[#"Guten Tag"]]' in source
