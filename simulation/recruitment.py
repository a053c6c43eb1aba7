"""Recruitment: the know-how of webcam blackmail spreads over the youth network.

A young person with ties to active scammers takes it up with a daily chance

    1 - exp(-h),  h = tie_hazard_per_day * (1 + poverty_weight * poverty[town]) * active ties
                      * (1 + earnings_weight * peers' recent earnings / 10,000 MAD)
                      * exp(-arrest_deterrence * peers' recent arrests) * openness

times the town's prevention factor (interventions), where openness is 1 for people who never scammed and
would take it up (a share ``open_share`` of the network, drawn at the start; 0 for the others, who never
do), ``return_weight`` for former scammers who are free, and 0 for active scammers and anyone in custody
or prison. Peers' earnings and arrests are what the person's ties earned or suffered, fading with
``signal_half_life_days``; they enter the chance as of the start of each week (they change slowly,
and a weekly refresh keeps the daily step cheap). A few people also learn it from outside the network
(``recruits_from_outside_per_year`` per town, times the town's prevention factor: media, migration).
"""

from __future__ import annotations

import numpy as np

from .decay import Decaying
from .network import YouthNetwork
from .scenario import Scenario
from .streams import pick_weighted

EARNINGS_UNIT_MAD = 10_000.0


class Recruitment:
    def __init__(self, scenario: Scenario, network: YouthNetwork, rng: np.random.Generator):
        p = scenario.recruitment
        towns = list(scenario.towns.values())
        self._net = network
        self._rng = rng
        self._p = p
        poverty = np.array([t.poverty for t in towns])
        self._town_base = p.tie_hazard_per_day * (1.0 + p.poverty_weight * poverty)
        self._base = self._town_base[network.town]
        self._outside_base = np.array([t.recruits_from_outside_per_year for t in towns]) / 365.0
        self._outside_per_day = self._outside_base
        self._town_nodes = [network.nodes_of_town(i) for i in range(len(towns))]
        self.active_ties = np.zeros(network.size)  # ties to active scammers (a count, kept as float)
        self.openness = (rng.random(network.size) < p.open_share).astype(float)  # 0 while a scammer
        self.earnings_seen = Decaying(network.size, p.signal_half_life_days)  # 10,000 MAD units
        self.arrests_seen = Decaying(network.size, p.signal_half_life_days)   # arrests
        self._weight = self._base.copy()  # hazard per active tie, refreshed weekly
        self._open_weight = self._weight * self.openness
        self._weight_until = 0

    def became_active(self, nodes: np.ndarray) -> None:
        np.add.at(self.active_ties, self._net.neighbours(nodes), 1)
        self._set_openness(nodes, 0.0)

    def stopped_being_active(self, nodes: np.ndarray) -> None:
        """Scammers arrested or giving up: their ties no longer see them at work."""
        np.subtract.at(self.active_ties, self._net.neighbours(nodes), 1)

    def held(self, nodes: np.ndarray) -> None:
        """Scammers in custody or prison cannot be recruited."""
        self._set_openness(nodes, 0.0)

    def retired(self, nodes: np.ndarray) -> None:
        """Former scammers, free and inactive, who may take it up again."""
        self._set_openness(nodes, self._p.return_weight)

    def _set_openness(self, nodes: np.ndarray, value: float) -> None:
        self.openness[nodes] = value
        self._open_weight[nodes] = self._weight[nodes] * value

    def peers_earned(self, nodes: np.ndarray, amounts_mad: np.ndarray, day: int) -> None:
        ties = self._net.neighbours(nodes)
        per_tie = np.repeat(amounts_mad / EARNINGS_UNIT_MAD, self._net.degree[nodes])
        self.earnings_seen.add(ties, per_tie, day)

    def peer_arrested(self, node: int, day: int) -> np.ndarray:
        """Record an arrest among the ties of ``node``; returns those ties."""
        ties = self._net.neighbours(node)
        self.arrests_seen.add(ties, 1.0, day)
        return ties

    def new_recruits(self, day: int) -> np.ndarray:
        """People who take up scamming today (network nodes, no repeats).

        Drawn as a Poisson process: the day's number of adoption events is Poisson with the summed
        hazard and each event falls on a person in proportion to their hazard, so a person is
        recruited with chance exactly 1 - exp(-h) (the same law as one draw per person, cheaper).
        """
        if day >= self._weight_until:
            self._refresh_weights(day)
        hazard = self._open_weight * self.active_ties  # not a BLAS dot: BLAS threads stall on a busy machine
        events = self._rng.poisson(hazard.sum())
        chosen = pick_weighted(self._rng, hazard, events)
        outside = self._rng.poisson(self._outside_per_day)
        if outside.any():
            picks = np.concatenate([self._rng.choice(self._town_nodes[t], k) for t, k in enumerate(outside) if k])
            chosen = np.concatenate([chosen, picks[self._rng.random(picks.size) < self.openness[picks]]])
        return np.unique(chosen)

    def apply_policy(self, recruitment_factor: np.ndarray, day: int) -> None:
        """Prevention programmes scale each town's hazard by ``recruitment_factor``, from ``day``."""
        self._base = (self._town_base * recruitment_factor)[self._net.town]
        self._outside_per_day = self._outside_base * recruitment_factor
        self._refresh_weights(day)

    def _refresh_weights(self, day: int) -> None:
        p, every = self._p, slice(None)
        self._weight = (self._base * (1.0 + p.earnings_weight * self.earnings_seen.values(every, day))
                        * np.exp(-p.arrest_deterrence * self.arrests_seen.values(every, day)))
        self._open_weight = self._weight * self.openness
        self._weight_until = day + 7

    def rebase(self, day: int) -> None:
        self.earnings_seen.rebase(day)
        self.arrests_seen.rebase(day)
