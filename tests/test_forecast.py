"""The forecast, magnitudes and preset effects of docs/validation.md, from a comparison's table
(a made-up table here: the arithmetic is under test, not the model)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import forecast as F

OUTPUTS = ["victims_threatened", "victims_paid", "amount_paid_mad", "cases_recorded", "arrests", "intervention_cost_mad",
           "active_scammers", "office_moves", "payments_other_channel", "victims_moroccan", "victims_foreign"]


def _table() -> pd.DataFrame:
    """Ten replicates; the baseline has 1,000 x (replicate + 1) victims a year; the scenario spares
    10 % of them at a cost of 5,000 MAD a year."""
    rows = []
    for seed in range(1, 11):
        for year in range(2021, 2027):
            base = {o: 1.0 for o in OUTPUTS} | {"victims_threatened": 1000.0 * seed, "victims_moroccan": 3.0 * seed,
                                                "victims_foreign": 1.0, "intervention_cost_mad": 0.0}
            rows.append({"scenario": "baseline", "seed": seed, "param_set": seed - 1, "year": year, **base})
            rows.append({"scenario": "lever", "seed": seed, "param_set": seed - 1, "year": year,
                         **base, "victims_threatened": 900.0 * seed, "intervention_cost_mad": 5000.0})
    return pd.DataFrame(rows)


def test_forecast_bands_and_published_figures():
    runs = F.baseline_runs(_table(), "baseline")
    frame = F.forecast(runs, range(2021, 2023)).set_index(["output", "year"])
    assert frame.loc[("victims_recorded", 2022), "median"] == pytest.approx(np.median([3 * s + 1 for s in range(1, 11)]))
    assert frame.loc[("victims_recorded", 2022), "p05"] == pytest.approx(np.percentile([3 * s + 1 for s in range(1, 11)], 5))
    assert frame.loc[("arrests", 2021), "published"] == 270
    assert np.isnan(frame.loc[("arrests", 2022), "published"])


def test_effects_over_the_replicates_and_by_thirds_of_the_baseline():
    row = F.effects(_table(), "baseline", (2026, 2026)).set_index("scenario").loc["lever"]
    assert row["spared_pct_median"] == pytest.approx(10.0)
    assert row["spared_median"] == pytest.approx(np.median([100.0 * s for s in range(1, 11)]))
    assert row["spared_fewest"] < row["spared_most"]  # the same share of a larger baseline
    assert row["cost_per_victim_spared_fewest"] > row["cost_per_victim_spared_most"]
    assert row["cost_per_victim_spared_most"] == pytest.approx(np.median([5000 / (100 * s) for s in (8, 9, 10)]))
