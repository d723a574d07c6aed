"""Throwaway policy repositories shaped like real ones (years of history, messy pasts), for
end-to-end tests. Fictional companies, our own words; every commit has a fixed date and offset.

Each builder returns the TempRepo and a dict of the commit shas the tests need:
`versions` (docs path -> the commits that must be its versions, oldest first), `not_versions`
(commits that must never be versions), `skipped` (docs path -> commits reported as skipped) and
builder-specific entries."""

from __future__ import annotations

import os
from pathlib import Path

from tests.gitrepo import TempRepo


def minimal_pdf(text: str) -> bytes:
    """A small but valid one-page PDF (correct cross-reference table) showing `text`."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _write_root(repo: TempRepo, path: str, text: str) -> None:
    """A file at the repository root, outside the policies folder."""
    (repo.root / path).write_text(text, encoding="utf-8")


# -- a SaaS company: folder/index.md pages, Liquid tags, PDFs, an ignore-revs file ----------------

_SAAS_PRIVACY_HEAD = """\
# Privacy Policy

{{ site.company }} runs Nimbus Ledger, an invoicing service for small firms. This policy says what we
collect, why we collect it, and what you can ask of us.\x20
"""

_SAAS_COLLECT = """\
## What we collect

* Account details: your name, work e-mail address and company name.\x20
* The invoices you create, and the customers you send them to.
* Sign-in records, kept for ninety days for security.
"""

_SAAS_COLLECT_SWEPT = """\
## What we collect

- Account details: your name, work email address and company name.
- The invoices you create, and the customers you send them to.
- Sign-in records, kept for ninety days for security.
"""

_SAAS_USE = """\
## Why we use it

We use your information to run the service, to bill you and to keep accounts safe. We never sell it.
"""

_SAAS_ANALYTICS = """\
## Product analytics

We count which screens are opened, without recording what you type, to decide what to improve.
"""

_SAAS_SUBPROCESSORS = """\
## Who helps us

A hosting provider in the European Union stores our data, and a payment processor handles card
payments. Both act only on our instructions.
"""

_SAAS_DPA = """\
## Data processing agreement

Business customers can download our [data processing agreement](../downloads/dpa.pdf) and sign it
from their account settings.
"""

_SAAS_CONTACT = """\
## Contact

{% include contact.html %}
"""

_SAAS_TERMS_BODY = """\
These terms govern your use of Nimbus Ledger, the invoicing service run by {{ site.company }}.\x20

* You must be old enough to sign a contract where you live.
* You are responsible for the invoices you send.\x20
* We may suspend accounts that send spam or fraudulent invoices.

Either of us may end the agreement at any time; you can export your invoices first.
"""

_SAAS_SECURITY_BODY = """\
# Security Overview

{{ site.company }} encrypts customer data in transit and at rest.\x20

* Production access needs a hardware security key.
* Backups are tested every quarter.\x20
* We ask an outside firm to test the service once a year.
"""

_SAAS_LICENSE = """\
Copyright (c) 2019 Nimbus Ledger Ltd.

