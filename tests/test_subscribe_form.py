"""The email sign-up form: a real `mkdocs build --strict` puts a plain form post to the list provider on
every policy page and the changes page, and nothing on any page loads from the provider's host."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from generator.subscribe import SubscribeForm, action_problem, subscribe_view
from tests.gitrepo import policy
from tests.sites import build, read_page, small_history, write_config

ACTION = "https://lists.example.net/subscribe/form"
FORM = {"action": ACTION, "field": "EMAIL", "hidden": {"form_id": "policy-updates"},
        "lists": {"privacy": "list-privacy", "cookies": "list-cookies"}, "list_field": "l"}
# Elements that make a browser fetch something the moment a page loads.
LOADING = {"script": "src", "img": "src", "iframe": "src", "link": "href", "source": "src", "video": "src",
           "audio": "src", "embed": "src", "object": "data", "track": "src", "input": "src"}


class Form(HTMLParser):
    """The sign-up form's attributes and fields, and every URL the page loads or points at."""

    def __init__(self) -> None:
        super().__init__()
        self.form: dict[str, str | None] | None = None
        self.inputs: list[dict[str, str | None]] = []
        self.labels: dict[str, str] = {}
        self.loads: list[str] = []
        self.attributes_with_action: list[tuple[str, str]] = []
        self.ids: list[str] = []
        self._in_form = False
        self._label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.ids += [found["id"]] if found.get("id") else []
        for name, value in attrs:
            if value and "lists.example.net" in value:
                self.attributes_with_action.append((tag, name))
        if tag in LOADING and found.get(LOADING[tag]) and not (tag == "link" and found.get("rel") in (
                "alternate", "canonical", "license")):
            self.loads.append(found[LOADING[tag]] or "")
        if tag == "form" and "policy-subscribe" in (found.get("class") or ""):
            self.form, self._in_form = found, True
        elif self._in_form and tag == "input":
            self.inputs.append(found)
        elif self._in_form and tag == "label":
            self._label = found.get("for") or ""
            self.labels[self._label] = ""

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self.labels[self._label] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "label":
            self._label = None


def parsed(site: Path, url: str) -> Form:
    form = Form()
    form.feed(read_page(site, url))
    return form


def test_every_policy_page_and_the_changes_page_post_to_the_provider_and_load_nothing_from_it(repo, tmp_path):
    small_history(repo, email_subscribe=FORM, email_subscribe_url="https://example.org/old-link", pdf=False)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    pages = {"privacy/": "list-privacy", "cookie-policy/": "list-cookies", "versions/privacy/": "list-privacy",
             "versions/privacy/2-changes/": "list-privacy", "changes/": None}
    for url, own in pages.items():
        page = parsed(site, url)
        assert page.form is not None, url
        assert (page.form["action"], page.form["method"]) == (ACTION, "post")
        email = next(i for i in page.inputs if i.get("type") == "email")
        assert email["name"] == "EMAIL" and email["autocomplete"] == "email" and "required" in email
        assert page.labels[email["id"] or ""] == "Email address"
        hidden = {(i["name"], i["value"]) for i in page.inputs if i.get("type") == "hidden"}
        assert hidden == {("form_id", "policy-updates")}
        boxes = {i["value"]: "checked" in i for i in page.inputs if i.get("type") == "checkbox"}
        # The page's own policy is ticked; on the changes page every list is.
        assert boxes == {"list-privacy": own in (None, "list-privacy"), "list-cookies": own in (None, "list-cookies")}
        assert all(i["name"] == "l" for i in page.inputs if i.get("type") == "checkbox")
        assert {page.labels[i["id"] or ""] for i in page.inputs if i.get("type") == "checkbox"} == {
            "Privacy Policy", "Cookies"}
        # The provider's address is the form's action and nothing else; no element loads from elsewhere.
        assert page.attributes_with_action == [("form", "action")], url
        assert len(page.ids) == len(set(page.ids)), url  # every label and description finds its one element
        assert all(not load.startswith(("http:", "https:", "//")) for load in page.loads), (url, page.loads)
        html = read_page(site, url)
        assert "Your address is sent to lists.example.net" in html
        assert "https://example.org/old-link" not in html  # the form replaces the link
    # The retired policy's page keeps the form; it offers no list for a retired policy either.
    assert parsed(site, "beta/").form is not None


