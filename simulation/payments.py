"""The payment path (step 9 of the day): victims' payments cashed out by the scammers.

A payment goes through the scammer's transfer office (a fee, a chance of a flag), or through
another channel when he has reached the office's monthly cap of receipts (a cost, never flagged);
what is left is the scammer's income, which his network ties hear of. A flag is a lead for the
police unit of the office's town, and the flagged scammer (and some other users) move to another
office. Money is counted to the dirham (amount = fee + other-channel cost + income) in total, by
the victims' market, by the cash-out outlet (the town of the office, or ``other_channel``) and, for
income, by the scammers' home town; the amount paid also by market and outlet together, and income
by outlet and home town together (the money-flow diagram's bands).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .events import EventLog
from .police import Police
from .registry import names
from .scammers import ScammerPool
from .transfer_offices import TransferOffices

MONEY = ("amount_paid_mad", "mta_fees_mad", "other_channel_costs_mad", "scammer_income_mad")


class Payments:
    def __init__(self, offices: TransferOffices, pool: ScammerPool, police: Police,
                 peers_earned: Callable[[np.ndarray, np.ndarray, int], None], log: EventLog, flows: dict,
                 domestic_market: int, markets: list[str], towns: list[str]):
        """``peers_earned(nodes, income_mad, day)`` tells the network what scammers earned; ``flows``
        is the model's dict of today's flows."""
        self._offices, self._pool, self._police = offices, pool, police
        self._peers_earned, self._log, self._flows = peers_earned, log, flows
        self._domestic = domestic_market
        self._other_channel = len(towns)  # the last outlet
        self._by_market = [names(f"{total}_{{market}}", markets, towns) for total in MONEY]
        self._by_outlet = [names(f"{total}_via_{{outlet}}", markets, towns) for total in MONEY]
        self._income_by_home = names("scammer_income_mad_home_{town}", markets, towns)
        self._paid_by_market_outlet = names("amount_paid_mad_{market}_via_{outlet}", markets, towns)
        self._income_by_outlet_home = names("scammer_income_mad_via_{outlet}_home_{town}", markets, towns)
        self._outlets, self._towns = len(towns) + 1, len(towns)

    def cash_out(self, day: int, responses) -> None:
        """Cash out today's payments (``responses`` of the cases: payers, their markets, amounts in MAD)."""
        scammers = responses.payer_scammers
        if scammers.size == 0:
            return
        pool, flows, offices = self._pool, self._flows, self._offices
        amounts = responses.amounts
        office = pool.office[scammers]
        # receipts over the office's monthly cap go through other channels
        via_office = np.ones(scammers.size, dtype=bool)
        if offices.capped:
            earlier_today = rank_within(scammers)
            via_office = pool.receipts_this_month[scammers] + earlier_today < offices.monthly_cap[office]
        np.add.at(pool.receipts_this_month, scammers[via_office], 1)
        np.add.at(pool.receipts_at_office, scammers[via_office], 1)
        foreign = responses.payer_markets != self._domestic
        fees = np.zeros(scammers.size, dtype=np.int64)
        flagged = np.zeros(scammers.size, dtype=bool)
        fees[via_office], flagged[via_office] = offices.cash_out(
            office[via_office], amounts[via_office], foreign[via_office], pool.receipts_at_office[scammers[via_office]])
        other_costs = np.where(via_office, 0, offices.other_channel_costs(amounts))
        income = amounts - fees - other_costs
        np.add.at(pool.income, scammers, income)
        pool.recent_income.add(scammers, income, day)
        self._peers_earned(pool.node[scammers], income, day)
        self._log.add("payment", day, scammers.size, victim_id=responses.payer_ids, scammer_id=scammers,
                      mta_id=np.where(via_office, office, -1), amount_mad=amounts)
        flows["payments"] += scammers.size
        flows["payments_other_channel"] += int((~via_office).sum())
        outlet = np.where(via_office, offices.town[office], self._other_channel)
        for total, by_market, by_outlet, values in zip(MONEY, self._by_market, self._by_outlet,
                                                       (amounts, fees, other_costs, income)):
            flows[total] += int(values.sum())
            _add_by(flows, by_market, responses.payer_markets, values)
            _add_by(flows, by_outlet, outlet, values)
        home = pool.town[scammers]
        _add_by(flows, self._income_by_home, home, income)
        _add_by(flows, self._paid_by_market_outlet, responses.payer_markets * self._outlets + outlet, amounts)
        _add_by(flows, self._income_by_outlet_home, outlet * self._towns + home, income)
        for i in np.flatnonzero(flagged).tolist():
            self._flag(day, int(responses.payer_ids[i]), int(scammers[i]), int(office[i]))

    def _flag(self, day: int, victim: int, scammer: int, office: int) -> None:
        """A flagged receipt: a lead for the police of the office's town; scammers move away."""
        police, flows = self._police, self._flows
        self._log.add("mta_flag", day, 1, victim_id=victim, scammer_id=scammer, mta_id=office)
        flows["mta_flags"] += 1
        police.lead(day, scammer, police.flag_evidence, police.unit_for_town(int(self._offices.town[office])))
        flows["office_moves"] += self._offices.displace(self._pool, scammer, office)


def _add_by(flows: dict, columns: list[str], keys: np.ndarray, values: np.ndarray) -> None:
    """Add ``values`` (whole MAD) to the flow of each one's key (an index into ``columns``); the
    sums are exact (whole numbers far below 2**53 in floating point)."""
    sums = np.bincount(keys, weights=values, minlength=len(columns))
    for column, value in zip(columns, sums.tolist()):
        flows[column] += int(value)


def rank_within(ids: np.ndarray) -> np.ndarray:
    """For each entry, how many earlier entries have the same id (0 for the first)."""
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    position = np.arange(ids.size)
    first = np.maximum.accumulate(np.where(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]], position, 0))
    rank = np.empty(ids.size, dtype=np.int64)
    rank[order] = position - first
    return rank
