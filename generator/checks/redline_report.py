"""Redlines of one or more policies as one report: for a terminal, a pull-request comment, or a page."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = "<!-- policy-redline -->"
COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
# The marks' styles, for screens, print and forced colours.
_CSS = [Path(__file__).resolve().parent.parent / "assets" / name
        for name in ("policy-redline.css", "policy-redline-media.css")]


@dataclass(frozen=True)
class RedlineItem:
    title: str
    path: str  # as shown to readers (from the repository root)
    redline: Any  # generator.redline.Redline
    label: str = ""  # "version 2 → version 3", "added", ...
    summary: str | None = None
    effective: dt.date | None = None
    material: bool = False
    entities: str = ""  # a list's entity changes: "Added: X, for Y, in Z. Removed: W."


def counts(item: RedlineItem) -> str:
    r = item.redline
    parts = [f"{r.inserted} word(s) inserted", f"{r.deleted} deleted"]
    if r.moved:
        parts.append(f"{r.moved} moved")
    return ", ".join(parts)


def format_terminal(items: list[RedlineItem], color: bool) -> str:
    out = []
    for item in items:
        out.append(f"== {item.title} ({item.path}){' — ' + item.label if item.label else ''}")
        out.extend(f"   {line}" for line in _facts(item))
        out.append("")
        out.append(item.redline.to_terminal(color).rstrip())
        out.append("")
    return "\n".join(out) if items else "No policy changes."


def format_markdown(items: list[RedlineItem], heading: str = "Policy changes",
                    limit: int = COMMENT_LIMIT) -> str:
    """A pull-request comment: the marker (so CI updates one comment), then one section per policy.

    Redlines that would take the comment over `limit` characters are left out, with a note."""
    out = [MARKER, f"## {heading}", ""]
    if not items:
        out.append("This branch does not change the text of any policy.")
    heads = [_markdown_head(item) for item in items]
    budget = limit - sum(len(h) for h in heads) - 200
    for item, head in zip(items, heads, strict=True):
        out.append(head)
        redline = item.redline.to_markdown().strip()
        if len(redline) > budget:
            out += ["_The redline is too long for a comment: run `policy diff` locally or open the "
                    "workflow's artifact._", ""]
            continue
        budget -= len(redline)
        out += ["<details open><summary>Redline</summary>", "", redline, "", "</details>", ""]
    return "\n".join(out).rstrip() + "\n"


def _markdown_head(item: RedlineItem) -> str:
    label = f" ({item.label})" if item.label else ""
    lines = [f"### {_md_escape(item.title)}{label}", "", f"`{item.path}`", ""]
    lines += [f"- {_md_escape(line)}" for line in _facts(item)]
    sections = [s.heading.rstrip("¶ ").strip() for s in item.redline.sections if s.heading]
    if sections:
        lines.append("- Changed sections: " + ", ".join(_md_escape(s) for s in dict.fromkeys(sections)))
    return "\n".join(lines) + "\n"


def format_html(items: list[RedlineItem], title: str = "Policy changes") -> str:
    css = "\n".join(path.read_text(encoding="utf-8") for path in _CSS if path.is_file())
    body = []
    for item in items:
        facts = "".join(f"<li>{html.escape(line)}</li>" for line in _facts(item))
        label = f" <small>({html.escape(item.label)})</small>" if item.label else ""
        body.append(f'<section><h2>{html.escape(item.title)}{label}</h2><p><code>{html.escape(item.path)}'
                    f'</code></p><ul>{facts}</ul><div class="redline">{item.redline.html}</div></section>')
    if not items:
        body.append("<p>No policy changes.</p>")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{css}</style></head>\n<body><h1>{html.escape(title)}</h1>\n" + "\n".join(body)
            + "\n</body></html>\n")


def _facts(item: RedlineItem) -> list[str]:
    facts = [f"Entities: {item.entities}"] if item.entities else []
    facts.append(f"Summary: {item.summary}" if item.summary else "Summary: (none given)")
    if item.effective:
        facts.append(f"Effective: {item.effective.isoformat()}")
    if item.material:
        facts.append("Material change: readers must be notified")
    facts.append(f"Changes: {counts(item)}")
    return facts


def _md_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|" else c for c in text)
