"""Where readers object to an announced sub-processor (the `objections_contact` option): an email
address, a web address or a page of the site, read once and shown with every objection deadline.
No I/O here and no MkDocs."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")
_PAGE = re.compile(r"^(?P<path>[^#?\s]+\.md)(?P<anchor>#[^\s#]+)?$", re.I)
EXPECTED = ("an email address (dpo@example.com), a web address (https://example.com/objections) "
            "or a page of the site (objections.md)")


@dataclass(frozen=True)
class Contact:
    kind: Literal["email", "web", "page"]
    target: str  # the address; the web address; the page's docs path
    anchor: str = ""  # a page's "#section"

    def href(self, page_url: Callable[[str], str]) -> str:
        """The link: `mailto:`, the web address, or the page's site-relative address (`page_url`)."""
        if self.kind == "email":
            return f"mailto:{self.target}"
        if self.kind == "web":
            return self.target
        return page_url(self.target) + self.anchor

    def sentence(self, absolute_href: str) -> str:
        """The contact in plain words, for notices and feeds, whose links must be absolute."""
        if self.kind == "email":
            return f"To object, write to {self.target}."
        return f"How to object: {absolute_href}"


def read_contact(value: object) -> Contact:
    """The option's value as a Contact; a ValueError says what it must be instead."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be {EXPECTED} (got {value!r})")
    text = value.strip()
    address = text[len("mailto:"):] if text.lower().startswith("mailto:") else text
    if _EMAIL.match(address):
        return Contact("email", address)
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"\s", text):
        return Contact("web", text)
    page = _PAGE.match(text.lstrip("/"))
    if page and not parts.scheme and ".." not in page.group("path").split("/"):
        return Contact("page", posixpath.normpath(page.group("path")), page.group("anchor") or "")
    raise ValueError(f"must be {EXPECTED} (got {value!r})")
