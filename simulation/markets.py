"""Target markets: the online populations that scammers contact (Morocco, Gulf states, ...).

Each market has a size, an engagement chance, the demands its victims receive, and propensities
to pay, report and ask for help. Awareness (the scenario's, raised by campaigns) lowers engagement
and payment and raises reporting:

    engagement = engagement_prob * (1 - awareness_engagement_effect * awareness) * (1 - spent / population)
                 * platforms' engagement factor
    pay        = pay_prob * (1 - awareness_pay_effect * awareness)
    report     = min(1, report_prob * (1 + awareness_report_effect * awareness) * shift)

where ``shift`` is 1, but for Moroccan victims after 2019 (shift.py).

``population`` is the market's reachable pool (``online_population``), and ``spent`` the past victims
still in it: every victim joins it, and each week a share of it is replaced by newcomers
(``victims.reachable_turnover_per_year``), so a pool worked hard is depleted, then renews.
"""

from __future__ import annotations

import numpy as np

from .scenario import DOMESTIC_MARKET, MODI_OPERANDI, Scenario


class TargetMarkets:
    def __init__(self, scenario: Scenario):
        markets = scenario.markets
        v = scenario.victims
        self.names = list(markets)
        self.domestic = self.names.index(DOMESTIC_MARKET)

        def col(field):
            return np.array([getattr(m, field) for m in markets.values()], dtype=float)

        self.population = col("online_population")
        self.recording = col("recording_prob")
        self.demand_log_median = np.log(col("demand_median_mad"))
        self.demand_sigma = col("demand_sigma")
        self.demand_max = col("demand_max_mad").astype(np.int64)
        self._victims = v
        self._scenario_awareness = col("awareness")
        self._engagement_prob = col("engagement_prob")
        self._pay_prob = col("pay_prob")
        self._report_prob = col("report_prob")
        self._help_prob = col("help_prob")
        self._report_shift = np.ones(len(self.names))
        mo = scenario.scammers.modi_operandi
        weights = np.array([[mo[name].targeting.get(m, 0.0) for m in self.names] for name in MODI_OPERANDI])
        self.targeting = weights / weights.sum(axis=1, keepdims=True)  # (modus operandi, market)
        self.victims_so_far = np.zeros(len(self.names), dtype=np.int64)
        self.spent = np.zeros(len(self.names))  # past victims still in the reachable pool
        self._stay_per_week = np.exp(-v.reachable_turnover_per_year * 7 / 365)
        self.apply_policy(awareness_gain=np.zeros(len(self.names)), help_gain=np.zeros(len(self.names)),
                          engagement_factor=1.0)

    def apply_policy(self, awareness_gain: np.ndarray, help_gain: np.ndarray, engagement_factor: float) -> None:
        """Set today's awareness and propensities (policy levels from the interventions in force)."""
        v = self._victims
        self.awareness = self._scenario_awareness + (1.0 - self._scenario_awareness) * awareness_gain
        self.engagement = (self._engagement_prob * (1.0 - v.awareness_engagement_effect * self.awareness)
                           * engagement_factor)
        self.pay = self._pay_prob * (1.0 - v.awareness_pay_effect * self.awareness)
        self.help = np.minimum(1.0, self._help_prob + help_gain)
        self._set_report()
        self.refresh()

    def shift(self, domestic_report_factor: float) -> None:
        """The change after 2019 in Moroccan victims' chance to report (shift.py)."""
        self._report_shift[self.domestic] = domestic_report_factor
        self._set_report()

    def _set_report(self) -> None:
        self.report = np.minimum(1.0, self._report_prob * (1.0 + self._victims.awareness_report_effect * self.awareness)
                                 * self._report_shift)

    def add_victims(self, by_market: np.ndarray) -> None:
        self.victims_so_far += by_market
        self.spent += by_market

    def week_passed(self) -> None:
        """Newcomers replace a week's share of the past victims; the contact chances follow."""
        self.spent *= self._stay_per_week
        self.refresh()

    def refresh(self) -> None:
        """Recompute the contact chances from the share of each reachable pool not yet victimized.

        Called weekly: the share moves slowly, and the daily contacts use the cached values.
        """
        susceptible = np.clip(1.0 - self.spent / self.population, 0.0, 1.0)
        #: chance per contact of a recording, by (modus operandi, market), before the scammer's skill
        self.recording_weights = self.targeting * (self.engagement * self.recording * susceptible)
        per_mo = self.recording_weights.sum(axis=1)
        #: ... summed over markets, by modus operandi
        self.recording_by_mo = per_mo
        #: cumulative market shares of recordings, by modus operandi (to draw a victim's market)
        self.recording_market_cdf = np.cumsum(self.recording_weights / np.where(per_mo > 0, per_mo, 1.0)[:, None], axis=1)
        #: chance per contact of an engaged video chat, by modus operandi
        self.engagement_by_mo = (self.targeting * (self.engagement * susceptible)).sum(axis=1)

    def draw_demands(self, markets: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """First demands in whole MAD: lognormal around the market's median, capped at its maximum."""
        raw = np.exp(self.demand_log_median[markets] + self.demand_sigma[markets] * rng.standard_normal(markets.size))
        return np.clip(np.rint(raw), 1, self.demand_max[markets]).astype(np.int64)
