"""Simulation runs for every visitor: a disk cache and one shared pool of worker processes.

A run is the annual table of :func:`analysis.batch.run_job` for one scenario and seed. It is kept
on disk under a key made of the scenario's resolved parameters (:meth:`Scenario.digest`), the
seed and the code version (a hash of ``simulation/``'s sources), so a run asked again, by anyone,
is read back instead of simulated; the oldest files go when the cache outgrows its size. Runs
not in the cache go to one pool of ``settings.WORKERS`` processes shared by all sessions: that
caps the CPU the server uses, and jobs wait their turn (``waiting()`` says how many). The missing
runs of one seed go together: the first is simulated and the others branch off it where their
levers part from it (:meth:`simulation.model.ExtortionModel.branch`), so the years they share,
2014-2025 for the presets, are simulated once per seed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.batch import Job, run_tables

from . import settings

KEY_COLUMNS = ["scenario", "seed", "param_set"]


def code_version(package: Path = settings.ROOT / "simulation") -> str:
    """Hash of the model's source files: a change in the code makes earlier cached runs unused."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = code_version()


class RunCache:
    """Annual tables on disk, one Parquet file per (scenario parameters, seed, code version)."""

    def __init__(self, directory: Path, max_bytes: int):
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def key(self, job: Job) -> str:
        text = f"{job.scenario.digest()}-{job.seed}-{sorted(job.overrides.items())}-{CODE_VERSION}"
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, job: Job) -> pd.DataFrame | None:
        path = self.directory / f"{self.key(job)}.parquet"
        try:
            annual = pd.read_parquet(path)
        except (OSError, ValueError):
            return None
        path.touch()  # recently used: evicted last
        return _labelled(annual, job)

    def put(self, job: Job, annual: pd.DataFrame) -> None:
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            final = self.directory / f"{self.key(job)}.parquet"
            partial = final.with_suffix(f".{threading.get_ident()}.tmp")
            annual.drop(columns=KEY_COLUMNS).to_parquet(partial, index=False)
            partial.replace(final)
            self._evict()

    def _evict(self) -> None:
        files = sorted(self.directory.glob("*.parquet"), key=lambda p: p.stat().st_mtime, reverse=True)
        total = 0
        for path in files:
            total += path.stat().st_size
            if total > self.max_bytes:
                path.unlink(missing_ok=True)


def _labelled(annual: pd.DataFrame, job: Job) -> pd.DataFrame:
    """A cached table with the job's key columns, as :func:`run_job` returns it."""
    keys = pd.DataFrame({"scenario": job.label or job.scenario.run.name, "seed": job.seed,
                         "param_set": job.param_set}, index=annual.index)
    return pd.concat([keys, annual], axis=1)


class Runner:
    """Runs jobs through the cache and the shared process pool."""

    def __init__(self, cache: RunCache, workers: int):
        self.cache = cache
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._queued = 0

    def _submit(self, jobs: list[Job]) -> Future:
        """One task for jobs of the same seed and overrides: the first job, the others its branches."""
        first, *others = jobs
        task = Job(first.scenario, first.seed, first.param_set, first.overrides, first.label,
                   tuple((job.scenario, job.label) for job in others))
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            self._queued += len(jobs)
            future = self._pool.submit(run_tables, task)
        future.add_done_callback(lambda _future: self._done(len(jobs)))
        return future

    def _done(self, jobs: int) -> None:
        with self._lock:
            self._queued -= jobs

    def waiting(self) -> int:
        """Jobs submitted by anyone and not finished, beyond what the workers are running."""
        return max(0, self._queued - self.workers)

    def run(self, jobs: list[Job], progress: Callable[[int, int], None] = lambda done, total: None,
            cancelled: Callable[[], bool] = lambda: False) -> pd.DataFrame | None:
        """The annual tables of ``jobs`` concatenated in job order, as :func:`analysis.batch.run_batch`
        returns them; None if ``cancelled()`` turned true (queued jobs are then withdrawn)."""
        results: list[pd.DataFrame | None] = [self.cache.get(job) for job in jobs]
        groups: dict[tuple, list[int]] = {}
        for i, job in enumerate(jobs):
            if results[i] is None:
                groups.setdefault((job.seed, job.param_set, repr(sorted(job.overrides.items()))), []).append(i)
        futures = {self._submit([jobs[i] for i in group]): group for group in groups.values()}
        done = sum(result is not None for result in results)
        progress(done, len(jobs))
        pending = set(futures)
        try:
            while pending:
                if cancelled():
                    return None
                finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:
                    for i, table in zip(futures[future], future.result()):
                        results[i] = table
                        self.cache.put(jobs[i], table)
                        done += 1
                if finished:
                    progress(done, len(jobs))
        finally:
            for future in pending:
                future.cancel()
        return pd.concat(results, ignore_index=True)


RUNNER = Runner(RunCache(settings.CACHE_DIR, settings.CACHE_BYTES), settings.WORKERS)
