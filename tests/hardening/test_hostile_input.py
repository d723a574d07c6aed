"""Hostile and broken input: whatever is committed, reading the history gives a History or a
PolicyError that names the file, never another exception."""

from __future__ import annotations

import hashlib
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.documents import MAX_POLICY_BYTES
from generator.errors import PolicyError
from tests.gitrepo import policy
from tests.hardening.conftest import blob_command, fast_import

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(snapshots, read_repo, files: dict[str, bytes]):
    """Commit `files` and read the history: (history, None) or (None, PolicyError)."""
    commit = snapshots.commit(files)
    try:
        history, _problems = read_repo(snapshots.repo)
    except PolicyError as exc:
        assert exc.path in files, f"the error names {exc.path!r}, not one of the files: {exc}"
        assert exc.commit == commit and exc.path in str(exc)
        return None, exc
    return history, None


# -- front matter ----------------------------------------------------------------------------------
KEYS = st.sampled_from(["title", "id", "effective", "summary", "material", "reviewed", "policy", "tags",
                        "hide", "x", "? [a]", "<<", "!!python/object:os.system", "title "])
SCALARS = st.one_of(
    st.sampled_from(["2023-02-30", "99999-01-01", "0001-01-01", "2023-01-01", "'2023-01-01'", "2023-01-01T10:00:00",
                     "yes", "no", "~", "null", "1e999", "-.inf", ".nan", "0x1F", "0o17", "!!binary aGVsbG8=",
                     "!!binary @@@", "!!timestamp 2023-13-45", "!!int x", "!!float y", "&a 1", "*a", "[", "{",
                     "'unclosed", '"\\x"', "|", ">-", "\t", "!!set {a, b}", "!!omap [a: 1]", "all", "Privacy",
                     "<script>alert(1)</script>", "!!python/name:os.system", "!!str", "9" * 400]),
    st.text(alphabet=string.printable + "éü\u2028\u00a0\ufeff", max_size=30),
    st.integers().map(str),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.dictionaries(KEYS, inner, max_size=3).map(lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"),
), max_leaves=6)
FRONT = st.one_of(
    st.lists(st.tuples(KEYS, VALUES, st.sampled_from(["", "  ", "\t"])), max_size=6).map(
        lambda items: "\n".join(f"{indent}{k}: {v}" for k, v, indent in items)),
    st.text(max_size=200),
)

# -- bodies ----------------------------------------------------------------------------------------
PIECES = st.sampled_from([
    "# Title", "# ", "#", "## Part", "> ", ">" * 50, "- ", "1. ", "* ", "    ", "\t", "\n", "\n\n", "text", "**", "_",
    "[x](javascript:alert(1))", "<script>alert(1)</script>", "<div", "</div>", "<!--", "-->", "```", "~~~", "|a|b|",
    "|-|-|", "{: #id .cls onclick=x }", "[^1]", "[^1]: note", "--8<-- \"part.md\"", "--8<-- \"../etc.md\"",
    "--8<-- \"missing.md\"", "--8<-- \"p.md\"", "Last updated: February 30, 2023", "Effective date: 2023-01-01",
    "---", "...", "\r\n", "\u202e", "\ufeff", "&amp;", "&#0;", "<![CDATA[", "\\", "`", "é", "\U0001f600",
])
BODY = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@SETTINGS
@given(front=FRONT, body=BODY, fenced=st.booleans(), section=st.none() | BODY)
def test_any_front_matter_and_body_read_or_fail_naming_the_file(snapshots, read_repo, front, body, fenced, section):
    text = f"---\n{front}\n---\n{body}" if fenced else body
    files = {"p.md": text.encode("utf-8", "surrogatepass")}
    if section is not None:
        files["part.md"] = f"---\npolicy: false\n---\n{section}".encode("utf-8", "surrogatepass")
    history, error = outcome(snapshots, read_repo, files)
    if history is not None:
        for pol in history.policies:
            assert pol.versions and all(v.title for v in pol.versions)


