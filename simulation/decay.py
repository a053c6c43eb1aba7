"""Quantities that fade with a half-life (perceived risk, recent income, peers' signals).

Values are stored on a common scale that grows with time, so adding to a few entries costs
O(entries) and a day passing costs nothing; the scale is folded back into the values once a year
to keep the numbers small.
"""

from __future__ import annotations

import math

import numpy as np


class Decaying:
    def __init__(self, size: int, half_life_days: float):
        self._raw = np.zeros(size)
        self._rate = math.log(2.0) / half_life_days
        self._origin = 0

    def add(self, index, amount, day: int) -> None:
        """Add ``amount`` (scalar or array) at ``index`` on ``day``; repeated indices accumulate."""
        np.add.at(self._raw, index, np.multiply(amount, math.exp(self._rate * (day - self._origin))))

    def values(self, index, day: int) -> np.ndarray:
        """The values at ``index`` as of ``day``."""
        return self._raw[index] * math.exp(-self._rate * (day - self._origin))

    def rebase(self, day: int) -> None:
        """Fold the scale into the stored values (call at most every few hundred days)."""
        if day - self._origin >= 365:
            self._raw *= math.exp(-self._rate * (day - self._origin))
            self._origin = day
