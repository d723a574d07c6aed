"""Redlines of text written without spaces (Japanese, Chinese) mark the changed phrase, exactly;
words of spaced languages (German compounds, French elisions) are never cut."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redline_checks import assert_redline

from generator.redline import compute_redline
from generator.redline.strip import strip_redline
from generator.redline.tokens import find_words, split_words

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Our own phrases, the building blocks of a Japanese privacy notice.
PHRASES = ["当社は", "お客様の", "個人データを", "安全に", "保管します", "法律に", "基づき", "第三者に",
           "提供しません", "サービスの", "改善のために", "利用します", "同意を", "得た上で", "削除します",
           "アイルランドの", "サーバーで", "処理します", "十六歳未満の", "方は", "ご利用いただけません"]
CHINESE = ["我们", "不会", "出售", "您的", "个人数据", "并且", "只在", "法律", "允许的", "范围内", "保存"]
MARKS = ["", "", "", "、"]

phrases = st.lists(st.sampled_from(PHRASES), min_size=1, max_size=14)


@st.composite
def paragraph(draw: st.DrawFn) -> list[str]:
    parts = []
    for phrase in draw(phrases):
        parts.append(phrase + draw(st.sampled_from(MARKS)))
    return parts


def html_of(paragraphs: list[list[str]], strong: int | None = None) -> str:
    out = []
    for number, parts in enumerate(paragraphs):
        text = "".join(f"<strong>{p}</strong>" if number == 0 and i == strong else p for i, p in enumerate(parts))
        out.append(f"<p>{text}。</p>")
    return "\n".join(out)


@st.composite
def edited(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    old = draw(st.lists(paragraph(), min_size=1, max_size=4))
    new = [list(p) for p in old]
    for _ in range(draw(st.integers(1, 4))):
        target = new[draw(st.integers(0, len(new) - 1))]
        where = draw(st.integers(0, len(target)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        if action == "insert" or not target:
            target.insert(where, draw(st.sampled_from(PHRASES)))
        elif action == "replace":
            target[min(where, len(target) - 1)] = draw(st.sampled_from(PHRASES))
        elif len(target) > 1:
            del target[min(where, len(target) - 1)]
    return old, new


@SETTINGS
@given(edited(), st.one_of(st.none(), st.integers(0, 3)))
def test_japanese_edits_round_trip_exactly(pair, strong) -> None:
    old, new = pair
    old_html, new_html = html_of(old, strong), html_of(new, strong)
    assert_redline(old_html, new_html, compute_redline(old_html, new_html))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CHINESE), min_size=1, max_size=12),
       st.lists(st.sampled_from(CHINESE), min_size=1, max_size=12))
def test_chinese_edits_round_trip_exactly(old, new) -> None:
    old_html, new_html = f"<p>{''.join(old)}。</p>", f"<p>{''.join(new)}。</p>"
    assert_redline(old_html, new_html, compute_redline(old_html, new_html))


LONG = ("当社は、お客様の個人データを欧州経済領域内のサーバーに保存し、法律で定められた期間のみ保管します。"
        "サービスの改善のために利用する場合も、お客様の同意を得た上で、必要な範囲に限って取り扱います。"
        "ご質問がある場合は、いつでもプライバシーチームにご連絡ください。")


def _marked(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html)


def test_a_changed_phrase_inside_a_long_japanese_paragraph_is_marked_alone() -> None:
    old_html = f"<p>{LONG}</p>"
    new_html = f"<p>{LONG.replace('欧州経済領域内の', 'アイルランドの')}</p>"
    redline = compute_redline(old_html, new_html)
    assert _marked(redline.html, "del") == ["欧州経済領域内の"]
    assert _marked(redline.html, "ins") == ["アイルランドの"]
    assert strip_redline(redline.html, "new") == strip_redline(new_html, "new")
    assert strip_redline(redline.html, "old") == strip_redline(old_html, "old")
    assert_redline(old_html, new_html, redline)


def test_an_inserted_japanese_phrase_is_marked_alone() -> None:
    old_html = f"<p>{LONG}</p>"
    new_html = f"<p>{LONG.replace('いつでも', 'いつでも日本語で')}</p>"
    redline = compute_redline(old_html, new_html)
    assert not _marked(redline.html, "del")
    assert sum(len(t) for t in _marked(redline.html, "ins")) <= len("いつでも日本語で")
    assert_redline(old_html, new_html, redline)


def test_german_compounds_and_french_elisions_stay_whole() -> None:
    assert find_words("Die Datenschutzerklärung gilt für Auftragsverarbeiter.") == [
        "Die", "Datenschutzerklärung", "gilt", "für", "Auftragsverarbeiter"]
    assert find_words("l'utilisateur et d’autres données") == ["l'utilisateur", "et", "d’autres", "données"]
    redline = compute_redline("<p>Die Datenschutzerklärung gilt.</p>", "<p>Die Datenschutzrichtlinie gilt.</p>")
    assert _marked(redline.html, "del") == ["Datenschutzerklärung"]
    assert _marked(redline.html, "ins") == ["Datenschutzrichtlinie"]
    redline = compute_redline("<p>Nous informons l'utilisateur.</p>", "<p>Nous informons l'abonné.</p>")
    assert _marked(redline.html, "del") == ["l'utilisateur"]
    assert _marked(redline.html, "ins") == ["l'abonné"]


def test_mixed_scripts_split_at_script_changes_and_phrases() -> None:
    assert split_words("Lanternfish社のサーバー") == ["Lanternfish", "社の", "サーバー"]
    assert "".join(split_words(LONG)) == LONG
