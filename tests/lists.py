"""The fictional sub-processor list the tests share, as lines of its data file: entries, and the file."""

from __future__ import annotations

KESTREL = "  - name: Kestrel Cloud Ltd.\n    purpose: Hosting\n    locations: Ireland (EU)\n"
KESTREL_WEBSITE = KESTREL + "    website: https://kestrel.example\n"
TOLLGATE = "  - name: Tollgate Payments B.V.\n    purpose: Payment processing\n    locations: Netherlands (EU)\n"


def marram(effective: str | None = "2027-01-05", purpose: str = "Product analytics",
           locations: str = "Netherlands (EU)", website: str | None = None) -> str:
    """The sub-processor the tests announce; without a website the redline knows its row by its name."""
    text = f"  - name: Marram Analytics B.V.\n    purpose: {purpose}\n    locations: {locations}\n"
    text += f"    website: {website}\n" if website else ""
    return text + (f"    effective: {effective}\n" if effective else "")


def listed(*entries: str, intro: str | None = None) -> str:
    """A list's data file holding `entries`."""
    return "title: Sub-processors\n" + (f"intro: {intro}\n" if intro else "") + "entries:\n" + "".join(entries)
