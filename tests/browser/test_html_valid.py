"""The built site is valid HTML by the Nu HTML Checker, apart from a short list of the theme's own errors."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.browser.needs import java, vnu_jar

pytestmark = pytest.mark.browser

# (message pattern, where it may occur, why it is accepted). Each is Material's markup, not ours.
KNOWN_THEME_ERRORS = [
    # Material's hidden toggles (drawer, search) carry autocomplete="off" so that Firefox does not
    # restore a checked state on reload; the attribute is invalid on checkboxes but harmless.
    (re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),
     re.compile(r'<input class="md-toggle"')),
    # Material's table of contents labels the nav's "__toc" toggle, which the theme only renders for
    # pages in the navigation; the archived versions and redlines are deliberately not in it.
    (re.compile(r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden"),
     re.compile(r'<label class="md-nav__title" for="__toc">')),
]


def is_known(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(pattern.search(text) and where.search(extract) for pattern, where in KNOWN_THEME_ERRORS)


def run_vnu(site_dir: Path) -> list[dict]:
    result = subprocess.run([java(), "-jar", str(vnu_jar()), "--skip-non-html", "--errors-only",
                             "--format", "json", str(site_dir)], capture_output=True, text=True, check=False)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stderr[-2000:]}")


def describe(message: dict, site_dir: Path) -> str:
    where = message.get("url", "?").replace(f"file:{site_dir}", "")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{message.get('lastLine', '?')}: {message['message']}\n    {extract}"


def test_site_is_valid_html(site_dir: Path) -> None:
    assert any(site_dir.rglob("*.html"))
    messages = run_vnu(site_dir)
    errors = [m for m in messages if not is_known(m)]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(describe(m, site_dir) for m in errors[:20])
