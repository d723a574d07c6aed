"""Findings as text for people (`file:line: rule: message`) or as GitHub workflow annotations."""

from __future__ import annotations

from collections.abc import Callable

from .base import Finding

PathMapper = Callable[[str], str]


def format_text(finding: Finding, repo_path: PathMapper) -> str:
    where = repo_path(finding.path) if finding.path else "mkdocs.yml"
    if finding.line:
        where = f"{where}:{finding.line}"
    label = finding.rule if finding.level == "error" else f"{finding.rule} (warning)"
    return f"{where}: {label}: {finding.message}"


def format_github(finding: Finding, repo_path: PathMapper) -> str:
    """`::error file=...,line=...,title=rule::message` (`::warning` for warnings)."""
    props = []
    if finding.path:
        props.append(f"file={_property(repo_path(finding.path))}")
    if finding.line:
        props.append(f"line={finding.line}")
    props.append(f"title={_property(finding.rule)}")
    command = "error" if finding.level == "error" else "warning"
    return f"::{command} {','.join(props)}::{_data(finding.message)}"


def summarize(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.level == "error")
    warnings = len(findings) - errors
    if not findings:
        return "policy check: no problems found"
    return f"policy check: {errors} error(s), {warnings} warning(s)"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
