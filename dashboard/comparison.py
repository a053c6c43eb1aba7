"""A comparison as the Compare page runs it: paired seeds, a period of years, the summary of
:func:`analysis.compare.summarize` (the same numbers as ``python -m simulation compare``).

Each scenario is simulated only to the end of the period's last year: the years before it are the
same as in a longer run (the model draws nothing ahead of the day it simulates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import pandas as pd

from analysis.batch import Job
from analysis.compare import CompareError, _labels, summarize
from simulation import Scenario

from .runs import RUNNER, Runner


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
                   cancelled: Callable[[], bool] = lambda: False) -> Comparison | None:
    """Run the baseline (first) and the other scenarios on the same seeds; None if cancelled."""
    if len(scenarios) < 2:
        raise CompareError("give at least one scenario to compare with the baseline")
    labels, jobs = comparison_jobs(scenarios, seeds, period)
    table = runner.run(jobs, progress, cancelled)
    if table is None:
        return None
    summary = summarize(table, labels[0], period)
    return Comparison(table, summary, labels, list(seeds), period, dict(zip(labels, scenarios)))
