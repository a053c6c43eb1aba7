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

from .events import EventLog
from .markets import TargetMarkets
from .platforms import NEVER, Platforms
from .registry import market_flows
from .scenario import Scenario
from .streams import geometric_delay


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
        self.latest = np.full(scammers, -1, dtype=np.int64)  # each scammer's latest row, chained by ``earlier``
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
        self._chain(rows)
        self.size += n
        self.victims_created += n
        return ids

    def schedule(self, rows: np.ndarray, action_days: np.ndarray) -> None:
        self.action_day[rows] = action_days
        self.next_day[rows] = np.minimum(action_days, self.takedown_day[rows])

    def end(self, rows: np.ndarray, state: int, day: int) -> None:
        self.state[rows] = state
        self.next_day[rows] = NEVER
        self._ended_in_table += rows.size
        self.ended += rows.size
        self.ended_after_6_months += int((day - self.start_day[rows] > SIX_MONTHS_DAYS).sum())

    def open_rows_of(self, scammers: np.ndarray) -> np.ndarray:
        """Rows of the scammers' open cases, found along each one's chain of rows (an arrest or
        desistance costs the scammer's own cases, not a pass over the whole table)."""
        rows = []
        latest, earlier, state = self.latest, self.earlier, self.state
        for scammer in scammers.tolist():
            row = int(latest[scammer])
            while row >= 0:
                if state[row] < OPEN_STATES:
                    rows.append(row)
                row = int(earlier[row])
        return np.array(rows, dtype=np.int64)

    def _chain(self, rows: np.ndarray) -> None:
        """Chain new rows (in order) behind their scammer's earlier rows."""
        if rows.size == 0:
            return
        scammers = self.scammer[rows]
        order = np.argsort(scammers, kind="stable")
        scammers, rows = scammers[order], rows[order]
        first = np.ones(rows.size, dtype=bool)  # each scammer's first new row
        np.not_equal(scammers[1:], scammers[:-1], out=first[1:])
        previous = np.empty_like(rows)
        previous[1:] = rows[:-1]
        self.earlier[rows] = np.where(first, self.latest[scammers], previous)
        last = np.ones(rows.size, dtype=bool)
        last[:-1] = first[1:]
        self.latest[scammers[last]] = rows[last]

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
        self._chain(np.arange(kept))

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
        self.book.end(self.book.open_rows_of(np.atleast_1d(scammers)), ENDED_SCAMMER_STOPPED, day)

    def step(self, day: int, flows: dict) -> Responses:
        b = self.book
        due = np.flatnonzero(b.next_day[: b.size] == day)
        if due.size == 0:
            return NO_RESPONSES
        taken_down = due[b.takedown_day[due] == day]
        if taken_down.size:
            b.end(taken_down, ENDED_TAKEN_DOWN, day)
            self._log.add("takedown", day, taken_down.size, victim_id=b.victim_id[taken_down], scammer_id=b.scammer[taken_down])
            flows["takedowns"] += taken_down.size
        acting = due[b.takedown_day[due] != day]
        state = b.state[acting]
        self._after_payment(day, acting[state == PAID], flows)
        self._after_refusal(day, acting[state == REFUSED], flows)
        responses = self._respond(day, acting[state == THREATENED], flows)
        b.compact()
        return responses

    def _respond(self, day: int, rows: np.ndarray, flows: dict) -> Responses:
        if rows.size == 0:
            return NO_RESPONSES
        b, p, m, rng = self.book, self._p, self._markets, self._rng
        market = b.market[rows]
        first = ~b.responded[rows]
        b.responded[rows] = True

        asks = first & (rng.random(rows.size) < m.help[market])
        helped = rows[asks]
        if helped.size:
            b.helped[helped] = True
            b.takedown_day[helped] = self._platforms.takedown_days(day, helped.size)
            self._log.add("help_request", day, helped.size, victim_id=b.victim_id[helped], scammer_id=b.scammer[helped])
            flows["help_requests"] += helped.size

        reports = first & (rng.random(rows.size) < m.report[market])
        chance = (m.pay[market] * np.where(b.helped[rows], self.help_pay_factor, 1.0)
                  * np.where(b.demands[rows] > 1, p.repeat_pay_factor, 1.0))
        pays = rng.random(rows.size) < chance
        payers, refusers = rows[pays], rows[~pays]

        amounts = b.demand[payers].copy()
        flows["victims_paid"] += int((b.paid[payers] == 0).sum())
        b.paid[payers] += amounts
        again = rng.random(payers.size) < p.repeat_demand_prob
        b.state[payers[again]] = PAID
        b.schedule(payers[again], day + geometric_delay(rng, p.repeat_demand_delay_mean_days, int(again.sum())))
        b.end(payers[~again], ENDED_SCAMMER_STOPPED, day)

        b.state[refusers] = REFUSED
        b.schedule(refusers, day + geometric_delay(rng, p.reaction_delay_mean_days, refusers.size))
        self._log.add("refusal", day, refusers.size, victim_id=b.victim_id[refusers], scammer_id=b.scammer[refusers])
        flows["refusals"] += refusers.size
        flows["reports"] += int(reports.sum())
        reporters = rows[reports]
        _add_by_market(flows, self._report_flows, np.bincount(b.market[reporters], minlength=len(m.names)))

        return Responses(
            payer_ids=b.victim_id[payers], payer_scammers=b.scammer[payers], payer_markets=b.market[payers],
            amounts=amounts, reporter_ids=b.victim_id[reporters], reporter_scammers=b.scammer[reporters],
            reporter_markets=b.market[reporters], reporter_paid=pays[reports],
        )

    def _threaten_again(self, day: int, rows: np.ndarray, flows: dict) -> None:
        if rows.size == 0:
            return
        b = self.book
        b.demands[rows] += 1
        b.state[rows] = THREATENED
        b.schedule(rows, day + self._response_delay(rows.size, 1))
        self._log.add("threat", day, rows.size, victim_id=b.victim_id[rows], scammer_id=b.scammer[rows], amount_mad=b.demand[rows])
        flows["threats"] += rows.size

    def _after_payment(self, day: int, rows: np.ndarray, flows: dict) -> None:
        if rows.size == 0:
            return
        b = self.book
        raised = np.rint(b.demand[rows] * self._p.repeat_demand_factor).astype(np.int64)
        b.demand[rows] = np.clip(raised, 1, self._markets.demand_max[b.market[rows]])
        self._threaten_again(day, rows, flows)
        flows["repeat_demands"] += rows.size
        flows["victims_asked_again"] += int((~b.asked_again[rows]).sum())
        b.asked_again[rows] = True

    def _after_refusal(self, day: int, rows: np.ndarray, flows: dict) -> None:
        if rows.size == 0:
            return
        b, p = self.book, self._p
        u = self._rng.random(rows.size)
        publish = u < p.publish_prob
        persist = ~publish & (u < p.publish_prob + p.persist_prob)
        published = rows[publish]
        b.end(published, ENDED_PUBLISHED, day)
        self._log.add("publication", day, published.size, victim_id=b.victim_id[published], scammer_id=b.scammer[published])
        flows["publications"] += published.size
        self._threaten_again(day, rows[persist], flows)
        b.end(rows[~publish & ~persist], ENDED_SCAMMER_STOPPED, day)


def _add_by_market(flows: dict, names: tuple[str, ...], counts: np.ndarray) -> None:
    """Add today's counts by market to the day's flows of those names (one per market)."""
    for name, count in zip(names, counts.tolist()):
        flows[name] += count
