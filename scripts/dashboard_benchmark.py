"""Dashboard speeds: first page after the server is up, a comparison cold and from the cache.

    .venv/bin/python scripts/dashboard_benchmark.py [--seeds 10] [--first 2026 --last 2030]

The comparison is the baseline to 2030 with the awareness and takedown presets, on a fresh run
cache (cold), then the same again (from the cache), through the dashboard's own runner.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dashboard import settings  # noqa: E402
from dashboard.comparison import run_comparison  # noqa: E402
from dashboard.runs import RunCache, Runner  # noqa: E402
from dashboard_server import dashboard_server  # noqa: E402
from simulation import load_scenario  # noqa: E402


def first_page_seconds() -> float:
    """From the server answering to the overview's title in a browser (its charts come later)."""
    from playwright.sync_api import expect, sync_playwright

    with dashboard_server(ROOT / "app.py") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(url)
        expect(page.get_by_text("This model simulates")).to_be_visible(timeout=60_000)
        elapsed = time.perf_counter() - started
        browser.close()
    return elapsed


def comparison_seconds(seeds: int, period: tuple[int, int]) -> tuple[float, float]:
    scenarios = [load_scenario(settings.SCENARIOS / f"{name}.toml") for name in ("baseline_2030", "awareness", "takedown")]
    with tempfile.TemporaryDirectory() as cache:
        runner = Runner(RunCache(Path(cache), 10**9), settings.WORKERS)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            run_comparison(scenarios, list(range(1, seeds + 1)), period, runner)
            times.append(time.perf_counter() - started)
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first", type=int, default=2026)
    parser.add_argument("--last", type=int, default=2030)
    args = parser.parse_args()
    print(f"first page: {first_page_seconds():.1f} s")
    cold, warm = comparison_seconds(args.seeds, (args.first, args.last))
    print(f"comparison of 3 scenarios x {args.seeds} seeds, runs 2014-{args.last}, {settings.WORKERS} workers: "
          f"{cold:.1f} s cold, {warm:.2f} s from the cache")


if __name__ == "__main__":
    main()
