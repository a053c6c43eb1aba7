"""Dashboard speeds: first page after the server is up, a comparison cold and from the cache.

    .venv/bin/python scripts/dashboard_benchmark.py [--seeds 10] [--first 2026 --last 2030]

The comparison is the baseline to 2030 with the awareness and takedown presets, through the
dashboard's own runner: on fresh caches (cold: every seed's baseline from 2014, the presets branch
off it); warm: the baseline seen before (its runs and its snapshots of 1 January 2026 on disk, as
after the server's prewarming or an earlier comparison), the presets new, so each simulates only
2026-2030 from the snapshot; and the same comparison again (every run from the cache).
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
from dashboard.comparison import comparison_jobs, run_comparison  # noqa: E402
from dashboard.runs import RunCache, Runner, SnapshotCache  # noqa: E402
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


def comparison_seconds(seeds: int, period: tuple[int, int]) -> tuple[float, float, float]:
    scenarios = [load_scenario(settings.SCENARIOS / f"{name}.toml") for name in ("baseline_2030", "awareness", "takedown")]
    seed_list = list(range(1, seeds + 1))
    with tempfile.TemporaryDirectory() as cache:
        runner = Runner(RunCache(Path(cache), 10**10), settings.WORKERS, SnapshotCache(Path(cache) / "snapshots", 10**10))

        def timed() -> float:
            started = time.perf_counter()
            run_comparison(scenarios, seed_list, period, runner)
            return time.perf_counter() - started

        cold = timed()
        _, jobs = comparison_jobs(scenarios, seed_list, period)
        for job in jobs[len(seed_list):]:  # forget the presets' runs, keep the baseline's and its snapshots
            runner.cache.path(job).unlink()
        warm = timed()
        cached = timed()
    return cold, warm, cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first", type=int, default=2026)
    parser.add_argument("--last", type=int, default=2030)
    parser.add_argument("--no-page", action="store_true", help="skip the first page's timing")
    args = parser.parse_args()
    if not args.no_page:
        print(f"first page: {first_page_seconds():.1f} s", flush=True)
    cold, warm, cached = comparison_seconds(args.seeds, (args.first, args.last))
    print(f"comparison of 3 scenarios x {args.seeds} seeds, runs 2014-{args.last}, {settings.WORKERS} workers: "
          f"{cold:.1f} s cold, {warm:.1f} s with the baseline's snapshots (new scenarios), "
          f"{cached:.2f} s from the cache")


if __name__ == "__main__":
    main()
