"""Scammers: the young men who run fake profiles, record victims and demand money.

Each person who ever takes up scamming is a Mesa agent (:class:`Scammer`) with an identity and a
history. Their day-to-day numbers live in :class:`ScammerPool` arrays (one row per scammer), so
the daily work over thousands of scammers is vectorized; the agent reads its row.
"""

from __future__ import annotations

from enum import IntEnum

import mesa
import numpy as np

from .agent import Agent
from .decay import Decaying
from .scenario import MODI_OPERANDI, Scenario


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
