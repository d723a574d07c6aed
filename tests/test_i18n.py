"""The catalogs: every message our templates and views use is translated, placeholders kept; English fallback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from generator.i18n import LOCALE_DIR, has_catalog, translations

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
_SLOTS = re.compile(r"%\(\w+\)s|\{\w+\}")


def _used_messages() -> set[str]:
    found = set()
    for template in sorted((PACKAGE / "templates" / "policy").glob("*.html")):
        found |= {m[1] if isinstance(m[1], str) else m[1][0] for m in extract_from_file(babel_extract, template)}
    for module in ("views.py", "pages.py", "entity_changes.py", "recent.py", "announced.py"):
        found |= {m[1] if isinstance(m[1], str) else m[1][0] for m in extract_from_file("python", PACKAGE / module)}
    return found


@pytest.mark.parametrize("language", ["de", "ja"])
def test_a_catalog_translates_every_message_and_keeps_its_placeholders(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "policy.po").open("rb") as source:
        catalog = read_po(source)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    used = _used_messages()
    assert len(used) > 80
    assert used - set(entries) == set(), "messages without a translation"
    for key in used:
        entry = entries[key]
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings) and not entry.fuzzy, key
        for text in strings:
            assert set(_SLOTS.findall(text)) == set(_SLOTS.findall(key)), (key, text)


def test_plural_forms_follow_the_language():
    german, japanese = translations("de"), translations("ja")
    one, many = "%(num)s word inserted,", "%(num)s words inserted,"
    assert german.ngettext(one, many, 1) == "%(num)s Wort eingefügt,"
    assert german.ngettext(one, many, 3) == "%(num)s Wörter eingefügt,"
    assert japanese.ngettext(one, many, 1) == japanese.ngettext(one, many, 3) == "%(num)s語を追加、"


def test_a_language_without_a_catalog_falls_back_to_english_and_a_region_to_its_language():
    assert not has_catalog("fr") and translations("fr").gettext("History") == "History"
    assert has_catalog("de-AT") and translations("de-AT").gettext("History") == "Versionsverlauf"
