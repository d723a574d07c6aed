"""A policy kept as data (`policies/<name>.yml`): validated against its JSON Schema, then written
out as the Markdown a reader sees (a heading, the intro, one table per group, the notes), so its
versions, redlines and feeds are made exactly like those of a policy written in Markdown."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jsonschema

from .entities import LABELS, Entity, make_entity
from .frontmatter import FrontMatter, FrontMatterError, load_yaml, read_front_matter

DATA_SUFFIXES = (".yml", ".yaml")
SCHEMA_NAME = "subprocessors.schema.json"
DEFAULT_TITLE = "Sub-processors"
# Columns of the table, in order; a column only appears when some entry fills it. An entry's start
# date sits beside its name: a column that comes and goes with each announcement would make every
# row of the table look changed in the redline.
COLUMNS = ("name", "purpose", "locations", "data_categories", "transfer_mechanism")
Mark = Callable[[dict[str, Any]], str | None]  # an entry -> what follows its name, or None: its start day


@dataclass(frozen=True)
class DataFile:
    front: FrontMatter
    body: str  # the Markdown a reader sees
    entities: tuple[Entity, ...]


class DataFileError(ValueError):
    """A data file that does not match the schema; the message names the entry and the field."""


def is_data_path(path: str) -> bool:
    return path.lower().endswith(DATA_SUFFIXES)


def looks_like_data_policy(text: str) -> bool:
    """A YAML file in the policies folder is a policy when it has a top-level `entries:` key."""
    return any(line.startswith("entries:") for line in text.splitlines())


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("generator").joinpath("schemas", SCHEMA_NAME).read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    return cls(schema(), format_checker=cls.FORMAT_CHECKER)


def read_data_file(text: str) -> DataFile:
    """Validate a data file's text and make its Markdown; raise DataFileError or FrontMatterError."""
    try:
        data = load_yaml(text)
    except FrontMatterError as exc:
        raise FrontMatterError(str(exc).replace("front matter", "the data file"), exc.line) from None
    plain = _as_json(data)
    errors = sorted(_validator().iter_errors(plain), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        raise DataFileError(describe_error(errors[0], plain))
    entries = plain.get("entries", [])
    entities = tuple(make_entity(entry) for entry in entries)
    title = plain.get("title") or DEFAULT_TITLE
    front = read_front_matter({k: data[k] for k in ("title", "id", "effective", "summary", "material", "reviewed")
                               if k in data} | {"title": title})
    return DataFile(front=front, body=render_markdown(title, plain, entries), entities=entities)


def _as_json(value: Any) -> Any:
    """YAML's dates become ISO strings, as JSON (and the schema) know them."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def describe_error(error: jsonschema.ValidationError, data: dict[str, Any]) -> str:
    """`entry 3 (Corvid Inference Inc.): 'purpose' is missing` rather than a schema path."""
    path = list(error.absolute_path)
    where = "the data file"
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        entry = data["entries"][path[1]]
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"entry {path[1] + 1}" + (f" ({name})" if isinstance(name, str) and name.strip() else "")
        path = path[2:]
    field = ".".join(str(p) for p in path)
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return f"{where}: '{missing[0]}' is missing (every entry needs {', '.join(error.validator_value)})"
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{where}: unknown field {', '.join(repr(e) for e in extra)} (known: {allowed})"
    if error.validator == "format" and error.validator_value == "date":
        return f"{where}: '{field}' must be a day as YYYY-MM-DD (got {error.instance!r})"
    if error.validator in ("oneOf", "pattern", "minLength", "type", "minItems"):
        return f"{where}: '{field}' {_expectation(field)} (got {error.instance!r})"
    return f"{where}: '{field}': {error.message}"


def _expectation(field: str) -> str:
    if field == "website":
        return "must be an http(s) address"
    if field in ("locations", "data_categories"):
        return "must be text or a list of texts"
    if field == "entries":
        return "must be a list of entries"
    return "must be non-empty text"


def render_markdown(title: str, data: dict[str, Any], entries: list[dict[str, Any]]) -> str:
    parts = [f"# {title}"]
    if data.get("intro"):
        parts.append(data["intro"].strip())
    parts.append(render_tables(entries))
    if data.get("notes"):
        parts.append(data["notes"].strip())
    return "\n\n".join(parts) + "\n"


def render_tables(entries: Sequence[dict[str, Any]], mark: Mark | None = None) -> str:
    """One table per group, each under its heading. `mark` may give an entry's name cell the words
    that follow the name instead of its start day (announced.py marks announced entries with it)."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for entry in entries:
        groups.setdefault(entry.get("group"), []).append(entry)
    columns = [c for c in COLUMNS if c == "name" or any(e.get(c) for e in entries)]
    parts = []
    for group, members in groups.items():
        if group:
            parts.append(f"## {_cell(group)}")
        parts.append(_table(columns, members, mark))
    return "\n\n".join(parts)


def _table(columns: list[str], entries: list[dict[str, Any]], mark: Mark | None) -> str:
    rows = ["| " + " | ".join(LABELS[c] for c in columns) + " |", "|" + "---|" * len(columns)]
    for entry in entries:
        cells = []
        for column in columns:
            value = entry.get(column)
            if column == "name":
                name = f"[{_cell(value)}]({entry['website']})" if entry.get("website") else _cell(value)
                marked = mark(entry) if mark else None
                if marked is not None:
                    cells.append(name + marked)
                else:
                    cells.append(f"{name} (from {entry['effective']})" if entry.get("effective") else name)
            elif isinstance(value, list):
                cells.append("; ".join(_cell(v) for v in value))
            else:
                cells.append(_cell(value) if value else "\u2014")
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _cell(value: Any) -> str:
    text = " ".join(str(value).split())
    for char in "\\|*_[]<>`":
        text = text.replace(char, "\\" + char)
    return text
