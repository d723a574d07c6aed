"""Typed options of the `policy` MkDocs plugin."""

from __future__ import annotations

import logging

from mkdocs import exceptions
from mkdocs.config import base, defaults, load_config
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .contact import read_contact
from .subscribe import action_problem


class Level(c.Choice):
    """A rule's level: YAML reads an unquoted `off` as false, which means "off" here."""

    def __init__(self) -> None:
        super().__init__(("error", "warning", "off"))

    def run_validation(self, value: object) -> str:
        return super().run_validation("off" if value is False else value)


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


# -- email_subscribe: the sign-up form that posts to the list provider (no script, nothing loaded first) --
class FormAction(c.Type):
    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        action = super().run_validation(value)
        problem = action_problem(action)
        if problem:
            raise ValidationError(problem)
        return action


class ObjectionsContact(c.Type):
    """`objections_contact`: an email address, a web address or a page of the site (contact.py)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        try:
            read_contact(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        return str(value).strip()


class EmailSubscribeConfig(base.Config):
    action = FormAction()  # the provider's form endpoint
    field = c.Type(str, default="email")  # the name it expects for the address
    method = c.Choice(("post", "get"), default="post")
    hidden = c.DictOfItems(c.Type((str, int)), default={})  # sent with every form: a list id, a form id
    lists = c.DictOfItems(c.Type((str, int)), default={})  # policy id -> its list (or tag) at the provider
    list_field = c.Type(str, default="list")  # the name the provider expects for a list
    # "checkboxes": the reader ticks the policies to follow; "hidden": the page's own list is sent.
    per_policy = c.Choice(("checkboxes", "hidden"), default="checkboxes")


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
    # Published as ordinary pages, not policies: by default the site's home page, index.md, or the
    # README.md GitHub shows as the repository's front page (MkDocs makes it the home page when
    # there is no index.md).
    plain_pages = c.ListOfItems(c.Type(str), default=["/index.md", "/README.md"])
    ignore_revs_file = c.Optional(c.Type(str))
    history_start = c.Optional(c.Type(str))
    # "github": CommonMark with GitHub's extensions, as editors see it in a pull request;
    # "site": Python-Markdown with the site's markdown_extensions (admonitions and the like).
    markdown = c.Choice(("github", "site"), default="github")
    compare_current = c.Type(bool, default=True)
    feed_entries = c.Optional(c.Type(int))
    email_subscribe_url = c.Optional(c.Type(str))
    email_subscribe = _optional(EmailSubscribeConfig)  # a form instead of the email_subscribe_url link
    # Where readers object to an announced sub-processor: shown with every objection deadline.
    objections_contact = c.Optional(ObjectionsContact())
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
    checks = c.DictOfItems(Level(), default={})
    # Channels `policy notify` announces new versions on (email, signed webhooks, WebSub): the classes above.
    notify = c.SubConfig(NotifyConfig)


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_site_config(path: str) -> defaults.MkDocsConfig:
    """mkdocs.yml read and validated by MkDocs. MkDocs logs each problem and raises Abort (which a
    command would exit 1 on, like a finding): here they come back as one ConfigurationError."""
    collected = _Collected()
    logger = logging.getLogger("mkdocs.config")
    logger.addHandler(collected)
    try:
        return load_config(config_file=path)
    except exceptions.Abort as exc:
        raise exceptions.ConfigurationError("; ".join(collected.messages) or str(exc)) from None
    finally:
        logger.removeHandler(collected)
