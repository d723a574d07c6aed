"""The words this project adds to a page (labels, banners, headings), in the page's language.

gettext catalogs ship as `.po` files in `generator/locale/<lang>/LC_MESSAGES/policy.po` and are read
with Babel when first asked for, compiled in memory: nothing to compile at install. English is the
language of the messages themselves, so a language without a catalog falls back to English."""

from __future__ import annotations

import functools
import gettext
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
