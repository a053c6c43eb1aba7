"""The published police figures of ``data/targets.csv`` that sit on the overview's charts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import pandas as pd

from analysis.targets import TARGETS_FILE


@dataclass(frozen=True)
class Published:
    """A published count of one output over (part of) one calendar year."""

    output: str
    year: int
    value: float
    first: date
    last: date
    source: str

    @property
    def whole_year(self) -> bool:
        return (self.first, self.last) == (date(self.year, 1, 1), date(self.year, 12, 31))


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(TARGETS_FILE, dtype=str, keep_default_na=False)


def published(output: str) -> list[Published]:
    """The fitted figures (``use`` = calibrate) named ``<output>_<year>`` or ``<output>_<year>_partial``."""
    points = []
    for row in _table().itertuples():
        match = re.fullmatch(rf"{re.escape(output)}_(\d{{4}})(_partial)?", row.key)
        if match and row.use == "calibrate":
            first, last = (date.fromisoformat(d) for d in row.period.split("/"))
            points.append(Published(output, int(match[1]), float(row.value), first, last, row.source))
    return sorted(points, key=lambda p: p.year)


def calibration_years(outputs: list[str]) -> tuple[int, int] | None:
    """First and last year of the published figures of these outputs (the window the fit used)."""
    years = [p.year for o in outputs for p in published(o)]
    return (min(years), max(years)) if years else None
