"""Split one version's source into YAML front matter and body, and validate the front matter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .dates import parse_day

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_MAX_DEPTH = 20
# libyaml's safe loader when PyYAML has it (it does in its wheels): the same rules, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")

# Keys this project defines, with their types; the theme's own keys pass through untouched.
POLICY_KEYS = {"title", "id", "effective", "summary", "material", "reviewed", "policy", "translation_of", "kind"}
THEME_KEYS = {"template", "hide", "search", "description", "icon", "status", "tags", "subtitle", "comments"}


class FrontMatterError(ValueError):
    """The front matter cannot be read; the message says why, with its line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    title: str | None
    id: str | None
    effective: dt.date | None
    summary: str | None
    material: bool
    reviewed: dt.date | None
    is_policy: bool
    raw: dict[str, Any]
    unknown_keys: tuple[str, ...]
    translation_of: int | None = None  # a translation: the controlling version it matches


def split_source(text: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter mapping, body, number of lines the front matter block used)."""
    match = _FENCE.match(text)
    if not match:
        if re.match(r"\A---[ \t]*\r?\n", text):
            raise FrontMatterError("front matter starts with '---' on line 1 but is never closed by a "
                                   "'---' line; close it (or remove the opening line)", 1)
        return {}, text, 0
    data = _load_yaml(match.group(1))
    used = text[: match.end()].count("\n")
    return data, text[match.end():], used


def _load_yaml(block: str) -> dict[str, Any]:
    try:
        # Aliases are refused outright: legal front matter never needs them, and they are how
        # "billion laughs" documents blow up memory.
        depth = 0
        for event in yaml.parse(block, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError("YAML aliases (*name) are not allowed in front matter")
            # PyYAML builds nested values recursively, slower and slower with depth: stop early.
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _MAX_DEPTH:
                    raise FrontMatterError(f"front matter nests more than {_MAX_DEPTH} levels deep",
                                           event.start_mark.line + 2)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        data = yaml.load(block, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else None
        if "nesting depth" in str(exc.problem):  # libyaml's own limit, met before ours
            raise FrontMatterError(f"front matter nests more than {_MAX_DEPTH} levels deep", line) from None
        raise FrontMatterError(f"front matter is not valid YAML: {exc.problem}", line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"front matter is not valid YAML: {exc}") from None
    except FrontMatterError:
        raise
    except (ValueError, OverflowError, RecursionError) as exc:
        # PyYAML's constructors raise plain errors for values that parse but cannot exist,
        # such as `effective: 2023-02-30` or nesting deeper than Python's stack.
        raise FrontMatterError(f"front matter has a value that cannot be read: {_describe(exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a mapping of keys to values", 2)
    return data


def load_yaml(block: str) -> dict[str, Any]:
    """A YAML mapping read with the front matter's safeguards (no aliases, bounded depth)."""
    return _load_yaml(block)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    return str(exc) or type(exc).__name__


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise FrontMatterError(f"'{key}' must be text (got {type(value).__name__})")
    text = str(value).strip()
    return text or None


def _day(data: dict[str, Any], key: str) -> dt.date | None:
    if data.get(key) is None:
        return None
    try:
        day = parse_day(data[key])
    except ValueError as exc:
        raise FrontMatterError(f"'{key}' {exc}") from None
    if not 1900 <= day.year <= 2999:
        raise FrontMatterError(f"'{key}' is out of range (got {day.isoformat()})")
    return day


def _flag(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise FrontMatterError(f"'{key}' must be true or false (got {value!r})")
    return value


def read_front_matter(data: dict[str, Any]) -> FrontMatter:
    """Validate the keys this project defines; raise FrontMatterError naming the key."""
    policy_id = _text(data, "id")
    if policy_id is not None and not ID_PATTERN.match(policy_id):
        raise FrontMatterError(
            f"'id' must be lowercase letters, digits, '.', '_' or '-' (got {policy_id!r})")
    unknown = tuple(sorted(str(k) for k in data if k not in POLICY_KEYS | THEME_KEYS))
    return FrontMatter(
        title=_text(data, "title"),
        id=policy_id,
        effective=_day(data, "effective"),
        summary=_text(data, "summary"),
        material=_flag(data, "material", False),
        reviewed=_day(data, "reviewed"),
        is_policy=_flag(data, "policy", True),
        raw=data,
        unknown_keys=unknown,
        translation_of=_version_number(data, "translation_of"),
    )


def _version_number(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FrontMatterError(f"'{key}' must be a version number of the controlling policy (got {value!r})")
    return value
