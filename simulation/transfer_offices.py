"""Money-transfer offices: where every payment is cashed out, for a fee, and may be flagged.

Each office is a Mesa agent in a hub town with a compliance level (0-1, beta-distributed). A
receipt is flagged to the police with chance

    compliance * flag_prob_per_receipt * (1 or domestic_flag_factor)
               * (1 - exp(-receipts by this person at this office / repeat_receipts_scale))

so repeated receipts from abroad by the same person stand out. A flagged scammer moves to another
office (sometimes in another town) and other users of that office may follow: displacement.
Money is conserved to the dirham: fee = floor(amount * fee_rate), income = amount - fee.

Under monitoring (an intervention) an office's flag chance, fee and a monthly cap on receipts per
person change. Scammers leave a watched office with a daily hazard ``watch_avoidance_per_day *
(flag multiplier - 1)`` and, when they move, prefer unwatched offices (in another town if their
own has none); receipts over the cap go through other channels (informal couriers, relatives,
vouchers), which lose ``other_channel_cost`` of the amount to intermediaries and are never flagged.
"""

from __future__ import annotations

import mesa
import numpy as np

from .agent import Agent
from .scenario import Scenario


class TransferOffice(Agent):
    """One money-transfer office; its running totals are read from the model's office arrays."""

    def __init__(self, model: mesa.Model, office_id: int, town: int):
        super().__init__(model)
        self.office_id = office_id
        self.town_index = town

    @property
    def town(self) -> str:
        return self.model.town_names[self.town_index]

    @property
    def compliance(self) -> float:
        return float(self.model.offices.compliance[self.office_id])

    @property
    def receipts(self) -> int:
        return int(self.model.offices.receipts[self.office_id])

    @property
    def flags(self) -> int:
        return int(self.model.offices.flags[self.office_id])


