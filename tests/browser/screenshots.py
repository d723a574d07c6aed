"""Full-page screenshots of every page type in light, dark and phone sizes, for people to look at.

Usage: python -m tests.browser.screenshots SITE_DIR OUT_DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.browser.harness import PAGE_TYPES, PageWatch, chromium_missing, launch_chromium, serve

# name: (colour scheme, viewport, media)
VARIANTS: dict[str, tuple[str, dict[str, int], str]] = {
    "light": ("light", {"width": 1280, "height": 900}, "screen"),
    "dark": ("dark", {"width": 1280, "height": 900}, "screen"),
    "mobile": ("light", {"width": 375, "height": 812}, "screen"),
    "print": ("light", {"width": 1280, "height": 900}, "print"),
}


def take_screenshots(site_dir: Path, out_dir: Path) -> list[str]:
    """Write NAME-VARIANT.png for every page type; return the problems the pages showed on the way."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with serve(site_dir) as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for variant, (scheme, viewport, media) in VARIANTS.items():
            context = browser.new_context(base_url=base_url, color_scheme=scheme, viewport=viewport)
            for name, path in PAGE_TYPES.items():
                page = context.new_page()
                watch = PageWatch(base_url).attach(page)
                page.emulate_media(media=media)
                page.goto(path, wait_until="networkidle")
                target = out_dir / f"{name}-{variant}.png"
                page.screenshot(path=str(target), full_page=True)
                problems += [f"{path} ({variant}): {problem}" for problem in watch.problems()]
                page.close()
            context.close()
        browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path, help="a built site, e.g. site/")
    parser.add_argument("out_dir", type=Path, help="where the PNG files go, e.g. screenshots/")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir} has no index.html: build the site first (make site)")
    missing = chromium_missing()
    if missing:
        parser.error(missing)
    problems = take_screenshots(args.site_dir, args.out_dir)
    count = len(list(args.out_dir.glob("*.png")))
    print(f"{count} screenshots in {args.out_dir}")
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
