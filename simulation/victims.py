"""Victims: people drawn into a recorded video chat, and the course of their case.

A case starts when a contact's video chat is recorded: the victim is threatened with a demand in
MAD. Then, in whole days:

* **Response** (the same day with ``same_day_decision_prob``, else after a mean of
  ``decision_delay_mean_days``). On the first response the victim may ask a helpline or
  association for help (advice not to pay, and a takedown request) and may report to the police of
  their own country. The victim pays with the market's chance (lowered by advice not to pay and for
  repeated demands) or refuses.
* **After a payment** the scammer comes back with a new demand (``repeat_demand_prob``, after a
  mean of ``repeat_demand_delay_mean_days``) or stops.
* **After a refusal** the scammer (after ``reaction_delay_mean_days``) publishes the video
  (``publish_prob``), renews the threats (``persist_prob``), or gives up.
* A **takedown** on its day ends the case; so does the scammer's arrest or giving up.

Each victim is in exactly one :class:`VictimState`. Open cases are rows of the :class:`CaseBook`;
ended cases leave it (their history stays in the event log), so memory does not grow with time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numba import njit

from .events import EventLog
from .markets import TargetMarkets
from .platforms import NEVER, Platforms
from .results import market_flows
from .scenario import Scenario
from .streams import geometric_delay, geometric_p


class VictimState(IntEnum):
    THREATENED = 0             # a demand is outstanding
    PAID = 1                   # paid; the scammer may come back with a new demand
    REFUSED = 2                # refused; the scammer may renew threats, publish, or give up
    ENDED_SCAMMER_STOPPED = 3  # the scammer gave up, stopped after payment, or was arrested
    ENDED_PUBLISHED = 4        # the video was sent to the victim's family and friends
    ENDED_TAKEN_DOWN = 5       # a helpline or platform had the video taken down


OPEN_STATES = 3  # states below this value are open cases
SIX_MONTHS_DAYS = 182
# plain ints for the hot paths (IntEnum attribute access is slow)
THREATENED, PAID, REFUSED, ENDED_SCAMMER_STOPPED, ENDED_PUBLISHED, ENDED_TAKEN_DOWN = (int(s) for s in VictimState)


class CaseBook:
    """Open cases as arrays, one row per victim."""

    _FIELDS = {
        "victim_id": np.int64,
        "scammer": np.int32,
        "market": np.int8,
        "state": np.int8,
        "demand": np.int64,      # current demand (MAD)
        "demands": np.int16,     # demands made so far
        "paid": np.int64,        # paid so far (MAD)
        "start_day": np.int32,   # day of the first threat
        "asked_again": np.bool_, # received a new demand after paying
        "responded": np.bool_,
        "helped": np.bool_,
        "action_day": np.int32,  # next response or scammer follow-up
        "takedown_day": np.int32,
        "next_day": np.int32,    # min(action_day, takedown_day); NEVER once ended
        "earlier": np.int64,     # the row of the same scammer's previous case in the table, or -1
    }

    def __init__(self, scammers: int, capacity: int = 4096):
        """``scammers``: the most scammers there can be (their ids are below it)."""
        for name, dtype in self._FIELDS.items():
            setattr(self, name, np.zeros(capacity, dtype=dtype))
        self.latest = np.full(scammers, -1, dtype=np.int64)  # each scammer's latest row (then ``earlier``...)
        self.size = 0
        self.victims_created = 0
        self._ended_removed = np.zeros(len(VictimState), dtype=np.int64)
        self._ended_in_table = 0
        self.ended = 0                  # cases ended so far
        self.ended_after_6_months = 0   # ... of which threats went on for more than six months

    def open(self, day: int, scammers: np.ndarray, markets: np.ndarray, demands: np.ndarray,
             action_days: np.ndarray) -> np.ndarray:
        n = scammers.size
        if self.size + n > self.victim_id.size:
            self._grow(self.size + n)
        rows = np.arange(self.size, self.size + n)
        ids = np.arange(self.victims_created, self.victims_created + n)
        self.victim_id[rows] = ids
        self.scammer[rows] = scammers
        self.market[rows] = markets
        self.state[rows] = THREATENED
        self.demand[rows] = demands
        self.demands[rows] = 1
        self.paid[rows] = 0
        self.start_day[rows] = day
        self.asked_again[rows] = False
        self.responded[rows] = False
        self.helped[rows] = False
        self.action_day[rows] = action_days
        self.takedown_day[rows] = NEVER
        self.next_day[rows] = action_days
        _link(rows, scammers, self.latest, self.earlier)
        self.size += n
        self.victims_created += n
        return ids

    def end_cases_of(self, scammers: np.ndarray, day: int) -> None:
        """End the open cases of the given scammers (their rows stay in the table until :meth:`compact`)."""
        self.count_ended(*_end_cases_of(scammers, day, self.latest, self.earlier, self.state, self.next_day,
                                        self.start_day))

    def count_ended(self, ended: int, ended_6_months: int) -> None:
        self._ended_in_table += ended
        self.ended += ended
        self.ended_after_6_months += ended_6_months

    def under_threat(self) -> int:
        return self.size - self._ended_in_table

    def state_counts(self) -> np.ndarray:
        """Victims ever, by :class:`VictimState` (including ended cases no longer in the table)."""
        return np.bincount(self.state[: self.size], minlength=len(VictimState)) + self._ended_removed

    def compact(self) -> None:
        """Drop ended cases once they are half the table."""
        if self._ended_in_table * 2 < self.size or self.size < 1024:
            return
        keep = self.state[: self.size] < OPEN_STATES
        self._ended_removed += np.bincount(self.state[: self.size][~keep], minlength=len(VictimState))
        kept = int(keep.sum())
        for name in self._FIELDS:
            column = getattr(self, name)
            column[:kept] = column[: self.size][keep]
        self.size = kept
        self._ended_in_table = 0
        self.latest[:] = -1
        _link(np.arange(kept), self.scammer[:kept], self.latest, self.earlier)

    def _grow(self, needed: int) -> None:
        capacity = max(needed, 2 * self.victim_id.size)
        for name in self._FIELDS:
            old = getattr(self, name)
            new = np.zeros(capacity, dtype=old.dtype)
            new[: self.size] = old[: self.size]
            setattr(self, name, new)


@dataclass
class Responses:
    """What victims did today that other subsystems act on."""

    payer_ids: np.ndarray      # victim ids of today's payments
    payer_scammers: np.ndarray
    payer_markets: np.ndarray
    amounts: np.ndarray        # MAD
    reporter_ids: np.ndarray   # victims who report to the police of their country today
    reporter_scammers: np.ndarray
    reporter_markets: np.ndarray
    reporter_paid: np.ndarray  # whether the reporter paid (the transfer is evidence)


_NONE = np.zeros(0, dtype=np.int64)
NO_RESPONSES = Responses(_NONE, _NONE, _NONE, _NONE, _NONE, _NONE, _NONE, np.zeros(0, dtype=bool))


class Cases:
    """The daily course of all open cases."""

    def __init__(self, scenario: Scenario, markets: TargetMarkets, platforms: Platforms,
                 rng: np.random.Generator, log: EventLog, scammers: int):
        """``scammers``: the most scammers there can be (their ids are below it)."""
        self._p = scenario.victims
        self._markets = markets
        self._threatened_flows, self._report_flows = zip(*(market_flows(m) for m in markets.names))
        self._platforms = platforms
        self._rng = rng
        self._log = log
        self.book = CaseBook(scammers)
        self.apply_policy(advice_factor=1.0)

    def apply_policy(self, advice_factor: float) -> None:
        """Helplines' advice not to pay lowers the chance to pay after asking for help."""
        self.help_pay_factor = self._p.help_pay_factor * advice_factor

    def _response_delay(self, count: int, minimum: int) -> np.ndarray:
        p = self._p
        later = geometric_delay(self._rng, p.decision_delay_mean_days, count)
        same_day = self._rng.random(count) < p.same_day_decision_prob
        return np.maximum(np.where(same_day, 0, later), minimum)

    def open(self, day: int, scammers: np.ndarray, markets: np.ndarray, flows: dict) -> None:
        """New victims: recorded today and threatened with a first demand."""
        demands = self._markets.draw_demands(markets, self._rng)
        ids = self.book.open(day, scammers, markets, demands, day + self._response_delay(scammers.size, 0))
        by_market = np.bincount(markets, minlength=len(self._markets.names))
        self._markets.add_victims(by_market)
        self._log.add("engagement", day, ids.size, victim_id=ids, scammer_id=scammers)
        self._log.add("threat", day, ids.size, victim_id=ids, scammer_id=scammers, amount_mad=demands)
        flows["victims_threatened"] += ids.size
        _add_by_market(flows, self._threatened_flows, by_market)
        flows["threats"] += ids.size

    def stop_scammers(self, scammers, day: int) -> None:
        """The scammers are arrested or give up: their open cases end."""
        self.book.end_cases_of(np.atleast_1d(scammers), day)

    def step(self, day: int, flows: dict) -> Responses:
        """Takedowns due today, scammers' follow-ups (after a payment, after a refusal) and victims'
        responses (a compiled pass over the cases due today)."""
        b, p, m, plat = self.book, self._p, self._markets, self._platforms
        due = np.flatnonzero(b.next_day[: b.size] == day)
        if due.size == 0:
            return NO_RESPONSES
        (ended, ended_6_months, taken_down, repeated, published, persisted, helped, payers, amounts, first_payments,
         newly_asked_again, refusers, reporters, reporter_paid) = _case_day(
            day, due, b.market, b.state, b.demand, b.demands, b.paid, b.start_day, b.asked_again, b.responded,
            b.helped, b.action_day, b.takedown_day, b.next_day, m.demand_max, m.help, m.report, m.pay,
            self.help_pay_factor, p.repeat_pay_factor, p.repeat_demand_factor, p.repeat_demand_prob, p.publish_prob,
            p.publish_prob + p.persist_prob, p.same_day_decision_prob, geometric_p(p.decision_delay_mean_days),
            geometric_p(p.repeat_demand_delay_mean_days), geometric_p(p.reaction_delay_mean_days),
            plat.takedown_prob, geometric_p(plat.takedown_delay), self._rng, plat.rng)
        b.count_ended(ended, ended_6_months)
        log, victim, scammer = self._log, b.victim_id, b.scammer
        log.add("takedown", day, taken_down.size, victim_id=victim[taken_down], scammer_id=scammer[taken_down])
        log.add("threat", day, repeated.size, victim_id=victim[repeated], scammer_id=scammer[repeated],
                amount_mad=b.demand[repeated])
        log.add("publication", day, published.size, victim_id=victim[published], scammer_id=scammer[published])
        log.add("threat", day, persisted.size, victim_id=victim[persisted], scammer_id=scammer[persisted],
                amount_mad=b.demand[persisted])
        log.add("help_request", day, helped.size, victim_id=victim[helped], scammer_id=scammer[helped])
        log.add("refusal", day, refusers.size, victim_id=victim[refusers], scammer_id=scammer[refusers])
        flows["takedowns"] += taken_down.size
        flows["repeat_demands"] += repeated.size
        flows["victims_asked_again"] += newly_asked_again
        flows["publications"] += published.size
        flows["threats"] += repeated.size + persisted.size
        flows["help_requests"] += helped.size
        flows["victims_paid"] += first_payments
        flows["refusals"] += refusers.size
        flows["reports"] += reporters.size
        _add_by_market(flows, self._report_flows, np.bincount(b.market[reporters], minlength=len(m.names)))
        responses = Responses(
            payer_ids=victim[payers], payer_scammers=scammer[payers], payer_markets=b.market[payers],
            amounts=amounts, reporter_ids=victim[reporters], reporter_scammers=scammer[reporters],
            reporter_markets=b.market[reporters], reporter_paid=reporter_paid,
        )
        b.compact()
        return responses