The texts in this repository may be reused under the Creative Commons Attribution 4.0 licence, as long
as you say where they come from and do not present them as legal advice.
"""


def _saas_privacy(*sections: str, front: str = "title: Privacy Policy", stamp: str | None = None) -> str:
    head = _SAAS_PRIVACY_HEAD
    if stamp:
        head = head.replace("# Privacy Policy\n", f"# Privacy Policy\n\n{stamp}\n", 1)
    return f"---\n{front}\n---\n\n" + "\n".join([head, *sections])


def _sweep(text: str) -> str:
    """A formatting sweep: trailing spaces removed, `*` bullets changed to `-`."""
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join("- " + line[2:] if line.startswith("* ") else line for line in lines)


def saas_repo(root: Path) -> tuple[TempRepo, dict]:
    """Nimbus Ledger's policies as `folder/index.md` pages in `policies/`, 2019-2024.

    - privacy/index.md: Liquid tags; a typed "Last updated: March 3, 2021" line (written on March 8,
      so it disagrees with history) that a later commit removes; a commit with broken YAML front
      matter (skipped), fixed the next day; a formatting sweep that also changes "e-mail" to "email",
      listed in `.git-blame-ignore-revs` (not a version); a later amendment linking a PDF.
    - terms/index.md: no title at all (no front matter, no heading) for a year, then `title:`.
    - security/index.md: one version; touched by the sweep only.
    - files/dpa-2023.pdf (a real PDF) and downloads/dpa.pdf, a symlink to ../files/dpa-2023.pdf.
    - LICENSE.md: no front matter, no heading (tests exclude it).
    - index.md: a plain home page that became `policy: false` in 2024.
    """
    repo = TempRepo(root, docs="policies")
    privacy = "privacy/index.md"
    terms = "terms/index.md"
    security = "security/index.md"

    repo.write("index.md", "# Nimbus Ledger legal\n\nOur privacy policy, terms and security overview.\n")
    repo.write(privacy, _saas_privacy(_SAAS_COLLECT, _SAAS_USE, _SAAS_CONTACT))
    repo.write(terms, _SAAS_TERMS_BODY)
    repo.write("LICENSE.md", _SAAS_LICENSE)
    repo.write("_includes/contact.html", "<p>Write to privacy@nimbus-ledger.example.</p>\n")
    first = repo.commit("Publish our policies", "2019-11-04T09:15:00-08:00")

    repo.write(security, "---\ntitle: Security Overview\n---\n\n" + _SAAS_SECURITY_BODY)
    add_security = repo.commit("Add the security overview", "2020-05-11T13:00:00+01:00")

    repo.write(terms, "---\ntitle: Terms of Service\n---\n\n" + _SAAS_TERMS_BODY)
    terms_title = repo.commit("Give the terms a title", "2020-11-20T10:30:00-08:00")

    stamp = "Last updated: March 3, 2021"
    repo.write(privacy, _saas_privacy(_SAAS_COLLECT, _SAAS_USE, _SAAS_ANALYTICS, _SAAS_CONTACT, stamp=stamp))
    typed_stamp = repo.commit("Privacy: product analytics", "2021-03-08T16:00:00+05:30")

    broken_front = "title: Privacy Policy\nsummary: Names who helps us: hosting and payments"
    repo.write(privacy, _saas_privacy(_SAAS_COLLECT, _SAAS_USE, _SAAS_ANALYTICS, _SAAS_SUBPROCESSORS,
                                      _SAAS_CONTACT, front=broken_front, stamp=stamp))
    broken_yaml = repo.commit("Privacy: who helps us", "2021-05-02T18:45:00-07:00")

    fixed_front = 'title: Privacy Policy\nsummary: "Names who helps us: hosting and payments"'
    repo.write(privacy, _saas_privacy(_SAAS_COLLECT, _SAAS_USE, _SAAS_ANALYTICS, _SAAS_SUBPROCESSORS,
                                      _SAAS_CONTACT, front=fixed_front, stamp=stamp))
    yaml_fixed = repo.commit("Fix the privacy front matter", "2021-05-03T09:10:00-07:00")

    repo.write(privacy, _saas_privacy(_SAAS_COLLECT, _SAAS_USE, _SAAS_ANALYTICS, _SAAS_SUBPROCESSORS,
                                      _SAAS_CONTACT, front=fixed_front))
    stamp_removed = repo.commit("Remove the typed date: the site prints it", "2022-01-17T12:00:00+00:00")

    repo.write(privacy, _sweep(_saas_privacy(_SAAS_COLLECT_SWEPT, _SAAS_USE, _SAAS_ANALYTICS,
                                             _SAAS_SUBPROCESSORS, _SAAS_CONTACT, front=fixed_front)))
    repo.write(terms, _sweep("---\ntitle: Terms of Service\n---\n\n" + _SAAS_TERMS_BODY))
    repo.write(security, _sweep("---\ntitle: Security Overview\n---\n\n" + _SAAS_SECURITY_BODY))
    sweep = repo.commit("Formatting sweep: trailing spaces, dash bullets, house spelling",
                        "2022-06-06T08:00:00+02:00")
    _write_root(repo, ".git-blame-ignore-revs", f"# Formatting sweep (prettier-style)\n{sweep}\n")
    ignore_file = repo.commit("Ignore the formatting sweep in git blame", "2022-06-06T08:30:00+02:00")

    repo.write("files/dpa-2023.pdf", minimal_pdf("Nimbus Ledger data processing agreement 2023"))
    link = repo.docs / "downloads" / "dpa.pdf"
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink("../files/dpa-2023.pdf", link)
    repo.write(privacy, _sweep(_saas_privacy(_SAAS_COLLECT_SWEPT, _SAAS_USE, _SAAS_ANALYTICS,
                                             _SAAS_SUBPROCESSORS, _SAAS_DPA, _SAAS_CONTACT,
                                             front="title: Privacy Policy\nsummary: A DPA to download")))
    add_dpa = repo.commit("Add the data processing agreement", "2023-02-14T11:00:00+05:30")

    repo.write("index.md", "---\ntitle: Legal\npolicy: false\n---\n\n# Nimbus Ledger legal\n\n"
                           "Our [privacy policy](privacy/index.md), [terms](terms/index.md) and "
                           "[security overview](security/index.md).\n")
    home_opt_out = repo.commit("The home page is not a policy", "2024-03-01T10:00:00-08:00")

    return repo, {
        "versions": {
            privacy: [first, typed_stamp, yaml_fixed, stamp_removed, add_dpa],
            terms: [first, terms_title],
            security: [add_security],
        },
        "not_versions": [broken_yaml, sweep, ignore_file, home_opt_out],
        "skipped": {privacy: [broken_yaml]},
        "typed_stamp": typed_stamp,
        "sweep": sweep,
        "pdf": "files/dpa-2023.pdf",
        "pdf_link": "downloads/dpa.pdf",
    }


# -- a large company: folders with spaces, no front matter, .txt twins, a Latin-1 past -----------

_BIG_PRIVACY_V1 = """\
# Customer Privacy Notice

