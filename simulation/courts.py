"""Courts and prison under Moroccan penal code art. 447-1.

An arrested scammer is held in custody for a mean of ``custody_mean_days``, then tried: convicted
with ``conviction_prob`` to a prison term drawn uniformly between ``sentence_min_months`` and
``sentence_max_months`` (art. 447-1: 6 to 36 months) and a fine between ``fine_min_mad`` and
``fine_max_mad`` (2,000 to 20,000 MAD); otherwise released. On release he goes back to scamming
with ``relapse_prob`` (from the scammers' parameters) or desists.
"""

from __future__ import annotations

import mesa
import numpy as np

from .agenda import Agenda
from .scammers import ACTIVE, DESISTED, IN_PRISON
from .streams import geometric_delay

DAYS_PER_MONTH = 365.25 / 12


class Courts:
    def __init__(self, model: mesa.Model, rng: np.random.Generator):
        self._p = model.scenario.courts
        self._relapse = model.scenario.scammers.relapse_prob
        self._model = model
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
        p, rng, model = self._p, self._rng, self._model
        for scammer in self.trials.pop(day):
            if rng.random() < p.conviction_prob:
                months = rng.uniform(p.sentence_min_months, p.sentence_max_months) * self.sentence_factor
                fine = int(rng.integers(p.fine_min_mad, p.fine_max_mad + 1))
                model.set_scammer_states(scammer, IN_PRISON, day)
                model.log.add("conviction", day, 1, scammer_id=scammer, amount_mad=fine)
                model.flows["convictions"] += 1
                self.releases.add(day + max(1, round(months * DAYS_PER_MONTH)), scammer)
            else:
                self.release(day, scammer)
        for scammer in self.releases.pop(day):
            self.release(day, scammer)

    def release(self, day: int, scammer: int) -> None:
        model = self._model
        model.log.add("release", day, 1, scammer_id=scammer)
        model.flows["releases"] += 1
        back = self._rng.random() < self._relapse
        model.set_scammer_states(scammer, ACTIVE if back else DESISTED, day)
