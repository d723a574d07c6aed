"""Adopting a real repository: its past is read as it is. Unreadable old revisions are skipped and
reported, only the tree being built can stop the build, and history can be told what it got wrong
(ignore-revs, history_start, `policy: false`, `id:`)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.documents import title_from_path
from generator.errors import PolicyError
from generator.gfm import GithubMarkdown
from generator.gitlog import GitRepository
from generator.history import Options, read_history
from generator.selection import Selection
from tests.gitrepo import policy

AS_OF = dt.date(2026, 11, 27)
GOOD = "We keep your invoices for six years.\n"


def read(repo, **options):
    git = GitRepository(repo.docs)
    try:
        return read_history(git, GithubMarkdown(), Options(zone=dt.UTC, as_of=AS_OF, **options))
    finally:
        git.close()


def commits(history, policy_id):
    return [v.commit for v in history.policy(policy_id).versions]


def test_broken_yaml_in_an_old_commit_is_skipped_and_the_fix_is_the_next_version(repo):
    repo.write("privacy.md", policy("Privacy", GOOD))
    first = repo.commit("Publish", "2021-01-04T10:00:00+00:00")
    repo.write("privacy.md", "---\ntitle: [Privacy\n---\n\n# Privacy\n\nWe keep invoices for five years.\n")
    broken = repo.commit("Shorten retention", "2021-03-04T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", "We keep invoices for five years.\n"))
    fixed = repo.commit("Fix the front matter", "2021-03-05T10:00:00+00:00")
    history, problems = read(repo)
    assert commits(history, "privacy") == [first, fixed]
    (skip,) = [p for p in problems if p.kind == "skipped"]
    assert (skip.path, skip.commit, skip.date) == ("privacy.md", broken, dt.date(2021, 3, 4))
    assert "skipped: front matter is not valid YAML" in str(skip) and broken[:7] in str(skip)
    assert "(2021-03-04)" in str(skip)
    assert [p for p in problems if p.kind == "warning"] == []


def test_a_broken_file_in_the_tree_being_built_still_stops_the_build(repo):
    repo.write("privacy.md", policy("Privacy", GOOD))
    repo.commit("Publish", "2021-01-04T10:00:00+00:00")
    repo.write("privacy.md", "---\ntitle: [Privacy\n---\n\nText.\n")
    broken = repo.commit("Break it", "2021-03-04T10:00:00+00:00")
    repo.write("other.md", policy("Other", GOOD))
    repo.commit("Another policy, privacy still broken", "2021-04-04T10:00:00+00:00")
    with pytest.raises(PolicyError) as caught:
        read(repo)
    assert caught.value.path == "privacy.md" and "not valid YAML" in str(caught.value)
    assert caught.value.commit != broken  # named at the commit being built, where a fix can go


def test_latin1_and_symlinked_revisions_are_skipped_and_assets_are_never_policies(repo):
    repo.write("terms.md", policy("Terms", GOOD).encode("utf-8"))
    repo.write("files/dpa.pdf", b"%PDF-1.4 not a policy")
    first = repo.commit("Publish", "2020-01-04T10:00:00+00:00")
    repo.write("terms.md", "# Terms\n\nCaf\xe9 rules apply.\n".encode("latin-1"))
    latin = repo.commit("Saved in the wrong encoding", "2020-02-04T10:00:00+00:00")
    (repo.docs / "dpa.pdf").symlink_to("files/dpa.pdf")
    (repo.docs / "mirror.md").symlink_to("terms.md")
    repo.commit("Links", "2020-03-04T10:00:00+00:00")
    repo.write("terms.md", "# Terms\n\nCafé rules apply.\n")
    resaved = repo.commit("Save as UTF-8", "2020-04-04T10:00:00+00:00")
    (repo.docs / "mirror.md").unlink()
    repo.commit("Drop the mirror", "2020-05-04T10:00:00+00:00")
    history, problems = read(repo)
    assert [p.id for p in history.policies] == ["terms"]
    assert commits(history, "terms") == [first, resaved]
    skipped = {(p.path, p.commit) for p in problems if p.kind == "skipped"}
    assert ("terms.md", latin) in skipped
    assert any(path == "mirror.md" for path, _ in skipped)
    assert not any(p.path and p.path.endswith(".pdf") for p in problems)


def test_a_title_comes_from_front_matter_then_heading_then_file_name(repo):
    repo.write("DMCA/Site Pages/DMCA Counter Notice.md", "Send us a counter notice by post.\n")
    repo.write("cookie-policy/index.md", "We use two cookies.\n")
    first = repo.commit("Publish", "2020-01-04T10:00:00+00:00")
    repo.write("cookie-policy/index.md", "Cookies\n=======\n\nWe use two cookies.\n")
    repo.commit("Give it a heading", "2020-02-04T10:00:00+00:00")
    history, problems = read(repo)
    dmca = history.policy("dmca-site-pages-dmca-counter-notice")
    assert dmca.title == "DMCA Counter Notice" and commits(history, dmca.id) == [first]
    assert [v.title for v in history.policy("cookie-policy").versions] == ["Cookie policy", "Cookies"]
    # A warning (fixable now) only for the file whose current revision has no title.
    (warning,) = [p for p in problems if p.kind == "warning"]
    assert warning.path == "DMCA/Site Pages/DMCA Counter Notice.md" and "has no title" in warning.message
    assert title_from_path("privacy_notice.md") == "Privacy notice"


def test_policy_false_today_removes_the_whole_lineage(repo):
    repo.write("index.md", policy("Legal", "Our policies."))
    repo.write("privacy.md", policy("Privacy", GOOD))
    repo.commit("Publish", "2020-01-04T10:00:00+00:00")
    repo.write("index.md", policy("Legal", "Our policies, and how to reach us."))
    repo.commit("Home page edit", "2020-02-04T10:00:00+00:00")
    repo.write("index.md", policy("Legal", "Our policies, and how to reach us.", policy="false"))
    repo.commit("The home page is not a policy", "2020-03-04T10:00:00+00:00")
    history, _ = read(repo)
    assert [p.id for p in history.policies] == ["privacy"]


def test_todays_id_separates_a_document_git_took_for_a_rename(repo):
    text = "\n\n".join(f"Clause {n}: the customer shall pay each invoice within thirty days." for n in range(12))
    repo.write("reseller-terms.md", "# Reseller Terms\n\n" + text + "\n")
    first = repo.commit("Reseller terms", "2020-01-04T10:00:00+00:00")
    repo.remove("reseller-terms.md")
    repo.write("partner-terms.md", "# Partner Terms\n\n" + text.replace("customer", "partner", 3) + "\n")
    partner = repo.commit("Replace reseller terms by partner terms", "2021-01-04T10:00:00+00:00")
    assert "R" in repo.git("show", "--name-status", "-M", "--format=", partner)  # git sees a rename
    repo.write("partner-terms.md", "---\nid: partner-terms\n---\n\n# Partner Terms\n\n"
               + text.replace("customer", "partner", 3) + "\n")
    repo.commit("Name the partner terms", "2021-02-04T10:00:00+00:00")
    history, _ = read(repo)
    reseller = history.policy("reseller-terms")
    assert reseller.status == "retired" and commits(history, "reseller-terms") == [first]
    assert commits(history, "partner-terms") == [partner]


def test_an_id_changed_in_the_past_splits_instead_of_failing(repo):
    repo.write("terms.md", policy("Terms", GOOD, id="terms-2019"))
    first = repo.commit("Publish", "2019-01-04T10:00:00+00:00")
    repo.write("terms.md", policy("Terms", GOOD + "\nNew clause.\n", id="terms"))
    second = repo.commit("New terms, new id", "2020-01-04T10:00:00+00:00")
    history, problems = read(repo)
    assert commits(history, "terms-2019") == [first] and history.policy("terms-2019").status == "retired"
    assert commits(history, "terms") == [second]
    assert not [p for p in problems if p.kind == "warning"]


def test_ignored_revisions_are_folded_into_the_next_version(repo):
    repo.write("privacy.md", policy("Privacy", GOOD))
    first = repo.commit("Publish", "2020-01-04T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", GOOD.replace("six", "seven")))
    sync = repo.commit("Sync from upstream", "2020-02-04T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", GOOD.replace("six", "seven") + "\nWrite to us.\n"))
    third = repo.commit("Add contact", "2020-03-04T10:00:00+00:00")
    history, _ = read(repo, ignore_revs=frozenset({sync}))
    assert commits(history, "privacy") == [first, third]
    history, _ = read(repo)
    assert commits(history, "privacy") == [first, sync, third]


def test_history_start_collapses_the_earlier_past_into_the_first_version(repo):
    repo.write("privacy.md", "---\ntitle: [broken\n---\nOld.\n")
    repo.commit("Broken first try", "2018-01-04T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", GOOD))
    written = repo.commit("Publish", "2018-02-04T10:00:00+00:00")
    repo.write("gone.md", policy("Gone", GOOD))
    repo.commit("A policy retired before history starts", "2018-03-04T10:00:00+00:00")
    repo.remove("gone.md")
    repo.commit("Retire it", "2018-03-20T10:00:00+00:00")
    repo.write("terms.md", policy("Terms", GOOD))
    start = repo.commit("Terms", "2018-04-04T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", GOOD + "\nMore.\n"))
    later = repo.commit("Amend", "2019-01-04T10:00:00+00:00")
    for history_start in ("2018-04-01", start):
        history, problems = read(repo, history_start=history_start)
        assert [p.id for p in history.policies] == ["privacy", "terms"]
        assert commits(history, "privacy") == [written, later]  # version 1 dated when its text was written
        assert not [p for p in problems if p.kind == "skipped"]  # the broken try is before the start
    for wrong in ("not-a-commit", "2021-02-30"):
        with pytest.raises(PolicyError, match="history_start"):
            read(repo, history_start=wrong)


def test_a_commit_late_in_the_evening_is_published_on_the_sites_day(repo):
    repo.write("privacy.md", policy("Privacy", GOOD))
    repo.commit("Publish", "2023-12-27T23:30:00-08:00")
    history, _ = read(repo)
    version = history.policy("privacy").versions[0]
    assert version.published.date() == dt.date(2023, 12, 27)  # the committer's own day
    assert version.published_day == version.effective == dt.date(2023, 12, 28)  # the site's (UTC) day


@pytest.mark.parametrize(("pattern", "path", "excluded"), [
    ("Terms of Service/*.md", "Terms of Service/Online Terms.md", True),
    ("Terms of Service/*.md", "Terms of Service/Archive/Old Terms.md", False),
    ("Terms of Service/**/*.md", "Terms of Service/Archive/Old Terms.md", True),
    ("LICENSE.md", "sub/LICENSE.md", True),
    ("/LICENSE.md", "sub/LICENSE.md", False),
    ("drafts/", "drafts/new.md", True),
])
def test_exclude_is_gitignore_style(pattern, path, excluded):
    assert Selection(exclude=(pattern,)).is_candidate(path) is not excluded


def test_a_preview_draft_is_never_dated_before_the_newest_commit(repo):
    repo.write("privacy.md", policy("Privacy", GOOD))
    newest = repo.commit("Publish", "2026-12-02T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", GOOD + "\nAn uncommitted edit.\n"))
    pinned = dt.datetime(2026, 11, 27, 23, 59, tzinfo=dt.UTC)  # an as-of moment before the newest commit
    history, _ = read(repo, working_tree=pinned)
    first, draft = history.policy("privacy").versions
    assert first.commit == newest and draft.commit == "0" * 40
    assert draft.published == first.published  # no "effective dates never go backwards" error
