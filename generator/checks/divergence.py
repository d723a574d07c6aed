"""The render-divergence rule: Markdown that GitHub (CommonMark/GFM, what reviewers see in a pull
request) and the site would structure differently.

GitHub's side is generator.gfm without the extensions GitHub lacks; the site's side is whatever the site
renders with. A site on Python-Markdown loses lists and headings that GitHub shows; a site on
generator.gfm has nothing to report."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..gfm import GithubMarkdown
from .base import CheckContext, Finding
from .content import policy_files

_STRUCTURE = re.compile(r"<(?P<tag>li|ul|ol|table|h[1-6])\b", re.I)
# Footnotes are a site extension GitHub renders its own way; their list is not a divergence.
_FOOTNOTES = re.compile(r'<div class="footnote">.*?</div>\s*$', re.S)
_NAMES = {"li": "list items", "ul": "lists", "ol": "numbered lists", "table": "tables"}


def github_markdown() -> GithubMarkdown:
    """GitHub's rules: no definition lists, which GitHub shows as plain paragraphs."""
    return GithubMarkdown(permalink=False, definition_lists=False)


def structure(html: str) -> Counter[str]:
    """How many list items, lists, tables and headings a rendering has."""
    return Counter(m.group("tag").lower() for m in _STRUCTURE.finditer(_FOOTNOTES.sub("", html)))


def check_render_divergence(context: CheckContext) -> Iterator[Finding]:
    """Flag the first stretch of each file that GitHub and the site structure differently."""
    github = github_markdown()
    for _document, file in policy_files(context):
        if structure(github(file.body)) == structure(context.render_cached(file.body)):
            continue
        yield _first_divergence(context, github, file.path, file.body, file.body_line)


def _first_divergence(context: CheckContext, github: GithubMarkdown, path: str, body: str, offset: int) -> Finding:
    for starts, chunk in _chunks(github, body):
        ours, theirs = structure(context.render(chunk)), structure(github(chunk))
        if ours != theirs:
            # Where GitHub starts a block with no blank line before it is where the two part ways.
            line = starts[1] if len(starts) > 1 else starts[0]
            return Finding(path, offset + line, _describe(ours, theirs))
    # Only the whole page differs (a reference or footnote across blocks): report its first line.
    ours, theirs = structure(context.render_cached(body)), structure(github(body))
    return Finding(path, offset + 1, _describe(ours, theirs))


def _chunks(github: GithubMarkdown, body: str) -> Iterator[tuple[list[int], str]]:
    """Runs of top-level blocks with no blank line between them, as (1-based first lines of the
    blocks, text).

    A list that GitHub starts right under a paragraph line is one such run: Python-Markdown reads
    the whole run as one paragraph, so the run is what must be compared."""
    lines = body.splitlines(keepends=True)
    runs: list[tuple[list[int], list[int]]] = []  # (block starts, [run start, run end])
    for token in github.parse(body):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        if runs and start <= runs[-1][1][1]:
            runs[-1][0].append(start + 1)
            runs[-1][1][1] = max(runs[-1][1][1], end)
        else:
            runs.append(([start + 1], [start, end]))
    for starts, (start, end) in runs:
        yield starts, "".join(lines[start:end])


def _describe(ours: Counter[str], theirs: Counter[str]) -> str:
    differing = [tag for tag in sorted(set(ours) | set(theirs)) if ours[tag] != theirs[tag]]
    differences = [f"{_NAMES.get(tag, f'level-{tag[1]} headings')}: site {ours[tag]}, GitHub {theirs[tag]}"
                   for tag in differing]
    advice = []
    if any(tag.startswith("h") for tag in differing):
        advice.append("start each heading's # at the beginning of its line")
    if not advice or any(tag in _NAMES for tag in differing):
        advice.append("leave a blank line before lists and indent nested lists by four spaces")
    return ("GitHub's preview and the site render this differently (" + "; ".join(differences) + "); "
            + "; ".join(advice))
