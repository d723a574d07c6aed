"""The email sign-up form on the site's pages: a plain form post to the list provider, as template data.

Nothing here loads anything: the form's action is the provider's address, which the reader's browser
contacts only when the reader submits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .model import History, Policy

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class SubscribeForm:
    """The `email_subscribe:` option: where the form posts and what it sends besides the address."""

    action: str
    field: str = "email"
    method: str = "post"
    hidden: tuple[tuple[str, str], ...] = ()  # sent with every form (a provider's list id, a form id)
    lists: tuple[tuple[str, str], ...] = ()  # policy id -> the provider's list (or tag) for it
    list_field: str = "list"
    per_policy: str = "checkboxes"  # "checkboxes": the reader ticks policies; "hidden": the page's list

    @property
    def host(self) -> str:
        return urlsplit(self.action).hostname or self.action


def action_problem(action: str) -> str | None:
    """Why an address cannot take readers' email addresses, or None: https, or http on this machine."""
    parts = urlsplit(action)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return None  # a local test server
    return f"'{action}' is not an https:// address (an email address must not travel in the clear)"


def read_form(options: Mapping[str, Any] | None) -> SubscribeForm | None:
    """The validated option (a mapping) -> SubscribeForm; None when the option is not set."""
    if not options:
        return None
    return SubscribeForm(
        action=options["action"], field=options["field"], method=options["method"],
        hidden=tuple((str(k), str(v)) for k, v in (options["hidden"] or {}).items()),
        lists=tuple((str(k), str(v)) for k, v in (options["lists"] or {}).items()),
        list_field=options["list_field"], per_policy=options["per_policy"])


def form_problems(form: SubscribeForm | None, history: History) -> list[str]:
    """`lists` naming policies the site does not publish (a typo would silently drop a list)."""
    if form is None:
        return []
    known = {p.id for p in history.policies}
    return [f"email_subscribe: lists: '{policy_id}' is not a policy of this site (known: {', '.join(sorted(known))})"
            for policy_id, _ in form.lists if policy_id not in known]


def list_of(form: SubscribeForm, policy: Policy | None) -> str | None:
    """A policy's list: its own entry, else its controlling policy's (a translation shares it)."""
    if policy is None:
        return None
    lists = dict(form.lists)
    return lists.get(policy.id) or (lists.get(policy.translates) if policy.translates else None)


def subscribe_view(form: SubscribeForm | None, history: History, policy: Policy | None,
                   site_language: str) -> dict[str, Any] | None:
    """What the form on one page shows: fields, hidden values, the policies to tick, the host it goes to.

    On a policy's pages its own list is ticked (or sent hidden); on the changes page every list is."""
    if form is None:
        return None
    own = list_of(form, policy)
    hidden = list(form.hidden)
    choices: list[dict[str, Any]] = []
    if form.per_policy == "hidden":
        if own is not None:  # the page's list replaces a site-wide one of the same name
            hidden = [(k, v) for k, v in hidden if k != form.list_field] + [(form.list_field, own)]
    else:
        language = policy.language if policy is not None and policy.language else site_language
        for policy_id, value in form.lists:
            listed = _policy(history, policy_id)
            if listed is None or listed.retirement is not None:
                continue
            title, lang = _title_in(history, listed, language, site_language)
            choices.append({"value": value, "title": title, "lang": lang, "id": f"policy-subscribe-list-{policy_id}",
                            "checked": own is None or value == own})
    return {"action": form.action, "method": form.method, "field": form.field, "hidden": hidden,
            "list_field": form.list_field, "choices": choices, "host": form.host}


def _policy(history: History, policy_id: str) -> Policy | None:
    try:
        return history.policy(policy_id)
    except KeyError:
        return None


def _title_in(history: History, policy: Policy, language: str, site_language: str) -> tuple[str, str | None]:
    """A policy's title in the page's language when it is translated into it; else the controlling
    title, marked with its language when the page speaks another."""
    if language == site_language:
        return policy.title, None
    for translation in history.translations(policy.id):
        if translation.language == language and translation.retirement is None:
            return translation.title, None
    return policy.title, site_language