Tessellate Group collects the information you give us when you buy from our online shops, and the
information your browser sends us when you visit them.

We use it to deliver orders, to answer questions and to prevent fraud. We keep order records for
seven years because tax law asks us to.
"""

_BIG_PRIVACY_V2 = """\
# Customer Privacy Notice

Tessellate Group collects the information you give us when you buy from our online shops, and the
information your browser sends us when you visit them.

We use it to deliver orders, to answer questions and to prevent fraud. We keep order records for
seven years because tax law asks us to.

Questions go to our privacy team at the Lisbon office.
"""

_BIG_PRIVACY_V3 = """\
# Customer Privacy Notice

Tessellate Group collects the information you give us when you buy from our online shops, and the
information your browser sends us when you visit them.

We use it to deliver orders, to answer questions and to prevent fraud. We keep order records for
seven years because tax law asks us to.

Questions go to our privacy team at the Lisbon office or to our data protection officer in Zürich.
"""

# The same words as V3, wrapped at a different width (a repo-sync tool's doing).
_BIG_PRIVACY_V3_REWRAPPED = """\
# Customer Privacy Notice

Tessellate Group collects the information you give us when you buy from our online
shops, and the information your browser sends us when you visit them.

We use it to deliver orders, to answer questions and to prevent fraud. We keep order
records for seven years because tax law asks us to.

Questions go to our privacy team at the Lisbon office or to our data protection
officer in Zürich.
"""

_BIG_TERMS_V1 = """\
# Online Services Terms

