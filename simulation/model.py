"""The webcam-blackmail economy of central Morocco as a Mesa model, one step per day."""

from __future__ import annotations

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
from .police import Police
from .policy import Policy
from . import registry
from .recruitment import Recruitment
from .results import Results
from .scammers import ACTIVE, DESISTED, IN_CUSTODY, IN_PRISON, Scammer, ScammerPool
from .scenario import MODI_OPERANDI, Scenario, load_scenario
from .streams import Streams
from .transfer_offices import TransferOffice, TransferOffices
from .victims import Cases

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"


class ExtortionModel(mesa.Model):
    """Scammers, victims, money-transfer offices and police, day by day on real dates.

    ``ExtortionModel(scenario=load_scenario("scenarios/baseline.toml"), seed=1)``; the scenario
    may also be a path, or omitted for the baseline. ``events`` says where the event log goes:
    ``"memory"`` (default), ``"none"``, or a Parquet file it is streamed to (see events.py). Any
    scenario value can be overridden by keyword, with ``__`` between the levels: ``ExtortionModel(police__units__national__capacity=60)``.

    The daily step, in this order (the only place where the order is stated):

    0. **Interventions** in force set today's policy levels (awareness, takedowns, monitoring,
       police capacity, referrals, detection, prevention, sentencing); subsystems whose levels
       changed take them up. On the first day of a month, monthly receipt counts restart.
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
    9. **Payments**: scammers leave watched offices; then payments are cashed out at the
       scammer's transfer office (fee, income), or through another channel when the office's
       monthly cap is reached; offices may flag receipts, which gives the police a lead and makes
       scammers move to other offices.
    10. **Reports** made today start their way to the Moroccan police (with channel delays).
    11. **Results**: the day's flows and end-of-day stocks are recorded.
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
        seed = int(seed)
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
        self.node_scammer = np.full(self.network.size, -1, dtype=np.int32)
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
        self.police = Police(self, self.network.size, streams.police)
        self.courts = Courts(self, streams.courts)
        self.complaints = Complaints(self, streams.complaints)
        self.payments = Payments(self.offices, self.scammers, self.police, self.recruitment.peers_earned, self.log,
                                 self.flows, self.markets.domestic, self.markets.names, self.town_names)
        self.policy = Policy(len(self.markets.names), len(self.town_names), self.offices.count, len(self.police.units))
        self.interventions = [REGISTRY[params.name](params) for params in scenario.interventions]
        for lever in self.interventions:
            lever.initialize(self)
        self._policy_applied = {name: Policy.signature(levels) for name, levels in self.policy.by_subsystem().items()}
        self._policy_neutral = True
        self._ended_before = (0, 0)
        dates = np.datetime64(self.start, "D") + np.arange(self.days)
        self._month_starts = dates.astype("datetime64[M]") != (dates - 1).astype("datetime64[M]")

        self._profile_rng = streams.scammers
        mo = scenario.scammers.modi_operandi
        self._mo_cumulative = np.cumsum([mo[name].share for name in MODI_OPERANDI])
        first = [self._profile_rng.choice(self.network.nodes_of_town(i), town.initial_scammers, replace=False)
                 for i, town in enumerate(scenario.towns.values())]
        self.recruit(np.concatenate(first), 0)

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

    def recruit(self, nodes: np.ndarray, day: int) -> None:
        """People of the youth network take up scamming: new scammers, or former ones again."""
        pool = self.scammers
        new_nodes = nodes[self.node_scammer[nodes] < 0]
        if new_nodes.size:
            p = self.scenario.scammers
            rng = self._profile_rng
            ids = np.arange(pool.count, pool.count + new_nodes.size)
            pool.count += new_nodes.size
            self.node_scammer[new_nodes] = ids
            towns = self.network.town[new_nodes]
            pool.node[ids] = new_nodes
            pool.town[ids] = towns
            pool.mo[ids] = np.searchsorted(self._mo_cumulative, rng.random(ids.size) * self._mo_cumulative[-1], side="right")
            a = p.initial_skill_mean * p.initial_skill_concentration
            b = (1.0 - p.initial_skill_mean) * p.initial_skill_concentration
            skill = rng.beta(a, b, ids.size) if 0 < p.initial_skill_mean < 1 else np.full(ids.size, p.initial_skill_mean)
            pool.initial_skill[ids] = pool.skill[ids] = skill
            pool.effort[ids] = rng.gamma(p.effort_shape, 1.0 / p.effort_shape, ids.size)
            pool.recruited_day[ids] = day
            pool.office[ids] = self.offices.choose_many(towns)
            pool.state[ids] = DESISTED  # not yet active: activated just below
            for scammer in ids.tolist():
                Scammer(self, scammer)
        self.set_scammer_states(self.node_scammer[nodes], ACTIVE, day)
        self.flows["recruits"] += nodes.size

    def set_scammer_states(self, scammers: np.ndarray, state: int, day: int) -> None:
        """Move scammers to ``state`` and keep what their network ties see up to date."""
        pool = self.scammers
        scammers = np.atleast_1d(scammers)
        scammers = scammers[pool.state[scammers] != state]
        if scammers.size == 0:
            return
        was_active = pool.state[scammers] == ACTIVE
        pool.state[scammers] = state
        nodes = pool.node[scammers]
        if was_active.any():
            self.recruitment.stopped_being_active(nodes[was_active])
        if state == ACTIVE:
            self.recruitment.became_active(nodes)
            pool.profile_ready_day[scammers] = day
        elif state == DESISTED:
            self.recruitment.retired(nodes)
        else:
            self.recruitment.held(nodes)

    def step(self) -> None:
        if self.day >= self.days:
            self.running = False
            return
        day, pool, flows = self.day, self.scammers, self.flows
        if self.interventions:
            self._apply_interventions(day)
        if self._month_starts[day]:
            pool.receipts_this_month[:] = 0
        self.complaints.register_due(day)
        self.courts.step(day)
        self.police.step(day)

        recruits = self.recruitment.new_recruits(day)
        if recruits.size:
            self.recruit(recruits, day)
        active = pool.active()
        quitting = self.desistance.quitting(day, pool, active)
        if quitting.size:
            self.set_scammer_states(quitting, DESISTED, day)
            self.cases.stop_scammers(quitting, day)
            flows["desistances"] += quitting.size
        active = pool.active()

        removed = self.platforms.remove_profiles(active[pool.profile_ready_day[active] <= day])
        pool.profile_ready_day[removed] = day + 1 + self.platforms.rebuild_days
        flows["profiles_removed"] += removed.size

        recorded = self.contacts.step(day, pool, active, flows)
        if recorded.scammers.size:
            pool.add_victims(recorded.scammers)
            self.cases.open(day, recorded.scammers, recorded.markets, flows)
        responses = self.cases.step(day, flows)
        if self.offices.watched:
            flows["office_moves"] += self.offices.avoid_watched(pool, active)
        self.payments.cash_out(day, responses)
        self.complaints.file(day, responses)

        self._record(day, active)
        if day % 365 == 364:
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

    def _apply_interventions(self, day: int) -> None:
        """Step 0: the levers in force set today's policy; subsystems take up changed levels."""
        if not any(lever.levels[day] > 0 or lever.in_force[day] for lever in self.interventions):
            if self._policy_neutral:
                return
        policy = self.policy
        policy.reset(day)
        cost = sum(lever.step(self, policy, day) for lever in self.interventions)
        self.flows["intervention_cost_mad"] += int(round(cost))
        self._policy_neutral = False
        for subsystem, levels in policy.by_subsystem().items():
            key = Policy.signature(levels)
            if self._policy_applied.get(subsystem) != key:
                self._policy_applied[subsystem] = key
                getattr(self, subsystem).apply_policy(**levels)

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
