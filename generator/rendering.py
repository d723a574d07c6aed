"""How policy text becomes HTML, chosen once per site: GitHub's rules (the default: what editors
approve in a pull request is what readers get) or the site's own Python-Markdown extensions."""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

import markdown

from .cache import digest
from .gfm import GithubMarkdown, Rendered

FLAVOURS = ("github", "site")
RENDERERS = ("markdown-it-py", "mdit-py-plugins", "Markdown", "pymdown-extensions")


class PolicyMarkdown:
    """Renders a policy body to HTML with its table of contents (Python-Markdown's toc_tokens shape)."""

    def __init__(self, flavour: str = "github", extensions: list[Any] | None = None,
                 extension_configs: dict[str, Any] | None = None) -> None:
        if flavour not in FLAVOURS:
            raise ValueError(f"markdown: {flavour!r} is not one of {', '.join(FLAVOURS)}")
        self.flavour = flavour
        self._extensions = list(extensions or [])
        self._configs = dict(extension_configs or {})
        self._site: markdown.Markdown | None = None
        # Definition lists are not GitHub's: only a site that asks for them (def_list) gets them.
        self._github = None
        if flavour == "github":
            self._github = GithubMarkdown(permalink=_permalink(self._configs),
                                          definition_lists=_uses(self._extensions, "def_list"))

    def render(self, text: str) -> Rendered:
        if self._github is not None:
            return self._github.render(text)
        if self._site is None:
            self._site = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
        md = self._site.reset()
        html = md.convert(text)
        return Rendered(html=html, toc=list(getattr(md, "toc_tokens", [])))

    def __call__(self, text: str) -> str:
        return self.render(text).html

    def fingerprint(self) -> str:
        """What decides a rendering besides its text: the flavour, the site's Markdown configuration
        (objects by their name) and the renderers' versions."""
        def name(value: object) -> str:
            return getattr(value, "__qualname__", type(value).__name__)
        settings = json.dumps([self.flavour, self._extensions, self._configs], sort_keys=True, default=name)
        return digest(settings, *(_version(p) for p in RENDERERS))


def _permalink(configs: dict[str, Any]) -> bool | str:
    """The site's `toc: permalink:` setting, so headings look the same whichever renderer made them."""
    toc = configs.get("toc") or {}
    value = toc.get("permalink", False) if isinstance(toc, dict) else False
    return value if isinstance(value, bool | str) else bool(value)


def _uses(extensions: list[Any], name: str) -> bool:
    """Does the site's `markdown_extensions` list name this extension (short or dotted name)?"""
    return any(isinstance(e, str) and e.rsplit(".", 1)[-1] == name for e in extensions)


def _version(package: str) -> str:
    try:
        return f"{package}=={metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package} missing"