These terms apply when you use a Tessellate Group website or app. By using one you accept them.

Disputes are settled by the courts of Lisbon, unless the law where you live says otherwise.
"""

_BIG_TERMS_V1_REWRAPPED = """\
# Online Services Terms

These terms apply when you use a Tessellate Group website or app. By using one you
accept them.

Disputes are settled by the courts of Lisbon, unless the law where you live says
otherwise.
"""

_BIG_TERMS_V2 = """\
# Online Services Terms

These terms apply when you use a Tessellate Group website or app. By using one you
accept them.

Disputes are first taken to mediation; if that fails, they are settled by the courts of Lisbon,
unless the law where you live says otherwise.
"""

_BIG_COUNTER_V1 = """\
If your material was removed after a copyright notice and you believe that was a mistake, you may
send us a counter notice. Include your name, the address of the removed material and a statement
that you believe in good faith it was removed by mistake.
"""

_BIG_COUNTER_V2 = """\
# DMCA Counter Notice

If your material was removed after a copyright notice and you believe that was a mistake, you may
send us a counter notice. Include your name, your postal address, the address of the removed material
and a statement that you believe in good faith it was removed by mistake.
"""

_BIG_NOTICE = """\
# DMCA Notice

To report material on our sites that you believe infringes your copyright, send our designated agent
a notice naming the work and where you found it.
"""


def bigco_repo(root: Path) -> tuple[TempRepo, dict]:
    """Tessellate Group's legal repository in `legal/`, 2018-2022: Markdown files with no front
    matter in folders with spaces, plus `.txt` twins.

    - Privacy Policies/Customer Privacy Notice.md: an amendment saved as Latin-1 (skipped), re-saved
      as UTF-8 three months later (a version); a "Sync changes from upstream" commit that only rewraps.
    - Terms of Service/Online Terms.md (+ Online Terms.txt): rewrapped by the sync, amended in 2022.
    - DMCA/Site Pages/DMCA Counter Notice.md: no heading at first (title from its file name); a 2021
      amendment adds a `# DMCA Counter Notice` heading. DMCA/Site Pages/DMCA Notice.md: one version.
    """
    repo = TempRepo(root, docs="legal")
    privacy = "Privacy Policies/Customer Privacy Notice.md"
    terms = "Terms of Service/Online Terms.md"
    terms_txt = "Terms of Service/Online Terms.txt"
    counter = "DMCA/Site Pages/DMCA Counter Notice.md"
    notice = "DMCA/Site Pages/DMCA Notice.md"

    repo.write(privacy, _BIG_PRIVACY_V1)
    repo.write(terms, _BIG_TERMS_V1)
    repo.write(terms_txt, _BIG_TERMS_V1.replace("# ", "", 1))
    repo.write(counter, _BIG_COUNTER_V1)
    repo.write(notice, _BIG_NOTICE)
    first = repo.commit("Initial import of the legal repository", "2018-07-02T10:00:00-07:00")

    repo.write(privacy, _BIG_PRIVACY_V2)
    lisbon = repo.commit("Privacy notice: name the Lisbon privacy team", "2019-03-18T15:45:00+05:30")

    repo.write(privacy, _BIG_PRIVACY_V3.encode("latin-1"))
    latin1 = repo.commit("Privacy notice: add the Zurich DPO", "2019-10-09T09:00:00+01:00")

    repo.write(privacy, _BIG_PRIVACY_V3)
    utf8 = repo.commit("Re-save the privacy notice as UTF-8", "2020-01-21T17:30:00-05:00")

    repo.write(privacy, _BIG_PRIVACY_V3_REWRAPPED)
    repo.write(terms, _BIG_TERMS_V1_REWRAPPED)
    repo.write(terms_txt, _BIG_TERMS_V1_REWRAPPED.replace("# ", "", 1))
    sync = repo.commit("Sync changes from upstream", "2020-08-30T12:00:00+00:00")

    repo.write(counter, _BIG_COUNTER_V2)
    counter_heading = repo.commit("Counter notice: heading and postal address", "2021-04-12T08:00:00-08:00")

    repo.write(terms, _BIG_TERMS_V2)
    repo.write(terms_txt, _BIG_TERMS_V2.replace("# ", "", 1))
    mediation = repo.commit("Online terms: mediation before court", "2022-11-29T14:10:00+05:30")

    return repo, {
        "versions": {
            privacy: [first, lisbon, utf8],
            terms: [first, mediation],
            counter: [first, counter_heading],
            notice: [first],
        },
        "not_versions": [latin1, sync],
        "skipped": {privacy: [latin1]},
        "sync": sync,
        "txt": terms_txt,
        "untitled": counter,
    }


# -- a platform's policies written for GitHub: lists, ` ###` headings, tables, footnotes, sweeps --

_GH_TERMS = """\
---
title: Terms of Service
---

