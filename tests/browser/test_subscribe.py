"""The email sign-up form in Chromium: labelled, no axe violations in either scheme, nothing fetched from
the list provider until the reader submits, and a submission (with or without JavaScript) posts the
address and the chosen lists to the provider's endpoint, here a server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from tests.browser.harness import HOST, REPO_ROOT, serve
from tests.browser.test_axe import AXE_OPTIONS, SCHEMES, describe
from tests.browser.test_html_valid import describe as describe_error
from tests.browser.test_html_valid import is_known, run_vnu
from tests.gitrepo import TempRepo
from tests.sites import build, small_history

pytestmark = pytest.mark.browser


class Provider(http.server.ThreadingHTTPServer):
    """A list provider's form endpoint: records every request, thanks the reader for a post."""

    def __init__(self) -> None:
        super().__init__((HOST, 0), _ProviderHandler)
        self.requests: list[tuple[str, str, str, bytes]] = []  # method, path, content type, body

    @property
    def action(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/subscribe"


class _ProviderHandler(http.server.BaseHTTPRequestHandler):
    server: Provider

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append(("POST", self.path, self.headers.get("Content-Type", ""), body))
        # The icon is inline: the thanks page asks for nothing more (no favicon request to count).
        page = b'<!doctype html><html lang=en><title>Thanks</title><link rel=icon href="data:,"><p>Thanks.'
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append(("GET", self.path, "", b""))
        self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def running(server: Provider) -> Iterator[Provider]:
    thread = threading.Thread(target=server.serve_forever, name="provider", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running(Provider()) as server:
        yield server


def demo_look_config(action: str) -> str:
    """The demo's mkdocs.yml (its theme and the accessibility fixes of site_overrides) for a throwaway
    history, with the form posting to `action`."""
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("site_dir", None)
    config["docs_dir"] = "docs"
    config["theme"]["custom_dir"] = str(REPO_ROOT / "site_overrides")
    form = {"action": action, "field": "EMAIL", "hidden": {"form_id": "policy-updates"},
            "lists": {"privacy": "list-privacy", "cookies": "list-cookies"}, "list_field": "l"}
    config["plugins"] = ["search", {"policy": {"email_subscribe": form, "pdf": False}}]
    return yaml.safe_dump(config, sort_keys=False)


@pytest.fixture(scope="module")
def form_site_dir(tmp_path_factory: pytest.TempPathFactory, provider: Provider) -> Path:
    root = tmp_path_factory.mktemp("form-site")
    repo = TempRepo(root / "repo")
    small_history(repo)
    (repo.root / "mkdocs.yml").write_text(demo_look_config(provider.action), encoding="utf-8")
    result = build(repo, site_dir=root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def form_site(form_site_dir: Path) -> Iterator[str]:
    with serve(form_site_dir) as url:
        yield url


@pytest.fixture
def open_page(browser, form_site: str):
    contexts = []

    def opened(path: str, *, scheme: str = "light", javascript: bool = True):
        context = browser.new_context(base_url=form_site, color_scheme=scheme, java_script_enabled=javascript,
                                      viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(path, wait_until="networkidle")
        return page, requested

    yield opened
    for context in contexts:
        context.close()


def test_the_form_is_labelled_and_says_where_the_address_goes(open_page) -> None:
    page, _ = open_page("/privacy/")
    form = page.get_by_role("form", name="Email updates")
    email = form.get_by_role("textbox", name="Email address")
    assert email.get_attribute("type") == "email" and email.get_attribute("autocomplete") == "email"
    assert email.evaluate("e => e.required")
    note = email.evaluate("e => document.getElementById(e.getAttribute('aria-describedby')).textContent")
    assert note.startswith("Your address is sent to 127.0.0.1, ")
    assert form.get_by_role("group", name="Tell me about changes to:").is_visible()
    assert form.get_by_role("checkbox", name="Privacy Policy").is_checked()
    assert not form.get_by_role("checkbox", name="Cookies").is_checked()
    assert form.get_by_role("button", name="Subscribe").is_visible()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", ["/privacy/", "/changes/"])
def test_no_axe_violations_with_the_form(open_page, path: str, scheme: str) -> None:
    page, _ = open_page(path, scheme=scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{path} ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_submitting_posts_the_address_and_the_chosen_lists_to_the_action(open_page, provider: Provider,
                                                                         javascript: bool) -> None:
    provider.requests.clear()
    page, requested = open_page("/privacy/", javascript=javascript)
    assert not [url for url in requested if url.startswith(provider.action.rsplit("/", 1)[0])], \
        "the page fetched something from the provider before the reader submitted"
    assert all(url.startswith(page.url.split("/privacy/")[0]) for url in requested), requested
    form = page.get_by_role("form", name="Email updates")
    # The browser keeps an empty or malformed address to itself (`required`, `type="email"`): no script needed.
    form.get_by_role("button", name="Subscribe").click()
    form.get_by_role("textbox", name="Email address").fill("not an address")
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_timeout(200)
    assert provider.requests == []
    form.get_by_role("textbox", name="Email address").fill("reader@example.com")
    form.get_by_role("checkbox", name="Cookies").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Subscribe").click()
    assert page.url == provider.action
    [(method, path, content_type, body)] = provider.requests
    assert (method, path, content_type) == ("POST", "/subscribe", "application/x-www-form-urlencoded")
    assert parse_qs(body.decode()) == {"EMAIL": ["reader@example.com"], "l": ["list-privacy", "list-cookies"],
                                       "form_id": ["policy-updates"]}


def test_the_changes_page_offers_every_list(open_page) -> None:
    page, _ = open_page("/changes/")
    form = page.get_by_role("form", name="Email updates")
    assert form.get_attribute("action").endswith("/subscribe")
    boxes = form.get_by_role("checkbox")
    assert boxes.count() == 2 and all(boxes.nth(i).is_checked() for i in range(2))



def test_pages_with_the_form_are_valid_html(form_site_dir: Path) -> None:
    errors = [m for m in run_vnu(form_site_dir) if not is_known(m)]
    assert not errors, "\n".join(describe_error(m, form_site_dir) for m in errors[:20])
