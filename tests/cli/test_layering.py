"""The rules and verify are plain Python: only the CLI and project.py may import MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
PLAIN = sorted((GENERATOR / "checks").glob("*.py")) + [GENERATOR / n for n in ("verify.py", "notify.py", "channels.py",
                                                                                  "export.py", "export_config.py")]


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(f"generator.{node.module}" if node.level == 1 else node.module)
    return names


@pytest.mark.parametrize("path", PLAIN, ids=lambda p: p.name)
def test_no_mkdocs_in_the_rules(path):
    forbidden = {n for n in imported(path) if n.split(".")[0] in ("mkdocs", "material")}
    forbidden |= {n for n in imported(path) if n in ("plugin", "config", "project", "cli")}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"
