"""Policies assembled from section files: `--8<-- "path"` lines replaced by the files they name."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from .errors import PolicyError

INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<path>[^"'\n]+)\1[ \t]*$""", re.M)
MAX_DEPTH = 8


def included_paths(body: str) -> list[str]:
    return [posixpath.normpath(m.group("path").strip()) for m in INCLUDE.finditer(body)]


def assemble_sections(body: str, path: str, read: Callable[[str], str | None], *, commit: str | None = None,
                      first_line: int = 0, seen: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """Return the body with every include replaced, and the section paths used, in order.

    `read(path)` gives a section's text (None when it does not exist); paths are relative to the
    policies folder. `first_line` is the number of file lines before `body`, for error lines."""
    sections: list[str] = []
    if "8<" not in body:
        return body, sections

    def include(match: re.Match[str]) -> str:
        target = posixpath.normpath(match.group("path").strip())
        line = first_line + body.count("\n", 0, match.start()) + 1
        if target.startswith("../") or target.startswith("/"):
            raise PolicyError(f"includes {target!r}, which is outside the policies folder", path, commit, line)
        if target in seen or target == path:
            raise PolicyError(f"includes {target!r} in a loop", path, commit, line)
        if len(seen) >= MAX_DEPTH:
            raise PolicyError("section includes nest too deeply", path, commit, line)
        text = read(target)
        if text is None:
            raise PolicyError(f"includes {target!r}, which does not exist", path, commit, line)
        sections.append(target)
        inner_text, inner = assemble_sections(text, target, read, commit=commit, seen=(*seen, path))
        sections.extend(inner)
        return inner_text.rstrip("\n")

    return INCLUDE.sub(include, body), sections
