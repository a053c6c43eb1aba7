"""The youth network month by month in one run: who is involved, where, and since when.

    history = record(ExtortionModel(load_scenario("scenarios/tiny.toml"), seed=1, events="none"))
    history.counts(month)             # persons per town (rows) and state (columns) at a month's start
    history.town_ties()               # ties between towns (rows, columns), within a town on the diagonal
    history.save("net.npz"); NetworkHistory.load("net.npz")

:func:`record` steps the model as a run does and only reads it (no draw, no value of the model is
changed: its outputs stay those of the same scenario and seed). At the start of each month (before
the month's first day is simulated; the first is the run's start, after the first scammers) it
keeps the state of every person of the youth network (:data:`STATES`), and each scammer's victims
and arrests so far.

The model does not say who recruited whom: a person takes it up with a chance that grows with the
number of active scammers among their ties (``simulation/recruitment.py``), or learns it from
outside the network. What is kept instead is, for each scammer, which of their ties were active
scammers at the start of the day they first took it up (before that day's arrests and
recruitment): ``active_ties_at_start(scammer)``. The first scammers of the run have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from simulation import ExtortionModel
from simulation.scammers import ACTIVE, ScammerState

# A person's state: never involved, or a scammer's state (ScammerState + 1)
NEVER = 0
STATES = ["never_involved"] + [s.name.lower() for s in ScammerState]  # never_involved, active, in_custody, ...
PERSON_ACTIVE = ACTIVE + 1


@dataclass
class NetworkHistory:
    """One run's youth network and its people's states at each month's start.

    ``town[node]``: town index (of ``towns``); ``edges``: each tie once, (lower node, higher node);
    ``states[month, node]``: index in :data:`STATES`; ``scammer_node[scammer]``: the scammer's
    person; ``started_day[scammer]``: day (from ``start``) they first took it up;
    ``victims[month, scammer]`` and ``arrests[month, scammer]``: victims threatened and arrests so
    far at the month's start; ``active_ties_indptr``/``active_ties``: the ties of each scammer who
    were active at the start of the day they first took it up (nodes, compressed rows).
    """

    scenario: str
    seed: int
    start: date
    month_days: np.ndarray  # day index (from ``start``) of each month's start recorded
    towns: list[str]
    town: np.ndarray
    edges: np.ndarray
    states: np.ndarray
    scammer_node: np.ndarray
    started_day: np.ndarray
    victims: np.ndarray
    arrests: np.ndarray
    active_ties_indptr: np.ndarray
    active_ties: np.ndarray

    @property
    def size(self) -> int:
        """Persons in the youth network."""
        return self.town.size

    @property
    def months(self) -> list[date]:
        return [self.start + timedelta(days=int(d)) for d in self.month_days]

    def started(self, scammer: int) -> date:
        return self.start + timedelta(days=int(self.started_day[scammer]))

    def counts(self, month: int) -> pd.DataFrame:
        """Persons per town (index: town keys) and state (columns: :data:`STATES`) at a month's start."""
        pairs = self.town.astype(np.int64) * len(STATES) + self.states[month]
        table = np.bincount(pairs, minlength=len(self.towns) * len(STATES)).reshape(len(self.towns), len(STATES))
        return pd.DataFrame(table, index=self.towns, columns=STATES)

    def town_ties(self) -> pd.DataFrame:
        """Ties between the people of two towns (symmetric; ties within a town on the diagonal)."""
        n = len(self.towns)
        ends = self.town[self.edges].astype(np.int64)
        low, high = ends.min(axis=1), ends.max(axis=1)
        table = np.bincount(low * n + high, minlength=n * n).reshape(n, n)
        table = table + table.T - np.diag(np.diag(table))
        return pd.DataFrame(table, index=self.towns, columns=self.towns)

    def neighbours(self, node: int) -> np.ndarray:
        """The ties of a person (nodes, ascending)."""
        left, right = self.edges[:, 0] == node, self.edges[:, 1] == node
        return np.sort(np.concatenate([self.edges[left, 1], self.edges[right, 0]]))

    def scammer_of(self, node: int) -> int | None:
        """The scammer id of a person, None if they never took it up in the run."""
        found = np.flatnonzero(self.scammer_node == node)
        return int(found[0]) if found.size else None

    def active_ties_at_start(self, scammer: int) -> np.ndarray:
        """The ties (nodes) who were active scammers at the start of the day ``scammer`` first took it up."""
        return self.active_ties[self.active_ties_indptr[scammer]: self.active_ties_indptr[scammer + 1]]

    def started_while_active_tie(self, scammer: int) -> np.ndarray:
        """The scammers among this one's ties who first took it up while this one was an active tie
        (this one among their :meth:`active_ties_at_start`)."""
        node = self.scammer_node[scammer]
        ties = [self.scammer_of(n) for n in self.neighbours(node)]
        return np.array([s for s in ties if s is not None and node in self.active_ties_at_start(s)], dtype=np.int64)

    def save(self, path: Path) -> None:
        arrays = {name: value for name, value in vars(self).items() if isinstance(value, np.ndarray)}
        np.savez_compressed(path, **arrays, scenario=self.scenario, seed=self.seed, start=self.start.isoformat(),
                            towns=np.array(self.towns))

    @classmethod
    def load(cls, path: Path) -> NetworkHistory:
        with np.load(path) as data:
            fields = {name: data[name] for name in data.files}
        return cls(**fields | {"scenario": str(fields["scenario"]), "seed": int(fields["seed"]),
                               "start": date.fromisoformat(str(fields["start"])),
                               "towns": list(map(str, fields["towns"]))})


