"""Find hand-typed "Last updated" / "Effective date" lines in a policy body, in the forms real policies
use (English, German, French, Spanish, Dutch, Italian, Portuguese), and judge them against a
version's dates: a typed effective day on or after publication is the version's effective date; only
a day that contradicts history is a problem, with advice that fits that version's dates."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from babel import Locale

_LEAD = r"^[ \t>*_#]*"
_TAIL = r"[ \t]*(?:on|as[ \t]+of)?[ \t]*[:\-–—]?[ \t]*[*_]*[ \t]*(?P<rest>.*)$"
# keyword pattern -> (language of its month names, kind). "effective" lines name the day a version
# takes effect; "updated" lines the day it was written.
_KEYWORDS = (
    (r"last[ \t]+(?:updated|modified|revised|amended)[ \t]+and[ \t]+effective(?:[ \t]+date)?", "en", "effective"),
    (r"effective(?:[ \t]+(?:date|from))?", "en", "effective"),
    (r"last[ \t]+(?:updated|modified|revised|amended)|updated(?:[ \t]+on)?", "en", "updated"),
    (r"g[üu]ltig[ \t]+(?:ab|seit)|wirksam[ \t]+ab|in[ \t]+kraft(?:[ \t]+getreten)?(?:[ \t]+(?:ab|seit|am))?"
     r"|stand(?:[ \t]+vom)?", "de", "effective"),
    (r"zuletzt[ \t]+(?:aktualisiert|geändert)(?:[ \t]+am)?|letzte[ \t]+(?:aktualisierung|änderung)", "de",
     "updated"),
    (r"(?:date[ \t]+d'entrée[ \t]+)?en[ \t]+vigueur(?:[ \t]+(?:le|depuis[ \t]+le|à[ \t]+compter[ \t]+du))?"
     r"|date[ \t]+d'effet", "fr", "effective"),
    (r"derni[èe]re[ \t]+mise[ \t]+à[ \t]+jour(?:[ \t]+le)?", "fr", "updated"),
    (r"(?:vigente|en[ \t]+vigor)[ \t]+desde|fecha[ \t]+de[ \t]+entrada[ \t]+en[ \t]+vigor", "es", "effective"),
    (r"[úu]ltima[ \t]+actualizaci[óo]n", "es", "updated"),
    (r"geldig[ \t]+(?:vanaf|per)|in[ \t]+werking(?:[ \t]+getreden)?[ \t]+(?:op|per|vanaf)|ingangsdatum", "nl",
     "effective"),
    (r"laatst[ \t]+(?:bijgewerkt|gewijzigd)(?:[ \t]+op)?", "nl", "updated"),
    (r"in[ \t]+vigore[ \t]+(?:dal|a[ \t]+partire[ \t]+dal)|data[ \t]+di[ \t]+entrata[ \t]+in[ \t]+vigore", "it",
     "effective"),
    (r"ultimo[ \t]+aggiornamento|ultima[ \t]+modifica", "it", "updated"),
    (r"em[ \t]+vigor[ \t]+(?:desde|a[ \t]+partir[ \t]+de)|data[ \t]+de[ \t]+vig[êe]ncia", "pt", "effective"),
    (r"[úu]ltima[ \t]+atualiza[çc][ãa]o", "pt", "updated"),
)
_LANGUAGES = tuple(dict.fromkeys(language for _, language, _ in _KEYWORDS))
_STAMPS = tuple((re.compile(_LEAD + f"(?:{pattern})" + _TAIL, re.I), language, kind)
                for pattern, language, kind in _KEYWORDS)
# How a stamp line starts, after its markup: most lines start otherwise, and are skipped before
# running the full patterns (a long policy has thousands of lines, its history thousands of versions).
_STARTS = ("last", "effective", "updated", "stand", "gültig", "gultig", "in kraft", "wirksam", "zuletzt", "letzte",
           "en vigueur", "date d", "dernière", "derniere", "vigente", "en vigor", "fecha", "última", "ultima",
           "ultimo", "geldig", "in werking", "ingangsdatum", "laatst", "in vigore", "data di", "em vigor", "data de")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})[./](?P<y>\d{4})$")
_DAY_MONTH = re.compile(r"^(?P<d>\d{1,2})\.?[ \t]+(?:de[ \t]+)?(?P<m>[^\W\d_]+)\.?,?[ \t]+(?:de[ \t]+)?(?P<y>\d{4})$")
_MONTH_DAY = re.compile(r"^(?P<m>[^\W\d_]+)\.?[ \t]+(?P<d>\d{1,2}),?[ \t]+(?P<y>\d{4})$")


@dataclass(frozen=True)
class StampLine:
    line: int  # 1-based, within the text given
    text: str
    day: dt.date | None  # the date it states, when it could be read
    kind: str = "updated"  # "effective": it names the day the text takes effect


@functools.lru_cache(maxsize=16)
def _months(language: str) -> dict[str, int]:
    """Month names and abbreviations (lower case, no dot) in a language, from Babel's data."""
    locale = Locale.parse(language)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                names[name.lower().rstrip(".")] = number
    if language == "en":
        names["sept"] = 9
    return names


