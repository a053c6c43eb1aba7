"""Many runs at once: (scenario, seed[, parameter set]) jobs in parallel, one tidy annual table.

    jobs = [Job("scenarios/baseline.toml", seed) for seed in (1, 2, 3)]
    table = run_batch(jobs, workers=2)                                  # local processes
    table = run_batch(jobs, scheduler="tcp://host:8786", results=RunStore("runs/x", spec))  # resumable, on Dask

The table has one row per job and calendar year: ``scenario`` (name or label), ``seed``,
``param_set`` (index of the parameter set applied, -1 for none), ``year``, then every annual
output of :meth:`simulation.results.Results.annual` (flows summed over the year, in counts or
MAD; stocks at the year's last simulated day, in persons). A run depends only on its scenario,
overrides and seed, so the table does not depend on the number of workers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd
from tqdm.auto import tqdm

from simulation import ExtortionModel, Scenario, load_scenario

from .executor import default_workers, run_each  # default_workers: also imported from here by others
from .store import RunStore, digest

KEYS = ["scenario", "seed", "param_set", "year"]
MAX_WORKERS = 64        # processes of one batch (each holds a run: about 250 MB)
MAX_REPLICATES = 1000   # seeds of one comparison, calibration score or report
WORKERS_LIMIT, REPLICATES_LIMIT = "MAX_WORKERS in analysis/batch.py", "MAX_REPLICATES in analysis/batch.py"  # in messages


@dataclass(frozen=True)
class Job:
    """One run. ``scenario`` is a Scenario or a TOML path (both pickle); ``overrides`` maps dotted
    scenario paths (``scammers.contact_rate_per_day``) to values; ``label`` replaces the scenario's
    name in the ``scenario`` column. ``branches`` are more (scenario, label) runs with the same seed
    and overrides: each goes on from this job's run where its levers first part from it
    (:meth:`simulation.model.ExtortionModel.branch`, the same outputs as a run of its own), so the
    years they share are simulated once."""

    scenario: Scenario | str | Path
    seed: int
    param_set: int = -1
    overrides: dict[str, Any] = field(default_factory=dict)
    label: str | None = None
    branches: tuple[tuple[Scenario | str | Path, str | None], ...] = ()


def run_job(job: Job) -> pd.DataFrame:
    """Simulate one job (and its branches) and return the annual tables, key columns first, this
    job's first then its branches' in order (module level, so that worker processes can import it)."""
    return pd.concat(run_tables(job), ignore_index=True)


def run_tables(job: Job) -> list[pd.DataFrame]:
    """The annual tables of a job and of each of its branches, in that order (see :class:`Job`)."""
    scenario = _loaded(job.scenario, job.overrides)
    model = ExtortionModel(scenario, seed=job.seed, events="none")
    branches = [(_loaded(s, job.overrides), label) for s, label in job.branches]
    tables: list[pd.DataFrame | None] = [None] * len(branches)
    for shared, i in sorted((model.shared_days(s), i) for i, (s, _) in enumerate(branches)):
        other, label = branches[i]
        if shared == 0:  # differs in more than its levers: a run of its own
            tables[i] = _annual(ExtortionModel(other, seed=job.seed, events="none").run(), job, label)
            continue
        while model.running and model.day < shared:
            model.step()
        tables[i] = _annual(model.branch(other).run(), job, label)
    return [_annual(model.run(), job, job.label), *tables]


def _loaded(scenario: Scenario | str | Path, overrides: dict[str, Any]) -> Scenario:
    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    return scenario.with_overrides(overrides) if overrides else scenario


def _annual(model: ExtortionModel, job: Job, label: str | None) -> pd.DataFrame:
    annual = model.results.annual()
    annual.insert(0, "param_set", job.param_set)
    annual.insert(0, "seed", job.seed)
    annual.insert(0, "scenario", label or model.scenario.run.name)
    return annual


def job_key(job: Job) -> str:
    """A short hash of everything a job's tables depend on: each scenario's content (not its file
    name), the overrides, seed, parameter set and labels; the name of its file in a results folder."""
    def scenario(s):
        return _loaded(s, {}).digest()

    return digest({"scenario": scenario(job.scenario), "seed": job.seed, "param_set": job.param_set,
                   "overrides": job.overrides, "label": job.label,
                   "branches": [(scenario(s), label) for s, label in job.branches]})[:24]


def _timed(task: tuple[Callable[[Any], pd.DataFrame], Any]) -> tuple[pd.DataFrame, float]:
    """``fn(item)`` for ``task = (fn, item)``, and its wall-clock time in seconds."""
    fn, item = task
    start = time.perf_counter()
    table = fn(item)
    return table, time.perf_counter() - start


def run_tables_of(fn: Callable[[Any], pd.DataFrame], items: list, keys: list[str] | None = None,
                  workers: int | None = None, scheduler: str | None = None, results: RunStore | None = None,
                  progress: bool = True) -> list[pd.DataFrame]:
    """``fn(item)`` (a table) for every item, in item order. ``workers`` and ``scheduler`` choose
    where (see :func:`analysis.executor.run_each`: default one local process per CPU; 1 runs in
    this process). With ``results`` (and a key per item), each table is saved there as it comes,
    items already saved are not run again, and the tables are read back from it. The progress bar
    shows the runs done, their rate and the time left."""
    todo = [i for i in range(len(items)) if results is None or not results.has(keys[i])]
    tables: list[pd.DataFrame | None] = [None] * len(items)
    with tqdm(total=len(items), initial=len(items) - len(todo), desc="runs", unit="run", disable=not progress) as bar:
        for k, (table, seconds) in run_each(_timed, [(fn, items[i]) for i in todo], workers, scheduler):
            if results is not None:
                results.save(keys[todo[k]], table, seconds)
            else:
                tables[todo[k]] = table
            bar.update()
    return [results.load(key) for key in keys] if results is not None else tables


def run_batch(jobs: Iterable[Job], workers: int | None = None, progress: bool = True,
              scheduler: str | None = None, results: RunStore | None = None) -> pd.DataFrame:
    """Run every job and concatenate the annual tables in job order (where, and resumable with
    ``results``: :func:`run_tables_of`)."""
    if workers is not None and (isinstance(workers, bool) or workers != int(workers) or not 1 <= workers <= MAX_WORKERS):
        raise ValueError(f"workers must be a whole number from 1 to {MAX_WORKERS} (got {workers}; "
                         f"{WORKERS_LIMIT} sets the upper limit)")
    jobs = list(jobs)
    keys = [job_key(job) for job in jobs] if results is not None else None
    tables = run_tables_of(run_job, jobs, keys, workers, scheduler, results, progress)
    if not tables:
        return pd.DataFrame(columns=KEYS)
    return pd.concat(tables, ignore_index=True)
