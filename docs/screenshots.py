"""Screenshots of the daily page and a paper page, light and dark, for the README.

Against a running site with the demo papers (`make run` in another terminal):

    make screenshots                                  # http://127.0.0.1:$PORT (default 8000)
    .venv/bin/python docs/screenshots.py --base-url http://127.0.0.1:8102

Uses Playwright with Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`);
it never downloads a browser. Writes docs/screenshots/*.png.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        paper_url = None
        for scheme in ("light", "dark"):
            for name, viewport in (("", DESKTOP), ("-phone", PHONE)):
                context = browser.new_context(
                    color_scheme=scheme, viewport=viewport, device_scale_factor=1
                )
                page = context.new_page()
                page.goto(f"{base}/", wait_until="networkidle")
                if paper_url is None:
                    first = page.locator(".paper-title a").first
                    if not first.count():
                        print("no papers on today's page: is `make run` up with the demo data?")
                        return 1
                    paper_url = base + first.get_attribute("href")
                shoot(page, f"daily-{scheme}{name}.png")
                page.goto(paper_url, wait_until="networkidle")
                shoot(page, f"paper-{scheme}{name}.png")
                context.close()
        browser.close()
    return 0


def shoot(page, filename: str) -> None:
    path = OUT / filename
    page.screenshot(path=str(path))
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    sys.exit(main())