# Terms of Service

Thank you for using Octoshelf. These terms are an agreement between you and Octoshelf Inc.{ch}

 ### A. Definitions
Short version: the words below mean what they say.
* "Account" means your login to the Service.
* "Content" means anything you post, *including* text, images and code.
  * "Your Content" is Content that you create or own.
  * "Public Content" is Content that anyone can see.
* "Service" means the Octoshelf website and apps.

 ### B. Account Terms
You {must} keep your account secure. We ask three things of you:
1. One person or bot per account.
1. Keep your password to yourself.
1. Tell us about any unauthorised use.

 ### C. Fees

| Plan | Price | Billed |
| --- | --- | --- |
| Free | $0 | never |
| Team | {team} | monthly |
| Company | $21 | yearly |

Fees do not include taxes.[^1] Our [cookie notice]({cookies}) explains what we store in your browser.

 ### D. Ending the Agreement
You may close your account at any time. {ending}

[^1]: Sales tax or VAT is added where the law requires it.
"""

_GH_PRIVACY = """\
---
title: Privacy Statement
---

# Privacy Statement

Octoshelf collects as little personal data as it can.{ch}
 ### What we collect
Only what the Service needs:
* your username and email address;
* your billing details, *if* you pay;
  * card numbers stay with our payment processor;
* logs of requests, {retention}.

 ### Your rights

| Right | How |
| --- | --- |
| Access | Download your data from your settings. |
| Deletion | Close your account. |
"""

_GH_COOKIES = """\
---
title: Cookie Notice
---

# Cookie Notice

