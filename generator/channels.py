"""Deliver one announcement on one channel: an email over SMTP, a signed webhook, a WebSub ping.

Plain standard library (smtplib, email, hmac, urllib): nothing to install on the deploy runner, and
each channel's failure is a `DeliveryError` naming the channel and the cause, so the caller can go on
with the others. Secrets are read from the environment variables the settings name, never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from .dates import real_time

SIGNATURE_HEADER = "Policy-Signature"
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
USER_AGENT = "policy-history (policy notify)"
_TIMEOUT = 30


class DeliveryError(Exception):
    """A channel did not take a message (after its retries)."""


class SettingsError(Exception):
    """The notify settings cannot be used: a secret's environment variable is not set."""


@dataclass(frozen=True)
class EmailSettings:
    host: str
    sender: str
    to: tuple[str, ...]
    security: str = "starttls"  # none | starttls | tls
    port: int | None = None
    username_env: str | None = None
    password_env: str | None = None
    list_unsubscribe: str | None = None
    versions: str = "material"

    @property
    def name(self) -> str:
        return "email"


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret_env: str
    versions: str = "all"
    attempts: int = 4
    retry_delay: float = 2.0

    @property
    def name(self) -> str:
        return f"webhook {self.url}"


@dataclass(frozen=True)
class WebSubSettings:
    hub: str
    versions: str = "all"

    @property
    def name(self) -> str:
        return "websub"


@dataclass(frozen=True)
class NotifySettings:
    email: EmailSettings | None = None
    webhooks: tuple[WebhookSettings, ...] = ()
    websub: WebSubSettings | None = None

    @property
    def channels(self) -> tuple[EmailSettings | WebhookSettings | WebSubSettings, ...]:
        return tuple(c for c in (self.email, *self.webhooks, self.websub) if c is not None)


def read_notify_settings(options: Any) -> NotifySettings:
    """The plugin's `notify:` options (validated by MkDocs, read by the project) as plain settings."""
    email = options.email
    return NotifySettings(
        email=EmailSettings(host=email.host, sender=email["from"], to=tuple(email.to), security=email.security,
                            port=email.port, username_env=email.username_env, password_env=email.password_env,
                            list_unsubscribe=email.list_unsubscribe, versions=email.versions) if email else None,
        webhooks=tuple(WebhookSettings(url=h.url, secret_env=h.secret_env, versions=h.versions,
                                       attempts=h.attempts, retry_delay=h.retry_delay) for h in options.webhooks),
        websub=WebSubSettings(hub=options.websub.hub, versions=options.websub.versions) if options.websub else None)


def secret(env: Mapping[str, str], name: str, what: str) -> str:
    value = env.get(name)
    if not value:
        raise SettingsError(f"notify: {what} comes from the environment variable {name}, which is not set")
    return value


def check_secrets(settings: NotifySettings, env: Mapping[str, str]) -> None:
    """Fail before sending anything when a secret a channel needs is missing."""
    if settings.email and settings.email.username_env:
        secret(env, settings.email.username_env, "the SMTP user name")
        secret(env, settings.email.password_env or "", "the SMTP password")
    for hook in settings.webhooks:
        secret(env, hook.secret_env, f"the secret of the webhook {hook.url}")


# -- email -------------------------------------------------------------------------------------
def send_email(settings: EmailSettings, message: EmailMessage, env: Mapping[str, str]) -> None:
    """Hand one message to the SMTP server for every address of `settings.to`."""
    port = settings.port or DEFAULT_PORTS[settings.security]
    try:
        if settings.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, port, timeout=_TIMEOUT,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.host, port, timeout=_TIMEOUT)
        with smtp:
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.username_env:
                smtp.login(secret(env, settings.username_env, "the SMTP user name"),
                           secret(env, settings.password_env or "", "the SMTP password"))
            refused = smtp.send_message(message, from_addr=settings.sender, to_addrs=list(settings.to))
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"email via {settings.host}:{port}: {exc}") from None
    if refused:
        raise DeliveryError(f"email via {settings.host}:{port}: refused for {', '.join(sorted(refused))}")


# -- webhooks ----------------------------------------------------------------------------------
def sign(secret_value: str, body: bytes, timestamp: int) -> str:
    """The signature header's value: `t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>`."""
    digest = hmac.new(secret_value.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(secret_value: str, body: bytes, header: str, *, tolerance: int = 300,
                     now: float | None = None) -> bool:
    """True when `header` (the Policy-Signature value) signs `body` with the secret and was made less
    than `tolerance` seconds ago (older ones are replays). What a receiver runs on every request."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((real_time().timestamp() if now is None else now) - timestamp) > tolerance:
        return False
    expected = sign(secret_value, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def post_webhook(settings: WebhookSettings, body: bytes, delivery_id: str, env: Mapping[str, str],
                 sleep: Callable[[float], None] = time.sleep) -> None:
    """POST the JSON body, signed anew on each try (its timestamp is the try's), with retries."""
    key = secret(env, settings.secret_env, f"the secret of the webhook {settings.url}")

    def request() -> urllib.request.Request:
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
                   "Policy-Delivery": delivery_id, SIGNATURE_HEADER: sign(key, body, int(real_time().timestamp()))}
        return urllib.request.Request(settings.url, data=body, headers=headers, method="POST")

    _with_retries(f"webhook {settings.url}", request, settings.attempts, settings.retry_delay, sleep)


# -- WebSub ------------------------------------------------------------------------------------
def ping_hub(settings: WebSubSettings, feed_url: str, attempts: int = 3, retry_delay: float = 2.0,
             sleep: Callable[[float], None] = time.sleep) -> None:
    """Tell the hub a feed changed (`hub.mode=publish`, `hub.url=<feed>`); it fetches the feed itself."""
    form = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()

    def request() -> urllib.request.Request:
        return urllib.request.Request(settings.hub, data=form, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT})

    _with_retries(f"WebSub hub {settings.hub} ({feed_url})", request, attempts, retry_delay, sleep)


def _with_retries(what: str, make_request: Callable[[], urllib.request.Request], attempts: int,
                  delay: float, sleep: Callable[[float], None]) -> None:
    """Retry what may pass later (no answer, 429, 5xx), doubling the wait; a 4xx is final."""
    problem = ""
    for attempt in range(max(1, attempts)):
        if attempt:
            sleep(delay * 2 ** (attempt - 1))
        try:
            with urllib.request.urlopen(make_request(), timeout=_TIMEOUT) as response:
                response.read()
            return
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
            if exc.code < 500 and exc.code != 429:
                break
        except (urllib.error.URLError, OSError) as exc:
            problem = str(getattr(exc, "reason", exc))
    raise DeliveryError(f"{what}: {problem}")