@SETTINGS
@given(data=st.binary(max_size=300), name=st.text(alphabet=string.ascii_letters + " éß-_.'\"\n\\", min_size=1,
                                                   max_size=20))
def test_any_bytes_under_any_name_read_or_fail_naming_the_file(snapshots, read_repo, data, name):
    name = name.strip(".") or "x"
    outcome(snapshots, read_repo, {f"{name}.md": b"# T\n\n" + data})


@SETTINGS
@given(body=BODY, bom=st.booleans(), crlf=st.booleans())
def test_a_single_file_version_hashes_the_file_exactly_as_git_has_it(snapshots, read_repo, body, bom, crlf):
    text = policy("Terms", body or "Text.", summary="First")
    text = ("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)
    data = text.encode("utf-8", "surrogatepass")
    history, error = outcome(snapshots, read_repo, {"terms.md": data})
    if history is not None and history.policies:
        assert history.policies[0].versions[0].sha256 == hashlib.sha256(data).hexdigest()


# -- explicit cases --------------------------------------------------------------------------------
def expect_error(snapshots, read_repo, files: dict[str, bytes], *words: str) -> PolicyError:
    history, error = outcome(snapshots, read_repo, files)
    assert error is not None, "expected the history to be refused"
    for word in words:
        assert word in str(error), str(error)
    return error


def test_huge_file_is_refused_with_its_size(snapshots, read_repo):
    body = ("Paragraph of a very long policy that nobody will read. " * 20 + "\n\n") * 5000
    assert len(body) > MAX_POLICY_BYTES
    expect_error(snapshots, read_repo, {"huge.md": policy("Huge", body).encode()}, "huge.md @", "MB",
                 "at most 2 MB")


def test_huge_policy_assembled_from_sections_is_refused(snapshots, read_repo):
    part = ("Clause. " * 200 + "\n\n") * 700
    files = {f"s{n}.md": f"---\npolicy: false\n---\n{part}".encode() for n in range(3)}
    files["p.md"] = policy("P", "\n\n".join(f'--8<-- "s{n}.md"' for n in range(3))).encode()
    expect_error(snapshots, read_repo, files, "p.md @", "with its sections included")


def test_a_policy_just_under_the_limit_is_read(snapshots, read_repo):
    body = "word " * ((MAX_POLICY_BYTES - 1000) // 5)
    history, error = outcome(snapshots, read_repo, {"big.md": policy("Big", body).encode()})
    assert error is None and history.policies[0].id == "big"


def test_two_thousand_nested_quotes_render_or_fail_naming_the_file(snapshots, read_repo):
    outcome(snapshots, read_repo, {"q.md": policy("Q", ">" * 2000 + " deep").encode()})


def test_deeply_nested_lists_are_a_policy_error_not_a_recursion_error(snapshots, read_repo):
    error = expect_error(snapshots, read_repo, {"l.md": policy("L", "- " * 2000 + "x").encode()},
                         "l.md @", "too deeply")
    assert error.commit == snapshots.repo.head()


def test_deeply_nested_front_matter_is_a_policy_error(snapshots, read_repo):
    front = "title: T\nx: " + "[" * 5000 + "]" * 5000
    expect_error(snapshots, read_repo, {"n.md": f"---\n{front}\n---\n# T\n".encode()}, "n.md:3 @",
                 "more than 20 levels")


def test_a_long_heading_line_does_not_stall_the_title(snapshots, read_repo):
    # The old title regex backtracked cubically: this line took minutes.
    history, _ = outcome(snapshots, read_repo, {"h.md": ("# a" + " " * 50_000 + "b\n\nText.\n").encode()})
    assert history.policies[0].shown.title.startswith("a ") and history.policies[0].shown.title.endswith("b")


def test_invalid_utf8_names_file_and_line(snapshots, read_repo):
    error = expect_error(snapshots, read_repo, {"u.md": b"---\ntitle: U\n---\n\nok\n\xff\xfe"}, "u.md:6 @", "UTF-8")
    assert error.problem.line == 6


def test_nul_byte_is_refused(snapshots, read_repo):
    expect_error(snapshots, read_repo, {"n.md": b"# N\n\nText\x00more"}, "n.md @", "NUL")


def test_yaml_alias_bomb_is_refused(snapshots, read_repo):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8))
    expect_error(snapshots, read_repo, {"b.md": f"---\ntitle: B\n{bomb}---\n# B\n".encode()}, "b.md", "aliases")


