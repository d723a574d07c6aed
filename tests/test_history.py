"""History from git: versions, dates, renames, joins, retirements and the errors that stop a build."""

from __future__ import annotations

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest

from generator.errors import PolicyError
from tests.gitrepo import policy

BODY = "We collect your email address.\n\n* to sign you in\n* to send receipts\n"


def test_linear_history_makes_one_version_per_change(repo, history_of):
    repo.write("privacy.md", policy("Privacy Policy", BODY, summary="First publication."))
    first = repo.commit("Publish privacy", "2023-03-14T10:00:00+00:00")
    repo.write("privacy.md", policy("Privacy Policy", BODY.replace("email", "e-mail"), summary="Spelling"))
    second = repo.commit("Fix spelling", "2023-05-02T09:30:00+02:00")
    history, problems = history_of(repo)
    assert problems == []
    (pol,) = history.policies
    assert [v.commit for v in pol.versions] == [first, second]
    assert [v.summary for v in pol.versions] == ["First publication.", "Spelling"]
    assert pol.versions[1].published == dt.datetime(2023, 5, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert pol.versions[1].effective == dt.date(2023, 5, 2)
    assert [v.status for v in pol.versions] == ["superseded", "in-force"]
    assert pol.in_force.number == 2


def test_formatting_and_front_matter_only_commits_are_not_versions(repo, history_of):
    repo.write("terms.md", policy("Terms", "Use it kindly and\nlawfully.\n\n* one\n* two\n", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("terms.md", policy("Terms", "Use it kindly and lawfully.\n\n- one\n- two\n\n\n", summary="First"))
    repo.commit("Tidy markers and wrapping", "2023-02-01T00:00:00+00:00")
    repo.write("terms.md", policy("Terms", "Use it kindly and lawfully.\n\n- one\n- two\n", summary="First",
                                  reviewed="2023-03-01"))
    repo.commit("Record review", "2023-03-01T00:00:00+00:00")
    history, _ = history_of(repo)
    (pol,) = history.policies
    assert len(pol.versions) == 1
    assert pol.shown.effective == dt.date(2023, 1, 1)


def test_a_changed_link_target_is_a_version(repo, history_of):
    repo.write("p.md", policy("P", "Write to [our team](https://example.com/a).", summary="One"))
    repo.commit("one", "2023-01-01T00:00:00+00:00")
    repo.write("p.md", policy("P", "Write to [our team](https://example.com/b).", summary="Two"))
    repo.commit("two", "2023-02-01T00:00:00+00:00")
    history, _ = history_of(repo)
    assert len(history.policies[0].versions) == 2


def test_merged_branch_is_one_version_dated_at_the_merge(repo, history_of):
    repo.write("privacy.md", policy("Privacy", BODY, summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.branch("children")
    repo.write("privacy.md", policy("Privacy", BODY + "\nChildren under 16 may not sign up.\n"))
    repo.commit("Raise age", "2023-02-01T00:00:00+00:00")
    repo.write("privacy.md", policy("Privacy", BODY + "\nChildren under 16 may not sign up here.\n"))
    repo.commit("Review fixes", "2023-02-03T00:00:00+00:00")
    repo.checkout("main")
    repo.write("other.md", policy("Other", "Unrelated.", summary="x"))
    repo.commit("Other policy", "2023-02-05T00:00:00+00:00")
    merge = repo.merge("children", "Merge pull request #14 from acme/children\n\nRaise the minimum age to 16",
                       "2023-02-10T12:00:00-05:00")
    history, _ = history_of(repo)
    pol = history.policy("privacy")
    assert len(pol.versions) == 2
    assert pol.versions[1].commit == merge
    assert pol.versions[1].published.isoformat() == "2023-02-10T12:00:00-05:00"
    assert pol.versions[1].summary == "Raise the minimum age to 16"


def test_squash_merge_is_a_plain_commit(repo, history_of):
    repo.write("p.md", policy("P", "One.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.branch("feature")
    repo.write("p.md", policy("P", "One. Two."))
    repo.commit("wip", "2023-01-02T00:00:00+00:00")
    repo.write("p.md", policy("P", "One. Two. Three."))
    repo.commit("wip 2", "2023-01-03T00:00:00+00:00")
    repo.checkout("main")
    squash = repo.merge("feature", "Add two sentences (#7)", "2023-01-09T00:00:00+00:00", squash=True)
    history, _ = history_of(repo)
    (pol,) = history.policies
    assert [v.commit for v in pol.versions][-1] == squash
    assert pol.versions[-1].summary == "Add two sentences (#7)"
    assert len(pol.versions) == 2


def test_rename_keeps_one_history(repo, history_of):
    repo.write("cookies.md", policy("Cookies", "We use two cookies.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.move("cookies.md", "legal/cookie-policy.md")
    repo.commit("Move", "2023-02-01T00:00:00+00:00")
    repo.write("legal/cookie-policy.md", policy("Cookies", "We use three cookies.", summary="Third cookie"))
    repo.commit("Amend", "2023-03-01T00:00:00+00:00")
    history, _ = history_of(repo)
    (pol,) = history.policies
    assert pol.id == "cookies"
    assert pol.source == "legal/cookie-policy.md"
    assert pol.paths == ("cookies.md", "legal/cookie-policy.md")
    assert [v.source for v in pol.versions] == ["cookies.md", "legal/cookie-policy.md"]


def test_delete_and_add_joined_by_id(repo, history_of):
    repo.write("privacy.md", policy("Privacy", "Old text.", id="privacy", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.remove("privacy.md")
    repo.write("data/privacy-notice.md", policy("Privacy Notice", "A rewritten text entirely.", id="privacy",
                                               summary="Rewrite"))
    repo.commit("Rewrite as a notice", "2023-06-01T00:00:00+00:00")
    history, _ = history_of(repo)
    (pol,) = history.policies
    assert pol.status == "current"
    assert [v.title for v in pol.versions] == ["Privacy", "Privacy Notice"]


def test_deleted_policy_stays_published_as_retired(repo, history_of):
    repo.write("beta.md", policy("Beta Terms", "Beta things.", summary="First"))
    repo.write("terms.md", policy("Terms", "Terms.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.remove("beta.md")
    retired = repo.commit("Retire the beta terms", "2024-04-14T09:00:00+01:00")
    history, _ = history_of(repo)
    beta = history.policy("beta")
    assert beta.status == "retired"
    assert beta.retirement.commit == retired
    assert beta.retirement.summary == "Retire the beta terms"
    assert beta.versions[0].status == "superseded"
    assert beta.in_force_until(beta.versions[0]) == dt.date(2024, 4, 14)


def test_future_effective_date_is_upcoming(repo, history_of):
    repo.write("terms.md", policy("Terms", "Old.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("terms.md", policy("Terms", "New.", summary="Second", effective="2027-01-15", material="true"))
    repo.commit("Announce", "2026-11-20T10:00:00-08:00")
    history, _ = history_of(repo)
    pol = history.policies[0]
    assert [v.status for v in pol.versions] == ["in-force", "upcoming"]
    assert pol.shown.number == 1
    assert pol.upcoming[0].effective == dt.date(2027, 1, 15)
    assert pol.upcoming[0].material is True
    later, _ = history_of(repo, as_of=dt.date(2027, 1, 15))
    assert [v.status for v in later.policies[0].versions] == ["superseded", "in-force"]


def test_late_evening_commit_is_dated_in_the_site_timezone(repo, history_of):
    repo.write("p.md", policy("P", "Text.", summary="First"))
    repo.commit("Publish", "2023-01-09T23:30:00-08:00")
    utc, _ = history_of(repo)
    assert utc.policies[0].shown.effective == dt.date(2023, 1, 10)
    la, _ = history_of(repo, zone=ZoneInfo("America/Los_Angeles"))
    assert la.policies[0].shown.effective == dt.date(2023, 1, 9)


def test_author_date_does_not_matter(repo, history_of):
    repo.write("p.md", policy("P", "Text.", summary="First"))
    repo.commit("Publish", "2023-10-09T12:00:00+00:00", author_date="2023-01-01T00:00:00+00:00")
    history, _ = history_of(repo)
    assert history.policies[0].shown.published.date() == dt.date(2023, 10, 9)


def test_sections_are_assembled_and_recorded(repo, history_of):
    repo.write("security.md", policy("Security", '--8<-- "security/access.md"\n\n--8<-- "security/crypto.md"',
                                     summary="First"))
    repo.write("security/access.md", "## Access\n\nLeast privilege.\n")
    repo.write("security/crypto.md", "## Encryption\n\nAES at rest.\n")
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("security/crypto.md", "## Encryption\n\nAES-256 at rest and TLS 1.3 in transit.\n")
    repo.commit("Stronger crypto", "2023-02-01T00:00:00+00:00")
    history, _ = history_of(repo)
    (pol,) = history.policies
    assert len(pol.versions) == 2
    assert "TLS 1.3" in pol.versions[1].markdown and "Least privilege" in pol.versions[1].markdown
    assert pol.versions[1].sections_changed == ("security/crypto.md",)


def test_summary_falls_back_when_unchanged(repo, history_of):
    repo.write("p.md", policy("P", "One.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("p.md", policy("P", "Two.", summary="First"))
    repo.commit("Say two instead of one", "2023-02-01T00:00:00+00:00")
    history, _ = history_of(repo)
    assert history.policies[0].versions[1].summary == "Say two instead of one"


def test_home_page_can_opt_out_and_globs_exclude(repo, history_of):
    repo.write("index.md", "---\ntitle: Legal\npolicy: false\n---\n\n# Legal\n")
    repo.write("drafts/idea.md", policy("Idea", "Not yet."))
    repo.write("p.md", policy("P", "One.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    history, _ = history_of(repo, exclude=["drafts/*"])
    assert [p.id for p in history.policies] == ["p"]


def test_hand_typed_stamp_that_disagrees_is_a_warning(repo, history_of):
    repo.write("p.md", policy("P", "Last updated: January 5, 2022\n\nText.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    _, problems = history_of(repo)
    assert len(problems) == 1
    assert problems[0].path == "p.md" and "Last updated" in problems[0].message


def test_shallow_clone_fails_loudly(repo, history_of, tmp_path):
    for n in range(3):
        repo.write("p.md", policy("P", f"Version {n}.", summary=f"v{n}"))
        repo.commit(f"v{n}", f"2023-0{n + 1}-01T00:00:00+00:00")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True,
                   env=repo.env())
    from tests.gitrepo import TempRepo
    shallow = TempRepo.__new__(TempRepo)
    shallow.root, shallow.docs = clone, clone / "docs"
    with pytest.raises(PolicyError, match="shallow clone.*fetch-depth: 0"):
        history_of(shallow)


def test_not_a_git_repository(tmp_path, history_of):
    from tests.gitrepo import TempRepo
    plain = TempRepo.__new__(TempRepo)
    plain.root = tmp_path
    plain.docs = tmp_path / "docs"
    plain.docs.mkdir()
    with pytest.raises(PolicyError, match="not inside a git repository"):
        history_of(plain)


@pytest.mark.parametrize("front, message", [
    ("title: [broken", "not valid YAML"),
    ("title: P\neffective: next week", "'effective' is not a date"),
    ("title: P\na: &x [1]\nb: *x", "aliases"),
])
def test_broken_front_matter_names_file_and_commit(repo, history_of, front, message):
    repo.write("p.md", f"---\n{front}\n---\n\n# P\n\nText.\n")
    sha = repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    with pytest.raises(PolicyError, match=message) as info:
        history_of(repo)
    assert info.value.path == "p.md" and info.value.commit == sha
    assert str(info.value).startswith("p.md") and sha[:7] in str(info.value)


def test_effective_going_backwards_is_an_error(repo, history_of):
    repo.write("p.md", policy("P", "One.", summary="First", effective="2023-06-01"))
    repo.commit("Publish", "2023-05-01T00:00:00+00:00")
    repo.write("p.md", policy("P", "Two.", summary="Second", effective="2023-05-15"))
    repo.commit("Backwards", "2023-05-10T00:00:00+00:00")
    with pytest.raises(PolicyError, match="earlier than version 1"):
        history_of(repo)


def test_leftover_effective_date_is_a_warning_not_a_guess_in_silence(repo, history_of):
    repo.write("p.md", policy("P", "One.", summary="First", effective="2023-06-01"))
    repo.commit("Publish", "2023-05-01T00:00:00+00:00")
    repo.write("p.md", policy("P", "Two.", summary="Second", effective="2023-06-01"))
    repo.commit("Amend but forget the date", "2024-01-10T00:00:00+00:00")
    history, problems = history_of(repo)
    assert any("left over from version 1" in p.message for p in problems)


def test_non_utf8_file_is_named(repo, history_of):
    repo.write("p.md", "---\ntitle: P\n---\n\n# P\n\nCaf\xe9\n".encode("latin-1"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    with pytest.raises(PolicyError, match=r"not valid UTF-8.*0xe9") as info:
        history_of(repo)
    assert info.value.path == "p.md"


def test_duplicate_ids_are_refused(repo, history_of):
    repo.write("a.md", policy("A", "One.", id="same"))
    repo.write("b.md", policy("B", "Two.", id="same"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    with pytest.raises(PolicyError, match="already used"):
        history_of(repo)


def test_working_tree_preview_is_a_draft_version_only_when_asked(repo, tmp_path):
    from generator.gitlog import GitRepository
    from generator.history import Options, read_history
    from generator.model import WORKING_TREE
    from tests.conftest import render

    repo.write("p.md", policy("P", "Committed text.", summary="First"))
    repo.write("gone.md", policy("Gone", "Soon deleted.", summary="First"))
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    repo.write("p.md", policy("P", "Edited but not committed.", summary="Edit"))
    repo.write("new.md", policy("New", "A brand new policy.", summary="First"))
    (repo.docs / "gone.md").unlink()
    now = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

    def read(preview):
        git = GitRepository(repo.docs)
        try:
            return read_history(git, render, Options(zone=dt.UTC, as_of=dt.date(2026, 11, 27),
                                                     working_tree=preview))[0]
        finally:
            git.close()

    published = read(None)
    assert [len(p.versions) for p in published.policies] == [1, 1]
    assert all(p.status == "current" for p in published.policies)
    draft = read(now)
    p = draft.policy("p")
    assert p.versions[-1].commit == WORKING_TREE and "Edited but not committed." in p.shown.markdown
    assert p.versions[-1].summary == "Edit" and p.versions[-1].published == now
    assert draft.policy("new").versions[0].commit == WORKING_TREE
    assert draft.policy("gone").status == "retired"


def test_errors_in_uncommitted_changes_say_so():
    from generator.errors import Problem
    from generator.model import WORKING_TREE

    assert str(Problem("bad", "p.md", WORKING_TREE, 3)) == "p.md:3 @ uncommitted changes: bad"
    assert str(Problem("bad", "p.md", "3f2a1c0deadbeef")) == "p.md @ 3f2a1c0: bad"