def test_hidden_lists_send_the_pages_own_list_and_the_link_stays_without_the_form(repo, tmp_path):
    small_history(repo, email_subscribe={"action": ACTION, "per_policy": "hidden", "hidden": {"list": "all-policies"},
                                         "lists": {"privacy": 17}}, pdf=False)
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    hidden = {url: [(i["name"], i["value"]) for i in parsed(site, url).inputs if i.get("type") == "hidden"]
              for url in ("privacy/", "cookie-policy/", "changes/")}
    assert hidden == {"privacy/": [("list", "17")], "cookie-policy/": [("list", "all-policies")],
                      "changes/": [("list", "all-policies")]}
    assert not [i for i in parsed(site, "privacy/").inputs if i.get("type") == "checkbox"]
    assert parsed(site, "privacy/").inputs[0]["name"] == "email"  # the default field name
    # Without the form option the link is there as before, and no form.
    write_config(repo, email_subscribe_url="https://example.org/join", pdf=False)
    plain = tmp_path / "plain"
    assert build(repo, site_dir=plain).returncode == 0
    html = read_page(plain, "privacy/")
    assert '<a href="https://example.org/join" rel="external">Email updates</a>' in html
    assert parsed(plain, "privacy/").form is None


def test_a_list_for_a_policy_the_site_does_not_have_fails_a_strict_build(repo, tmp_path):
    small_history(repo, email_subscribe={"action": ACTION, "lists": {"privcy": "x"}}, pdf=False)
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode != 0
    assert "email_subscribe: lists: 'privcy' is not a policy of this site" in result.stderr


def test_an_address_in_the_clear_is_refused():
    assert action_problem("https://lists.example.net/s") is None
    assert action_problem("http://127.0.0.1:8080/s") is None  # a test server on this machine
    assert "not an https://" in (action_problem("http://lists.example.net/s") or "")
    assert action_problem("lists.example.net/s") is not None


def test_the_host_named_in_the_privacy_sentence_comes_from_the_action(history_of, repo):
    small_history(repo)
    history, _ = history_of(repo)
    form = SubscribeForm(action="https://Subscribe.Provider.example:8443/x?y=1", lists=(("privacy", "p"),))
    view = subscribe_view(form, history, history.policy("cookies"), "en")
    assert view is not None and view["host"] == "subscribe.provider.example"
    # A page whose policy has no list ticks every list (there is none of its own to pick).
    assert [c["checked"] for c in view["choices"]] == [True]
    assert subscribe_view(None, history, None, "en") is None


def test_a_translations_form_speaks_its_language_and_ticks_the_list_it_shares(repo, tmp_path):
    write_config(repo, email_subscribe=FORM, pdf=False)
    repo.write("index.md", "---\ntitle: Legal\npolicy: false\n---\n\n# Legal\n")
    repo.write("privacy.md", policy("Privacy Policy", "We keep little.", summary="First"))
    repo.write("cookies.md", policy("Cookies", "One cookie.", summary="First"))
    repo.write("privacy.de.md", policy("Datenschutzerklärung", "Wir speichern wenig.", summary="Deutsch"))
    repo.commit("Publish", "2024-01-10T10:00:00+00:00")
    site = tmp_path / "site"
    result = build(repo, site_dir=site)
    assert result.returncode == 0, result.stderr
    page = parsed(site, "privacy.de/")
    boxes = {i["value"]: "checked" in i for i in page.inputs if i.get("type") == "checkbox"}
    assert boxes == {"list-privacy": True, "list-cookies": False}
    html = read_page(site, "privacy.de/")
    assert ">E-Mail-Adresse</label>" in html and ">Abonnieren</button>" in html
    assert "geht Ihre Adresse an lists.example.net" in html
    # Titles in German where the policy has a German text; else English, marked as English.
    assert '<label for="policy-subscribe-list-privacy">Datenschutzerklärung</label>' in html
    assert '<label for="policy-subscribe-list-cookies" lang="en">Cookies</label>' in html


def test_a_form_posting_in_the_clear_is_a_config_error(repo, tmp_path):
    small_history(repo, email_subscribe={"action": "http://lists.example.net/subscribe"}, pdf=False)
    result = build(repo, site_dir=tmp_path / "site")
    assert result.returncode != 0
    assert "email_subscribe" in result.stderr and "is not an https:// address" in result.stderr
