"""What changed after 2019: the break in the police series between 2019 and 2021, as three shifts.

Published by the DGSN (``data/targets.csv``): arrests per recorded case were about 0.86 in 2019
(330 arrests for 384 cases, 1 January to 20 November) and 0.54 in 2021 (270 for 498); foreign
victims were a third of the victims in recorded cases in 2019 (126 of 375) and a fifth in 2021
(95 of 508), while Moroccan victims rose from 249 (to 20 November 2019) to 413. Three changes carry
this (docs/ODD.md 7.16 weighs the evidence for each):

* the wider cyber caseload (5,275 online extortion and fraud cases in 2021) takes a share
  ``capacity_loss`` of the police units' capacity;
* Moroccan victims' chance to report is times ``1 + domestic_report_gain``;
* the chance that a foreign victim's report reaches the Moroccan police is times ``1 - forward_loss``.

Each is phased in by calendar year, a share ``(y - from_year + 1) / (to_year - from_year + 1)`` of
it in year y, and held from ``to_year`` on [assumption: the timing (2020, the pandemic years) and
holding the 2021 level after it, as no later figure of the series is published; the three sizes
are fitted to the 2021 figures].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scenario import Scenario


@dataclass(frozen=True)
class Shift:
    """Factors on the scenario's values, on one day."""

    capacity: float          # on every police unit's capacity
    domestic_report: float   # on Moroccan victims' chance to report
    forward: float           # on the chance a foreign victim's report is forwarded to Morocco


class Shifts:
    def __init__(self, scenario: Scenario):
        p, run = scenario.shift, scenario.run
        days = np.arange(np.datetime64(run.start, "D"), np.datetime64(run.end, "D") + 1)
        years = days.astype("datetime64[Y]").astype(np.int64) + 1970
        self._p = p
        #: share of the change reached, by day of the run
        self.share = np.clip((years - p.from_year + 1) / (p.to_year - p.from_year + 1), 0.0, 1.0)
        #: days on which the share moves (day 0 if the run starts after the change began)
        self.moves = np.diff(self.share, prepend=0.0) != 0

    def on(self, day: int) -> Shift:
        share, p = float(self.share[day]), self._p
        return Shift(capacity=1.0 - p.capacity_loss * share, domestic_report=1.0 + p.domestic_report_gain * share,
                     forward=1.0 - p.forward_loss * share)
