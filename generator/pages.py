"""The model -> the site's pages: which pages exist, their addresses, and what each one shows.

Plain data for templates (dicts of strings and lists); the front end turns them into files."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import unescape as html_unescape
from urllib.parse import quote, unquote

import yaml

from . import urls
from .contact import Contact
from .dates import display_date
from .i18n import translations
from .model import History, Policy, Version
from .subscribe import SubscribeForm

KINDS = ("current", "version", "history", "redline", "compare", "changes")


@dataclass(frozen=True)
class PageSpec:
    """One page the generator adds (or takes over, for a current policy page)."""

    src_uri: str
    kind: str
    title: str
    policy_id: str | None = None
    number: int | None = None
    markdown: str = ""
    generated: bool = True


@dataclass
class Site:
    """The published history with its addresses and language."""

    history: History
    directory_urls: bool = True
    locale: str = "en"
    name: str = ""
    url: str = ""
    compare_current: bool = True
    email_subscribe_url: str | None = None
    email_subscribe: SubscribeForm | None = None  # a sign-up form instead of the link above
    websub_hub: str | None = None  # a WebSub hub every Atom and RSS feed names (notify: websub: hub:)
    pdf: bool = False  # each version also as a PDF, beside its page
    language: str = ""  # the controlling language (default: the locale's language)
    objections_contact: Contact | None = None  # where readers object to an announced sub-processor
    rows: dict[str, list[dict]] = field(default_factory=dict, repr=False)  # views' per-build memo
    theme_languages: Mapping[str, str] = field(default_factory=dict, repr=False)  # see i18n.theme_languages

    def __post_init__(self) -> None:
        self.language = self.language or self.locale.split("_")[0]
        self._locales = {p.id: p.language.replace("-", "_") for p in self.history.policies if p.language}

    # -- languages -----------------------------------------------------------------------------
    def locale_of(self, policy_id: str | None) -> str:
        """The locale a policy's dates are shown in: its translation's language, else the site's."""
        return self._locales.get(policy_id or "", self.locale)

    def language_of(self, policy: Policy) -> str:
        return policy.language or self.language

    # -- addresses -----------------------------------------------------------------------------
    def url_of(self, src_uri: str) -> str:
        return urls.page_url(src_uri, self.directory_urls)

    def current_url(self, policy: Policy) -> str:
        return self.url_of(policy.source)

    def history_url(self, policy: Policy) -> str:
        return self.url_of(urls.history_src(policy.id))

    def version_url(self, version: Version) -> str:
        return self.url_of(urls.version_src(version.policy_id, version.number))

    def pdf_url(self, version: Version) -> str | None:
        return urls.version_pdf(version.policy_id, version.number) if self.pdf else None

    def permanent_url(self, version: Version) -> str:
        """The version page's address as readers cite it: absolute when the site has a `site_url`."""
        return urls.absolute_url(self.url, self.version_url(version))

    def redline_url(self, version: Version) -> str | None:
        return self.url_of(urls.redline_src(version.policy_id, version.number)) if version.number > 1 else None

    def compare_url(self, policy: Policy, version: Version) -> str | None:
        shown = policy.shown
        if not self.compare_current or version.number == shown.number:
            return None
        return self.url_of(urls.compare_current_src(version.policy_id, version.number))

    def data_url(self, policy: Policy, version: Version | None = None) -> str | None:
        """The JSON of a list's entries (None for a policy that is not a list)."""
        shown = version or policy.shown
        if shown.entities is None:
            return None
        return urls.data_path(policy.id, version.number if version else None)

    def changes_url(self) -> str:
        return self.url_of(urls.CHANGES_PAGE)

    def objections_url(self) -> str | None:
        """Where readers object: `mailto:`, a web address, or a page's site-relative address."""
        contact = self.objections_contact
        return contact.href(self.url_of) if contact else None

    # -- pages ---------------------------------------------------------------------------------
    def page_specs(self) -> list[PageSpec]:
        _ = translations(self.language).gettext
        specs = [PageSpec(urls.CHANGES_PAGE, "changes", _("What's changed"))]
        for policy in self.history.policies:
            # A translation's page is its file's own page, like its policy's; it is kept out of the nav.
            # A data file's page is generated under its name with .md.
            src = urls.page_src(policy.source)
            specs.append(PageSpec(src, "current", policy.title, policy.id, markdown=policy.shown.markdown,
                                  generated=policy.status == "retired" or src != policy.source))
            # Page titles are in the page's language, as its words are (English without a catalog).
            _ = translations(self.language_of(policy)).gettext
            specs.append(PageSpec(urls.history_src(policy.id), "history",
                                  _("%(policy)s: history") % {"policy": policy.title}, policy.id))
            for version in policy.versions:
                specs.append(PageSpec(
                    urls.version_src(policy.id, version.number), "version",
                    _("%(title)s (version %(number)s)") % {"title": version.title, "number": version.number},
                    policy.id, version.number, markdown=version.markdown))
                if version.number > 1:
                    specs.append(PageSpec(urls.redline_src(policy.id, version.number), "redline",
                                          _("%(title)s: changes in version %(number)s")
                                          % {"title": version.title, "number": version.number},
                                          policy.id, version.number))
                if self.compare_url(policy, version):
                    specs.append(PageSpec(urls.compare_current_src(policy.id, version.number), "compare",
                                          _("%(title)s: version %(number)s compared with the current")
                                          % {"title": version.title, "number": version.number},
                                          policy.id, version.number))
        return specs

    def stamp(self, version: Version) -> dict:
        return {"iso": version.effective.isoformat(),
                "text": display_date(version.effective, self.locale_of(version.policy_id))}

    def date(self, day, policy_id: str | None = None) -> dict:
        return {"iso": day.isoformat(), "text": display_date(day, self.locale_of(policy_id))}


