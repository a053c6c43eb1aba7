"""Platforms and helplines: removal of fake profiles and takedown of threatened videos.

Each day a platform detects and removes an active scammer's fake profile with chance
``profile_detection_per_day``; the scammer makes no contacts that day nor for the next
``profile_rebuild_days`` days.
A victim who asks a helpline for help gets the video taken down with chance ``takedown_prob``
after a delay of mean ``takedown_delay_mean_days`` days; a takedown ends the case.
"""

from __future__ import annotations

import numpy as np

from .scenario import Scenario
from .streams import geometric_delay

NEVER = np.iinfo(np.int32).max


class Platforms:
    def __init__(self, scenario: Scenario, rng: np.random.Generator):
        self._p = scenario.platforms
        self._rng = rng

    def remove_profiles(self, active: np.ndarray) -> np.ndarray:
        """Active scammers whose fake profile is removed today."""
        return active[self._rng.random(active.size) < self._p.profile_detection_per_day]

    @property
    def rebuild_days(self) -> int:
        return self._p.profile_rebuild_days

    def takedown_days(self, day: int, count: int) -> np.ndarray:
        """Day of the takedown for each of ``count`` requests, or NEVER where it fails."""
        ok = self._rng.random(count) < self._p.takedown_prob
        delay = geometric_delay(self._rng, self._p.takedown_delay_mean_days, count)
        return np.where(ok, day + delay, NEVER).astype(np.int32)
