"""What each kind of page shows, as plain data for templates: stamps, banners, version lists, links.

URLs are site-relative; the front end makes them relative to the page being rendered."""

from __future__ import annotations

import gettext
from typing import Any

from babel import Locale, UnknownLocaleError

from . import urls
from .entity_changes import ENGLISH, change_items, describe_changes, objection_deadline
from .i18n import SOURCE_LANGUAGE, has_catalog, theme_language, words_in
from .model import WORKING_TREE, Policy, Version
from .pages import Site
from .recent import recent_changes
from .subscribe import subscribe_view
from .translations import missing_versions, translation_status


def version_row(site: Site, policy: Policy, version: Version) -> dict[str, Any]:
    last_day = policy.last_day(version)
    return {
        "number": version.number,
        "id": version.id,
        "title": version.title,
        "summary": version.summary,
        "status": version.status,
        "effective": site.stamp(version),
        "in_force_until": site.date(last_day, policy.id) if last_day else None,
        "published": site.date(version.published_day, policy.id),
        "published_iso": version.published.isoformat(),
        "url": site.version_url(version),
        "redline_url": site.redline_url(version),
        "pdf_url": site.pdf_url(version),
        "permanent_url": site.permanent_url(version),
        "pdf_permanent_url": urls.absolute_url(site.url, site.pdf_url(version)) if site.pdf else None,
        "compare_url": site.compare_url(policy, version),
        "material": version.material,
        "sections_changed": list(version.sections_changed),
        "commit": version.commit,
        "sha256": version.sha256,
    }


def version_rows(site: Site, policy: Policy) -> list[dict[str, Any]]:
    """Every version's row, made once per policy and build: each of a policy's pages lists them all."""
    cached = site.rows.get(policy.id)
    if cached is None:
        cached = site.rows[policy.id] = [version_row(site, policy, v) for v in policy.versions]
    return cached


def feed_links(policy: Policy | None) -> dict[str, str]:
    policy_id = policy.id if policy else None
    return {kind: urls.feed_path(policy_id, kind) for kind in ("atom", "rss", "json", "ics")}


def proposed_items(site: Site, version: Version) -> list[dict[str, Any]]:
    """Entities a version announces ahead of their start: when, and until when customers may object."""
    return [{"name": c.name, "from": site.date(c.entity.effective, version.policy_id),
             "objections_until": site.date(objection_deadline(c.entity.effective), version.policy_id)}
            for c in version.proposed if c.entity is not None and c.entity.effective is not None]


def objections_view(site: Site) -> dict[str, str | None] | None:
    """Where readers object, for every template that shows an objection deadline (None: not set)."""
    contact = site.objections_contact
    return {"href": site.objections_url(), "email": contact.target if contact.kind == "email" else None
            } if contact else None


def _banners(site: Site, policy: Policy, version: Version, kind: str,
             tr: gettext.NullTranslations) -> list[dict[str, Any]]:
    _ = tr.gettext
    banners = []
    shown = policy.shown
    drafted = policy.versions[-1].commit == WORKING_TREE
    if version.commit == WORKING_TREE or (kind in ("current", "history") and drafted):
        banners.append({"kind": "draft", "text": _("Preview of uncommitted changes: this is not published."),
                        "url": None, "link_text": ""})
    if policy.translates is not None:
        banners += _translation_banners(site, policy, version, kind, tr)
    if policy.retirement:
        banners.append({"kind": "retired", "text": _("This policy has been retired."),
                        "date": site.date(policy.retirement.day, policy.id), "url": site.history_url(policy),
                        "link_text": _("See its history")})
    if kind == "version" and version.number != shown.number:
        until = policy.last_day(version)  # inclusive: "from 1 March to 31 May"
        if version.status == "upcoming":
            banners.append({"kind": "upcoming-version", "text": _("This version is not in force yet."),
                            "from": site.stamp(version), "url": site.current_url(policy),
                            "proposed": proposed_items(site, version),
                            "link_text": _("Read the version in force")})
        else:
            banners.append({"kind": "archived", "text": _("You are reading an archived version."),
                            "from": site.stamp(version), "until": site.date(until, policy.id) if until else None,
                            "url": site.current_url(policy), "link_text": _("See the current version")})
    if kind in ("current", "history") and not policy.retirement:
        for upcoming in policy.upcoming:
            if upcoming.number == shown.number:
                continue
            banners.append({"kind": "upcoming", "text": _("An updated version has been announced."),
                            "from": site.stamp(upcoming), "url": site.version_url(upcoming),
                            "link_text": _("Read the upcoming version"),
                            "redline_url": site.redline_url(upcoming),
                            "summary": reader_summary(upcoming, tr, site.locale_of(policy.id)),
                            "proposed": proposed_items(site, upcoming)})
        if shown.status == "upcoming":
            banners.append({"kind": "not-yet", "text": _("This policy takes effect on a future date."),
                            "from": site.stamp(shown), "url": None, "link_text": ""})
    return banners


