"""A seeded corpus of policy-like Markdown documents and edited versions of them, for the benchmark.

The prose is assembled from invented clause fragments so that documents look like privacy policies
(numbered sections, paragraphs, lists, a sub-processor table, links) without copying any real one.
Edits mimic what legal teams do between versions: reword paragraphs, add and drop sections, move
sections around, retarget links and add sub-processors.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SUBJECTS = [
    "We",
    "Our service providers",
    "The controller",
    "Lanternfish Labs",
    "Each affiliate",
    "Authorised staff",
    "You",
    "Any processor acting for us",
    "The data protection officer",
]
VERBS = [
    "collect",
    "process",
    "retain",
    "disclose",
    "review",
    "anonymise",
    "transfer",
    "store",
    "delete",
    "pseudonymise",
    "share",
    "restrict access to",
]
OBJECTS = [
    "account details",
    "billing records",
    "usage statistics",
    "support conversations",
    "device identifiers",
    "contact preferences",
    "payment information",
    "audit logs",
    "marketing choices",
    "location signals",
    "the content you upload",
    "backup copies",
]
CLAUSES = [
    "where the law allows it",
    "for as long as your account remains open",
    "unless you object in writing",
    "to meet our legal obligations",
    "subject to appropriate safeguards",
    "within thirty days of a verified request",
    "only when strictly necessary",
    "in line with the retention schedule",
    "after giving you reasonable notice",
    "to detect and prevent fraud",
    "on the basis of legitimate interests",
    "with your explicit consent",
]
TOPICS = [
    "Scope",
    "Information we collect",
    "How we use information",
    "Legal bases",
    "Sharing",
    "International transfers",
    "Retention",
    "Security",
    "Your rights",
    "Children",
    "Cookies",
    "Marketing",
    "Automated decisions",
    "Complaints",
    "Changes to this policy",
    "Contact",
    "Definitions",
    "Sub-processors",
    "Data breaches",
    "Records of processing",
]
COMPANIES = ["Quillfeather", "Harbourlight", "Tallybird", "Mossgate", "Brightwell", "Cindervale", "Owlcrest"]
PURPOSES = ["Hosting", "Email delivery", "Payments", "Analytics", "Customer support", "Backups"]
PLACES = ["Ireland", "Germany", "United States", "Canada", "Japan", "United Kingdom", "France"]
LINKS = ["https://example.com/cookies", "https://example.com/rights", "https://example.org/dpa"]


@dataclass(frozen=True)
class Pair:
    """One benchmark case: old and new Markdown of about ``words`` words."""

    name: str
    words: int
    old: str
    new: str


def sentence(rng: random.Random) -> str:
    """One invented legal sentence."""
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}"
    if rng.random() < 0.4:
        text += f", and {rng.choice(CLAUSES)}"
    if rng.random() < 0.15:
        text += f" (see [this notice]({rng.choice(LINKS)}))"
    if rng.random() < 0.2:
        text = text.replace(rng.choice(OBJECTS), f"*{rng.choice(OBJECTS)}*", 1)
    return text + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def bullet_list(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(3, 6)):
        lines.append(f"- {rng.choice(OBJECTS).capitalize()} {rng.choice(CLAUSES)};")
        if rng.random() < 0.2:
            lines.append(f"    - {rng.choice(CLAUSES).capitalize()}.")
    return "\n".join(lines)


def table(rng: random.Random) -> str:
    rows = ["| Sub-processor | Purpose | Location |", "|---|---|---|"]
    for name in rng.sample(COMPANIES, 4):
        rows.append(f"| {name} Ltd | {rng.choice(PURPOSES)} | {rng.choice(PLACES)} |")
    return "\n".join(rows)


def section(rng: random.Random, number: int) -> list[str]:
    """A section: a heading, then paragraphs, maybe a list or the sub-processor table."""
    blocks = [f"## {number}. {rng.choice(TOPICS)}"]
    for _ in range(rng.randint(2, 5)):
        blocks.append(paragraph(rng))
        if rng.random() < 0.25:
            blocks.append(bullet_list(rng))
    if rng.random() < 0.1:
        blocks.append(table(rng))
    return blocks


def document(rng: random.Random, words: int) -> list[list[str]]:
    """Sections of blocks adding up to about ``words`` words."""
    sections: list[list[str]] = []
    total = 0
    while total < words:
        blocks = section(rng, len(sections) + 1)
        total += sum(len(b.split()) for b in blocks)
        sections.append(blocks)
    sections[min(2, len(sections) - 1)].append(table(rng))
    return sections


def reword(rng: random.Random, block: str) -> str:
    """Change a paragraph the way an editor does: swap words, add or drop a clause."""
    words = block.split(" ")
    for _ in range(max(1, len(words) // 12)):
        index = rng.randrange(len(words))
        if "](" not in words[index]:
            words[index] = rng.choice(["promptly", "securely", "lawfully", "only", "also", "solely"])
    text = " ".join(words)
    if rng.random() < 0.5:
        text = text.replace(".", f", {rng.choice(CLAUSES)}.", 1)
    return text


def edit(rng: random.Random, sections: list[list[str]], reworded: float, moved: float) -> list[list[str]]:
    """An edited copy: reworded paragraphs, moved/inserted/deleted sections, links and table rows."""
    new = [list(blocks) for blocks in sections]
    for blocks in new:
        for index, block in enumerate(blocks):
            if block[0].isalpha() and rng.random() < reworded:
                blocks[index] = reword(rng, block)
            elif block.startswith("| Sub") and rng.random() < 0.5:
                blocks[index] = block + f"\n| {rng.choice(COMPANIES)} Inc. | {rng.choice(PURPOSES)} | EU |"
            elif "](" in block and rng.random() < 0.3:
                blocks[index] = block.replace(LINKS[0], LINKS[0] + "-2024")
    for _ in range(int(len(new) * moved)):
        new.insert(rng.randrange(len(new)), new.pop(rng.randrange(len(new))))
    if rng.random() < 0.7:
        new.insert(rng.randrange(len(new)), section(rng, 99))
    if rng.random() < 0.5 and len(new) > 2:
        del new[rng.randrange(len(new))]
    return new


def join(sections: list[list[str]]) -> str:
    return "# Privacy policy\n\n" + "\n\n".join("\n\n".join(blocks) for blocks in sections) + "\n"


def build_corpus(sizes: list[int], per_size: int, seed: int = 20240611) -> list[Pair]:
    """Deterministic pairs: ``per_size`` pairs for each size, with varied edit intensity."""
    rng = random.Random(seed)
    pairs = []
    for words in sizes:
        for index in range(per_size):
            old = document(rng, words)
            new = edit(rng, old, reworded=rng.choice([0.05, 0.15, 0.3]), moved=rng.choice([0.0, 0.1, 0.2]))
            pairs.append(Pair(f"{words}w-{index}", words, join(old), join(new)))
    return pairs


def heavy_pair(seed: int = 7) -> Pair:
    """The stress case: 20,000 words, 30% of paragraphs reworded, a fifth of the sections moved."""
    rng = random.Random(seed)
    old = document(rng, 20_000)
    return Pair("heavy-20000w", 20_000, join(old), join(edit(rng, old, reworded=0.3, moved=0.2)))
