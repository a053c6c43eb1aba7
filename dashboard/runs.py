"""Simulation runs for every visitor: two disk caches and one shared pool of worker processes.

A run is the annual table of :func:`analysis.batch.run_job` for one scenario and seed. It is kept
on disk under a key made of the scenario's resolved parameters (:meth:`Scenario.digest`), the
seed and the code version (a hash of ``simulation/``'s sources), so a run asked again, by anyone,
is read back instead of simulated (:class:`RunCache`); the oldest files go when the cache outgrows
its size.

Runs not in the cache go, grouped by seed, to one pool of ``settings.WORKERS`` processes shared by
all sessions: that caps the CPU the server uses. Requests wait their turn in one queue, first come
first served (:meth:`Runner.position` says where a request stands); a cancelled request leaves the
queue and its runs in progress stop within a few simulated weeks.

In a group, the first job (a comparison's baseline: the *trunk*) is simulated and the others branch
off it where their levers part from it (:meth:`simulation.model.ExtortionModel.branch`), so the
years they share, 2014-2025 for the presets, are simulated once per seed. The trunk as it stands
on such a day is kept on disk as well (:class:`SnapshotCache`, the pickled model keyed by the
trunk's resolved parameters, the seed, the day and the code version): a later comparison of other
scenarios against a baseline seen before starts each of them from that snapshot and simulates only
the years after it. :meth:`Runner.prewarm` fills it for the default seeds in the background.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import platform
import tempfile
import threading
import zlib
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import mesa
import multiprocessing
import numpy as np
import pandas as pd

from analysis.batch import Job, _annual, _loaded
from simulation import ExtortionModel, Scenario

from . import settings

KEY_COLUMNS = ["scenario", "seed", "param_set"]
CHECK_EVERY = 28  # simulated days between two looks at the cancel flag


def code_version(package: Path = settings.ROOT / "simulation") -> str:
    """Hash of the model's source files: a change in the code makes earlier cached runs unused."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = code_version()
# A pickled model is read back only by the same code and the same libraries that wrote it.
SNAPSHOT_VERSION = f"{CODE_VERSION}-py{platform.python_version()}-numpy{np.__version__}-mesa{mesa.__version__}"


def _evict(directory: Path, pattern: str, max_bytes: int) -> None:
    """Delete the least recently used files beyond ``max_bytes`` (other processes may do the same)."""
    files = []
    for path in directory.glob(pattern):
        try:
            files.append((path.stat().st_mtime, path.stat().st_size, path))
        except OSError:  # deleted meanwhile
            continue
    total = 0
    for _, size, path in sorted(files, key=lambda f: f[0], reverse=True):
        total += size
        if total > max_bytes:
            path.unlink(missing_ok=True)


class RunCache:
    """Annual tables on disk, one Parquet file per (scenario parameters, seed, code version)."""

    def __init__(self, directory: Path, max_bytes: int):
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def key(self, job: Job) -> str:
        text = f"{job.scenario.digest()}-{job.seed}-{sorted(job.overrides.items())}-{CODE_VERSION}"
        return hashlib.sha256(text.encode()).hexdigest()

    def path(self, job: Job) -> Path:
        return self.directory / f"{self.key(job)}.parquet"

    def get(self, job: Job) -> pd.DataFrame | None:
        path = self.path(job)
        try:
            annual = pd.read_parquet(path)
        except (OSError, ValueError):
            return None
        path.touch()  # recently used: evicted last
        return _labelled(annual, job)

    def put(self, job: Job, annual: pd.DataFrame) -> None:
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            final = self.path(job)
            partial = final.with_suffix(f".{threading.get_ident()}.tmp")
            annual.drop(columns=KEY_COLUMNS).to_parquet(partial, index=False)
            partial.replace(final)
            _evict(self.directory, "*.parquet", self.max_bytes)


def _labelled(annual: pd.DataFrame, job: Job) -> pd.DataFrame:
    """A cached table with the job's key columns, as :func:`run_job` returns it."""
    keys = pd.DataFrame({"scenario": job.label or job.scenario.run.name, "seed": job.seed,
                         "param_set": job.param_set}, index=annual.index)
    return pd.concat([keys, annual], axis=1)


