"""`python -m benchmarks.pdfs [--policies 6 --versions 4 --words 3000]`: what PDFs cost, in one run.

The MkDocs floor (plain MkDocs rendering the same pages), cold and warm builds of one synthetic history
without PDFs, with PDFs on one core and on every core, a rebuild after one new version, and a deploy
after one merge (cold cache, the published PDFs restored from the record); seconds per PDF against
seconds per page. CPU seconds count the build and every process it waited for (the PDF workers
included)."""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from generator.builds import available_cores
from generator.records import restore_records

from . import measure
from .synth import Spec, append_commit, generate

CONFIGS = {
    "no-pdf": "pdf: false",
    "pdf-1-core": "pdf: true\n      workers: 1",
    "pdf-all-cores": "pdf: true",
}


def write_configs(root: Path) -> dict[str, Path]:
    base = (root / "mkdocs.yml").read_text(encoding="utf-8")
    paths = {}
    for name, options in CONFIGS.items():
        path = root / f"mkdocs-{name}.yml"
        path.write_text(base.replace("pdf: false", options), encoding="utf-8")
        paths[name] = path
    return paths


def run(spec: Spec, work: Path, log=print) -> dict:
    syn = generate(spec, work / "synth")
    configs = write_configs(syn.root)
    out: dict = {"versions": syn.versions, "cores": available_cores(), "words": spec.largest_words}

    def build(name: str, label: str, *, cold: bool) -> None:
        if cold:
            measure.clear_cache(syn)
        seconds, _peak, cpu = measure.build_config(syn.root, configs[name], work / "site")
        out[label] = {"s": round(seconds, 2), "cpu_s": round(cpu, 2)}
        log(f"{label}: {seconds:.2f} s, {cpu:.2f} s CPU")

    seconds, _peak, cpu = measure.build(syn.floor, work / "site-floor")
    out["floor (plain MkDocs, same pages)"] = {"s": round(seconds, 2), "cpu_s": round(cpu, 2)}
    log(f"floor: {seconds:.2f} s, {cpu:.2f} s CPU")
    build("no-pdf", "cold, no PDFs", cold=True)
    site_pages = sum(1 for _ in (work / "site").rglob("index.html"))
    build("no-pdf", "warm, no PDFs", cold=False)
    build("pdf-1-core", "cold, PDFs, 1 core", cold=True)
    build("pdf-all-cores", f"cold, PDFs, {available_cores()} cores", cold=True)
    build("pdf-all-cores", "warm, PDFs", cold=False)
    # What is live now: the deploy after the next merge restores its PDFs from here.
    published = work / "published"
    shutil.copytree(work / "site", published, dirs_exist_ok=True)
    append_commit(syn)
    before = len(list((syn.root / measure.CACHE_DIR).rglob("*.pdf")))
    build("pdf-all-cores", "one new version, PDFs", cold=False)
    out["pdfs_made_after_one_new_version"] = len(list((syn.root / measure.CACHE_DIR).rglob("*.pdf"))) - before
    restored = restore_records(str(published), syn.root / ".records")
    out["deploy: PDFs restored"] = restored.fetched
    build("pdf-all-cores", "deploy after one merge (cold cache, PDFs restored)", cold=True)
    out["deploy: PDFs made"] = len(list((syn.root / measure.CACHE_DIR).rglob("*.pdf")))
    pdf_cpu = out["cold, PDFs, 1 core"]["cpu_s"] - out["cold, no PDFs"]["cpu_s"]
    floor = out["floor (plain MkDocs, same pages)"]["cpu_s"]
    out["cold with PDFs / floor, CPU"] = round(out["cold, PDFs, 1 core"]["cpu_s"] / floor, 2)
    out["cold without PDFs / floor, CPU"] = round(out["cold, no PDFs"]["cpu_s"] / floor, 2)
    out["pages"] = site_pages
    out["cpu_s_per_page"] = round(out["cold, no PDFs"]["cpu_s"] / site_pages, 4)
    out["cpu_s_per_pdf"] = round(pdf_cpu / syn.versions, 4)
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pdfs", description=__doc__)
    parser.add_argument("--policies", type=int, default=6)
    parser.add_argument("--versions", type=int, default=4)
    parser.add_argument("--words", type=int, default=3000, help="words per policy (about)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = parser.parse_args(argv)
    spec = Spec(args.policies, args.versions, largest_words=args.words, smallest_words=args.words,
                others_max_words=args.words)
    with tempfile.TemporaryDirectory(prefix="policy-pdf-bench-") as work:
        result = run(spec, Path(work))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pdfs.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