@njit(cache=True)
def _case_day(day, due, market, state, demand, demands, paid, start_day, asked_again, responded, helped, action_day,
              takedown_day, next_day, demand_max, help_p, report_p, pay_p, help_pay_factor, repeat_pay_factor,
              repeat_demand_factor, repeat_demand_prob, publish_prob, publish_or_persist_prob, same_day_prob,
              p_response, p_repeat, p_reaction, takedown_prob, p_takedown, rng, platform_rng):
    """One day of the cases due today (see :class:`Cases`); the draws are those of the vectorized
    rules, in the same order: follow-ups after payments, after refusals, then responses."""
    by_state = np.empty((3, due.size), np.int64)
    counts = np.zeros(3, np.int64)
    taken_down = np.empty(due.size, np.int64)
    n_taken = 0
    ended = 0
    ended_6_months = 0
    for row in due:
        if takedown_day[row] == day:
            state[row] = ENDED_TAKEN_DOWN
            ended, ended_6_months = _end(row, day, next_day, start_day, ended, ended_6_months)
            taken_down[n_taken] = row
            n_taken += 1
        else:
            by_state[state[row], counts[state[row]]] = row
            counts[state[row]] += 1
    repeated = by_state[PAID, : counts[PAID]]
    refused = by_state[REFUSED, : counts[REFUSED]]
    threatened = by_state[THREATENED, : counts[THREATENED]]

    # After a payment: a raised demand.
    newly_asked_again = 0
    for row in repeated:
        raised = np.int64(np.rint(demand[row] * repeat_demand_factor))
        demand[row] = min(max(raised, 1), demand_max[market[row]])
    _threaten_again(day, repeated, demands, state, action_day, takedown_day, next_day, same_day_prob, p_response, rng)
    for row in repeated:
        if not asked_again[row]:
            newly_asked_again += 1
            asked_again[row] = True

    # After a refusal: publication, renewed threats, or the scammer gives up.
    u = np.empty(refused.size)
    for i in range(refused.size):
        u[i] = rng.random()
    published = refused[u < publish_prob]
    persisted = refused[(u >= publish_prob) & (u < publish_or_persist_prob)]
    gave_up = refused[u >= publish_or_persist_prob]
    for row in published:
        state[row] = ENDED_PUBLISHED
        ended, ended_6_months = _end(row, day, next_day, start_day, ended, ended_6_months)
    _threaten_again(day, persisted, demands, state, action_day, takedown_day, next_day, same_day_prob, p_response, rng)
    for row in gave_up:
        state[row] = ENDED_SCAMMER_STOPPED
        ended, ended_6_months = _end(row, day, next_day, start_day, ended, ended_6_months)

    # Responses to a demand: a first response may ask for help and report; then pay or refuse.
    n = threatened.size
    first = np.empty(n, np.bool_)
    asks = np.empty(n, np.bool_)
    for i in range(n):
        row = threatened[i]
        first[i] = not responded[row]
        responded[row] = True
        asks[i] = rng.random() < help_p[market[row]] and first[i]
    helped_rows = threatened[asks]
    takedown_ok = np.empty(helped_rows.size, np.bool_)
    for i in range(helped_rows.size):
        helped[helped_rows[i]] = True
        takedown_ok[i] = platform_rng.random() < takedown_prob
    for i in range(helped_rows.size):
        delay = platform_rng.geometric(p_takedown)
        takedown_day[helped_rows[i]] = day + delay if takedown_ok[i] else NEVER
    reports = np.empty(n, np.bool_)
    for i in range(n):
        reports[i] = rng.random() < report_p[market[threatened[i]]] and first[i]
    pays = np.empty(n, np.bool_)
    for i in range(n):
        row = threatened[i]
        chance = (pay_p[market[row]] * (help_pay_factor if helped[row] else 1.0)
                  * (repeat_pay_factor if demands[row] > 1 else 1.0))
        pays[i] = rng.random() < chance
    payers = threatened[pays]
    refusers = threatened[~pays]
    amounts = np.empty(payers.size, np.int64)
    first_payments = 0
    again = np.empty(payers.size, np.bool_)
    for i in range(payers.size):
        row = payers[i]
        amounts[i] = demand[row]
        if paid[row] == 0:
            first_payments += 1
        paid[row] += amounts[i]
    for i in range(payers.size):
        again[i] = rng.random() < repeat_demand_prob
    for i in range(payers.size):
        row = payers[i]
        if again[i]:
            state[row] = PAID
            _schedule(row, day + rng.geometric(p_repeat), action_day, takedown_day, next_day)
    for i in range(payers.size):
        if not again[i]:
            state[payers[i]] = ENDED_SCAMMER_STOPPED
            ended, ended_6_months = _end(payers[i], day, next_day, start_day, ended, ended_6_months)
    for row in refusers:
        state[row] = REFUSED
        _schedule(row, day + rng.geometric(p_reaction), action_day, takedown_day, next_day)
    return (ended, ended_6_months, taken_down[:n_taken], repeated, published, persisted, helped_rows, payers,
            amounts, first_payments, newly_asked_again, refusers, threatened[reports], pays[reports])