def test_python_tags_in_front_matter_are_refused(snapshots, read_repo):
    expect_error(snapshots, read_repo, {"t.md": b"---\ntitle: !!python/object/apply:os.system [echo hi]\n---\n# T\n"},
                 "t.md:2 @", "not valid YAML")


def test_impossible_and_out_of_range_dates_are_refused(snapshots, read_repo):
    for value, words in [("99999-01-01", ("not a date",)), ("0001-01-01", ("out of range",)),
                         ("2023-02-30", ("cannot be read", "day is out of range")),
                         ("'2023-02-30'", ("not a date",)), ("2023-01-01T10:00:00", ("date and time",))]:
        expect_error(snapshots, read_repo, {"d.md": policy("D", "Text.", effective=value).encode()},
                     "d.md @", "effective" if "cannot" not in words[0] else "front matter", *words)


def test_commit_messages_with_separator_characters_keep_every_version(repo, read_repo):
    # git log fields used to be split on \x1e / \x1f: one such message dropped a version or crashed.
    for n, message in enumerate(["First", "Fix\x1f typo", "Reword\x1e it", "Subject\n\nbody \x1e\x1f\x00x", "Last"]):
        repo.write("p.md", policy("P", f"Text {n}.", summary=f"v{n}"))
        repo.commit(message.replace("\x00", ""), f"2023-0{n + 1}-01T00:00:00+00:00")
    history, _ = read_repo(repo)
    assert [v.summary for v in history.policies[0].versions] == [f"v{n}" for n in range(5)]
    assert len({v.commit for v in history.policies[0].versions}) == 5


def test_symlink_out_of_the_repository_is_refused(repo, read_repo):
    repo.write("privacy.md", policy("Privacy", "Text."))
    (repo.docs / "passwd.md").symlink_to("/etc/passwd")
    repo.commit("Publish", "2023-01-01T00:00:00+00:00")
    try:
        read_repo(repo)
    except PolicyError as exc:
        assert exc.path == "passwd.md" and "symbolic link" in str(exc) and "/etc/passwd" in str(exc)
    else:
        raise AssertionError("a symlink out of the repository was read")


def test_file_names_with_spaces_and_accents_keep_them(snapshots, read_repo):
    history, _ = outcome(snapshots, read_repo, {
        "politique de confidentialité.md": policy("Politique de confidentialité", "Texte.").encode()})
    (pol,) = history.policies
    assert pol.source == "politique de confidentialité.md"


def test_three_thousand_commits_are_read_in_one_pass(repo, read_repo):
    start = 1_600_000_000
    parts = []
    for n in range(3000):
        path = f"docs/p{n % 3}.md"
        text = policy(f"P{n % 3}", f"Revision {n} of this policy.", summary=f"rev {n}")
        parts.append(f"commit refs/heads/main\nmark :{n + 1}\ncommitter T <t@example.com> {start + n * 3600} +0000\n"
                     f"data {len(f'c{n}')}\nc{n}\n".encode())
        if n:
            parts.append(f"from :{n}\n".encode())
        parts.append(blob_command(path, text.encode()))
    parts.append(b"done\n")
    fast_import(repo, b"".join(parts))
    history, problems = read_repo(repo)
    assert problems == []
    assert [p.id for p in history.policies] == ["p0", "p1", "p2"]
    for k, pol in enumerate(history.policies):
        assert len(pol.versions) == 1000
        assert [v.summary for v in pol.versions][:2] == [f"rev {k}", f"rev {k + 3}"]
        assert pol.shown.markdown.strip().endswith(f"Revision {2997 + k} of this policy.")
    assert history.head == repo.head()
