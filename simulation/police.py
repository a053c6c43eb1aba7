"""Police: a national cybercrime unit and regional units with limited capacity.

Complaints and transfer-office flags are leads on a scammer; each adds evidence
(``evidence_per_complaint``, ``evidence_per_paid_transfer``, ``evidence_per_flag``). A scammer
with new evidence and no investigation queued or running joins the queue of the unit in charge (foreign referrals: the national unit;
national complaints: the unit of the scammer's town; flags: the unit of the office's town). Each day each unit starts
investigations from its queue, first come first served, while fewer than ``capacity`` run. An
investigation lasts a mean of ``investigation_mean_days`` and ends in an arrest with chance
``1 - exp(-success_per_evidence * evidence)``; otherwise the lead goes cold until new evidence
comes in, so an arrest can come years after the first complaint.

A unit's capacity is the scenario's, times the police-capacity lever's factor and the share left
by the wider cyber caseload after 2019 (see shift.py).

An arrest uses up the evidence gathered (a lead still queued for him is dropped when reached, as is
any lead on someone already held), ends the scammer's open cases, sends him to custody and trial
(see courts), raises the perceived risk of his network contacts, and each of his active contacts is arrested with him with
chance ``accomplice_arrest_prob`` (co-offenders found in the same investigation).
"""

from __future__ import annotations

from collections import deque
from enum import IntEnum
from typing import Callable

import mesa
import numpy as np

from .agent import Agent
from .agenda import Agenda
from .events import EventLog
from .scammers import ACTIVE, IN_CUSTODY, IN_PRISON, Careers
from .scenario import Scenario
from .streams import geometric_delay


class LeadStatus(IntEnum):
    NONE = 0
    QUEUED = 1
    INVESTIGATING = 2
    COLD = 3


NO_LEAD, QUEUED, INVESTIGATING, COLD = (int(s) for s in LeadStatus)


class PoliceUnit(Agent):
    """A police unit with a queue of leads and a limited number of concurrent investigations."""

    def __init__(self, model: mesa.Model, name: str, capacity: int):
        super().__init__(model)
        self.name = name
        self.scenario_capacity = capacity
        self.capacity = capacity  # raised by reinforcement (interventions)
        self.queue: deque[int] = deque()
        self.investigating = 0
        self.investigations_started = 0


