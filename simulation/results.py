"""Daily results of a run: flows (counts and MAD per day) and stocks (counts at the end of a day)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .scenario import CHANNELS, MODI_OPERANDI

FLOWS = (
    "contacts",                 # online contacts made by scammers
    "engagements",              # contacts who accepted a video chat
    "victims_threatened",       # new victims: recorded and threatened
    "threats",                  # all threats, including repeated and renewed ones
    "repeat_demands",           # new demands to victims who had paid
    "victims_asked_again",      # victims receiving a new demand after paying, for the first time
    "payments",
    "victims_paid",             # victims paying for the first time
    "amount_paid_mad",          # paid by victims (MAD) = mta_fees_mad + other_channel_costs_mad + scammer_income_mad
    "mta_fees_mad",             # kept by transfer offices (MAD)
    "other_channel_costs_mad",  # lost to intermediaries of other payment channels (MAD)
    "scammer_income_mad",       # received by scammers (MAD)
    "payments_other_channel",   # payments cashed out outside the transfer offices (displacement)
    "cases_ended",              # cases ending (scammer stopped, video published or taken down)
    "cases_ended_after_6_months",  # ... after threats that went on for more than six months
    "refusals",
    "reports",                  # victims who report to the police of their own country
    "help_requests",            # victims who contact a helpline or victims' association
    "takedowns",
    "publications",
    "mta_flags",                # suspicious receipts flagged by transfer offices
    "office_moves",             # scammers moving to another transfer office (after a flag, or away from monitoring)
    "cases_recorded",           # complaints registered by the Moroccan police, all channels
    *(f"cases_{c}" for c in CHANNELS),
    *(f"cases_mo_{m}" for m in MODI_OPERANDI),
    "victims_moroccan",         # nationality of victims in recorded cases
    "victims_foreign",
    "investigations_started",
    "arrests",
    "convictions",
    "releases",
    "recruits",                 # people who take up scamming (new or returning)
    "desistances",              # active scammers who give up
    "profiles_removed",         # fake profiles removed by platforms
    "intervention_cost_mad",    # cost of the policy levers in force (MAD)
)
STOCKS = ("active_scammers", "in_custody", "in_prison", "desisted", "victims_under_threat", "police_queue")


def town_stock(town: str) -> str:
    """Active scammers living in the town."""
    return f"active_scammers_{town}"


def market_flows(market: str) -> tuple[str, str]:
    """New victims threatened in the market, and those of them who report to their own police."""
    return f"victims_threatened_{market}", f"reports_{market}"


def cashout_stock(town: str) -> str:
    """Active scammers whose transfer office is in the town (where displacement shows)."""
    return f"cashing_out_{town}"


class Results:
    """Daily flows and stocks; tables by day or by year; plots."""

    def __init__(self, start: date, days: int, towns: list[str], markets: list[str]):
        self.start = start
        self.flow_names = list(FLOWS) + [name for m in markets for name in market_flows(m)]
        self.stock_names = list(STOCKS) + [town_stock(t) for t in towns] + [cashout_stock(t) for t in towns]
        self.towns = towns
        self._flows = np.zeros((days, len(self.flow_names)), dtype=np.int64)
        self._stocks = np.zeros((days, len(self.stock_names)), dtype=np.int64)
        self.days_recorded = 0

    def record(self, day: int, flows: dict, stocks: list) -> None:
        self._flows[day] = [flows[name] for name in self.flow_names]
        self._stocks[day] = stocks
        self.days_recorded = day + 1

    def daily(self) -> pd.DataFrame:
        """One row per simulated day: ``date``, then flows, then stocks."""
        n = self.days_recorded
        dates = pd.date_range(self.start, periods=n, freq="D")
        frame = pd.DataFrame(self._flows[:n], columns=self.flow_names)
        frame[self.stock_names] = self._stocks[:n]
        frame.insert(0, "date", dates)
        return frame

    def annual(self) -> pd.DataFrame:
        """Flows summed by calendar year (column ``year``), stocks at the year's last simulated day."""
        return aggregate(self.daily(), "YS", self.stock_names).rename(columns={"date": "year"}).assign(
            year=lambda f: f["year"].dt.year)

    def plot(self, columns: list[str], freq: str = "MS", title: str | None = None):
        """A plotly line chart of the given columns, by month (``MS``) or year (``YS``)."""
        import plotly.graph_objects as go

        table = aggregate(self.daily(), freq, self.stock_names)
        fig = go.Figure()
        for column in columns:
            fig.add_trace(go.Scatter(x=table["date"], y=table[column], mode="lines", name=column))
        fig.update_layout(title=title, template="plotly_white", margin=dict(l=40, r=10, t=40, b=30))
        return fig


def aggregate(daily: pd.DataFrame, freq: str, stock_names: list[str]) -> pd.DataFrame:
    """Sum flows (every column but ``date`` and the stocks) and take the last stocks over periods
    (``MS`` months, ``YS`` years)."""
    grouped = daily.groupby(pd.Grouper(key="date", freq=freq))
    flows = grouped[[c for c in daily.columns if c != "date" and c not in stock_names]].sum()
    stocks = grouped[stock_names].last()
    return pd.concat([flows, stocks], axis=1).reset_index()
