"""The webcam-blackmail economy of central Morocco as a Mesa model, one step per day."""

from __future__ import annotations

import copy
from pathlib import Path

import mesa
import numpy as np

from .complaints import Complaints
from .contacts import ContactProcess
from .courts import Courts
from .desistance import Desistance
from .events import EventLog
from .interventions import REGISTRY
from .markets import TargetMarkets
from .network import YouthNetwork
from .payments import Payments
from .platforms import Platforms
from .police import Police, PoliceUnit
from .policy import Policy
from . import registry
from .recruitment import Recruitment
from .results import Results
from .scammers import ACTIVE, DESISTED, IN_CUSTODY, IN_PRISON, Careers, Scammer, ScammerPool
from .scenario import SCENARIOS_DIR, Scenario, load_scenario
from .shift import Shifts
from .streams import Streams, master_seed
from .transfer_offices import TransferOffice, TransferOffices
from .victims import Cases

BASELINE = SCENARIOS_DIR / "baseline.toml"


class ExtortionModel(mesa.Model):
    """Scammers, victims, money-transfer offices and police, day by day on real dates.

    ``ExtortionModel(scenario=load_scenario("scenarios/baseline.toml"), seed=1)``; the scenario
    may also be a path, or omitted for the baseline. ``events`` says where the event log goes:
    ``"memory"`` (default), ``"none"``, or a Parquet file it is streamed to (see events.py). Any
    scenario value can be overridden by keyword, with ``__`` between the levels:
    ``ExtortionModel(police__units__national__capacity=60)``. :meth:`branch` continues a run under
    another scenario that has not differed from it yet (paired comparisons).

    The daily step, in this order (the only place where the order is stated):

    0. **Interventions** in force set today's policy levels (awareness, takedowns, monitoring,
       police capacity, referrals, detection, prevention, sentencing); subsystems whose levels
       changed take them up. On the first day of a year in which the change after 2019 moves
       (``shift``), police capacity, Moroccan victims' reporting and the forwarding of foreign
       reports take it up. On the first day of a month, monthly receipt counts restart.
    1. **Complaints** due today are registered by the police (recorded cases, by channel) and
       become leads on the scammer.
    2. **Courts**: trials due today (prison or release), then prison releases due today; a
       released scammer goes back to it or desists.
    3. **Police**: investigations ending today conclude (arrest, co-offenders, custody); then each
       unit starts new investigations from its queue, up to its capacity.
    4. **Recruitment**: the know-how spreads over the youth network; new scammers start.
    5. **Desistance**: active scammers may give up (their open cases end).
    6. **Platforms** remove some fake profiles (those scammers make no contacts for a few days).
    7. **Contacts**: active scammers contact strangers; recorded video chats make new victims,
       threatened the same day.
    8. **Cases**: takedowns due today; scammers' follow-ups (new demands after a payment; renewed
       threats, publication or giving up after a refusal); victims' responses (help request,
       report, pay or refuse).
    9. **Payments** (``payments``): scammers leave watched offices; then payments are cashed out at
       the scammer's transfer office (fee, income), or through another channel when the office's
       monthly cap is reached; offices may flag receipts, which gives the police a lead and makes
       scammers move to other offices.
    10. **Reports** made today start their way to the Moroccan police (with channel delays).
    11. **Results**: the day's flows and end-of-day stocks are recorded.
    12. **Housekeeping**: on every 365th day the fading signals (perceived risk, recent income,
        peers' earnings and arrests) are rebased, which changes no value; after the last day the
        levers close; after every 7th day the target markets' reachable pools renew
        (``markets.week_passed``) and the contact chances of the next week follow.
    """

    def __init__(self, scenario: Scenario | str | Path | None = None, seed: int = 1, events: str | Path = "memory",
                 **kwargs):
        # events: where the event log goes, "memory", "none" or a Parquet file's path (see events.py)
        # kwargs: scenario overrides (named ``kwargs`` because SolaraViz 3.3 accepts no other name)
        if scenario is None or isinstance(scenario, (str, Path)):
            scenario = load_scenario(scenario or BASELINE)
        if kwargs:
            scenario = scenario.with_overrides(kwargs)
        self.overrides = {k.replace("__", "."): v for k, v in kwargs.items()}
        seed = master_seed(seed)
        super().__init__(seed=seed)
        self.scenario = scenario
        self.seed = seed
        self.start = scenario.run.start
        self.days = (scenario.run.end - scenario.run.start).days + 1
        self.day = 0  # index of the next day to simulate
        self.town_names = list(scenario.towns)
        streams = Streams(seed)

        self.log = EventLog(self.start, events)
        self.results = Results(self.start, self.days, self.town_names, list(scenario.markets))
        self._no_flows = dict.fromkeys(self.results.flow_names, 0)
        self.flows = dict(self._no_flows)  # today's flows, emptied (in place) once recorded
        self._by_town = registry.names("active_scammers_{town}", scenario.markets, self.town_names)
        self._cashing_out = registry.names("cashing_out_{town}", scenario.markets, self.town_names)
        self.network = YouthNetwork(scenario, streams.network, streams.networkx_seed)
        self.scammers = ScammerPool(scenario, self.network.size)
        self.recruitment = Recruitment(scenario, self.network, streams.recruitment)
        self.desistance = Desistance(scenario, streams.desistance)
        self.markets = TargetMarkets(scenario)
        self.platforms = Platforms(scenario, streams.platforms)
        self.contacts = ContactProcess(scenario, self.markets, streams.contacts)
        self.cases = Cases(scenario, self.markets, self.platforms, streams.victims, self.log, self.network.size)
        self.offices = TransferOffices(scenario, streams.transfer_offices)
        for office_id, town in enumerate(self.offices.town.tolist()):
            TransferOffice(self, office_id, town)
        self.careers = Careers(scenario, self.scammers, self.network, self.recruitment, self.offices.choose_many,
                               streams.scammers, self.flows)
        units = {name: PoliceUnit(self, name, unit.capacity) for name, unit in scenario.police.units.items()}
        self.courts = Courts(scenario, self.careers.set_states, self.log, self.flows, streams.courts)
        self.police = Police(scenario, units, self.careers, self.cases.stop_scammers, self.courts.remand,
                             self.recruitment.peer_arrested, self.log, self.flows, streams.police)
        self.complaints = Complaints(scenario, self.police, self.scammers, self.markets.domestic, self.log, self.flows,
                                     streams.complaints)
        self.payments = Payments(self.offices, self.scammers, self.police, self.recruitment.peers_earned, self.log,
                                 self.flows, self.markets.domestic, self.markets.names, self.town_names)
        self.policy = Policy(len(self.markets.names), len(self.town_names), self.offices.count, len(self.police.units))
        self.interventions = self._levers(scenario)
        self.shifts = Shifts(scenario)
        self._policy_applied = {name: Policy.signature(levels) for name, levels in self.policy.by_subsystem().items()}
        self._levels = (0.0,) * len(self.interventions)  # the levers' levels the policy was last built from
        self._ended_before = (0, 0)
        dates = np.datetime64(self.start, "D") + np.arange(self.days)
        self._month_starts = dates.astype("datetime64[M]") != (dates - 1).astype("datetime64[M]")
        self._recruit(self.careers.first_scammers(), 0)

    def target_indices(self, kind: str, names: list[str]) -> np.ndarray:
        """Indices of the named markets, towns or police units, or the transfer offices of the named
        towns (``kind="offices"``); all of them when no name is given."""
        if kind == "offices":
            return np.flatnonzero(np.isin(self.offices.town, self.target_indices("towns", names)))
        known = {"markets": self.markets.names, "towns": self.town_names, "units": list(self.police.units)}[kind]
        return np.array([known.index(n) for n in names] if names else range(len(known)), dtype=int)

    @property
    def date(self):
        """The date of the next day to simulate."""
        return np.datetime64(self.start, "D") + np.timedelta64(self.day, "D")

    def _recruit(self, nodes: np.ndarray, day: int) -> None:
        """People of the youth network take up scamming; each new scammer is also an agent."""
        for scammer in self.careers.recruit(nodes, day).tolist():
            Scammer(self, scammer)

    def step(self) -> None:
        """Simulate one day, in the order stated (numbered) in the class docstring."""
        if self.day >= self.days:
            self.running = False
            return
        day, pool, flows = self.day, self.scammers, self.flows
        if self.interventions:  # 0
            self._apply_interventions(day)
        if self.shifts.moves[day]:
            self._shift(day)
        if self._month_starts[day]:
            pool.receipts_this_month[:] = 0
        self.complaints.register_due(day)  # 1
        self.courts.step(day)  # 2
        self.police.step(day)  # 3

        recruits = self.recruitment.new_recruits(day)  # 4
        if recruits.size:
            self._recruit(recruits, day)
        active = pool.active()
        quitting = self.desistance.quitting(day, pool, active)  # 5
        if quitting.size:
            self.careers.set_states(quitting, DESISTED, day)
            self.cases.stop_scammers(quitting, day)
            flows["desistances"] += quitting.size
        active = pool.active()

        removed = self.platforms.remove_profiles(  # 6
            active[pool.profile_ready_day[active] <= day])
        pool.profile_ready_day[removed] = day + 1 + self.platforms.rebuild_days
        flows["profiles_removed"] += removed.size

        recorded = self.contacts.step(day, pool, active, flows)  # 7
        if recorded.scammers.size:
            pool.add_victims(recorded.scammers)
            self.cases.open(day, recorded.scammers, recorded.markets, flows)
        responses = self.cases.step(day, flows)  # 8
        if self.offices.watched:  # 9
            flows["office_moves"] += self.offices.avoid_watched(pool, active)
        self.payments.cash_out(day, responses)
        self.complaints.file(day, responses)  # 10

        self._record(day, active)  # 11
        if day % 365 == 364:  # 12
            for decaying in (pool.risk, pool.recent_income):
                decaying.rebase(day)
            self.recruitment.rebase(day)
        self.day += 1
        self.running = self.day < self.days
        if not self.running:
            for lever in self.interventions:
                lever.finalize(self)
            self.log.close()
        if self.day % 7 == 0:
            self.markets.week_passed()

    def run(self) -> ExtortionModel:
        """Simulate every remaining day of the scenario."""
        while self.running:
            self.step()
        return self

    def _levers(self, scenario: Scenario) -> list:
        """The scenario's levers, set up for this run's calendar."""
        levers = [REGISTRY[params.name](params) for params in scenario.interventions]
        for lever in levers:
            lever.initialize(self)
        return levers

    def shared_days(self, scenario: Scenario) -> int:
        """For how many days from the start a run of ``scenario`` with this run's seed is this run:
        until the first day a lever of one does something the other's does not (all the run's
        days if never); 0 when the two scenarios differ in anything but their levers."""
        return self._divergence(scenario)[2] or 0

    def branch(self, scenario: Scenario) -> ExtortionModel:
        """This run as it stands, copied, to go on under ``scenario``: exactly the run of
        ``scenario`` with the same seed, without simulating its days so far again (compare uses it
        for paired scenarios that share the baseline's history). ``scenario`` must not have differed
        from this run yet (:meth:`shared_days`), and the event log must not be streamed to a file."""
        if self.log.path is not None:
            raise ValueError("a run that streams its event log to a file cannot branch")
        theirs, common, shared = self._divergence(scenario)  # checked before the copy, not after
        if shared is None or shared < self.day:
            raise ValueError(f"scenario {scenario.run.name!r} has differed from this run before day {self.day}")
        other = copy.deepcopy(self)
        other.interventions = other.interventions[:common] + theirs[common:]  # shared levers keep their costs
        other.scenario = scenario
        other._levels = None  # rebuild the policy from the new levers on the next day
        return other

    def _divergence(self, scenario: Scenario) -> tuple[list, int, int | None]:
        """The scenario's levers set up for this run, how many of them lead both lists alike, and
        the days the two runs share (see :meth:`shared_days`; None when the scenarios differ in
        anything but their levers: then even day 0 is not shared, as the subsystems are built from
        the scenario)."""
        same = {"interventions": True, "run": {"name", "description"}}
        if self.scenario.model_dump(exclude=same) != scenario.model_dump(exclude=same):
            return [], 0, None
        mine, theirs = self.interventions, self._levers(scenario)
        common = 0
        while common < min(len(mine), len(theirs)) and mine[common].params == theirs[common].params:
            common += 1
        days = min((lever.first_day_in_effect() for lever in mine[common:] + theirs[common:]), default=self.days)
        return theirs, common, days

    def _apply_interventions(self, day: int) -> None:
        """Step 0: the levers in force set today's policy (rebuilt only on days a lever's level
        changes); subsystems take up changed levels; the levers in force charge their daily cost."""
        self.flows["intervention_cost_mad"] += int(round(sum(lever.charge(day) for lever in self.interventions)))
        levels = tuple(float(lever.levels[day]) for lever in self.interventions)
        if levels == self._levels:
            return
        self._levels = levels
        policy = self.policy
        policy.reset(day)
        for lever, level in zip(self.interventions, levels):
            if level > 0:
                lever.apply(self, policy, level)
        for subsystem, levels in policy.by_subsystem().items():
            key = Policy.signature(levels)
            if self._policy_applied.get(subsystem) != key:
                self._policy_applied[subsystem] = key
                getattr(self, subsystem).apply_policy(**levels)

    def _shift(self, day: int) -> None:
        """Step 0: the change after 2019 reaches today's share (shift.py)."""
        shift = self.shifts.on(day)
        self.police.shift(shift.capacity)
        self.markets.shift(shift.domestic_report)
        self.complaints.shift(shift.forward)

    def _record(self, day: int, active: np.ndarray) -> None:
        """Record the day; ``active`` are the scammers active since desistance (no later step changes it)."""
        pool, book = self.scammers, self.cases.book
        pool.days_active[active] += 1
        counts = pool.state_counts()
        towns = len(self.town_names)
        stocks = {"active_scammers": counts[ACTIVE], "in_custody": counts[IN_CUSTODY], "in_prison": counts[IN_PRISON],
                  "desisted": counts[DESISTED], "victims_under_threat": book.under_threat(),
                  "police_queue": self.police.queued(),
                  **dict(zip(self._by_town, np.bincount(pool.town[active], minlength=towns))),
                  **dict(zip(self._cashing_out, np.bincount(self.offices.town[pool.office[active]], minlength=towns)))}
        self.flows["cases_ended"] = book.ended - self._ended_before[0]
        self.flows["cases_ended_after_6_months"] = book.ended_after_6_months - self._ended_before[1]
        self._ended_before = (book.ended, book.ended_after_6_months)
        self.results.record(day, self.flows, stocks)
        self.flows.update(self._no_flows)
