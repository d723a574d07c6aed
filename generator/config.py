"""Typed options of the `policy` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicyConfig(base.Config):
    enabled = c.Type(bool, default=True)
    timezone = c.Type(str, default="UTC")
    locale = c.Optional(c.Type(str))
    as_of = c.Optional(c.Type(str))
    exclude = c.ListOfItems(c.Type(str), default=[])
    compare_current = c.Type(bool, default=True)
    feed_entries = c.Optional(c.Type(int))
    email_subscribe_url = c.Optional(c.Type(str))
    review_months = c.Type(int, default=12)
    notice_days = c.Type(int, default=30)
    cache_dir = c.Type(str, default=".cache/policy")
    checks = c.DictOfItems(c.Choice(("error", "warning", "off")), default={})
