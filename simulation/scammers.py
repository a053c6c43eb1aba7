"""Scammers: the young men who run fake profiles, record victims and demand money.

Each person who ever takes up scamming is a Mesa agent (:class:`Scammer`) with an identity and a
history. Their day-to-day numbers live in :class:`ScammerPool` arrays (one row per scammer), so
the daily work over thousands of scammers is vectorized; the agent reads its row. :class:`Careers`
gives new scammers their profile (modus operandi drawn from the ``share`` of each, initial skill
from a beta distribution of mean ``initial_skill_mean``, working intensity from a gamma
distribution of mean 1 and shape ``effort_shape``, a transfer office of their town) and moves
scammers between states, keeping what their network ties see up to date.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Callable

import mesa
import numpy as np

from .agent import Agent
from .decay import Decaying
from .scenario import MODI_OPERANDI, Scenario

if TYPE_CHECKING:
    from .network import YouthNetwork
    from .recruitment import Recruitment


class ScammerState(IntEnum):
    ACTIVE = 0
    IN_CUSTODY = 1
    IN_PRISON = 2
    DESISTED = 3


# plain ints for the hot paths (IntEnum attribute access is slow)
ACTIVE, IN_CUSTODY, IN_PRISON, DESISTED = (int(s) for s in ScammerState)


class ScammerPool:
    """Arrays of scammer attributes; row ``i`` is the scammer with ``scammer_id == i``.

    ``capacity`` is the most scammers there can be (one per person of the youth network).
    """

    def __init__(self, scenario: Scenario, capacity: int):
        p = scenario.scammers
        self.count = 0
        self.node = np.zeros(capacity, dtype=np.int32)         # person in the youth network
        self.town = np.zeros(capacity, dtype=np.int8)          # home town index
        self.mo = np.zeros(capacity, dtype=np.int8)            # modus operandi index (MODI_OPERANDI)
        self.state = np.zeros(capacity, dtype=np.int8)         # ScammerState
        self.recruited_day = np.zeros(capacity, dtype=np.int32)
        self.effort = np.ones(capacity)                        # working intensity, mean 1 (multiplies contacts)
        self.initial_skill = np.zeros(capacity)                # 0-1
        self.skill = np.zeros(capacity)                        # 0-1, grows with victims
        self.victims = np.zeros(capacity, dtype=np.int64)      # victims threatened so far
        self.income = np.zeros(capacity, dtype=np.int64)       # MAD received after fees
        self.arrests = np.zeros(capacity, dtype=np.int32)
        self.days_active = np.zeros(capacity, dtype=np.int32)   # days spent active so far
        self.office = np.zeros(capacity, dtype=np.int32)       # transfer office used to cash out
        self.receipts_at_office = np.zeros(capacity, dtype=np.int32)
        self.receipts_this_month = np.zeros(capacity, dtype=np.int32)  # at any office, this calendar month
        self.profile_ready_day = np.zeros(capacity, dtype=np.int32)  # first day with a working fake profile
        self.recent_income = Decaying(capacity, p.income_half_life_days)  # MAD
        self.risk = Decaying(capacity, p.risk_half_life_days)             # perceived risk units
        self._skill_gap_scale = p.learning_victims
        self._max_skill = p.max_skill

    def active(self) -> np.ndarray:
        """Indices of active scammers."""
        return np.flatnonzero(self.state[: self.count] == ACTIVE)

    def state_counts(self) -> np.ndarray:
        """Number of scammers in each :class:`ScammerState`."""
        return np.bincount(self.state[: self.count], minlength=len(ScammerState))

    def add_victims(self, scammers: np.ndarray) -> None:
        """Count new victims and let skill grow with experience (saturating towards max_skill)."""
        np.add.at(self.victims, scammers, 1)
        s = np.unique(scammers)
        start = self.initial_skill[s]
        learned = self._max_skill - (self._max_skill - start) * np.exp(-self.victims[s] / self._skill_gap_scale)
        self.skill[s] = np.maximum(learned, start)


class Careers:
    """Who scams: new scammers' profiles, and the moves between states (``ScammerState``)."""

    def __init__(self, scenario: Scenario, pool: ScammerPool, network: YouthNetwork, recruitment: Recruitment,
                 choose_offices: Callable[[np.ndarray], np.ndarray], rng: np.random.Generator, flows: dict):
        """``choose_offices(towns)`` gives an office of each town; ``flows`` is the model's dict of
        today's flows; ``rng`` is the scammers' own stream."""
        self._p = scenario.scammers
        self._initial = [town.initial_scammers for town in scenario.towns.values()]
        self.pool = pool
        self._network, self._recruitment, self._choose_offices = network, recruitment, choose_offices
        self._rng, self._flows = rng, flows
        mo = self._p.modi_operandi
        self._mo_cumulative = np.cumsum([mo[name].share for name in MODI_OPERANDI])
        #: scammer id of each person of the youth network, -1 for those who never scammed
        self.node_scammer = np.full(network.size, -1, dtype=np.int32)

    def first_scammers(self) -> np.ndarray:
        """The people who scam on the start date: ``initial_scammers`` drawn in each town."""
        return np.concatenate([self._rng.choice(self._network.nodes_of_town(i), count, replace=False)
                               for i, count in enumerate(self._initial)])

    def recruit(self, nodes: np.ndarray, day: int) -> np.ndarray:
        """People of the youth network take up scamming: new scammers, or former ones again.

        Returns the ids of the new scammers (who need an agent).
        """
        pool, p, rng = self.pool, self._p, self._rng
        new_nodes = nodes[self.node_scammer[nodes] < 0]
        ids = np.arange(pool.count, pool.count + new_nodes.size)
        if new_nodes.size:
            pool.count += new_nodes.size
            self.node_scammer[new_nodes] = ids
            towns = self._network.town[new_nodes]
            pool.node[ids] = new_nodes
            pool.town[ids] = towns
            pool.mo[ids] = np.searchsorted(self._mo_cumulative, rng.random(ids.size) * self._mo_cumulative[-1], side="right")
            a = p.initial_skill_mean * p.initial_skill_concentration
            b = (1.0 - p.initial_skill_mean) * p.initial_skill_concentration
            skill = rng.beta(a, b, ids.size) if 0 < p.initial_skill_mean < 1 else np.full(ids.size, p.initial_skill_mean)
            pool.initial_skill[ids] = pool.skill[ids] = skill
            pool.effort[ids] = rng.gamma(p.effort_shape, 1.0 / p.effort_shape, ids.size)
            pool.recruited_day[ids] = day
            pool.office[ids] = self._choose_offices(towns)
            pool.state[ids] = DESISTED  # not yet active: activated just below
        self.set_states(self.node_scammer[nodes], ACTIVE, day)
        self._flows["recruits"] += nodes.size
        return ids

    def set_states(self, scammers: np.ndarray, state: int, day: int) -> None:
        """Move scammers to ``state`` and keep what their network ties see up to date."""
        pool, recruitment = self.pool, self._recruitment
        scammers = np.atleast_1d(scammers)
        scammers = scammers[pool.state[scammers] != state]
        if scammers.size == 0:
            return
        was_active = pool.state[scammers] == ACTIVE
        pool.state[scammers] = state
        nodes = pool.node[scammers]
        if was_active.any():
            recruitment.stopped_being_active(nodes[was_active])
        if state == ACTIVE:
            recruitment.became_active(nodes)
            pool.profile_ready_day[scammers] = day
        elif state == DESISTED:
            recruitment.retired(nodes)
        else:
            recruitment.held(nodes)


class Scammer(Agent):
    """One person who took up webcam blackmail; the numbers are read from the model's pool."""

    def __init__(self, model: mesa.Model, scammer_id: int):
        super().__init__(model)
        self.scammer_id = scammer_id

    @property
    def _pool(self) -> ScammerPool:
        return self.model.scammers

    @property
    def state(self) -> ScammerState:
        return ScammerState(int(self._pool.state[self.scammer_id]))

    @property
    def town(self) -> str:
        return self.model.town_names[self._pool.town[self.scammer_id]]

    @property
    def modus_operandi(self) -> str:
        return MODI_OPERANDI[self._pool.mo[self.scammer_id]]

    @property
    def skill(self) -> float:
        return float(self._pool.skill[self.scammer_id])

    @property
    def effort(self) -> float:
        return float(self._pool.effort[self.scammer_id])

    @property
    def income_mad(self) -> int:
        return int(self._pool.income[self.scammer_id])

    @property
    def perceived_risk(self) -> float:
        return float(self._pool.risk.values(self.scammer_id, self.model.day))

    @property
    def arrests(self) -> int:
        return int(self._pool.arrests[self.scammer_id])
