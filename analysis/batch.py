"""Many runs at once: (scenario, seed[, parameter set]) jobs in parallel, one tidy annual table.

    jobs = [Job("scenarios/baseline.toml", seed) for seed in (1, 2, 3)]
    table = run_batch(jobs, workers=2)

The table has one row per job and calendar year: ``scenario`` (name or label), ``seed``,
``param_set`` (index of the parameter set applied, -1 for none), ``year``, then every annual
output of :meth:`simulation.results.Results.annual` (flows summed over the year, in counts or
MAD; stocks at the year's last simulated day, in persons). A run depends only on its scenario,
overrides and seed, so the table does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
from tqdm.auto import tqdm

from simulation import ExtortionModel, Scenario, load_scenario

KEYS = ["scenario", "seed", "param_set", "year"]


@dataclass(frozen=True)
class Job:
    """One run. ``scenario`` is a Scenario or a TOML path (both pickle); ``overrides`` maps dotted
    scenario paths (``scammers.contact_rate_per_day``) to values; ``label`` replaces the scenario's
    name in the ``scenario`` column."""

    scenario: Scenario | str | Path
    seed: int
    param_set: int = -1
    overrides: dict[str, Any] = field(default_factory=dict)
    label: str | None = None


def run_job(job: Job) -> pd.DataFrame:
    """Simulate one job and return its annual table with the key columns first (module level, so
    that spawned worker processes can import it)."""
    scenario = job.scenario if isinstance(job.scenario, Scenario) else load_scenario(job.scenario)
    if job.overrides:
        scenario = scenario.with_overrides(job.overrides)
    annual = ExtortionModel(scenario, seed=job.seed, events="none").run().results.annual()  # no event log: not read
    annual.insert(0, "param_set", job.param_set)
    annual.insert(0, "seed", job.seed)
    annual.insert(0, "scenario", job.label or scenario.run.name)
    return annual


def default_workers() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_batch(jobs: Iterable[Job], workers: int | None = None, progress: bool = True) -> pd.DataFrame:
    """Run every job (``workers`` processes, default one per CPU; 1 runs in this process) and
    concatenate the annual tables in job order."""
    jobs = list(jobs)
    workers = max(1, min(workers or default_workers(), len(jobs) or 1))
    results: list[pd.DataFrame | None] = [None] * len(jobs)
    with tqdm(total=len(jobs), desc="runs", unit="run", disable=not progress) as bar:
        if workers == 1:
            for i, job in enumerate(jobs):
                results[i] = run_job(job)
                bar.update()
        else:
            context = multiprocessing.get_context("spawn")  # what mesa sets anyway; never fork
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {pool.submit(run_job, job): i for i, job in enumerate(jobs)}
                try:
                    for future in as_completed(futures):
                        results[futures[future]] = future.result()
                        bar.update()
                except BaseException:  # a failed run (or Ctrl-C): do not start the queued ones
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    if not results:
        return pd.DataFrame(columns=KEYS)
    return pd.concat(results, ignore_index=True)
