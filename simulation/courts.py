"""Courts and prison under Moroccan penal code art. 447-1.

An arrested scammer is held in custody for a mean of ``custody_mean_days``, then tried: convicted
with ``conviction_prob`` to a prison term drawn uniformly between ``sentence_min_months`` and
``sentence_max_months`` (art. 447-1: 6 to 36 months) and a fine between ``fine_min_mad`` and
``fine_max_mad`` (2,000 to 20,000 MAD); otherwise released. On release he goes back to scamming
with ``relapse_prob`` (from the scammers' parameters) or desists.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .agenda import Agenda
from .events import EventLog
from .scammers import ACTIVE, DESISTED, IN_PRISON
from .scenario import Scenario
from .streams import geometric_delay

DAYS_PER_MONTH = 365.25 / 12


class Courts:
    def __init__(self, scenario: Scenario, set_states: Callable[[int, int, int], None], log: EventLog, flows: dict,
                 rng: np.random.Generator):
        """``set_states(scammers, state, day)`` moves scammers between states; ``flows`` is the
        model's dict of today's flows."""
        self._p = scenario.courts
        self._relapse = scenario.scammers.relapse_prob
        self._set_states, self._log, self._flows = set_states, log, flows
        self._rng = rng
        self.trials = Agenda()
        self.releases = Agenda()
        self.apply_policy(sentence_factor=1.0)

    def apply_policy(self, sentence_factor: float) -> None:
        """Harsher sentencing multiplies prison terms."""
        self.sentence_factor = sentence_factor

    def remand(self, day: int, scammer: int) -> None:
        self.trials.add(day + int(geometric_delay(self._rng, self._p.custody_mean_days, 1)[0]), scammer)

    def step(self, day: int) -> None:
        """Trials due today, then releases due today."""
        p, rng = self._p, self._rng
        for scammer in self.trials.pop(day):
            if rng.random() < p.conviction_prob:
                months = rng.uniform(p.sentence_min_months, p.sentence_max_months) * self.sentence_factor
                fine = int(rng.integers(p.fine_min_mad, p.fine_max_mad + 1))
                self._set_states(scammer, IN_PRISON, day)
                self._log.add("conviction", day, 1, scammer_id=scammer, amount_mad=fine)
                self._flows["convictions"] += 1
                self.releases.add(day + max(1, round(months * DAYS_PER_MONTH)), scammer)
            else:
                self.release(day, scammer)
        for scammer in self.releases.pop(day):
            self.release(day, scammer)

    def release(self, day: int, scammer: int) -> None:
        self._log.add("release", day, 1, scammer_id=scammer)
        self._flows["releases"] += 1
        back = self._rng.random() < self._relapse
        self._set_states(scammer, ACTIVE if back else DESISTED, day)
