"""Draft the notice a company sends its users when a policy changes: a subject, plain text and HTML.

The draft is a starting point for the company's own mailer (the `policy notice VERSION` command prints
it): it states what changed, when it takes effect, and where to read the new text, the marked-up
changes and the full history, in plain words (and, for an announced sub-processor, how to object when
`objections_contact` says). Review it, add what your lawyers require (how to close an account), and
send it with your own tools. No I/O here and no MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from . import urls
from .dates import display_date
from .entity_changes import describe_changes, objection_deadline
from .feed_entries import absolute_url, objections_text
from .model import Policy, Version
from .pages import Site
from .redline import Redline

Link = tuple[str, str]  # (label, absolute URL)
Block = str | list[Link]  # a paragraph, or a list of links


@dataclass(frozen=True)
class Notice:
    """One drafted message."""

    subject: str
    text: str
    html: str


def draft_notice(site: Site, policy: Policy, version: Version, redline: Redline | None) -> Notice:
    """The notice for `version` of `policy`; `redline` (against the previous version) adds detail."""
    blocks = compose(site, policy, version, redline)
    return Notice(subject=subject_of(site, version), text=render_text(blocks), html=render_html(blocks))


def subject_of(site: Site, version: Version) -> str:
    day = display_date(version.effective, site.locale_of(version.policy_id))
    if version.number == 1:
        return f"Introducing our {version.title} (effective {day})"
    verb = "We're updating" if version.status == "upcoming" else "We've updated"
    return f"{verb} our {version.title} (effective {day})"


def compose(site: Site, policy: Policy, version: Version, redline: Redline | None) -> list[Block]:
    """The message as paragraphs and link lists, shared by the text and HTML renderings."""
    blocks: list[Block] = ["Hello,", opening(site, version),
                           f"{'What is changing' if version.status == 'upcoming' else 'What changed'}: "
                           f"{version.summary}"]
    blocks.extend(describe_entities(site, version))
    if redline is not None:
        blocks.extend(describe_redline(version, redline))
    blocks.append(page_links(site, policy, version))
    blocks.append("To hear about future changes, follow them in a feed reader or add them to your calendar:")
    blocks.append(follow_links(site, policy))
    blocks.append(f"Thank you for reading,\n{site.name}" if site.name else "Thank you for reading.")
    return blocks


def opening(site: Site, version: Version) -> str:
    day = display_date(version.effective, site.locale_of(version.policy_id))
    upcoming = version.status == "upcoming"
    if version.number == 1:
        when = "takes effect" if upcoming else "took effect"
        return f"We have published our {version.title}. It {when} on {day}."
    if upcoming:
        return f"We're updating our {version.title}. The new version takes effect on {day}."
    return f"We've updated our {version.title}. The new version took effect on {day}."


def describe_entities(site: Site, version: Version) -> list[Block]:
    """A list's changes by company, and until when a customer may object to each announced one."""
    if not version.entity_changes:
        return []
    locale = site.locale_of(version.policy_id)
    blocks: list[Block] = [describe_changes(version.entity_changes)]
    for change in version.proposed:
        if change.entity is None or change.entity.effective is None:  # never: `proposed` has both
            continue
        blocks.append(f"{change.name} takes effect on {display_date(change.entity.effective, locale)}; you may "
                      f"object until {display_date(objection_deadline(change.entity.effective), locale)}.")
    if len(blocks) > 1 and site.objections_contact is not None:
        blocks.append(objections_text(site))
    return blocks


def describe_redline(version: Version, redline: Redline) -> list[Block]:
    headings = [s.heading for s in redline.sections if s.heading and s.heading != version.title]
    unique = list(dict.fromkeys(headings))
    blocks: list[Block] = []
    if unique:
        blocks.append(f"The changes are in these sections: {', '.join(unique)}.")
    blocks.append(f"In all: {plural(redline.inserted, 'word')} added, {redline.deleted} removed, "
                  f"{redline.moved} moved.")
    return blocks


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def page_links(site: Site, policy: Policy, version: Version) -> list[Link]:
    links = [(f"Read the new {version.title}" if version.number > 1 else f"Read the {version.title}",
              absolute_url(site, site.version_url(version)))]
    redline = site.redline_url(version)
    if redline:
        links.append(("See every change, marked up", absolute_url(site, redline)))
    pdf = site.pdf_url(version)
    if pdf:
        links.append(("Download this version as a PDF", absolute_url(site, pdf)))
    links.append(("See every version we have published", absolute_url(site, site.history_url(policy))))
    return links


def follow_links(site: Site, policy: Policy) -> list[Link]:
    links = [("Feed of changes to this policy", absolute_url(site, urls.feed_path(policy.id, "atom"))),
             ("Calendar of the dates changes take effect", absolute_url(site, urls.feed_path(policy.id, "ics")))]
    if site.email_subscribe_url:
        links.append(("Sign up for email updates", site.email_subscribe_url))
    return links


def render_text(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(block)
        else:
            parts.append("\n".join(f"{label}:\n  {url}" for label, url in block))
    return "\n\n".join(parts) + "\n"


def render_html(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, str):
            lines = [escape(line, quote=False) for line in block.splitlines()]
            parts.append(f"<p>{'<br>'.join(lines)}</p>")
        else:
            items = [f'<li><a href="{escape(url)}">{escape(label, quote=False)}</a></li>' for label, url in block]
            parts.append(f"<ul>{''.join(items)}</ul>")
    return "\n".join(parts) + "\n"