def reader_summary(version: Version, tr: gettext.NullTranslations = ENGLISH, locale: str = "en") -> str:
    """What a version changes, for readers: who changed, for a list; else its summary; a full stop at the end."""
    text = (describe_changes(version.entity_changes, tr, locale) if version.entity_changes
            else (version.summary or "").strip())
    return text if not text or text.endswith((".", "!", "?", "。", ")")) else text + "."


def language_name(code: str, in_language: str | None = None) -> str:
    """`de` -> 'Deutsch' (a language named in itself, as readers look for it), or in another language."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
        return locale.get_display_name(in_language or locale) or code
    except (UnknownLocaleError, ValueError):
        return code


def _translation_banners(site: Site, translation: Policy, version: Version, kind: str,
                         tr: gettext.NullTranslations) -> list[dict[str, Any]]:
    """The controlling text governs; when the translation is behind, what it does not include yet.

    The links lead to the controlling language's pages (`hreflang`); the summaries of its versions
    are in that language."""
    _ = tr.gettext
    controlling = site.history.policy(translation.translates or "")
    page_language = site.language_of(translation)
    translated = has_catalog(page_language)
    # Named and dated in the language of the words around it: "English" in English, "Englisch" in German.
    governing = language_name(site.language, page_language if translated else SOURCE_LANGUAGE)
    banners: list[dict[str, Any]] = [{
        "kind": "translation",
        "text": _("This is a translation. The %(language)s text is the one that governs.") % {"language": governing},
        "url": site.current_url(controlling), "hreflang": site.language,
        "link_text": _("Read the %(language)s text") % {"language": governing}, "language_name": governing,
        "matches": _matched_version(site, translation, version, controlling)}]
    if kind not in ("current", "history") or translation.retirement or controlling.retirement:
        return banners
    if translation_status(translation, controlling) == "behind":
        missing = missing_versions(translation, controlling)
        latest = controlling.shown
        banners.append({
            "kind": "translation-behind", "text": _("This translation is out of date."), "language_name": governing,
            "matched": translation.shown.translation_of, "current": latest.number,
            "from": site.date(latest.effective, translation.id) if translated else site.stamp(latest),
            "url": site.current_url(controlling), "hreflang": site.language,
            "link_text": _("Read the %(language)s text in force") % {"language": governing},
            # The controlling text's summaries are in its language: marked, and said so in the page's.
            "summary": "", "summary_lang": site.language if site.language != page_language else None,
            "redlines": [{"url": site.redline_url(v),
                          "text": _("What changed in version %(number)s") % {"number": v.number},
                          "summary": v.summary} for v in missing if site.redline_url(v)],
        })
    return banners


def _matched_version(site: Site, translation: Policy, version: Version, controlling: Policy) -> dict | None:
    """Which version of the controlling text this translation version translates, and when it was published."""
    if version.translation_of is None or not controlling.versions:
        return None
    matched = controlling.version(version.translation_of)
    return {"number": matched.number, "published": site.date(matched.published_day, translation.id)}


def languages_view(site: Site, policy: Policy) -> list[dict[str, Any]]:
    """Every language a policy is published in, the controlling one first, each named in itself."""
    controlling = site.history.policy(policy.translates) if policy.translates else policy
    family = [controlling, *site.history.translations(controlling.id)]
    return [{"code": site.language_of(p), "name": language_name(site.language_of(p)),
             "url": site.current_url(p), "current": p.id == policy.id,
             "controlling": p.translates is None} for p in family if p.retirement is None or p.id == policy.id]


def policy_view(site: Site, policy: Policy, kind: str, number: int | None = None) -> dict[str, Any]:
    """The view of one policy page: current, version, history, redline or compare."""
    version = policy.version(number) if number else policy.shown
    rows = version_rows(site, policy)
    language = site.language_of(policy)
    tr, label_lang = words_in(language)
    view: dict[str, Any] = {
        "kind": kind,
        "policy_id": policy.id,
        "policy_title": policy.title,
        "policy_status": policy.status,
        "title": version.title,
        "version": rows[version.number - 1],
        "previous": rows[version.number - 2] if version.number > 1 else None,
        "next": rows[version.number] if version.number < len(rows) else None,
        "versions": list(reversed(rows)),
        "stamp": site.stamp(version),
        # The stamp's day is after the site's day: the page says when the version takes effect.
        "stamp_upcoming": version.status == "upcoming",
        "effective_declared": version.effective_declared,
        "banners": _marked(_banners(site, policy, version, kind, tr), label_lang),
        "current_url": site.current_url(policy),
        "history_url": site.history_url(policy),
        "changes_url": site.changes_url(),
        "feeds": feed_links(policy),
        "site_feeds": feed_links(None),
        "email_subscribe_url": site.email_subscribe_url,
        "email_subscribe": subscribe_view(site.email_subscribe, site.history, policy, site.language),
        "objections_contact": objections_view(site),
        "shown_number": policy.shown.number,
        "language": language,
        # Material's own words (search, contents, footer) in a translation's language when it has them.
        "theme_language": theme_language(language, site.theme_languages) if policy.translates else None,
        "site_language": site.language,
        "languages": languages_view(site, policy),
        "gettext": tr.gettext,
        "ngettext": tr.ngettext,
        "label_lang": label_lang,
        "lookup_messages": lookup_messages(tr) if kind == "history" and (policy.translates or has_catalog(language))
        else None,
    }
    if version.entities is not None:
        view["data_url"] = site.data_url(policy, version if kind != "current" else None)
        view["entity_changes"] = change_items(version.entity_changes, tr, site.locale_of(policy.id))
        view["entity_summary"] = describe_changes(version.entity_changes, tr, site.locale_of(policy.id))
        view["recent_changes"] = recent_changes(site, policy) if kind == "current" else None
    if kind == "compare":
        view["compare_with"] = rows[policy.shown.number - 1]
    if policy.retirement:
        view["retired"] = {"date": site.date(policy.retirement.day, policy.id), "summary": policy.retirement.summary}
    return view


def changes_view(site: Site) -> dict[str, Any]:
    """The site-wide list of every version of every policy, newest first."""
    entries = []
    tr, label_lang = words_in(site.language)
    for version in site.history.all_versions():
        policy = site.history.policy(version.policy_id)
        if policy.translates is not None:
            continue  # translations have their own history pages and feeds
        row = dict(version_rows(site, policy)[version.number - 1])
        row["policy_title"] = policy.title
        row["policy_url"] = site.current_url(policy)
        row["event"] = "published" if version.number == 1 else "updated"
        row["policy_id"] = policy.id
        row["summary"] = reader_summary(version, tr, site.locale)
        entries.append(row)
    retirements = [
        {"policy_title": p.title, "date": site.date(p.retirement.day), "summary": p.retirement.summary,
         "history_url": site.history_url(p), "published_iso": p.retirement.date.isoformat()}
        for p in site.history.controlling if p.retirement
    ]
    policies = sorted({(e["policy_id"], e["policy_title"]) for e in entries}, key=lambda p: p[1].casefold())
    return {"kind": "changes", "entries": entries, "retirements": retirements, "policies": policies,
            "site_feeds": feed_links(None), "email_subscribe_url": site.email_subscribe_url,
            "email_subscribe": subscribe_view(site.email_subscribe, site.history, None, site.language),
            "title": tr.gettext("What's changed"), "gettext": tr.gettext, "ngettext": tr.ngettext,
            "label_lang": label_lang, "count_text": _count_text(tr) if has_catalog(site.language) else None}


def _marked(banners: list[dict[str, Any]], label_lang: str | None) -> list[dict[str, Any]]:
    """Banners whose words are not in the page's language say which language they are in."""
    return [{**b, "lang": label_lang} for b in banners] if label_lang else banners


def lookup_messages(tr: gettext.NullTranslations) -> dict[str, str]:
    """The history page's day lookup answers in the browser: its sentences, `{day}`-style slots filled there."""
    _ = tr.gettext
    return {
        "inForce": _("In force on {day}: version {number}{note}. "),
        "announced": _(" (announced, in force from {day})"),
        "read": _("read version {number}"),
        "pdf": _("PDF of version {number}"),
        "beforeFirst": _("No version applied on {day}: the policy first took effect on {first}."),
        "afterRetired": _("No version applied on {day}: the policy was retired on {retired}."),
        "none": _("No version applied on {day}."),
    }


def _count_text(tr: gettext.NullTranslations) -> str:
    """The changes page's filter says how many entries it shows; `{shown}` and `{total}` filled in the browser."""
    return tr.gettext("{shown} of {total} changes shown.")
