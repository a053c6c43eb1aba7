"""The baseline shown on the overview: ``settings.OVERVIEW_SEEDS`` runs of the baseline to
``settings.OVERVIEW_END``, computed once per server in the background (and kept in the run cache,
so a restarted server reads them back). Every visitor sees the same runs: they depend on nothing
a visitor chooses."""

from __future__ import annotations

import threading
from functools import cache

import pandas as pd

from analysis.batch import Job
from simulation import Scenario, load_scenario

from . import settings
from .comparison import default_presets, truncated
from .runs import RUNNER

SCENARIO_FILE = settings.SCENARIOS / "baseline_2030.toml"
HISTORY_FILE = settings.SCENARIOS / "baseline.toml"  # its end is where the projection begins


def overview_scenario() -> Scenario:
    scenario = load_scenario(SCENARIO_FILE)
    return truncated(scenario, (scenario.run.start.year, settings.OVERVIEW_END))


class BaselineEnsemble:
    """The overview's runs, computed by one background thread; ``table`` is None until done."""

    def __init__(self):
        self.done, self.total = 0, settings.OVERVIEW_SEEDS
        self.table: pd.DataFrame | None = None
        self.error: str | None = None
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self._compute, name="overview-baseline", daemon=True)
                self._thread.start()

    def _compute(self) -> None:
        scenario = overview_scenario()
        jobs = [Job(scenario, seed) for seed in range(1, self.total + 1)]
        try:
            base, presets = default_presets()
            # the same runs as the Compare page's default baseline: keep their snapshots for it
            snapshot_for = presets if base.digest() == scenario.digest() else ()
            self.table = RUNNER.run(jobs, self._progress, snapshot_for=snapshot_for)
        except Exception as exc:  # shown on the page instead of charts
            self.error = f"{type(exc).__name__}: {exc}"

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total


@cache
def ensemble() -> BaselineEnsemble:
    return BaselineEnsemble()


@cache
def history_end_year() -> int:
    return load_scenario(HISTORY_FILE).run.end.year
