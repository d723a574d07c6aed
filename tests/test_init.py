"""`policy init` on throwaway repositories shaped like real ones: it writes a configuration that builds
strictly (or fails only on what a person must fix, named with file and line), reports what it published
and left out, and changes nothing the second time."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from tests.gitrepo import TempRepo
from tests.realrepos import minimal_pdf
from tests.sites import site_env

POLICY = (sys.executable, "-c", "from generator.cli import main; main()")
README = "# Acme legal\n\nThe policies of Acme, kept in git. See [privacy](privacy.md).\n"
PRIVACY = "Privacy Policy\n==============\n\nWe collect {what}.\n\n## Contact\n\nWrite to privacy@acme.example.\n"
SUBPROCESSORS = """\
title: Sub-processors
entries:
  - name: Kestrel Cloud Ltd.
    purpose: Hosting of the service
    locations: Ireland (EU)
"""
TERMS = "# Terms of Service\n\nUse the service {how}. Read the [schedule](schedule.pdf).\n"


def root_layout_repo(root, *, typed_stamp: bool = False) -> TempRepo:
    """Policies at the repository root beside README/LICENSE/CODEOWNERS; a folder with spaces, a `.txt`
    and a PDF; a formatting sweep listed in `.git-blame-ignore-revs`; commits made in Berlin."""
    repo = TempRepo(root, docs=".")
    repo.write("README.md", README)
    repo.write("LICENSE.txt", "All rights reserved.\n")
    repo.write("CODEOWNERS", "* @acme/legal\n")
    repo.write("privacy.md", PRIVACY.format(what="your e-mail address"))
    repo.write("Terms of Service/terms.md", TERMS.format(how="kindly"))
    repo.write("Terms of Service/schedule.pdf", minimal_pdf("Schedule"))
    repo.write("Terms of Service/notes.txt", "Internal notes of the legal team.\n")
    repo.write("privacy.de.md", "# Datenschutzerklärung\n\nWir erheben Ihre E-Mail-Adresse.\n")
    repo.write("subprocessors.yml", SUBPROCESSORS)
    repo.commit("Publish", "2023-01-10T10:00:00+01:00")
    repo.write("privacy.md", PRIVACY.format(what="your e-mail address and name"))
    repo.commit("Collect names", "2023-06-12T10:00:00+02:00")
    repo.write("Terms of Service/terms.md", TERMS.format(how="kindly ").replace("\n\n", "\n\n\n"))
    sweep = repo.commit("Formatting sweep", "2023-07-03T10:00:00+02:00")
    repo.write(".git-blame-ignore-revs", f"# formatting\n{sweep}\n")
    repo.commit("Ignore the sweep", "2023-07-04T10:00:00+02:00")
    stamp = "Last updated: January 2, 2020\n\n" if typed_stamp else ""
    repo.write("Terms of Service/terms.md", "# Terms of Service\n\n" + stamp
               + "Use the service kindly and fairly. Read the [schedule](schedule.pdf).\n")
    repo.commit("Fairly", "2024-02-05T10:00:00+01:00")
    return repo


def init(repo: TempRepo, *args: str, url: str | None = "https://legal.acme.example/"
         ) -> subprocess.CompletedProcess[str]:
    options = ["--site-url", url] if url else []
    return subprocess.run([*POLICY, "init", *options, *args], cwd=repo.root, env=site_env(repo),
                          capture_output=True, text=True)


def tree_digest(repo: TempRepo) -> dict[str, str]:
    """Every file of the repository but git's own and the build cache, by its digest."""
    return {p.relative_to(repo.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(repo.root.rglob("*")) if p.is_file()
            and ".git" not in p.relative_to(repo.root).parts[:1] and ".cache" not in p.parts}


def test_init_adopts_a_root_layout_and_the_first_strict_build_passes(repo, tmp_path):
    adopted = root_layout_repo(tmp_path / "acme-legal")
    before = tree_digest(adopted)
    result = init(adopted)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    config = adopted.root / ".policy" / "mkdocs.yml"
    assert config.is_file() and "wrote .policy/mkdocs.yml" in out
    assert "policies: at the repository root; time zone Europe/Berlin" in out
    assert "home page: README.md" in out
    assert "left out: LICENSE.txt: a licence" in out and "left out: CODEOWNERS: who reviews changes" in out
    assert "published: 3 policies, 6 version(s), translations in de, 1 list(s) of sub-processors" in out
    assert "- privacy.md: Privacy Policy (2 version(s), de: 1 version(s))" in out
    assert "- subprocessors.yml: Sub-processors (1 version(s), a list of 1 entries)" in out
    assert "- Terms of Service/terms.md: Terms of Service (2 version(s))" in out
    assert "first build `mkdocs build --strict -f .policy/mkdocs.yml`:" in out
    assert "policy init: first build passed" in out and "  INFO    -  policy: built 19 generated pages" in out
    # It never edits a policy: only its own folder is new.
    after = tree_digest(adopted)
    assert {k: v for k, v in after.items() if not k.startswith(".policy/")} == before
    site = tmp_path / "acme-legal-site"
    assert (site / "index.html").is_file() and (site / "privacy" / "index.html").is_file()
    assert (site / "Terms of Service" / "schedule.pdf").is_file()
    assert not (site / "LICENSE.txt").exists() and not (site / "CODEOWNERS").exists()
    assert not (site / ".policy").exists()
    # The user's own command builds it, and every `policy` command finds the configuration from anywhere.
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", ".policy/mkdocs.yml"],
                           cwd=adopted.root, env=site_env(adopted), capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    log = subprocess.run([*POLICY, "log"], cwd=adopted.root / "Terms of Service",
                         env=site_env(adopted), capture_output=True, text=True)
    assert log.returncode == 0, log.stderr
    assert "Terms of Service/terms.md" in log.stdout
    # A second run changes nothing and says so.
    again = init(adopted)
    assert again.returncode == 0, again.stdout + again.stderr
    assert ".policy/mkdocs.yml exists; left alone" in again.stdout
    assert tree_digest(adopted) == after


def test_init_names_the_typed_stamp_with_file_and_line(repo, tmp_path):
    adopted = root_layout_repo(tmp_path / "acme", typed_stamp=True)
    result = init(adopted)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "policy init: first build failed" in out
    fixes = out.split("fix now in the current files", 1)[1]
    assert "Terms of Service/terms.md:3: typed-stamp" in fixes
    build_lines = out.split("first build `mkdocs build --strict -f .policy/mkdocs.yml`:", 1)[1]
    build_lines = build_lines.split("policy init: first build failed", 1)[0]
    warnings = [line for line in build_lines.splitlines() if "WARNING" in line]
    assert warnings and all("terms.md" in line for line in warnings), build_lines
    # The fix it names, made: the strict build with the configuration init wrote passes.
    adopted.write("Terms of Service/terms.md", "# Terms of Service\n\n"
                  "Use the service kindly and fairly. Read the [schedule](schedule.pdf).\n")
    adopted.commit("Let the site print the stamp", "2024-03-01T10:00:00+01:00")
    fixed = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", ".policy/mkdocs.yml"],
                           cwd=adopted.root, env=site_env(adopted), capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stderr


def test_init_in_a_docs_folder_writes_mkdocs_yml_at_the_top(repo, tmp_path):
    repo.write("privacy.md", PRIVACY.format(what="little"))
    repo.write("index.md", "# Legal\n\nOur policies.\n")
    (repo.root / "README.md").write_text("# The legal site\n", encoding="utf-8")
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    result = init(repo, "--no-build")
    assert result.returncode == 0, result.stderr
    assert "wrote mkdocs.yml" in result.stdout and "policies: in docs/" in result.stdout
    text = (repo.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: docs" in text and "timezone: UTC" in text


def test_a_readme_beside_an_index_is_left_out_of_mkdocs_and_of_the_policies(tmp_path):
    adopted = TempRepo(tmp_path / "legal", docs=".")
    adopted.write("index.md", "# Legal\n\nOur policies: [privacy](privacy.md).\n")
    adopted.write("README.md", README)
    adopted.write("privacy.md", PRIVACY.format(what="little"))
    adopted.commit("Publish", "2024-01-04T10:00:00-05:00")
    result = init(adopted)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "left out: README.md: the repository's front page (index.md is the home page)" in result.stdout
    assert "home page: index.md" in result.stdout and "time zone America/New_York" in result.stdout
    assert "published: 1 policy, 1 version(s)" in result.stdout
    text = (adopted.root / ".policy" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "exclude_docs: |" in text and "  /README.md" in text


def test_the_time_zone_is_the_one_most_commits_fit_else_utc_and_the_note_says_why():
    from generator.adopt import guess_zone

    berlin = ["2023-01-10T10:00:00+01:00", "2023-06-12T10:00:00+02:00", "2023-11-12T10:00:00+01:00"]
    assert guess_zone(berlin).name == "Europe/Berlin"
    assert "3 of 3 commits" in guess_zone(berlin).note
    # +02:00 in January is not Berlin: the zone must fit the offset on that day.
    assert guess_zone(["2023-01-10T10:00:00+02:00", "2023-07-10T10:00:00+03:00"]).name == "Europe/Helsinki"
    mixed = guess_zone(["2023-01-10T10:00:00+05:30", "2023-01-11T10:00:00-08:00", "2023-01-12T10:00:00+09:00"])
    assert mixed.name == "UTC" and "mixed" in mixed.note and "Set `timezone:`" in mixed.note
    assert guess_zone([]).name == "UTC"


def test_the_policies_folder_is_found_and_non_policies_are_named():
    from generator.adopt import _pages_url, find_docs_folder, not_a_policy

    assert find_docs_folder(["README.md", "legal/privacy.md", "legal/terms.md", "LICENSE"]) == "legal"
    assert find_docs_folder(["README.md", "privacy.md", "Terms of Service/terms.md"]) == ""
    assert find_docs_folder(["Privacy/privacy.md", "Terms/terms.md", ".github/PULL_REQUEST_TEMPLATE.md"]) == ""
    assert not_a_policy("CODEOWNERS") and not_a_policy("docs/CONTRIBUTING.md") and not_a_policy("Makefile")
    assert not_a_policy("privacy.md") is None and not_a_policy("schedule.pdf") is None
    assert _pages_url("git@github.com:Acme/legal.git") == "https://acme.github.io/legal/"
    assert _pages_url("https://gitlab.example/acme/legal") is None


def test_init_adopts_a_large_companys_folder_with_spaces_and_builds_strictly(tmp_path, monkeypatch):
    from tests.gitrepo import isolate_git
    from tests.realrepos import bigco_repo

    isolate_git(monkeypatch)
    adopted, _shas = bigco_repo(tmp_path / "bigco")
    result = init(adopted)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "wrote mkdocs.yml" in out and "policies: in legal/" in out
    assert "- legal/Terms of Service/Online Terms.md: Online Services Terms (2 version(s))" in out
    assert "policy init: first build passed" in out
    assert "home page: none (add an index.md" in out


def test_without_an_address_the_placeholder_is_something_to_fix_now(repo):
    repo.write("privacy.md", PRIVACY.format(what="little"))
    repo.commit("Publish", "2024-01-04T10:00:00+00:00")
    result = init(repo, url=None)
    assert result.returncode == 1, result.stdout + result.stderr
    fixes = result.stdout.split("fix now in the current files", 1)[1]
    assert "mkdocs.yml:3: site_url: the address is a placeholder" in fixes
    assert "site_url: https://legal.example.com/  # TODO" in (repo.root / "mkdocs.yml").read_text(encoding="utf-8")


def test_init_adopts_a_folder_per_language_with_a_file_deleted_and_added_again(repo):
    """The multilingual shape: `en/`, `de/`, `ja/` folders; the German file deleted and added again
    eight days later; the English text announcing its own effective day ahead of the commit."""
    english = "# Privacy Policy\n\nEffective May 4, 2026\n\nWe keep your email address to sign you in.\n"
    repo.write("legal/en/privacy.md", english)
    repo.write("legal/de/privacy.md", "# Datenschutzerklärung\n\nWir speichern Ihre E-Mail-Adresse.\n")
    repo.write("legal/ja/privacy.md", "# プライバシーポリシー\n\n当社はメールアドレスを保存します。\n")
    repo.commit("Publish", "2026-04-01T10:00:00+00:00")
    repo.remove("legal/de/privacy.md")
    repo.commit("Remove the German text for review", "2026-04-20T10:00:00+00:00")
    repo.write("legal/de/privacy.md", "# Datenschutzerklärung\n\nWir speichern nur Ihre E-Mail-Adresse.\n")
    repo.write("legal/en/privacy.md", english.replace("your email", "only your email"))
    repo.commit("German text back; a clearer English one", "2026-04-28T10:00:00+00:00")
    result = init(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "translations in de, ja" in result.stdout, result.stdout