def page_source(spec: PageSpec, meta: dict) -> str:
    """A generated page's Markdown with front matter (search exclusion, template, title)."""
    head = yaml.safe_dump(meta, sort_keys=True, allow_unicode=True)
    return f"---\n{head}---\n\n{spec.markdown}"


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _is_absolute(url: str) -> bool:
    """A URL with a scheme or a root path: it does not depend on where the page is."""
    return url.startswith("/") or bool(_SCHEME.match(url))


def docs_target(url: str, base: str, root: str | None) -> str | None:
    """The docs path a link of a file in folder `base` names, or None for an address elsewhere.

    A root path (`/terms.md`) is read from the repository's top, as GitHub reads it, when `root`
    (the docs folder's own path from the top, "" when they are the same) is given: with a docs
    subfolder, `/docs/terms.md` and MkDocs' docs-relative `/terms.md` both name `terms.md`. Percent
    escapes are decoded (GitHub's Markdown writes a space in a link as %20)."""
    url = unquote(url)
    if root is not None and url.startswith("/") and not url.startswith("//"):
        path = url.lstrip("/")
        if root and path.startswith(f"{root}/"):
            path = path[len(root) + 1:]
        return posixpath.normpath(path) if path.strip("/") else None
    if _is_absolute(url):
        return None
    return posixpath.normpath(posixpath.join(base, url))


_INLINE_LINK = re.compile(r"(\]\(\s*<?)(?P<target>[^)\s>#]+\.(?:md|markdown))(?P<anchor>#[^)\s>]*)?")
_REF_LINK = re.compile(r"^(?P<lead>[ ]{0,3}\[[^\]]+\]:[ \t]*<?)(?P<target>[^\s>#]+\.(?:md|markdown))(?P<anchor>#\S*?)?",
                       re.M)


def rewrite_links(markdown: str, version_source: str, page_src: str,
                  resolve: Callable[[str], str | None], root: str | None = None) -> str:
    """Point a version's relative (and, given `root`, root-relative) `.md` links at where their
    targets live now, relative to `page_src`.

    `resolve` maps a docs-relative path as it was in the version to the source path of the page
    that shows that document today (a policy renamed since then resolves to its new path)."""
    base = posixpath.dirname(version_source)
    page_dir = posixpath.dirname(page_src)

    def fix(match: re.Match[str], lead_group: str | int) -> str:
        target = docs_target(match.group("target"), base, root)
        resolved = resolve(target) if target is not None else None
        if resolved is None:
            return match.group(0)
        new = quote(posixpath.relpath(resolved, page_dir or "."), safe="/")
        return f"{match.group(lead_group)}{new}{match.group('anchor') or ''}"

    markdown = _INLINE_LINK.sub(lambda m: fix(m, 1), markdown)
    return _REF_LINK.sub(lambda m: fix(m, "lead"), markdown)


_HTML_URL = re.compile(r'(?P<lead>\s(?:href|src)=")(?P<url>[^"#?]*)(?P<rest>[^"]*)"')
_ANCHOR = re.compile(r'<a\b(?P<attrs>[^>]*)>(?P<text>.*?)</a>', re.S)
_HREF = re.compile(r'\shref="(?P<url>[^"#?]*)')
_ID = re.compile(r'\sid="([^"]+)"')
_DOC_SUFFIXES = (".md", ".markdown")


def rewrite_html_links(html: str, version_source: str, page_url: str,
                       url_of: Callable[[str], str | None],
                       on_missing: Callable[[str], None] | None = None, root: str | None = None,
                       only_root: bool = False) -> str:
    """Point a rendered version's relative links and images (and, given `root`, root-relative ones:
    see docs_target; `only_root`: those alone) at today's addresses, from `page_url`.

    `url_of` maps a docs-relative path (as it was in the version) to the site-relative URL that
    serves it now (a renamed policy's new page, an image's file), or None when nothing does. A link
    to a Markdown file nothing serves any more becomes plain text (never a broken link), and
    `on_missing` hears of it; other unknown addresses are left as they were written."""
    base = posixpath.dirname(version_source)

    def target_of(url: str) -> str | None:
        if not url or (only_root and not url.startswith("/")):
            return None
        return docs_target(html_unescape(url), base, root)

    def unlink(match: re.Match[str]) -> str:
        href = _HREF.search(match.group("attrs"))
        url = href.group("url") if href else ""
        path = target_of(url)
        if path is None or not url.lower().endswith(_DOC_SUFFIXES) or url_of(path) is not None:
            return match.group(0)
        if on_missing is not None:
            on_missing(html_unescape(url))
        return match.group("text")

    def fix(match: re.Match[str]) -> str:
        path = target_of(match.group("url"))
        target = url_of(path) if path is not None else None
        if target is None:
            return match.group(0)
        new = urls.relative_url(page_url, target)
        return f'{match.group("lead")}{new}{match.group("rest")}"'

    return _HTML_URL.sub(fix, _ANCHOR.sub(unlink, html))


def anchor_ids(html: str) -> set[str]:
    """Every `id` in rendered HTML: the anchors other pages' links may point at."""
    return {html_unescape(m.group(1)) for m in _ID.finditer(html)}
