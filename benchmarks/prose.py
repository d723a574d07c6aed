"""Invented legal-sounding Markdown for synthetic policies: sections of paragraphs, lists and tables,
and the edits that turn one version into the next (rewrite, insert, move, delete)."""

from __future__ import annotations

import random
from dataclasses import dataclass

PARTIES = ("the Company", "the Customer", "each Party", "the Provider", "any Affiliate", "the Subscriber",
           "an Authorised User", "the Controller", "the Processor", "the Licensee", "a Subprocessor")
MODALS = ("shall", "may", "must not", "will", "shall promptly", "may at its discretion", "shall without delay")
VERBS = ("retain", "disclose", "process", "transfer", "delete", "review", "notify", "suspend", "restrict",
         "document", "audit", "encrypt", "anonymise", "correct", "export", "archive", "assess", "remedy")
OBJECTS = ("the Personal Data", "any Confidential Information", "the Service Records", "all Usage Logs",
           "the Billing Details", "such Content", "the Account Credentials", "any Support Tickets",
           "the Backup Copies", "the Telemetry", "the Order Forms", "any Device Identifiers")
QUALIFIERS = ("in accordance with applicable law", "within thirty (30) days of a written request",
              "to the extent reasonably practicable", "unless otherwise agreed in writing",
              "for the duration of the Subscription Term", "subject to the limitations in this section",
              "where required by a competent authority", "save as expressly provided herein",
              "using industry-standard safeguards", "for no longer than is necessary for that purpose")
OPENERS = ("Notwithstanding the foregoing,", "For the avoidance of doubt,", "Except as set out below,",
           "Where this section applies,", "In addition,", "Without prejudice to any other right,",
           "Subject to clause 4,", "To the fullest extent permitted,", "")
TOPICS = ("Definitions", "Scope", "Data We Collect", "How We Use Data", "Legal Bases", "Sharing and Disclosure",
          "International Transfers", "Retention", "Security Measures", "Your Rights", "Children",
          "Cookies and Similar Technologies", "Payment Terms", "Termination", "Suspension", "Warranties",
          "Limitation of Liability", "Indemnification", "Governing Law", "Dispute Resolution", "Notices",
          "Assignment", "Force Majeure", "Acceptable Use", "Intellectual Property", "Feedback", "Beta Features",
          "Subprocessors", "Audit Rights", "Breach Notification", "Export Controls", "Severability")
TABLE_COLUMNS = ("Category", "Purpose", "Retention period")


@dataclass
class Section:
    heading: str
    blocks: list[str]

    def words(self) -> int:
        return len(self.heading.split()) + sum(len(b.split()) for b in self.blocks)


class Writer:
    """Deterministic prose from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = 0

    def sentence(self) -> str:
        r = self.rng
        opener = r.choice(OPENERS)
        text = f"{r.choice(PARTIES)} {r.choice(MODALS)} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(QUALIFIERS)}."
        if opener:
            return f"{opener} {text[0].lower()}{text[1:]}"
        return text[0].upper() + text[1:]

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def bullets(self) -> str:
        return "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(3, 6)))

    def table(self) -> str:
        r = self.rng
        rows = [f"| {' | '.join(TABLE_COLUMNS)} |", "|" + "---|" * len(TABLE_COLUMNS)]
        for _ in range(r.randint(3, 6)):
            rows.append(f"| {r.choice(OBJECTS)} | {r.choice(VERBS).capitalize()} on request | "
                        f"{r.randint(1, 36)} months |")
        return "\n".join(rows)

    def block(self) -> str:
        roll = self.rng.random()
        if roll < 0.07:
            return self.table()
        if roll < 0.25:
            return self.bullets()
        return self.paragraph()

    def section(self) -> Section:
        self.serial += 1
        heading = f"{self.rng.choice(TOPICS)} ({self.serial})"
        return Section(heading, [self.block() for _ in range(self.rng.randint(3, 7))])

    def document(self, words: int) -> list[Section]:
        sections: list[Section] = []
        total = 0
        while total < words:
            sections.append(self.section())
            total += sections[-1].words()
        return sections

    def edit(self, sections: list[Section], target: int) -> list[str]:
        """Change a document in place, keeping it near `target` words; return what was done."""
        r = self.rng
        done = []
        for _ in range(r.randint(1, 3)):
            total = sum(s.words() for s in sections)
            roll = r.random()
            if roll < 0.5 or len(sections) < 3:
                section = r.choice(sections)
                i = r.randrange(len(section.blocks))
                section.blocks[i] = self.block()
                done.append(f"rewrite a passage in {section.heading}")
            elif roll < 0.7 and total < target * 1.1:
                section = self.section()
                sections.insert(r.randrange(len(sections) + 1), section)
                done.append(f"add {section.heading}")
            elif roll < 0.85:
                section = sections.pop(r.randrange(len(sections)))
                sections.insert(r.randrange(len(sections) + 1), section)
                done.append(f"move {section.heading}")
            elif total > target * 0.9:
                section = sections.pop(r.randrange(len(sections)))
                done.append(f"remove {section.heading}")
            else:
                sections[-1].blocks.append(self.block())
                done.append(f"extend {sections[-1].heading}")
        return done


def render(title: str, summary: str, sections: list[Section]) -> str:
    """A policy file: front matter with title and summary, then `##` sections."""
    parts = [f'---\ntitle: "{title}"\nsummary: "{summary}"\n---\n\n# {title}\n']
    for section in sections:
        parts.append(f"## {section.heading}\n")
        parts.extend(f"{block}\n" for block in section.blocks)
    return "\n".join(parts)
