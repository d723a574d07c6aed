"""Translations of a policy (`privacy.de.md` beside `privacy.md`, `de/privacy.md` beside
`en/privacy.md`, `privacy/de.md` beside `privacy/en.md`): which policies are translations, which
controlling version each translation version matches, and how far behind it is.

A translation is a policy of its own (versions, addresses, redlines, feeds) that names the
controlling policy it translates. Each of its versions matches a controlling version: the one its
front matter declares (`translation_of: 3`), else the newest controlling version published at or
before the translation's commit. The controlling policy's text governs; a translation is `current`
when the version it shows matches the controlling version in force (or a later, announced one),
else `behind`."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from babel import Locale, UnknownLocaleError

from .model import Policy, Version
from .urls import default_policy_id

TranslationStatus = Literal["current", "behind"]
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
_SUFFIXES = (".md", ".markdown")
DEFAULT_LANGUAGE = "en"  # the controlling language when the site names none


def split_language(path: str, languages: tuple[str, ...] | None = None,
                   controlling: str = DEFAULT_LANGUAGE) -> tuple[str, str] | None:
    """The controlling file a translation translates, and its language; None for a file that is not
    a translation. Three layouts real repositories use:

    - a suffix: `legal/privacy.de.md` -> (`legal/privacy.md`, `de`);
    - a folder per language: `de/privacy.md` -> (`en/privacy.md`, `de`) when `en` is the controlling
      language (the folder may sit anywhere in the path: `legal/de/privacy.md`);
    - a folder per document: `privacy/de.md` -> (`privacy/en.md`, `de`).

    Only a language Babel knows counts, so `terms.old.md` or `v1.2.md` stay policies of their own;
    `languages`, when given, are the only codes that count (the site's `translations` option). The
    history makes a file a translation only when its controlling file is a policy too, so a folder
    that happens to look like a language code (`it/`) stays what it was without one."""
    stem, ext = posixpath.splitext(path)
    if ext not in _SUFFIXES:
        return None
    base, dot, language = stem.rpartition(".")
    if dot and base and posixpath.basename(base) and _is_language(language, languages, None):
        return base + ext, language
    folder, name = posixpath.split(stem)
    if folder and _is_language(name, languages, controlling):
        return f"{folder}/{controlling}{ext}", name
    parts = folder.split("/") if folder else []
    for index, part in enumerate(parts):
        if _is_language(part, languages, controlling):
            return "/".join([*parts[:index], controlling, *parts[index + 1:], name]) + ext, part
    return None


def translation_layouts(paths: Iterable[str], languages: tuple[str, ...] | None = None,
                        controlling: str = DEFAULT_LANGUAGE) -> dict[str, set[str]]:
    """The layouts a tree's translations use (`suffix`, `folder-per-language`, `folder-per-document`),
    each with its languages: what `policy init` reports. A file counts only beside its controlling file."""
    present = set(paths)
    found: dict[str, set[str]] = {}
    for path in sorted(present):
        parts = split_language(path, languages, controlling)
        if parts is None or parts[0] not in present:
            continue
        stem = posixpath.splitext(path)[0]
        layout = ("suffix" if stem.endswith(f".{parts[1]}") else
                  "folder-per-document" if posixpath.basename(stem) == parts[1] else "folder-per-language")
        found.setdefault(layout, set()).add(parts[1])
    return found


def _is_language(code: str, languages: tuple[str, ...] | None, controlling: str | None) -> bool:
    """A language code Babel knows, allowed by the site's `translations`, other than `controlling`."""
    if not _LANGUAGE.match(code) or (controlling is not None and _same_language(code, controlling)):
        return False
    if languages is not None and code not in languages:
        return False
    return _known(code)


def _same_language(one: str, other: str) -> bool:
    return one.lower().replace("_", "-") == other.lower().replace("_", "-")


@functools.lru_cache(maxsize=1024)
def _known(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def link_translations(policies: list[Policy], languages: tuple[str, ...] | None = None,
                      controlling_language: str = DEFAULT_LANGUAGE) -> list[Policy]:
    """Mark the policies that are translations of another, and date-match each of their versions."""
    split = functools.partial(split_language, languages=languages, controlling=controlling_language)
    by_path = {path: p for p in policies for path in (p.source, *p.paths) if split(p.source) is None}
    taken = {p.id for p in policies}
    result = []
    for policy in policies:
        parts = split(policy.source)
        controlling = by_path.get(parts[0]) if parts else None
        if parts is None or controlling is None:
            result.append(policy)
            continue
        # In a folder layout (`de/privacy.md`) a translation's id from its path would be `de-privacy`;
        # its addresses follow the suffix layout's scheme instead (`versions/<id>.<lang>/`).
        policy_id = policy.id
        if policy.id == default_policy_id(policy.paths[0]) and f"{controlling.id}.{parts[1]}" not in taken:
            policy_id = f"{controlling.id}.{parts[1]}"
            taken.add(policy_id)
        versions = tuple(replace(v, policy_id=policy_id, translation_of=matched_version(v, controlling))
                         for v in policy.versions)
        result.append(replace(policy, id=policy_id, language=parts[1], translates=controlling.id,
                              versions=versions))
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