class TransferOffices:
    """All offices as arrays, and the cash-out of payments through them."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator):
        p = scenario.transfer_offices
        self._p = p
        self._rng = rng
        per_town = [t.transfer_offices for t in scenario.towns.values()]
        self.town = np.repeat(np.arange(len(per_town)), per_town).astype(np.int32)
        n = self.town.size
        a = p.compliance_mean * p.compliance_concentration
        b = (1.0 - p.compliance_mean) * p.compliance_concentration
        self.compliance = rng.beta(a, b, n) if 0 < p.compliance_mean < 1 else np.full(n, p.compliance_mean)
        self.receipts = np.zeros(n, dtype=np.int64)
        self.amount_mad = np.zeros(n, dtype=np.int64)
        self.fees_mad = np.zeros(n, dtype=np.int64)
        self.flags = np.zeros(n, dtype=np.int64)
        self._by_town = [np.flatnonzero(self.town == t) for t in range(len(per_town))]
        self._town_first = np.concatenate(([0], np.cumsum(per_town)[:-1]))
        self._town_count = np.array(per_town)
        self.apply_policy(np.ones(n), np.zeros(n), np.full(n, np.inf))

    def apply_policy(self, flag_factor: np.ndarray, extra_fee_rate: np.ndarray, monthly_cap: np.ndarray) -> None:
        """Monitoring levels per office: flag multiplier, extra fee share, receipts per person per month."""
        p = self._p
        self.flag_chance = np.minimum(1.0, self.compliance * p.flag_prob_per_receipt * flag_factor)
        self.fee_rate = np.minimum(1.0, p.fee_rate + extra_fee_rate)
        self.monthly_cap = monthly_cap.copy()
        self.watch = flag_factor - 1.0
        self._candidates: dict[tuple[int, bool], tuple[np.ndarray, ...]] = {}
        self.watched = bool((self.watch > 0).any())
        self.capped = bool(np.isfinite(monthly_cap).any())

    @property
    def count(self) -> int:
        return self.town.size

    def choose(self, town: int, avoid: int = -1, other_town: bool = False) -> int:
        """A new office for a scammer of ``town``: unwatched ones first, in the town (or another)."""
        for unwatched in self._unwatched(town, other_town):
            candidates = unwatched[unwatched != avoid]
            if candidates.size:
                return int(candidates[self._rng.integers(candidates.size)])  # the draw of rng.choice
        return int(self._rng.integers(self.count))

    def _unwatched(self, town: int, other_town: bool) -> tuple[np.ndarray, ...]:
        """Unwatched offices where a scammer of ``town`` looks, in order: his town (or the others),
        the other towns, anywhere (kept until the monitoring changes)."""
        key = (town, other_town)
        if key not in self._candidates:
            local = self.town == town
            unwatched = self.watch <= 0
            self._candidates[key] = tuple(np.flatnonzero(where & unwatched) for where in
                                          (local if not other_town else ~local, ~local, np.ones(self.count, dtype=bool)))
        return self._candidates[key]

    def choose_many(self, towns: np.ndarray) -> np.ndarray:
        """An office of each scammer's town, drawn uniformly (anywhere if the town has none)."""
        u = self._rng.random(towns.size)
        count = self._town_count[towns]
        local = self._town_first[towns] + np.floor(u * count).astype(np.int64)
        return np.where(count > 0, local, np.floor(u * self.count).astype(np.int64)).astype(np.int32)

    def cash_out(self, offices: np.ndarray, amounts: np.ndarray, foreign: np.ndarray,
                 repeat_receipts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cash out payments; returns (fees in MAD, whether each receipt is flagged)."""
        fees = np.floor(amounts * self.fee_rate[offices]).astype(np.int64)
        n = self.count
        self.receipts += np.bincount(offices, minlength=n)
        self.amount_mad += np.bincount(offices, weights=amounts, minlength=n).astype(np.int64)
        self.fees_mad += np.bincount(offices, weights=fees, minlength=n).astype(np.int64)
        p = self._p
        chance = (self.flag_chance[offices] * np.where(foreign, 1.0, p.domestic_flag_factor)
                  * -np.expm1(-repeat_receipts / p.repeat_receipts_scale))
        flagged = self._rng.random(offices.size) < chance
        if flagged.any():
            self.flags += np.bincount(offices[flagged], minlength=n)
        return fees, flagged

    def other_channel_costs(self, amounts: np.ndarray) -> np.ndarray:
        """MAD lost to intermediaries when payments go through other channels."""
        return np.floor(amounts * self._p.other_channel_cost).astype(np.int64)

    def avoid_watched(self, pool, active: np.ndarray) -> int:
        """Scammers leave watched offices; returns how many moved."""
        at_watched = active[self.watch[pool.office[active]] > 0]
        if at_watched.size == 0:
            return 0
        hazard = self._p.watch_avoidance_per_day * self.watch[pool.office[at_watched]]
        leaving = at_watched[self._rng.random(at_watched.size) < -np.expm1(-hazard)]
        moved = 0
        for s in leaving.tolist():
            new = self.choose(int(pool.town[s]), avoid=int(pool.office[s]))
            if self.watch[new] < self.watch[pool.office[s]]:
                pool.office[s] = new
                pool.receipts_at_office[s] = 0
                moved += 1
        return moved

    def displace(self, pool, flagged_scammer: int, office: int) -> int:
        """After a flag: the flagged scammer (likely) and some other users of the office move away.

        Returns how many scammers moved.
        """
        p = self._p
        users = pool.active()
        users = users[(pool.office[users] == office) & (users != flagged_scammer)]
        movers = users[self._rng.random(users.size) < p.peer_switch_prob]
        if self._rng.random() < p.switch_prob_after_flag:
            movers = np.append(movers, flagged_scammer)
        for s in movers.tolist():
            other_town = bool(self._rng.random() < p.switch_town_prob)
            pool.office[s] = self.choose(int(pool.town[s]), avoid=office, other_town=other_town)
            pool.receipts_at_office[s] = 0
        return int(movers.size)
