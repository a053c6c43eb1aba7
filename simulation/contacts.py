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
        ready = active[pool.profile_ready_day[active] <= day]
        mo = pool.mo[ready]
        rate = self._rate * pool.effort[ready]
        markets = self._markets
        per_mo = markets.recording_by_mo
        # Recordings: a Poisson total split over scammers in proportion to their expected counts
        # (the same law as one Poisson draw per scammer).
        cumulative = np.cumsum(rate * pool.skill[ready] * per_mo[mo])
        expected_recordings = cumulative[-1] if ready.size else 0.0
        recorded = self._rng.poisson(expected_recordings)
        who = np.searchsorted(cumulative, self._rng.random(recorded) * expected_recordings, side="right")
        scammers = ready[who]
        expected_engaged = (np.bincount(mo, weights=rate, minlength=per_mo.size) * markets.engagement_by_mo).sum()
        engaged = recorded + self._rng.poisson(max(expected_engaged - expected_recordings, 0.0))
        contacts = engaged + self._rng.poisson(max(rate.sum() - expected_engaged, 0.0))
        flows["contacts"] += contacts
        flows["engagements"] += engaged

        cdf = markets.recording_market_cdf
        u = self._rng.random(recorded)
        market = (u[:, None] > cdf[pool.mo[scammers]]).sum(axis=1)
        market = np.minimum(market, cdf.shape[1] - 1).astype(np.int8)
        return Recordings(scammers=scammers.astype(np.int32), markets=market)