def parse_typed_day(text: str, language: str = "en") -> dt.date | None:
    """The day a typed date names (`May 4, 2026`, `4. Mai 2026`, `2026-05-04`, `04.05.2026`), else None."""
    cleaned = re.sub(r"[*_`]", "", text).strip().rstrip(".").strip()
    cleaned = re.sub(r"(\d)(st|nd|rd|th|er)\b", r"\1", cleaned)
    try:
        if match := _ISO.match(cleaned):
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        if match := _NUMERIC.match(cleaned):
            first, second = int(match["a"]), int(match["b"])
            # 05/04/2026 is May 4 in English, 5 April elsewhere; 04.05.2026 is always 4 May.
            month, day = (first, second) if language == "en" and match["sep"] == "/" else (second, first)
            return dt.date(int(match["y"]), month, day)
        match = _DAY_MONTH.match(cleaned) or _MONTH_DAY.match(cleaned)
        if match:
            # The keyword's language first (`vigente desde` is Spanish and Portuguese), then the others.
            for names in map(_months, dict.fromkeys((language, "en", *_LANGUAGES))):
                month = names.get(match["m"].lower())
                if month:
                    return dt.date(int(match["y"]), month, int(match["d"]))
    except ValueError:  # 31 February and the like: not a date
        return None
    return None


def find_stamp_lines(body: str) -> list[StampLine]:
    """Lines that look like a typed stamp followed by a date (prose mentioning "effective" is ignored)."""
    return list(_stamp_lines(body))


# Each version's body is read for stamps up to three times (its dates, "announced", its findings).
@functools.lru_cache(maxsize=64)
def _stamp_lines(body: str) -> tuple[StampLine, ...]:
    found = []
    for number, text in enumerate(body.split("\n"), start=1):
        if not text.lstrip(" \t>*_#")[:12].lower().startswith(_STARTS):
            continue
        for pattern, language, kind in _STAMPS:
            match = pattern.match(text)
            day = parse_typed_day(match.group("rest"), language) if match else None
            if match and day is not None:
                found.append(StampLine(number, match.group(0).strip(), day, kind))
                break
    return tuple(found)


def typed_effective_day(body: str, published: dt.date) -> dt.date | None:
    """The day a typed effective line names, when it is on or after the day the text was published:
    then it is the version's effective date, exactly like `effective:` in the front matter."""
    for stamp in find_stamp_lines(body):
        if stamp.kind == "effective" and stamp.day is not None and stamp.day >= published:
            return stamp.day
    return None


def judge_stamp(stamp: StampLine, *, published: dt.date, effective: dt.date,
                previous: tuple[int, dt.date] | None = None) -> str | None:
    """Why a typed stamp contradicts its version's dates (the version `published` and taking effect
    on `effective`; `previous` is the version before it, its number and effective day), with advice
    that fits those dates; None when it agrees."""
    if stamp.day is None or stamp.day == effective or (stamp.kind == "updated" and stamp.day == published):
        return None
    said = f"the text says {stamp.text!r}"
    if stamp.day < published and previous is not None and stamp.day == previous[1]:
        return (f"{said}, left unchanged from version {previous[0]}, but this version was published on "
                f"{published}: type its effective day ({published} or later) or remove the line")
    if stamp.day < published:
        return (f"{said}, but this version was published on {published} and cannot take effect before that: "
                f"type {published} or a later day, or remove the line")
    if stamp.kind == "effective":
        return (f"{said}, but the front matter says 'effective: {effective}': make them agree, or remove "
                "one of them")
    return (f"{said}, but this version was published on {published} and takes effect on {effective}: "
            f"type one of those days or remove the line (the site prints the stamp)")
