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
        self.apply_policy(takedown_gain=0.0, takedown_delay_factor=1.0, profile_detection_factor=1.0)

    def apply_policy(self, takedown_gain: float, takedown_delay_factor: float, profile_detection_factor: float) -> None:
        p = self._p
        self.takedown_prob = p.takedown_prob + (1.0 - p.takedown_prob) * takedown_gain
        self.takedown_delay = max(1.0, p.takedown_delay_mean_days * takedown_delay_factor)
        self.profile_detection = min(1.0, p.profile_detection_per_day * profile_detection_factor)

    def remove_profiles(self, active: np.ndarray) -> np.ndarray:
        """Active scammers whose fake profile is removed today."""
        return active[self._rng.random(active.size) < self.profile_detection]

    @property
    def rebuild_days(self) -> int:
        return self._p.profile_rebuild_days

    def takedown_days(self, day: int, count: int) -> np.ndarray:
        """Day of the takedown for each of ``count`` requests, or NEVER where it fails."""
        ok = self._rng.random(count) < self.takedown_prob
        delay = geometric_delay(self._rng, self.takedown_delay, count)
        return np.where(ok, day + delay, NEVER).astype(np.int32)
