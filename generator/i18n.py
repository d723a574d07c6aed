"""The words this project adds to a page (labels, banners, headings), in the page's language.

gettext catalogs ship as `.po` files in `generator/locale/<lang>/LC_MESSAGES/policy.po` and are read
with Babel when first asked for, compiled in memory: nothing to compile at install. English is the
language of the messages themselves, so a language without a catalog falls back to English.

The theme's own words (search, table of contents, footer) come from the theme; this module only
says which of its languages a page asks for."""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterable, Mapping
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "policy"
SOURCE_LANGUAGE = "en"  # the language the messages are written in, and the fallback


def catalog_path(language: str) -> Path | None:
    """The catalog for `pt-BR`: `pt_BR`'s if there is one, else `pt`'s; None when neither exists."""
    code = language.replace("-", "_")
    for candidate in (code, code.split("_")[0]):
        path = LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


def has_catalog(language: str) -> bool:
    return catalog_path(language) is not None


@functools.lru_cache(maxsize=32)
def translations(language: str) -> gettext.NullTranslations:
    """The messages for a language: its catalog (fuzzy entries left out), else English."""
    path = catalog_path(language)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=path.parents[1].name, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # skips fuzzy and untranslated entries: they stay English
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def words_in(language: str) -> tuple[gettext.NullTranslations, str | None]:
    """Our words for a page in `language`, and the `lang` they need where it is not the page's.

    A page speaks its language when there is a catalog for it, the controlling language's pages too
    (a German site's are German); else our words stay English, marked as English where the page's
    `<html lang>` says otherwise. English pages have no catalog: byte for byte as before catalogs."""
    if has_catalog(language):
        return translations(language), None
    same = language.replace("_", "-").split("-")[0] == SOURCE_LANGUAGE
    return gettext.NullTranslations(), None if same else SOURCE_LANGUAGE


def theme_languages(dirs: Iterable[str]) -> dict[str, str]:
    """The languages a theme has its own words for (Material's `partials/languages/<code>.html`, and any a
    site's `custom_dir` adds): each code by its lower-case form, as file names spell it."""
    found: dict[str, str] = {}
    for folder in dirs:
        for path in sorted((Path(folder) / "partials" / "languages").glob("*.html")):
            found.setdefault(path.stem.lower(), path.stem)
    return found


def theme_language(language: str, available: Mapping[str, str]) -> str | None:
    """The theme's words for `pt_BR`: its `pt-BR` if the theme has them, else its `pt`; None when neither
    exists (the page keeps the site's own theme language)."""
    code = language.replace("_", "-").lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in available:
            return available[candidate]
    return None