class Police:
    def __init__(self, scenario: Scenario, units: dict[str, PoliceUnit], careers: Careers,
                 stop_cases: Callable[[int, int], None], remand: Callable[[int, int], None],
                 peer_arrested: Callable[[int, int], np.ndarray], log: EventLog, flows: dict,
                 rng: np.random.Generator):
        """``units`` by name (one per ``police.units`` of the scenario); ``careers`` holds the
        scammers and moves them between states; ``stop_cases(scammers, day)`` ends an arrested
        scammer's open cases; ``remand(day, scammer)`` sends him to trial; ``peer_arrested(node, day)``
        tells his network ties and returns them; ``flows`` is the model's dict of today's flows."""
        self._p = scenario.police
        self._risk_per_arrest_base = scenario.scammers.risk_per_network_arrest
        self._careers, self._pool = careers, careers.pool
        self._stop_cases, self._remand, self._peer_arrested = stop_cases, remand, peer_arrested
        self._log, self._flows = log, flows
        self._rng = rng
        self.units = units
        self._unit_of_town = [self.units[t.police_unit] for t in scenario.towns.values()]
        capacity = careers.node_scammer.size  # at most one scammer per person of the youth network
        self.evidence = np.zeros(capacity)
        self.status = np.zeros(capacity, dtype=np.int8)
        self.first_lead_day = np.full(capacity, -1, dtype=np.int32)
        self.agenda = Agenda()   # (scammer, unit) whose investigation ends on the day
        self._caseload = 1.0     # share of the capacity left by the wider cyber caseload (shift.py)
        self.apply_policy(np.ones(len(self.units)), 1.0, 1.0, 1.0)

    def apply_policy(self, capacity_factor: np.ndarray, time_factor: float, success_factor: float,
                     deterrence_factor: float) -> None:
        self._capacity_factor = capacity_factor
        self._set_capacities()
        self._investigation_days = max(1.0, self._p.investigation_mean_days * time_factor)
        self._success_rate = self._p.success_per_evidence * success_factor
        self._risk_per_arrest = self._risk_per_arrest_base * deterrence_factor

    def shift(self, capacity_factor: float) -> None:
        """The share of the units' capacity left by the wider cyber caseload (shift.py)."""
        self._caseload = capacity_factor
        self._set_capacities()

    def _set_capacities(self) -> None:
        """Each unit's capacity: the scenario's, times the levers' factor and the caseload's share."""
        for unit, factor in zip(self.units.values(), self._capacity_factor):
            unit.capacity = int(round(unit.scenario_capacity * factor * self._caseload))

    def queued(self) -> int:
        return sum(len(u.queue) for u in self.units.values())

    def unit_for_town(self, town: int) -> PoliceUnit:
        return self._unit_of_town[town]

    @property
    def national_unit(self) -> PoliceUnit:
        return self.units["national"]

    def lead(self, day: int, scammer: int, evidence: float, unit: PoliceUnit) -> None:
        """New evidence on a scammer; queue him if no investigation is under way."""
        self.evidence[scammer] += evidence
        if self.first_lead_day[scammer] < 0:
            self.first_lead_day[scammer] = day
        if self.status[scammer] in (NO_LEAD, COLD):
            self.status[scammer] = QUEUED
            unit.queue.append(scammer)

    def complaint_evidence(self, paid: bool) -> float:
        return self._p.evidence_per_complaint + (self._p.evidence_per_paid_transfer if paid else 0.0)

    @property
    def flag_evidence(self) -> float:
        return self._p.evidence_per_flag

    def begin(self, day: int, scammer: int, unit: PoliceUnit) -> None:
        self.status[scammer] = INVESTIGATING
        end = day + int(geometric_delay(self._rng, self._investigation_days, 1)[0])
        self.agenda.add(end, (scammer, unit))
        self._log.add("investigation_start", day, 1, scammer_id=scammer)
        self._flows["investigations_started"] += 1

    def step(self, day: int) -> None:
        """Conclude investigations ending today, then let each unit start new ones."""
        for scammer, unit in self.agenda.pop(day):
            unit.investigating -= 1
            self.status[scammer] = COLD
            caught = self._pool.state[scammer] in (IN_CUSTODY, IN_PRISON)
            success = self._rng.random() < -np.expm1(-self._success_rate * self.evidence[scammer])
            if success and not caught:
                self.arrest(day, scammer, with_accomplices=True)
        for unit in self.units.values():
            self._start_investigations(unit, day)

    def _start_investigations(self, unit: PoliceUnit, day: int) -> None:
        """The unit starts investigations from its queue, first come first served, up to its capacity."""
        pool = self._pool
        while unit.queue and unit.investigating < unit.capacity:
            scammer = unit.queue.popleft()
            if self.evidence[scammer] <= 0 or pool.state[scammer] in (IN_CUSTODY, IN_PRISON):
                self.status[scammer] = COLD  # held, or his evidence was used by an arrest: nothing to investigate
                continue
            self.begin(day, scammer, unit)
            unit.investigating += 1
            unit.investigations_started += 1

    def arrest(self, day: int, scammer: int, with_accomplices: bool) -> None:
        pool = self._pool
        if self.first_lead_day[scammer] < 0:
            self.first_lead_day[scammer] = day  # found in a co-offender's investigation
        self._careers.set_states(scammer, IN_CUSTODY, day)
        pool.arrests[scammer] += 1
        self._log.add("arrest", day, 1, scammer_id=scammer, first_complaint_day=self.first_lead_day[scammer])
        self._flows["arrests"] += 1
        self.evidence[scammer] = 0.0  # what was known has been used; a queued lead is then dropped
        if self.status[scammer] == NO_LEAD:
            self.status[scammer] = COLD
        self._stop_cases(scammer, day)
        self._remand(day, scammer)
        ties = self._peer_arrested(int(pool.node[scammer]), day)
        peers = self._careers.node_scammer[ties]
        peers = peers[peers >= 0]
        pool.risk.add(peers, self._risk_per_arrest, day)
        if with_accomplices:
            active = peers[pool.state[peers] == ACTIVE]
            for accomplice in active[self._rng.random(active.size) < self._p.accomplice_arrest_prob].tolist():
                self.arrest(day, accomplice, with_accomplices=False)