@njit(cache=True)
def _link(rows, scammers, latest, earlier):
    """Chain new rows (in order) to their scammer's earlier rows."""
    for i in range(rows.size):
        earlier[rows[i]] = latest[scammers[i]]
        latest[scammers[i]] = rows[i]


@njit(cache=True)
def _end_cases_of(scammers, day, latest, earlier, state, next_day, start_day):
    ended = 0
    ended_6_months = 0
    for scammer in scammers:
        row = latest[scammer]
        while row >= 0:
            if state[row] < OPEN_STATES:
                state[row] = ENDED_SCAMMER_STOPPED
                ended, ended_6_months = _end(row, day, next_day, start_day, ended, ended_6_months)
            row = earlier[row]
    return ended, ended_6_months


@njit(cache=True, inline="always")
def _end(row, day, next_day, start_day, ended, ended_6_months):
    next_day[row] = NEVER
    return ended + 1, ended_6_months + (day - start_day[row] > SIX_MONTHS_DAYS)


@njit(cache=True, inline="always")
def _schedule(row, action, action_day, takedown_day, next_day):
    action_day[row] = action
    next_day[row] = min(action, takedown_day[row])


@njit(cache=True)
def _threaten_again(day, rows, demands, state, action_day, takedown_day, next_day, same_day_prob, p_response, rng):
    """A new demand (after a payment, or renewed threats after a refusal): the victim responds
    after a delay of at least a day."""
    later = np.empty(rows.size, np.int64)
    for i in range(rows.size):
        later[i] = rng.geometric(p_response)
    for i in range(rows.size):
        row = rows[i]
        same_day = rng.random() < same_day_prob
        demands[row] += 1
        state[row] = THREATENED
        _schedule(row, day + max(0 if same_day else later[i], 1), action_day, takedown_day, next_day)


def _add_by_market(flows: dict, names: tuple[str, ...], counts: np.ndarray) -> None:
    """Add today's counts by market to the day's flows of those names (one per market)."""
    for name, count in zip(names, counts.tolist()):
        flows[name] += count
