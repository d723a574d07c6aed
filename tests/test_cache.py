"""The build cache: keyed by content, each kind namespaced by what else decides it, never stale."""

from __future__ import annotations

from generator.cache import Cache, code_fingerprint, digest


def test_values_round_trip_and_missing_keys_miss(tmp_path):
    cache = Cache(tmp_path, {"redline": "config-a"})
    assert cache.get("redline", digest("x")) is None
    cache.put("redline", digest("x"), {"html": "<p>é</p>", "n": 3})
    assert cache.get("redline", digest("x")) == {"html": "<p>é</p>", "n": 3}
    assert (cache.hits, cache.misses) == (1, 1)


def test_another_salt_does_not_see_entries_prunes_its_stale_namespace_and_leaves_other_kinds(tmp_path):
    first = Cache(tmp_path, {"render": "markdown-a", "pdf": None})
    first.put("render", "k" * 64, "value")
    first.put_bytes("pdf", "p" * 64, b"%PDF", ".pdf")
    stale = first.root / "render" / first.namespace("render")
    second = Cache(tmp_path, {"render": "markdown-b", "pdf": None})
    assert second.get("render", "k" * 64) is None
    assert not stale.exists()  # the old namespace is gone
    # PDFs keep their namespace: their keys are exact, so another rendering salt re-makes none.
    assert second.get_bytes("pdf", "p" * 64, ".pdf") == b"%PDF"


def test_the_flat_layout_of_older_generators_is_removed(tmp_path):
    old = tmp_path / "0123456789abcdef" / "pdf"
    old.mkdir(parents=True)
    (old / "x.pdf").write_bytes(b"garbled")
    Cache(tmp_path, {"pdf": None})
    assert not (tmp_path / "0123456789abcdef").exists()


def test_digest_separates_parts_and_code_is_fingerprinted():
    assert digest("ab", "c") != digest("a", "bc")
    assert len(code_fingerprint()) == 64


def test_corrupt_entry_is_a_miss(tmp_path):
    cache = Cache(tmp_path, {"render": "c"})
    cache.put("render", "ab" * 32, "ok")
    path = next(cache.root.rglob("*.json"))
    path.write_text("{truncated", encoding="utf-8")
    assert cache.get("render", "ab" * 32) is None


def test_no_root_means_no_cache(tmp_path):
    cache = Cache(None)
    cache.put("render", "k", "v")
    assert cache.get("render", "k") is None
