"""The Network page's data: the youth network's history (:func:`analysis.network_history.record`)
in one run of the overview's scenario per seed, simulated in a process of its own in the
background and kept on disk.

A history is one compressed file per (scenario parameters, seed, code version: the model's and the
recorder's), so a second visit, by anyone, reads it back (about a tenth of a second); the least
recently used files go beyond ``settings.NETWORK_CACHE_BYTES``. In memory, the server keeps the
recordings of the last ``KEPT`` seeds asked for (each some 20 MB for the baseline to 2030).
Every visitor asking for a seed shares its recording: it depends on nothing else they choose.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
from functools import lru_cache
from pathlib import Path

from analysis.network_history import NetworkHistory, record
from simulation import ExtortionModel, Scenario

from . import settings
from .baseline import overview_scenario
from .network import Sample, town_sample
from .runs import CODE_VERSION, _evict

KEPT = 3
RECORD_VERSION = hashlib.sha256(
    (CODE_VERSION + (settings.ROOT / "analysis" / "network_history.py").read_text()).encode()).hexdigest()[:16]


def history_path(scenario: Scenario, seed: int, directory: Path = settings.NETWORK_DIR) -> Path:
    key = hashlib.sha256(f"{scenario.digest()}-{seed}-{RECORD_VERSION}".encode()).hexdigest()
    return Path(directory) / f"{key}.npz"


def _record_to_file(scenario: Scenario, seed: int, path: Path, progress) -> None:
    """In the worker process: simulate, write the history, tell the days done through ``progress`` (a pipe)."""
    history = record(ExtortionModel(scenario, seed=seed, events="none"), lambda done, total: progress.send(done))
    partial = path.with_suffix(".partial.npz")
    history.save(partial)
    partial.replace(path)


class NetworkRecording:
    """One seed's history: read from the disk cache, or recorded by a background process
    (``done`` of ``total`` days); ``history`` is None and ``samples`` (by town) empty until ready;
    ``cancelled`` after :meth:`cancel`, ``error`` if it failed."""

    def __init__(self, scenario: Scenario, seed: int, directory: Path = settings.NETWORK_DIR,
                 max_bytes: int = settings.NETWORK_CACHE_BYTES):
        self.scenario, self.seed = scenario, seed
        self.path, self.directory, self.max_bytes = history_path(scenario, seed, directory), Path(directory), max_bytes
        self.done, self.total = 0, (scenario.run.end - scenario.run.start).days + 1
        self.history: NetworkHistory | None = None
        self.samples: dict[str, Sample] = {}
        self.error: str | None = None
        self.cancelled = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._process: multiprocessing.Process | None = None

    def start(self) -> None:
        """Start reading or recording, unless it is under way or done (again after a cancel or an error)."""
        with self._lock:
            if self.history is None and (self._thread is None or not self._thread.is_alive()):
                self.error, self.cancelled, self.done = None, False, 0
                self._thread = threading.Thread(target=self._compute, name=f"network-{self.seed}", daemon=True)
                self._thread.start()

    def cancel(self) -> None:
        """Stop the recording process (a later :meth:`start` begins again)."""
        with self._lock:
            if self._process is not None and self._process.is_alive():
                self._process.terminate()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _compute(self) -> None:
        try:
            if not self.path.exists():
                self._record()
                if self.cancelled:
                    return
            history = NetworkHistory.load(self.path)
            self.path.touch()  # recently used: evicted last
            _evict(self.directory, "*.npz", self.max_bytes)
            self.samples = {town: town_sample(history, town) for town in history.towns}
            self.history = history
        except Exception as exc:  # shown on the page instead of the network
            self.error = f"{type(exc).__name__}: {exc}"

    def _record(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        receiving, sending = multiprocessing.Pipe(duplex=False)
        context = multiprocessing.get_context("spawn")
        with self._lock:
            self._process = context.Process(target=_record_to_file, args=(self.scenario, self.seed, self.path, sending),
                                            name=f"network-record-{self.seed}", daemon=True)
            self._process.start()
        sending.close()
        while True:
            try:
                self.done = receiving.recv()
            except EOFError:  # the process ended (its end of the pipe closed)
                break
        self._process.join()
        if self._process.exitcode < 0:  # terminated: cancelled
            self.cancelled = True
        elif self._process.exitcode != 0:
            raise RuntimeError(f"the recording process ended with code {self._process.exitcode}")


@lru_cache(maxsize=KEPT)
def recording(seed: int) -> NetworkRecording:
    """The recording of the overview's scenario with ``seed`` (one per seed for every visitor)."""
    return NetworkRecording(overview_scenario(), seed)
