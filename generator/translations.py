"""Translations beside their policy (`privacy.de.md` beside `privacy.md`): which policies are
translations, which controlling version each translation version matches, and how far behind it is.

A translation is a policy of its own (versions, addresses, redlines, feeds) that names the
controlling policy it translates. Each of its versions matches a controlling version: the one its
front matter declares (`translation_of: 3`), else the newest controlling version published at or
before the translation's commit. The controlling policy's text governs; a translation is `current`
when the version it shows matches the controlling version in force (or a later, announced one),
else `behind`."""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from typing import Literal

from babel import Locale, UnknownLocaleError

from .model import Policy, Version

TranslationStatus = Literal["current", "behind"]
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
_SUFFIXES = (".md", ".markdown")


def split_language(path: str, languages: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """`legal/privacy.de.md` -> (`legal/privacy.md`, `de`); None when the name carries no language.

    Only a language Babel knows counts, so `terms.old.md` or `v1.2.md` stay policies of their own;
    `languages`, when given, are the only suffixes that count (the site's `translations` option)."""
    stem, ext = posixpath.splitext(path)
    if ext not in _SUFFIXES:
        return None
    base, dot, language = stem.rpartition(".")
    if not dot or not base or posixpath.basename(base) == "" or not _LANGUAGE.match(language):
        return None
    if languages is not None and language not in languages:
        return None
    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    return base + ext, language


def link_translations(policies: list[Policy], languages: tuple[str, ...] | None = None) -> list[Policy]:
    """Mark the policies that are translations of another, and date-match each of their versions."""
    by_path = {path: p for p in policies for path in (p.source, *p.paths)
               if split_language(p.source, languages) is None}
    result = []
    for policy in policies:
        parts = split_language(policy.source, languages)
        controlling = by_path.get(parts[0]) if parts else None
        if parts is None or controlling is None:
            result.append(policy)
            continue
        versions = tuple(replace(v, translation_of=matched_version(v, controlling)) for v in policy.versions)
        result.append(replace(policy, language=parts[1], translates=controlling.id, versions=versions))
    return result


def matched_version(version: Version, controlling: Policy) -> int | None:
    """The controlling version a translation version matches: declared, else inferred from dates."""
    if version.translation_of is not None:
        return min(version.translation_of, len(controlling.versions)) if controlling.versions else None
    published = [v.number for v in controlling.versions if v.published <= version.published]
    return published[-1] if published else None


def translation_status(translation: Policy, controlling: Policy) -> TranslationStatus:
    """`current` when the translation's shown version matches the controlling text in force."""
    matched = translation.shown.translation_of
    target = controlling.shown.number
    return "current" if matched is not None and matched >= target else "behind"


def missing_versions(translation: Policy, controlling: Policy) -> tuple[Version, ...]:
    """The controlling versions (up to the one in force) that the translation does not include yet."""
    matched = translation.shown.translation_of or 0
    return tuple(v for v in controlling.versions if matched < v.number <= controlling.shown.number)
