"""Daily results of a run: flows (counts and MAD per day) and stocks (counts at the end of a day).

Which outputs there are, with their units and labels, is declared in :mod:`simulation.registry`.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .registry import FLOW, STOCK, Output, expand


class Results:
    """Daily flows and stocks; tables by day or by year; plots."""

    def __init__(self, start: date, days: int, towns: list[str], markets: list[str]):
        self.start = start
        #: every output of this run (families expanded with its markets and towns), by name
        self.outputs: dict[str, Output] = {o.name: o for o in expand(markets, towns)}
        self.flow_names = [name for name, o in self.outputs.items() if o.kind == FLOW]
        self.stock_names = [name for name, o in self.outputs.items() if o.kind == STOCK]
        self.towns = towns
        self._flows = np.zeros((days, len(self.flow_names)), dtype=np.int64)
        self._stocks = np.zeros((days, len(self.stock_names)), dtype=np.int64)
        self.days_recorded = 0

    def record(self, day: int, flows: dict, stocks: dict) -> None:
        """The day's flows and end-of-day stocks, each a dict by output name."""
        self._flows[day] = [flows[name] for name in self.flow_names]
        self._stocks[day] = [stocks[name] for name in self.stock_names]
        self.days_recorded = day + 1

    def flows_so_far(self, names: list[str]) -> np.ndarray:
        """The named flows of every day recorded so far (days x names; counts or MAD per day)."""
        return self._flows[:self.days_recorded, [self.flow_names.index(name) for name in names]]

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
