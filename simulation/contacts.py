"""The daily contact process: active scammers reach out to strangers online.

Each active scammer with a working fake profile makes ``contact_rate_per_day * effort`` contacts a
day on average, spread over target markets by his modus operandi's targeting weights. A contact in market
m engages in a video chat with the market's engagement chance, and an engaged chat is recorded
with chance ``recording_prob * skill``. The contacts are independent, so the counts are drawn as
Poisson thinnings: the day's recordings are one Poisson total split over scammers in proportion to
their expected counts (the same law as one Poisson draw per scammer), then engaged chats and
contacts are topped up likewise; no Python object per contact. Only recorded people become
individual victims. The markets' chances per contact are refreshed weekly (see markets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._contacts import contact_day
from .markets import TargetMarkets
from .scammers import ScammerPool
from .scenario import Scenario


@dataclass
class Recordings:
    scammers: np.ndarray  # the scammer of each new victim
    markets: np.ndarray   # the victim's market


class ContactProcess:
    def __init__(self, scenario: Scenario, markets: TargetMarkets, rng: np.random.Generator):
        self._rate = scenario.scammers.contact_rate_per_day
        self._markets = markets
        self._rng = rng

    def step(self, day: int, pool: ScammerPool, active: np.ndarray, flows: dict) -> Recordings:
        """Today's recordings by the ``active`` scammers whose profile works (compiled: _contacts.pyx)."""
        m = self._markets
        scammers, markets, contacts, engaged = contact_day(
            self._rng, day, self._rate, active, pool.profile_ready_day, pool.mo, pool.effort, pool.skill,
            m.recording_by_mo, m.engagement_by_mo, m.recording_market_cdf)
        flows["contacts"] += contacts
        flows["engagements"] += engaged
        return Recordings(scammers=scammers, markets=markets)
