"""New work runs on every core: redlines not in the cache are made on `workers` processes, with the
same results and the same cache entries as one at a time; `workers: 1` stays in the build's process."""

from __future__ import annotations

import os

import pytest

from generator import builds
from generator.builds import cached_redline, prepare_redlines, redline_key, run_all
from generator.cache import Cache
from generator.redline import compute_redline
from tests.gitrepo import policy
from tests.sites import build, files_of, write_config


def _pid(_item: int) -> int:
    return os.getpid()


def _square(item: int) -> int:
    return item * item


def test_run_all_keeps_order_and_uses_other_processes_only_when_asked_and_worth_it():
    items = list(range(40))
    assert list(run_all(_square, items, 2, 16, chunks_per_worker=4)) == [i * i for i in items]
    here = os.getpid()
    assert set(run_all(_pid, items, 1, 16)) == {here}, "workers: 1 stays in this process"
    assert set(run_all(_pid, items[:15], 2, 16)) == {here}, "too few items to start workers"
    assert here not in set(run_all(_pid, items, 2, 16, chunks_per_worker=4))
    assert list(run_all(_pid, [], 2, 16)) == []


def _renderings(count: int) -> list[tuple[str, str]]:
    """Pairs of renderings that differ in a few words, one moved paragraph and one new paragraph."""
    pairs = []
    for n in range(count):
        old = "".join(f"<p>Clause {i} of policy {n}: we keep data for {i + n} days.</p>" for i in range(8))
        new = old.replace(f"for {n + 3} days", f"for {n + 30} days").replace("<p>Clause 1 ", "<p>Section 1 ")
        new = new + f"<h2>New {n}</h2><p>Write to privacy{n}@example.com.</p>"
        pairs.append((old, new))
    return pairs


def _entries(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def test_redlines_made_on_two_workers_are_the_ones_made_one_at_a_time_with_the_same_cache_entries(tmp_path):
    pairs = _renderings(24)
    assert len(pairs) >= builds._REDLINE_POOL_FROM  # enough to start the workers
    parallel, serial, lazy = Cache(tmp_path / "parallel"), Cache(tmp_path / "serial"), Cache(tmp_path / "lazy")
    assert prepare_redlines(parallel, pairs + pairs[:3], workers=2) == {}  # kept in the cache, not in memory
    assert prepare_redlines(serial, pairs, workers=1) == {}
    for old, new in pairs:  # what a build did before: one page at a time
        cached_redline(lazy, old, new)
    assert _entries(tmp_path / "parallel") == _entries(tmp_path / "serial") == _entries(tmp_path / "lazy")
    assert len(_entries(tmp_path / "parallel")) == len(pairs)
    for old, new in pairs:
        assert cached_redline(parallel, old, new) == compute_redline(old, new)
    # Already in the cache: nothing to make.
    before = _entries(tmp_path / "parallel")
    assert prepare_redlines(parallel, pairs, workers=2) == {}
    assert _entries(tmp_path / "parallel") == before
    # Without a cache the redlines come back, by key.
    made = prepare_redlines(Cache(None), pairs, workers=2)
    assert made == {redline_key(old, new): compute_redline(old, new) for old, new in pairs}


def _history(repo, policies: int, versions: int) -> None:
    for v in range(1, versions + 1):
        for p in range(policies):
            clauses = [f"We keep your data for {10 * (p + 1) + (v if i == v % 4 else 0)} days, clause {i}."
                       for i in range(6)]
            if v % 2 == 0:
                clauses.insert(0, clauses.pop())  # a moved paragraph
            body = "\n\n".join(clauses) + f"\n\n## Contact\n\nWrite to team{v}@example.com."
            repo.write(f"policy{p}.md", policy(f"Policy {p}", body, summary=f"Change {v}"))
        repo.commit(f"Version {v}", f"2025-0{v}-01T10:00:00+00:00")


@pytest.mark.slow
def test_a_build_on_two_workers_is_the_build_on_one(repo, tmp_path):
    _history(repo, policies=2, versions=6)
    # 2 policies x (5 redlines + 5 compare pages, one pair shared): 18 redlines, enough for workers.
    assert builds._REDLINE_POOL_FROM <= 18
    sites = {}
    for workers in (1, 2):
        write_config(repo, workers=workers, pdf=False, cache_dir=f".cache-{workers}")
        sites[workers] = tmp_path / f"site-{workers}"
        result = build(repo, site_dir=sites[workers])
        assert result.returncode == 0, result.stderr
    files = {w: files_of(site) for w, site in sites.items()}
    redline_pages = [path for path in files[1] if path.endswith(("-changes/index.html", "-vs-current/index.html"))]
    assert len(redline_pages) == 20
    assert all(b"<ins" in files[1][path] and b"<del" in files[1][path] for path in redline_pages)
    assert {path: files[2][path] for path in redline_pages} == {path: files[1][path] for path in redline_pages}
    assert files[2] == files[1], "the whole site is the same"
    cache = {w: {p.name: p.read_bytes() for p in (repo.root / f".cache-{w}").rglob("*.json")} for w in (1, 2)}
    assert cache[1] == cache[2] and len(cache[1]) > 18