def record(model: ExtortionModel, progress: Callable[[int, int], None] = lambda done, total: None) -> NetworkHistory:
    """Simulate a new model (``ExtortionModel(scenario, seed=seed, events="none")``) to its end and
    keep its network's history; ``progress(days done, days)`` is told at each month's start."""
    if model.day:
        raise ValueError("the history starts with the run: give a model not stepped yet")
    network, pool = model.network, model.scammers
    start = model.start
    first_of_month = np.array([d == 0 or (start + timedelta(days=d)).day == 1 for d in range(model.days)])
    node_state = np.full(network.size, NEVER, dtype=np.int8)
    states, victims, arrests = [], [], []
    active_ties: list[np.ndarray] = [np.zeros(0, dtype=np.int32)] * pool.count  # the first scammers: none
    while model.running:
        count = pool.count
        node_state[pool.node[:count]] = pool.state[:count] + 1
        if first_of_month[model.day]:
            states.append(node_state.copy())
            victims.append(pool.victims[:count].copy())
            arrests.append(pool.arrests[:count].copy())
            progress(model.day, model.days)
        model.step()
        if pool.count > count:  # new scammers today: their ties active this morning
            for node in pool.node[count: pool.count].tolist():
                ties = network.neighbours(node)
                active_ties.append(np.sort(ties[node_state[ties] == PERSON_ACTIVE]).astype(np.int32))
    progress(model.days, model.days)
    total = pool.count
    lengths = [len(ties) for ties in active_ties]
    src = np.repeat(np.arange(network.size), network.degree)
    ends = np.stack([src, network.neighbours(np.arange(network.size))], axis=1)
    return NetworkHistory(
        scenario=model.scenario.run.name, seed=model.seed, start=start,
        month_days=np.flatnonzero(first_of_month).astype(np.int32),
        towns=list(model.town_names), town=network.town.copy(), edges=ends[ends[:, 0] < ends[:, 1]].astype(np.int32),
        states=np.stack(states), scammer_node=pool.node[:total].copy(), started_day=pool.recruited_day[:total].copy(),
        victims=_padded(victims, total, np.int32), arrests=_padded(arrests, total, np.int16),
        active_ties_indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        active_ties=np.concatenate(active_ties).astype(np.int32))


def _padded(rows: list[np.ndarray], width: int, dtype) -> np.ndarray:
    """Rows of growing length as one array (zeros for scammers not started yet)."""
    table = np.zeros((len(rows), width), dtype=dtype)
    for i, row in enumerate(rows):
        table[i, : row.size] = row
    return table
