"""A comparison as the Compare page runs it: paired seeds, a period of years, the summary of
:func:`analysis.compare.summarize` (the same numbers as ``python -m simulation compare``).

Each scenario is simulated only to the end of the period's last year: the years before it are the
same as in a longer run (the model draws nothing ahead of the day it simulates).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import pandas as pd

from analysis.batch import Job
from analysis.compare import CompareError, _labels, summarize
from simulation import Scenario, load_scenario

from . import settings
from .runs import RUNNER, Runner
from .scenario_files import BASE_FILE, project_scenarios


@dataclass(frozen=True)
class Comparison:
    """What a comparison ran and found: the tidy replicate table and its summary."""

    table: pd.DataFrame
    summary: pd.DataFrame
    labels: list[str]
    seeds: list[int]
    period: tuple[int, int]
    scenarios: dict[str, Scenario] = field(repr=False)

    @property
    def baseline(self) -> str:
        return self.labels[0]


def truncated(scenario: Scenario, period: tuple[int, int]) -> Scenario:
    """The scenario run to the end of the period's last year; an error if it does not cover the period."""
    first, last = period
    if first > last:
        raise CompareError(f"period {first}-{last}: the first year is after the last")
    if scenario.run.start > date(first, 1, 1) or scenario.run.end < date(last, 12, 31):
        raise CompareError(f"scenario {scenario.run.name} runs {scenario.run.start} to {scenario.run.end}: "
                           f"it does not cover whole years {first}-{last}")
    return scenario.with_overrides({"run.end": f"{last}-12-31"})


def comparison_jobs(scenarios: list[Scenario], seeds: list[int], period: tuple[int, int]) -> tuple[list[str], list[Job]]:
    """Labels (the scenarios' names, made unique) and one job per scenario and seed, baseline first."""
    labels = _labels(scenarios)
    runs = [truncated(s, period) for s in scenarios]
    return labels, [Job(s, seed, label=label) for s, label in zip(runs, labels) for seed in seeds]


def run_comparison(scenarios: list[Scenario], seeds: list[int], period: tuple[int, int], runner: Runner = RUNNER,
                   progress: Callable[[int, int], None] = lambda done, total: None,
                   cancelled: Callable[[], bool] = lambda: False,
                   queued: Callable[[int], None] = lambda position: None) -> Comparison | None:
    """Run the baseline (first) and the other scenarios on the same seeds; None if cancelled.
    ``queued`` is told the request's place in the runner's queue (0: running)."""
    if len(scenarios) < 2:
        raise CompareError("give at least one scenario to compare with the baseline")
    labels, jobs = comparison_jobs(scenarios, seeds, period)
    table = runner.run(jobs, progress, cancelled, queued)
    if table is None:
        return None
    summary = summarize(table, labels[0], period)
    return Comparison(table, summary, labels, list(seeds), period, dict(zip(labels, scenarios)))


def default_presets(period: tuple[int, int] = settings.DEFAULT_PERIOD) -> tuple[Scenario, list[Scenario]]:
    """The baseline to 2030 and the presets, as the Compare page runs them for ``period``."""
    files = project_scenarios()
    base = load_scenario(files[BASE_FILE])
    others = [load_scenario(path) for name, path in files.items() if name != BASE_FILE]
    others = [s for s in others if s.run.end == base.run.end]
    return truncated(base, period), [truncated(s, period) for s in others]


_PREWARMING = threading.Lock()


def prewarm(runner: Runner = RUNNER, seeds: int = settings.PREWARM_SEEDS) -> None:
    """Simulate, in the background and at low priority, the default comparison's baseline for the
    first ``seeds`` seeds, keeping its snapshots on the days the presets part from it: a first
    comparison of presets then simulates only their own years. Once per runner (per server)."""
    if seeds <= 0 or getattr(runner, "prewarm_asked", False) or not _PREWARMING.acquire(blocking=False):
        return
    runner.prewarm_asked = True

    def start():
        try:
            base, others = default_presets()
            runner.prewarm(base, list(range(1, seeds + 1)), others)
        finally:
            _PREWARMING.release()

    threading.Thread(target=start, name="dashboard-prewarm-start", daemon=True).start()
