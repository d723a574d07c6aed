"""The build cache: keyed by content, namespaced by code and configuration, never stale."""

from __future__ import annotations

from generator.cache import Cache, code_fingerprint, digest


def test_values_round_trip_and_missing_keys_miss(tmp_path):
    cache = Cache(tmp_path, "config-a")
    assert cache.get("redline", digest("x")) is None
    cache.put("redline", digest("x"), {"html": "<p>é</p>", "n": 3})
    assert cache.get("redline", digest("x")) == {"html": "<p>é</p>", "n": 3}
    assert (cache.hits, cache.misses) == (1, 1)


def test_other_configuration_does_not_see_entries_and_prunes_stale_namespaces(tmp_path):
    first = Cache(tmp_path, "config-a")
    first.put("page", "k" * 64, "value")
    second = Cache(tmp_path, "config-b")
    assert second.get("page", "k" * 64) is None
    assert not first.root.exists()  # the old namespace is gone


def test_digest_separates_parts_and_code_is_fingerprinted():
    assert digest("ab", "c") != digest("a", "bc")
    assert len(code_fingerprint()) == 64


def test_corrupt_entry_is_a_miss(tmp_path):
    cache = Cache(tmp_path, "c")
    cache.put("render", "ab" * 32, "ok")
    path = next(cache.root.rglob("*.json"))
    path.write_text("{truncated", encoding="utf-8")
    assert cache.get("render", "ab" * 32) is None


def test_no_root_means_no_cache(tmp_path):
    cache = Cache(None)
    cache.put("render", "k", "v")
    assert cache.get("render", "k") is None
