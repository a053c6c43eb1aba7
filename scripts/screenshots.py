"""Screenshots of every dashboard page at two window sizes, to look at (not a test).

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--lang en|fr]

Serves the dashboard with its default settings (the overview's runs come from the run cache, or
are simulated first: minutes the first time), builds a scenario from the combined preset, runs
a two-seed comparison of the baseline with two presets over 2026-2030 and shows its money flows; on
the Live page, steps a few months and switches a lever on.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from dashboard_server import dashboard_server  # noqa: E402

SIZES = [(1280, 720), (1920, 1080)]
PARTS = 4  # screens per page, scrolling down (the page scrolls inside its frame, not as a whole)
WAIT = 900_000  # ms: the first overview simulates the baseline


def compare_two_presets(page) -> None:
    page.locator(".v-select", has_text=re.compile("Scenarios|Scénarios")).click()
    for name in ("awareness", "mta_monitoring"):  # the money flows show the monitoring's displacement
        page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")
    seeds = page.locator("[role=slider]").first
    seeds.focus()
    seeds.press("Home")
    seeds.press("ArrowRight")
    page.locator("button", has_text=re.compile("Run the comparison|Lancer la comparaison")).click()
    expect(page.locator("table.differences")).to_be_visible(timeout=WAIT)


def screens(page, stem: Path) -> None:
    """The page's first PARTS screens, each scrolled one window further down."""
    height = page.viewport_size["height"]
    page.mouse.move(page.viewport_size["width"] // 2, height // 2)
    for part in range(PARTS):
        page.screenshot(path=f"{stem}_{part + 1}.png")
        page.mouse.wheel(0, height - 120)
        page.wait_for_timeout(400)
    page.mouse.wheel(0, -PARTS * height)


def shoot(url: str, out: Path, lang: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(WAIT)
            page.goto(f"{url}?lang={lang}")
            expect(page.locator(".js-plotly-plot")).to_have_count(6, timeout=WAIT)
            page.wait_for_timeout(1500)
            screens(page, out / f"overview_{lang}_{width}x{height}")
            for path in ("builder", "compare", "money", "network", "live", "methods"):
                page.locator(f"a[href='/{path}']").first.click()
                if path == "builder":
                    page.locator(".v-select").first.click()
                    page.get_by_role("option", name="combined.toml").click()
                    expect(page.get_by_label(re.compile("Scenario name|Nom du scénario"))).to_have_value("combined", timeout=WAIT)
                    expect(page.locator(".v-input--switch input:checked")).to_have_count(6, timeout=WAIT)  # the preset's levers
                    page.wait_for_timeout(2000)
                    page.locator(".js-plotly-plot").scroll_into_view_if_needed()
                    page.wait_for_timeout(800)
                    page.screenshot(path=out / f"builder_{lang}_{width}x{height}_timeline.png")
                    page.mouse.wheel(0, -100_000)
                if path == "compare":
                    compare_two_presets(page)
                if path == "live":  # a few months, a lever switched on, a few more
                    step = page.get_by_role("button", name=re.compile("^(Step|Avancer)$"))
                    for clicks in (3, 0, 6):
                        for _ in range(clicks):
                            step.click()
                            page.wait_for_timeout(700)
                        if not clicks:
                            page.locator(".live-levers button").first.click()
                            expect(page.locator(".live-switches")).to_have_count(1, timeout=WAIT)
                if path == "network":  # its seed's recording first (about a minute, then cached)
                    expect(page.locator(".js-plotly-plot")).to_have_count(4, timeout=WAIT)
                if path == "money":
                    page.locator(".v-select", has_text=re.compile("Scenario beside|Scénario à côté")).click()
                    page.get_by_role("option", name="mta_monitoring").click()
                    expect(page.locator(".js-plotly-plot .gtitle").nth(1)).to_contain_text("mta_monitoring", timeout=WAIT)
                page.wait_for_timeout(1500)
                screens(page, out / f"{path}_{lang}_{width}x{height}")
            page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--lang", choices=["en", "fr"], default="en")
    parser.add_argument("--url", help="a dashboard already served (default: serve one here)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.url:
        shoot(args.url.rstrip("/") + "/", args.out, args.lang)
    else:
        with dashboard_server(ROOT / "app.py") as url:
            shoot(url, args.out, args.lang)
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
