"""Screenshots of the daily page and a paper page, light and dark, for the README.

Against a running site with the demo papers (`make run` in another terminal,
with the same PAPERS_VAR_DIR):

    make screenshots                                  # http://127.0.0.1:$PORT (default 8000)
    .venv/bin/python docs/screenshots.py --base-url http://127.0.0.1:8102

First, on the demo database only, `manage.py seed_demo_activity` gives the demo
papers votes, staff picks with notes, tags and categories, so the pictures show
the site in use (--no-seed skips it). Uses Playwright with Debian's Chromium
(/usr/bin/chromium, `apt-get install chromium`); it never downloads a browser.
Writes docs/screenshots/*.png.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--no-seed", action="store_true", help="leave the database as it is")
    args = parser.parse_args()
    if not args.no_seed:
        seed_demo_activity()
    base = args.base_url.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        daily_url = paper_url = None
        for scheme in ("light", "dark"):
            for name, viewport in (("", DESKTOP), ("-phone", PHONE)):
                context = browser.new_context(
                    color_scheme=scheme, viewport=viewport, device_scale_factor=1
                )
                page = context.new_page()
                if daily_url is None:
                    daily_url, paper_url = find_pages(page, base)
                    if paper_url is None:
                        print("no papers on the daily page: is `make run` up with the demo data?")
                        return 1
                page.goto(daily_url, wait_until="networkidle")
                # On a desktop, tall enough to show the picks and the papers readers voted up.
                shoot(
                    page, f"daily-{scheme}{name}.png", height=1500 if viewport == DESKTOP else None
                )
                page.goto(paper_url, wait_until="networkidle")
                shoot(page, f"paper-{scheme}{name}.png")
                context.close()
        browser.close()
    return 0


def seed_demo_activity() -> None:
    """Through the ORM, on the database `make run` uses (its embedded servers, or DATABASE_URL)."""
    subprocess.run(
        [sys.executable, "-m", "papers_site.dev.services",
         sys.executable, "manage.py", "seed_demo_activity"],
        cwd=BASE_DIR, check=True,
    )  # fmt: skip


def find_pages(page, base: str) -> tuple[str, str | None]:
    """Today's page, else the nearest day with papers (the demo may be older); its first paper."""
    page.goto(f"{base}/", wait_until="networkidle")
    nearest = page.locator(".empty a").first
    if not page.locator(".paper-card").count() and nearest.count():
        page.goto(base + nearest.get_attribute("href"), wait_until="networkidle")
    first = page.locator(".paper-title a").first
    return page.url, (base + first.get_attribute("href")) if first.count() else None


def shoot(page, filename: str, height: int | None = None) -> None:
    path = OUT / filename
    if height is None:
        page.screenshot(path=str(path))
    else:
        width = page.viewport_size["width"]
        clip = {"x": 0, "y": 0, "width": width, "height": height}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    sys.exit(main())
