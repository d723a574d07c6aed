"""`python -m benchmarks.render [--quick]`: Python-Markdown (the demo site's markdown_extensions) against
generator.gfm, in one run, on the demo policies and on synthesized long policies.

Renderers take turns on every page, so a noisy machine slows both alike. For each group of pages and
each renderer: pages per second (wall clock), median milliseconds per page, and CPU seconds
(time.process_time). A third row shows generator.gfm without GitHub's autolinks, the price of those."""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml

from generator.frontmatter import split_source
from generator.gfm import GithubMarkdown

from .corpus import document, join

ROOT = Path(__file__).resolve().parents[1]
SYNTH_WORDS = (1_000, 5_000, 20_000)
AUTOLINK_RULES = ["gfm_autolink_www", "gfm_autolink_protocol", "gfm_autolink_email"]


@dataclass
class Runner:
    name: str
    render: Callable[[str], object]
    times: list[float] = field(default_factory=list)
    cpu: float = 0.0


def site_extensions(config: Path) -> tuple[list[str], dict[str, dict]]:
    """The `markdown_extensions` of an mkdocs.yml, as Python-Markdown takes them."""
    entries = yaml.safe_load(config.read_text(encoding="utf-8")).get("markdown_extensions") or []
    names, configs = [], {}
    for entry in entries:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def python_markdown(config: Path) -> Callable[[str], str]:
    names, configs = site_extensions(config)
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    return lambda text: md.reset().convert(text)


def without_autolinks() -> GithubMarkdown:
    github = GithubMarkdown()
    github.md.disable(AUTOLINK_RULES)
    return github


def demo_pages() -> list[str]:
    return [split_source(path.read_text(encoding="utf-8"))[1] for path in sorted((ROOT / "policies").rglob("*.md"))]


def synthetic_page(words: int, seed: int = 20240611) -> str:
    return join(document(random.Random(seed + words), words))


def measure(pages: list[str], runners: list[Runner], rounds: int) -> None:
    """Render every page `rounds` times with each runner in turn; keep per-page wall times."""
    for runner in runners:
        runner.times, runner.cpu = [], 0.0
        for page in pages:  # warm up: imports, regex compilation, caches
            runner.render(page)
    for _ in range(rounds):
        for page in pages:
            for runner in runners:
                cpu, start = time.process_time(), time.perf_counter()
                runner.render(page)
                runner.times.append(time.perf_counter() - start)
                runner.cpu += time.process_time() - cpu


def report(label: str, pages: list[str], runners: list[Runner]) -> None:
    words = sum(len(page.split()) for page in pages)
    print(f"\n{label}: {len(pages)} page(s), {words:,} words")
    print(f"| {'renderer':<42} | {'pages/s':>9} | {'median ms':>10} | {'CPU s':>7} | {'vs Python-Markdown':>18} |")
    print(f"|{'-' * 44}|{'-' * 11}|{'-' * 12}|{'-' * 9}|{'-' * 20}|")
    base = statistics.median(runners[0].times)
    for runner in runners:
        median = statistics.median(runner.times)
        rate = len(runner.times) / sum(runner.times)
        print(f"| {runner.name:<42} | {rate:>9.1f} | {median * 1000:>10.2f} | {runner.cpu:>7.2f} | "
              f"{base / median:>17.2f}x |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round, small synthetic pages")
    args = parser.parse_args(argv)
    runners = [Runner("Python-Markdown (mkdocs.yml extensions)", python_markdown(ROOT / "mkdocs.yml")),
               Runner("generator.gfm GithubMarkdown", GithubMarkdown()),
               Runner("generator.gfm, autolinks off", without_autolinks())]
    groups = [("demo policies (policies/*.md)", demo_pages(), 3 if args.quick else 30)]
    for words in SYNTH_WORDS[:1] if args.quick else SYNTH_WORDS:
        groups.append((f"synthetic policy, {words:,} words", [synthetic_page(words)],
                       3 if args.quick else max(5, 200_000 // words)))
    for label, pages, rounds in groups:
        measure(pages, runners, rounds)
        report(label, pages, runners)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
