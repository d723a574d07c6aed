"""Typed options of the `policy` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


# -- notify: who `policy notify` tells when a version is published (secrets: environment variable names) --
class EmailConfig(base.Config):
    host = c.Type(str)
    port = c.Optional(c.Type(int))  # default: 25 (none), 587 (starttls), 465 (tls)
    security = c.Choice(("none", "starttls", "tls"), default="starttls")
    from_ = c.Type(str)  # the `from:` key
    to = c.ListOfItems(c.Type(str))
    username_env = c.Optional(c.Type(str))
    password_env = c.Optional(c.Type(str))
    # The list's unsubscribe address (`<mailto:...>` or `<https://...>`), sent as List-Unsubscribe.
    list_unsubscribe = c.Optional(c.Type(str))
    versions = c.Choice(("all", "material"), default="material")


class WebhookConfig(base.Config):
    url = c.Type(str)
    secret_env = c.Type(str)
    versions = c.Choice(("all", "material"), default="all")
    attempts = c.Type(int, default=4)  # tries per delivery; waits retry_delay, then twice as long...
    retry_delay = c.Type(float, default=2.0)


class WebSubConfig(base.Config):
    hub = c.Type(str)
    versions = c.Choice(("all", "material"), default="all")


def _optional(config_class: type[base.Config]) -> c.Optional:
    """A sub-section that may be left out (None), validated in full when it is there."""
    option = c.SubConfig(config_class)
    option.default = None  # SubConfig defaults to {}, which would demand every required key
    return c.Optional(option)


class NotifyConfig(base.Config):
    email = _optional(EmailConfig)
    webhooks = c.ListOfItems(c.SubConfig(WebhookConfig), default=[])
    websub = _optional(WebSubConfig)


class PolicyConfig(base.Config):
    enabled = c.Type(bool, default=True)
    timezone = c.Type(str, default="UTC")
    locale = c.Optional(c.Type(str))
    # The language whose text governs (translations are conveniences); default: the theme's language.
    language = c.Optional(c.Type(str))
    # Which language codes make a translation (`<name>.<lang>.md`, `<lang>/<name>.md`, `<name>/<lang>.md`):
    # default any language Babel knows; a list keeps only those (so `privacy.eu.md` can be the EU
    # policy, not Basque); [] turns translations off.
    translations = c.Optional(c.ListOfItems(c.Type(str)))
    as_of = c.Optional(c.Type(str))
    # gitignore-style patterns, relative to docs_dir, matched against every revision's paths.
    exclude = c.ListOfItems(c.Type(str), default=[])
    # Published as ordinary pages, not policies: by default the site's home page.
    plain_pages = c.ListOfItems(c.Type(str), default=["/index.md"])
    ignore_revs_file = c.Optional(c.Type(str))
    history_start = c.Optional(c.Type(str))
    # "github": CommonMark with GitHub's extensions, as editors see it in a pull request;
    # "site": Python-Markdown with the site's markdown_extensions (admonitions and the like).
    markdown = c.Choice(("github", "site"), default="github")
    compare_current = c.Type(bool, default=True)
    feed_entries = c.Optional(c.Type(int))
    email_subscribe_url = c.Optional(c.Type(str))
    review_months = c.Type(int, default=12)
    notice_days = c.Type(int, default=30)
    # Each version also as a PDF beside its page (Typst); `workers`: processes that make the PDFs
    # and redlines not in the cache (default: every core the build may use; 1: the build's own only).
    pdf = c.Type(bool, default=True)
    # Folders of font files (relative to mkdocs.yml) the PDFs may use besides their own.
    pdf_fonts = c.ListOfItems(c.Type(str), default=[])
    # The published record (`policy restore` fills it): each published version's PDF is taken from it.
    records_dir = c.Type(str, default=".records")
    workers = c.Optional(c.Type(int))
    cache_dir = c.Type(str, default=".cache/policy")
    checks = c.DictOfItems(c.Choice(("error", "warning", "off")), default={})
    # Channels `policy notify` announces new versions on (email, signed webhooks, WebSub): the classes above.
    notify = c.SubConfig(NotifyConfig)
