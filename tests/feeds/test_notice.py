"""The drafted change notice: subject, plain text and HTML saying the same thing, with absolute links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.notice import draft_notice
from tests.feeds.conftest import compute_redlines, read_site

TERMS_LINKS = [
    "https://legal.example.com/versions/terms/2/",
    "https://legal.example.com/versions/terms/2-changes/",
    "https://legal.example.com/versions/terms/",
    "https://legal.example.com/feeds/terms.atom.xml",
    "https://legal.example.com/feeds/terms.ics",
]


class Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if tag == "a" and name == "href"]


def notice_for(site, version_id: str):
    policy_id, number = version_id.split("@")
    policy = site.history.policy(policy_id)
    return draft_notice(site, policy, policy.version(int(number)), compute_redlines(site.history).get(version_id))


def test_an_upcoming_change_is_announced_with_its_date_and_every_link(story):
    notice = notice_for(read_site(story), "terms@2")
    assert notice.subject == "We're updating our Terms of Use (effective January 15, 2027)"
    assert "takes effect on January 15, 2027" in notice.text
    assert "Cover Tidepool Assist." in notice.text
    assert re.search(r"In all: \d+ words? added, \d+ removed, \d+ moved\.", notice.text)
    assert re.findall(r"https://\S+", notice.text) == TERMS_LINKS
    assert Links(notice.html).hrefs == TERMS_LINKS
    assert notice.text.rstrip().endswith("Example Legal")


def test_a_change_already_in_force_and_a_first_version_read_naturally(story):
    site = read_site(story)
    updated = notice_for(site, "privacy@2")
    assert updated.subject == "We've updated our Privacy Policy (effective October 10, 2023)"
    assert "took effect on October 10, 2023" in updated.text
    assert "sections: Children" not in updated.text  # the change is in the opening paragraph
    first = notice_for(site, "privacy@1")
    assert first.subject == "Introducing our Privacy Policy (effective March 14, 2023)"
    assert "marked up" not in first.text
    assert Links(first.html).hrefs[0] == "https://legal.example.com/versions/privacy/1/"


def test_without_a_redline_the_notice_still_links_the_changes(story):
    site = read_site(story)
    policy = site.history.policy("terms")
    notice = draft_notice(site, policy, policy.version(2), None)
    assert "In all:" not in notice.text
    assert Links(notice.html).hrefs == TERMS_LINKS


def test_email_sign_up_and_hostile_summaries(temp_repo):
    from tests.gitrepo import policy as source

    temp_repo.write("terms.md", source("Terms & Conditions", "Be kind.", summary="<img src=x onerror=alert(1)>"))
    temp_repo.commit("Publish", "2024-01-01T00:00:00+00:00")
    site = read_site(temp_repo)
    site.email_subscribe_url = "https://example.com/subscribe"
    policy = site.history.policy("terms")
    notice = draft_notice(site, policy, policy.version(1), None)
    assert "<img" not in notice.html and "&lt;img src=x onerror=alert(1)&gt;" in notice.html
    assert "Terms &amp; Conditions" in notice.html
    assert "<img src=x onerror=alert(1)>" in notice.text  # plain text stays as written
    assert Links(notice.html).hrefs[-1] == "https://example.com/subscribe"
