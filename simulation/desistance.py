"""Desistance: active scammers give up, more often when they feel at risk, less when it pays.

Daily chance for an active scammer:

    1 - exp(-h),  h = (desistance_per_day + risk_desistance_weight * perceived risk)
                      * exp(-earnings_retention_weight * recent income / 10,000 MAD) * town factor

Perceived risk rises by ``risk_per_network_arrest`` with each arrest among his ties and fades
with ``risk_half_life_days``; recent income fades with ``income_half_life_days``.
"""

from __future__ import annotations

import numpy as np

from .recruitment import EARNINGS_UNIT_MAD
from .scammers import ScammerPool
from .scenario import Scenario


class Desistance:
    def __init__(self, scenario: Scenario, rng: np.random.Generator):
        self._p = scenario.scammers
        self._rng = rng
        self.apply_policy(desistance_factor=np.ones(len(scenario.towns)))

    def apply_policy(self, desistance_factor: np.ndarray) -> None:
        """Youth-employment programmes multiply desistance in their towns."""
        self.town_factor = desistance_factor.copy()
        self._neutral = bool(np.all(desistance_factor == 1.0))

    def quitting(self, day: int, pool: ScammerPool, active: np.ndarray) -> np.ndarray:
        """Active scammers who give up today."""
        p = self._p
        hazard = ((p.desistance_per_day + p.risk_desistance_weight * pool.risk.values(active, day))
                  * np.exp(-p.earnings_retention_weight * pool.recent_income.values(active, day) / EARNINGS_UNIT_MAD))
        if not self._neutral:
            hazard = hazard * self.town_factor[pool.town[active]]
        return active[self._rng.random(active.size) < -np.expm1(-hazard)]