We use one session cookie to keep you signed in, and no advertising cookies.
"""


def _gh_terms(*, team: str = "$4", ending: str = "We may suspend accounts that break these terms.",
              cookies: str = "cookie-policy.md", bullet: str = "*", trailing: bool = True,
              emphasis: str = "*", numbers: str = "111") -> str:
    text = _GH_TERMS.format(ch=" " if trailing else "", must=f"{emphasis}must{emphasis}", team=team,
                            cookies=cookies, ending=ending)
    text = text.replace("*including*", f"{emphasis}including{emphasis}")
    return _markers(text, bullet, numbers)


def _gh_privacy(*, retention: str = "kept for a short while", bullet: str = "*", trailing: bool = True,
                emphasis: str = "*") -> str:
    text = _GH_PRIVACY.format(ch=" " if trailing else "", retention=retention)
    text = text.replace("*if*", f"{emphasis}if{emphasis}")
    return _markers(text, bullet, "111")


def _markers(text: str, bullet: str, numbers: str) -> str:
    lines = []
    counter = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith("* "):
            line = f"{indent}{bullet} {stripped[2:]}"
        elif stripped.startswith("1. "):
            line = f"{indent}{numbers[counter]}. {stripped[3:]}"
            counter += 1
        lines.append(line)
    return "\n".join(lines)


def github_lists_repo(root: Path) -> tuple[TempRepo, dict]:
    """Octoshelf's site policies in `site-policy/`, 2021-2024, written for GitHub's renderer: lists
    right after a paragraph line, two-space nested lists, ` ### ` headings (one leading space), a
    table, a footnote, trailing spaces, `1. 1. 1.` numbering.

    Real amendments: terms fees (2021), privacy log retention (2023), terms suspension wording
    (2024-02-28 23:30 -08:00, which is 2024-02-29 in UTC). Not versions: the rename of
    cookie-policy.md to cookies.md; "standardize bullets" (`*` -> `-`); "remove trailing spaces";
    a commit that only points the terms' link at cookies.md; after the last amendment an
    emphasis-style sweep (`*a*` -> `_a_`) and list renumbering (`1. 1. 1.` -> `1. 2. 3.`).
    """
    repo = TempRepo(root, docs="site-policy")
    terms, privacy = "terms.md", "privacy.md"

    repo.write(terms, _gh_terms())
    repo.write(privacy, _gh_privacy())
    repo.write("cookie-policy.md", _GH_COOKIES)
    first = repo.commit("Add site policies", "2021-01-12T10:00:00-08:00")

    repo.move("cookie-policy.md", "cookies.md")
    rename = repo.commit("Rename cookie-policy.md to cookies.md", "2021-06-03T14:20:00+05:30")

    repo.write(terms, _gh_terms(team="$5"))
    fees = repo.commit("Terms: Team plan now costs $5", "2021-09-15T09:00:00+00:00")

    repo.write(terms, _gh_terms(team="$5", bullet="-"))
    repo.write(privacy, _gh_privacy(bullet="-"))
    bullets = repo.commit("Update and standardize unordered lists to be -", "2022-02-01T11:00:00-05:00")

    repo.write(terms, _gh_terms(team="$5", bullet="-", trailing=False))
    repo.write(privacy, _gh_privacy(bullet="-", trailing=False))
    trailing = repo.commit("Fix trailing spaces in content and data", "2022-04-19T16:00:00+01:00")

    repo.write(terms, _gh_terms(team="$5", bullet="-", trailing=False, cookies="cookies.md"))
    link = repo.commit("Point links at cookies.md", "2022-08-08T10:00:00+09:00")

    retention = "kept for ninety days"
    repo.write(privacy, _gh_privacy(bullet="-", trailing=False, retention=retention))
    privacy_amend = repo.commit("Privacy: say how long logs are kept", "2023-03-14T10:00:00-07:00")

    ending = "We may suspend accounts that break these terms, after telling you why."
    repo.write(terms, _gh_terms(team="$5", bullet="-", trailing=False, cookies="cookies.md", ending=ending))
    late = repo.commit("Terms: say why before suspending", "2024-02-28T23:30:00-08:00")

    repo.write(terms, _gh_terms(team="$5", bullet="-", trailing=False, cookies="cookies.md", ending=ending,
                                emphasis="_"))
    repo.write(privacy, _gh_privacy(bullet="-", trailing=False, retention=retention, emphasis="_"))
    emphasis = repo.commit("Fix emphasis-style violations", "2024-05-06T09:00:00+02:00")

    repo.write(terms, _gh_terms(team="$5", bullet="-", trailing=False, cookies="cookies.md", ending=ending,
                                emphasis="_", numbers="123"))
    renumber = repo.commit("Renumber ordered lists", "2024-09-10T13:00:00-04:00")

    return repo, {
        "versions": {terms: [first, fees, late], privacy: [first, privacy_amend], "cookies.md": [first]},
        "not_versions": [rename, bullets, trailing, link, emphasis, renumber],
        "skipped": {},
        "late": late,  # 2024-02-28T23:30:00-08:00: 2024-02-29 in UTC
        "late_utc_day": "2024-02-29",
        "late_local_day": "2024-02-28",
        "first": first,
    }
