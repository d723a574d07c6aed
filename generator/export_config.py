"""The mkdocs.yml of an exported docs tree: the site's own configuration without the `policy` plugin,
pointing at the exported tree, with our stylesheets, scripts and a template override for `<head>`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

OVERRIDES = "overrides"
HEAD_BLOCK = """
{#- policy export: the feeds and languages the policy plugin puts in <head>. -#}
{% block extrahead %}
  {{ super() }}
  {%- if page is defined and page.meta is defined and page.meta.policy_links is defined %}
  {%- for link in page.meta.policy_links %}
  <link rel="{{ link.rel }}"{% if link.type %} type="{{ link.type }}"{% endif %}
    {%- if link.hreflang %} hreflang="{{ link.hreflang }}"{% endif %}
    {%- if link.title %} title="{{ link.title }}"{% endif %} href="{{ link.href }}">
  {%- endfor %}
  {%- else %}{# any other page names the site's feeds, as the plugin's pages do #}
  {%- for file, type, name in [["atom.xml", "application/atom+xml", "ATOM"], ["rss.xml", "application/rss+xml", "RSS"],
                               ["json", "application/feed+json", "JSON"]] %}
  <link rel="alternate feed" type="{{ type }}" title="{{ config.site_name }}: policy changes ({{ name }})"
    href="{{ ("feeds/all." ~ file) | url }}">
  {%- endfor %}
  {%- endif %}
{% endblock %}
"""
MAIN = ('{#- policy export: the theme\'s main.html with the policy plugin\'s <head> links. -#}\n'
        '{% extends "base.html" %}\n')


class Tagged:
    """A YAML value with a tag the safe loader does not know (`!ENV`, `!!python/name:`), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


def _represent(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct)
_Dumper.add_representer(Tagged, _represent)


def load_raw(path: Path) -> dict[str, Any]:
    """mkdocs.yml as written, tags kept."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 (a safe loader)


def dump(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def export_config(config: dict[str, Any], assets: list[str], nav: list[Any] | None,
                  not_in_nav: list[str] = ()) -> dict[str, Any]:
    """The exported tree's configuration: docs in `docs/`, the site in `site/`, no `policy` plugin;
    pages the plugin keeps out of the navigation are `not_in_nav` (MkDocs' validation of omitted files)."""
    new = dict(config)
    new["docs_dir"] = "docs"
    new["site_dir"] = "site"
    plugins = config.get("plugins")
    if isinstance(plugins, list):
        new["plugins"] = [p for p in plugins if _plugin_name(p) != "policy"]
    elif isinstance(plugins, dict):
        new["plugins"] = {k: v for k, v in plugins.items() if k != "policy"}
    new["extra_css"] = [*config.get("extra_css", []), *(a for a in assets if a.endswith(".css"))]
    new["extra_javascript"] = [*config.get("extra_javascript", []), *(a for a in assets if a.endswith(".js"))]
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = OVERRIDES
    # Zensical's own look is its "modern" variant; "classic" is Material's, which the site was made for.
    theme.setdefault("variant", "classic")
    new["theme"] = theme
    if nav is not None and "nav" not in config:
        new["nav"] = nav
    if not_in_nav:
        patterns = [line for line in str(config.get("not_in_nav") or "").splitlines() if line.strip()]
        new["not_in_nav"] = "\n".join([*patterns, *(f"/{src}" for src in not_in_nav)]) + "\n"
    return new


def write_overrides(custom_dir: Path | None, out: Path) -> str | None:
    """The site's own template overrides, plus our `<head>` block in main.html. Returns a note when the
    block cannot be added (the site's main.html has its own `extrahead`)."""
    target = out / OVERRIDES
    if custom_dir is not None and custom_dir.is_dir():
        shutil.copytree(custom_dir, target, dirs_exist_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    main = target / "main.html"
    text = main.read_text(encoding="utf-8") if main.is_file() else MAIN
    if "block extrahead" in text:
        return ("feed autodiscovery, hreflang and per-page lang: the site's main.html has its own "
                "`extrahead` block, so the export does not add them")
    main.write_text(text.rstrip("\n") + "\n" + HEAD_BLOCK, encoding="utf-8")
    return None