@dataclass(frozen=True)
class SnapshotCache:
    """Models as they stand on a day, pickled and compressed, one file per (scenario parameters,
    seed, overrides, day, code and library versions), the least recently used deleted beyond
    ``max_bytes``. Written and read by the worker processes. The folder must be writable by the
    server only: its files are unpickled."""

    directory: Path
    max_bytes: int

    def key(self, scenario: Scenario, seed: int, overrides: dict, day: int) -> str:
        text = f"{scenario.digest()}-{seed}-{sorted(overrides.items())}-{day}-{SNAPSHOT_VERSION}"
        return hashlib.sha256(text.encode()).hexdigest()

    def path(self, scenario: Scenario, seed: int, overrides: dict, day: int) -> Path:
        return Path(self.directory) / f"{self.key(scenario, seed, overrides, day)}.snapshot"

    def get(self, scenario: Scenario, seed: int, overrides: dict, day: int) -> ExtortionModel | None:
        path = self.path(scenario, seed, overrides, day)
        try:
            model = pickle.loads(zlib.decompress(path.read_bytes()))
            path.touch()
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        if not isinstance(model, ExtortionModel) or model.day != day or model.seed != seed:
            return None
        return model

    def put(self, model: ExtortionModel, overrides: dict) -> None:
        if self.max_bytes <= 0:
            return
        directory = Path(self.directory)
        directory.mkdir(parents=True, exist_ok=True)
        final = self.path(model.scenario, model.seed, overrides, model.day)
        partial = final.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(zlib.compress(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL), 1))
        partial.replace(final)
        _evict(directory, "*.snapshot", self.max_bytes)


class Cancelled(Exception):
    """A run stopped because its request was cancelled."""


@dataclass(frozen=True)
class Group:
    """The work of one worker task: jobs of one seed (and overrides). ``trunk`` is the first job
    of the group (a comparison's baseline); its table is computed if ``run_trunk``; ``branches``
    go on from it where they part from it; ``snapshot_for`` are scenarios whose parting days get a
    snapshot of the trunk even with no branch here (prewarming)."""

    trunk: Job
    run_trunk: bool
    branches: tuple[Job, ...] = ()
    snapshot_for: tuple[Scenario, ...] = ()
    snapshots: SnapshotCache | None = None
    cancel_flag: str | None = None


@dataclass
class GroupResult:
    trunk: pd.DataFrame | None
    branches: list[pd.DataFrame]
    from_snapshot: list[int] = field(default_factory=list)  # days whose snapshot was read back
    simulated_days: int = 0  # days simulated in all (trunk and branches)


def run_group(group: Group) -> GroupResult:
    """Simulate a group (in a worker process): the branches from the trunk, or from a snapshot of
    it when one is cached; the trunk to its end only if its table is wanted."""
    trunk_job = group.trunk
    overrides, seed = trunk_job.overrides, trunk_job.seed
    stopped = (lambda: os.path.exists(group.cancel_flag)) if group.cancel_flag else (lambda: False)
    result = GroupResult(None, [None] * len(group.branches))

    def advance(model: ExtortionModel, until: int) -> ExtortionModel:
        while model.running and model.day < until:
            if model.day % CHECK_EVERY == 0 and stopped():
                raise Cancelled()
            model.step()
            result.simulated_days += 1
        return model

    live = ExtortionModel(_loaded(trunk_job.scenario, overrides), seed=seed, events="none")
    trunk = live.scenario
    branches = [_loaded(job.scenario, overrides) for job in group.branches]
    parting = [live.shared_days(s) for s in branches]
    days = sorted({d for d in parting if d > 0} | {d for s in group.snapshot_for if (d := live.shared_days(s)) > 0})
    for i, scenario in enumerate(branches):
        if parting[i] == 0:  # differs in more than its levers: a run of its own
            own = advance(ExtortionModel(scenario, seed=seed, events="none"), 10**9)
            result.branches[i] = _annual(own, group.branches[i], group.branches[i].label)
    cache = group.snapshots
    for day in days:
        if live.day < day:
            saved = cache.get(trunk, seed, overrides, day) if cache is not None and day < live.days else None
            if saved is not None:
                live = saved  # exactly the trunk on that day: it goes on from here
                result.from_snapshot.append(day)
            else:
                advance(live, day)
                if cache is not None and day < live.days:
                    cache.put(live, overrides)
        for i in (i for i, d in enumerate(parting) if d == day):
            job = group.branches[i]
            result.branches[i] = _annual(advance(live.branch(branches[i]), 10**9), job, job.label)
    if group.run_trunk:
        result.trunk = _annual(advance(live, 10**9), trunk_job, trunk_job.label)
    return result


