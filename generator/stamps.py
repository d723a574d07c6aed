"""Find hand-typed "Last updated" / "Effective date" lines in a policy body (the site prints the stamp)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_STAMP = re.compile(
    r"^[ \t>*_#]*(?:last[ \t]+(?:updated|modified|revised|amended)|effective(?:[ \t]+date)?|updated(?:[ \t]+on)?)"
    r"[ \t]*(?:on|as[ \t]+of)?[ \t]*[:\-–—]?[ \t]*[*_]*[ \t]*(?P<rest>.*)$",
    re.I | re.M,
)
_FORMATS = ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%b %d, %Y", "%b %d %Y", "%d %b %Y", "%Y-%m-%d", "%m/%d/%Y")


@dataclass(frozen=True)
class StampLine:
    line: int  # 1-based, within the text given
    text: str
    day: dt.date | None  # the date it states, when it could be read


def _parse(rest: str) -> dt.date | None:
    cleaned = re.sub(r"[*_`]", "", rest).strip().rstrip(".").strip()
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def find_stamp_lines(body: str) -> list[StampLine]:
    """Lines that look like a typed stamp followed by a date (prose mentioning "effective" is ignored)."""
    found = []
    for number, text in enumerate(body.split("\n"), start=1):
        lowered = text.lower()
        # Most lines name none of the keywords: skip them before running the full pattern.
        if "updated" not in lowered and "effective" not in lowered and "last" not in lowered:
            continue
        match = _STAMP.match(text)
        if match is None:
            continue
        day = _parse(match.group("rest"))
        if day is not None:
            found.append(StampLine(number, match.group(0).strip(), day))
    return found
