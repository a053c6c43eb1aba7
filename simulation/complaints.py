"""Complaints: how victims' reports reach the Moroccan police, by channel.

A Moroccan victim who reports files a national complaint, registered after a mean of
``channel_delay_mean_days.national`` days. A foreign victim reports to the police of their own
country; the report reaches Morocco only with chance ``foreign_forward_prob`` (drop-off), by a
channel drawn from ``foreign_channel_weights`` (complaint lodged in Morocco, Ministry of Foreign
Affairs, Interpol, international letters rogatory), after that channel's mean delay. On its day of
registration a complaint is a recorded case and a lead on the scammer: for the unit of the
scammer's town if lodged in Morocco, for the national unit if referred from abroad.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .agenda import Agenda
from .events import EventLog
from .police import Police
from .scammers import ScammerPool
from .scenario import CHANNELS, MODI_OPERANDI, Scenario
from .streams import geometric_delay

NATIONAL = CHANNELS.index("national")


@dataclass(frozen=True)
class Complaint:
    victim_id: int
    scammer: int
    market: int
    channel: int
    paid: bool   # the victim paid (through an office or another channel): the payment is evidence


class Complaints:
    def __init__(self, scenario: Scenario, police: Police, pool: ScammerPool, domestic_market: int, log: EventLog,
                 flows: dict, rng: np.random.Generator):
        """Complaints are leads for ``police`` on scammers of ``pool``; ``flows`` is the model's dict
        of today's flows."""
        r = scenario.referrals
        self._police, self._pool, self._domestic = police, pool, domestic_market
        self._log, self._flows = log, flows
        self._referrals = r
        self._forward_shift = 1.0  # after 2019 (shift.py)
        self.apply_policy(forward_factor=1.0, delay_factor=1.0)
        self._channel_cdf = np.cumsum([r.foreign_channel_weights[c] for c in CHANNELS])
        self._rng = rng
        self.agenda = Agenda()

    def apply_policy(self, forward_factor: float, delay_factor: float) -> None:
        r = self._referrals
        self._forward_factor = forward_factor
        self._set_forward()
        self._delays = [max(1.0, r.channel_delay_mean_days[c] * (1.0 if c == "national" else delay_factor))
                        for c in CHANNELS]

    def shift(self, forward_factor: float) -> None:
        """The change after 2019 in the chance that a foreign report is forwarded (shift.py)."""
        self._forward_shift = forward_factor
        self._set_forward()

    def _set_forward(self) -> None:
        """The forwarding chance: the scenario's, times the cooperation lever's factor and the shift's."""
        self._forward = min(1.0, self._referrals.foreign_forward_prob * self._forward_factor * self._forward_shift)

    def file(self, day: int, responses) -> None:
        """Reports made today; those that will reach the Moroccan police are put on the agenda."""
        markets = responses.reporter_markets
        if markets.size == 0:
            return
        rng = self._rng
        domestic = markets == self._domestic
        reaches = domestic | (rng.random(markets.size) < self._forward)
        drawn = np.searchsorted(self._channel_cdf, rng.random(markets.size) * self._channel_cdf[-1], side="right")
        channels = np.where(domestic, NATIONAL, np.minimum(drawn, len(CHANNELS) - 1))
        for i in np.flatnonzero(reaches).tolist():
            channel = int(channels[i])
            delay = int(geometric_delay(rng, self._delays[channel], 1)[0])
            self.agenda.add(day + delay, Complaint(int(responses.reporter_ids[i]), int(responses.reporter_scammers[i]),
                                                   int(markets[i]), channel, bool(responses.reporter_paid[i])))

    def register_due(self, day: int) -> None:
        """Register the complaints that reach the police today."""
        flows, police, pool = self._flows, self._police, self._pool
        for c in self.agenda.pop(day):
            flows["cases_recorded"] += 1
            flows[f"cases_{CHANNELS[c.channel]}"] += 1
            flows[f"cases_mo_{MODI_OPERANDI[pool.mo[c.scammer]]}"] += 1
            flows["victims_moroccan" if c.market == self._domestic else "victims_foreign"] += 1
            self._log.add("complaint", day, 1, victim_id=c.victim_id, scammer_id=c.scammer, channel=c.channel)
            if c.channel == NATIONAL:
                unit = police.unit_for_town(int(pool.town[c.scammer]))
            else:
                unit = police.national_unit
            police.lead(day, c.scammer, police.complaint_evidence(c.paid), unit)
