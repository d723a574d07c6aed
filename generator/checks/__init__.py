"""Rules a policy change must pass before it is merged; plain Python, no MkDocs.

Each rule is a function `(CheckContext) -> Iterable[Finding]` registered under its name; mkdocs.yml
sets each rule to "error", "warning" or "off" (the `checks` option of the policy plugin)."""

from __future__ import annotations

from collections.abc import Iterable

from .base import CheckContext, Finding, Rule
from .content import check_links, check_raw_html, check_typed_stamps
from .dates import check_effective_in_past, check_effective_order, check_material_notice, check_review_due
from .divergence import check_render_divergence
from .entities import check_objections_contact, check_subprocessor_notice
from .metadata import check_front_matter, check_history, check_summary_required
from .translated import check_translation_behind

RULES: dict[str, Rule] = {
    "history": check_history,
    "front-matter": check_front_matter,
    "summary-required": check_summary_required,
    "effective-order": check_effective_order,
    "material-notice": check_material_notice,
    "subprocessor-notice": check_subprocessor_notice,
    "objections-contact": check_objections_contact,
    "effective-in-past": check_effective_in_past,
    "typed-stamp": check_typed_stamps,
    "review-due": check_review_due,
    "links": check_links,
    "raw-html": check_raw_html,
    "render-divergence": check_render_divergence,
    "translation-behind": check_translation_behind,
}
LEVELS = ("error", "warning", "off")
DEFAULT_LEVELS = {name: "error" for name in RULES} | {"review-due": "warning", "render-divergence": "warning",
                                                   "translation-behind": "warning", "objections-contact": "warning"}

__all__ = ["CheckContext", "DEFAULT_LEVELS", "Finding", "RULES", "resolve_levels", "run_checks"]


def resolve_levels(configured: dict[str, str]) -> dict[str, str]:
    """The defaults with mkdocs.yml's choices applied; an unknown rule or level is a ValueError."""
    unknown = sorted(set(configured) - set(RULES))
    if unknown:
        raise ValueError(f"unknown check(s) {', '.join(unknown)}; known: {', '.join(RULES)}")
    for name, level in configured.items():
        if level not in LEVELS:
            raise ValueError(f"check {name!r} must be one of {', '.join(LEVELS)} (got {level!r})")
    return DEFAULT_LEVELS | configured


def run_checks(context: CheckContext, levels: dict[str, str]) -> list[Finding]:
    """Every enabled rule's findings, with its level, ordered by file and line."""
    findings: list[Finding] = []
    for name, rule in RULES.items():
        if levels.get(name, "error") == "off":
            continue
        for found in _run(rule, context):
            owner = found.rule or name  # a finding passed on from another rule's reading is that rule's
            if levels.get(owner, "error") != "off":
                findings.append(found.at_level(owner, levels.get(owner, "error")))
    return sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.rule))


def _run(rule: Rule, context: CheckContext) -> Iterable[Finding]:
    return list(rule(context))