class _Ticket:
    """A group waiting for, or running in, the pool; ``future`` is the caller's."""

    def __init__(self, request: int, group: Group, low: bool = False):
        self.request, self.group, self.low = request, group, low
        self.future: Future = Future()


class Runner:
    """Runs jobs through the caches and the shared process pool, one queue for every visitor."""

    def __init__(self, cache: RunCache, workers: int, snapshots: SnapshotCache | None = None):
        self.cache = cache
        self.snapshots = snapshots
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.RLock()
        self._queue: deque[_Ticket] = deque()     # visitors' requests, first come first served
        self._low: deque[_Ticket] = deque()       # prewarming: only when no visitor waits, one at a time
        self._running: Counter[int] = Counter()   # tickets in the pool, by request
        self._low_running = 0
        self._requests = itertools.count(1)
        self._flag_dir: Path | None = None  # made on first use (not in every worker process that imports this)
        self._prewarm: threading.Thread | None = None

    @property
    def _flags(self) -> Path:
        """Where a cancelled request leaves the file its running groups look for."""
        with self._lock:
            if self._flag_dir is None:
                self._flag_dir = Path(tempfile.mkdtemp(prefix="dashboard-cancel-"))
            return self._flag_dir

    # -- the queue ------------------------------------------------------------------------------
    def _enqueue(self, tickets: list[_Ticket]) -> None:
        with self._lock:
            for ticket in tickets:
                (self._low if ticket.low else self._queue).append(ticket)
            self._dispatch()

    def _dispatch(self) -> None:
        """Give free workers the next tickets (called with the lock held)."""
        while sum(self._running.values()) < self.workers:
            if self._queue:
                ticket = self._queue.popleft()
            elif self._low and self._low_running == 0:
                ticket = self._low.popleft()
            else:
                return
            if not ticket.future.set_running_or_notify_cancel():
                continue  # cancelled while it waited
            if ticket.low and ticket.group.run_trunk and self.cache.path(ticket.group.trunk).exists():
                ticket.group = replace(ticket.group, run_trunk=False)  # a visitor's run made it meanwhile
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            try:
                submitted = self._pool.submit(run_group, ticket.group)
            except RuntimeError as exc:  # the interpreter is exiting
                ticket.future.set_exception(exc)
                continue
            self._running[ticket.request] += 1
            self._low_running += ticket.low
            submitted.add_done_callback(lambda done, ticket=ticket: self._finished(ticket, done))

    def _finished(self, ticket: _Ticket, done: Future) -> None:
        with self._lock:
            self._running[ticket.request] -= 1
            if self._running[ticket.request] <= 0:
                del self._running[ticket.request]
                if ticket.group.cancel_flag:
                    Path(ticket.group.cancel_flag).unlink(missing_ok=True)
            self._low_running -= ticket.low
            self._dispatch()
        error = done.exception()
        if error is None:
            ticket.future.set_result(done.result())
        else:
            ticket.future.set_exception(error)

    def waiting(self) -> int:
        """Groups of runs submitted by any visitor and not started yet."""
        with self._lock:
            return sum(not t.future.cancelled() for t in self._queue)

    def running(self) -> int:
        """Groups of runs in the worker processes now."""
        with self._lock:
            return sum(self._running.values())

    def position(self, request: int) -> int:
        """0 if some of the request's runs are running (or none waits); else its place in the queue:
        1 + the other requests with runs waiting ahead of its first."""
        with self._lock:
            if self._running.get(request):
                return 0
            ahead: set[int] = set()
            for ticket in self._queue:
                if ticket.future.cancelled():
                    continue
                if ticket.request == request:
                    return len(ahead) + 1
                ahead.add(ticket.request)
            return 0

    # -- requests -------------------------------------------------------------------------------
    def _groups(self, jobs: list[Job], results: list, request: int,
                snapshot_for: tuple[Scenario, ...]) -> dict[_Ticket, tuple[int | None, list[int]]]:
        """One ticket per seed (and overrides) with missing runs: the group's first job is the trunk."""
        by_seed: dict[tuple, list[int]] = {}
        for i, job in enumerate(jobs):
            by_seed.setdefault((job.seed, job.param_set, repr(sorted(job.overrides.items()))), []).append(i)
        flag = str(self._flags / str(request))
        tickets = {}
        for members in by_seed.values():
            trunk, *others = members
            missing = [i for i in others if results[i] is None]
            if results[trunk] is not None and not missing:
                continue
            group = Group(jobs[trunk], results[trunk] is None, tuple(jobs[i] for i in missing),
                          snapshot_for if results[trunk] is None else (), self.snapshots, flag)
            tickets[_Ticket(request, group)] = (trunk if results[trunk] is None else None, missing)
        return tickets

    def run(self, jobs: list[Job], progress: Callable[[int, int], None] = lambda done, total: None,
            cancelled: Callable[[], bool] = lambda: False,
            queued: Callable[[int], None] = lambda position: None,
            snapshot_for: tuple[Scenario, ...] = ()) -> pd.DataFrame | None:
        """The annual tables of ``jobs`` concatenated in job order, as :func:`analysis.batch.run_batch`
        returns them; None if ``cancelled()`` turned true (the request's waiting runs are withdrawn
        and its running ones stopped). ``queued(position)`` is told the request's place in the queue
        (:meth:`position`) whenever it changes. Where a trunk is simulated, it also leaves snapshots
        on the days the ``snapshot_for`` scenarios part from it."""
        request = next(self._requests)
        results: list[pd.DataFrame | None] = [self.cache.get(job) for job in jobs]
        tickets = self._groups(jobs, results, request, tuple(snapshot_for))
        done = sum(result is not None for result in results)
        progress(done, len(jobs))
        self._enqueue(list(tickets))
        futures = {ticket.future: ticket for ticket in tickets}
        pending = set(futures)
        place = None
        try:
            while pending:
                if cancelled():
                    self._cancel(request, tickets)
                    return None
                if (now := self.position(request)) != place:
                    place = now
                    queued(place)
                finished, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in finished:
                    trunk, members = tickets[futures[future]]
                    outcome: GroupResult = future.result()
                    for i, table in ([(trunk, outcome.trunk)] if trunk is not None else []) + list(zip(members, outcome.branches)):
                        results[i] = table
                        self.cache.put(jobs[i], table)
                        done += 1
                if finished:
                    progress(done, len(jobs))
        except BaseException:
            self._cancel(request, tickets)
            raise
        return pd.concat(results, ignore_index=True)

    def _cancel(self, request: int, tickets) -> None:
        with self._lock:
            for ticket in tickets:
                ticket.future.cancel()  # those still waiting
            if self._running.get(request):
                (self._flags / str(request)).touch()  # those running stop at their next look

    def prewarm(self, baseline: Scenario, seeds: list[int], scenarios: list[Scenario]) -> None:
        """In the background, at low priority (one worker, only when no visitor waits): the
        baseline's table for ``seeds`` and its snapshots on the days ``scenarios`` part from it."""
        if self.snapshots is None or self.snapshots.max_bytes <= 0 or not seeds:
            return
        with self._lock:
            if self._prewarm is not None:
                return
            self._prewarm = threading.Thread(target=self._prewarming, args=(baseline, seeds, scenarios),
                                             name="dashboard-prewarm", daemon=True)
        self._prewarm.start()

    def _prewarming(self, baseline: Scenario, seeds: list[int], scenarios: list[Scenario]) -> None:
        request = next(self._requests)
        tickets = []
        for seed in seeds:
            job = Job(baseline, seed)
            group = Group(job, self.cache.get(job) is None, snapshot_for=tuple(scenarios), snapshots=self.snapshots)
            tickets.append(_Ticket(request, group, low=True))
        self._enqueue(tickets)
        for ticket, seed in zip(tickets, seeds):
            try:
                outcome = ticket.future.result()
            except Exception:  # noqa: BLE001 (prewarming is only a speed-up; a failure shows in a visitor's own run)
                continue
            if outcome.trunk is not None:
                self.cache.put(ticket.group.trunk, outcome.trunk)


RUNNER = Runner(RunCache(settings.CACHE_DIR, settings.CACHE_BYTES), settings.WORKERS,
                SnapshotCache(settings.SNAPSHOT_DIR, settings.SNAPSHOT_BYTES))
