"""The money-flow diagram and its chart of changes, from real runs of the tiny scenario (no browser)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.batch import Job, run_job
from dashboard.i18n import number
from dashboard.money import change_figure, node_label, sankey_figure
from simulation import ExtortionModel, load_scenario

ROOT = Path(__file__).resolve().parent.parent
TOWNS = ["oued_zem", "khouribga", "beni_mellal", "khenifra"]  # the monitored ones; "elsewhere" is not


@pytest.fixture(scope="module")
def runs():
    """The tiny scenario and the same with monitored offices in the hub towns from mid-2015 (a cap
    of one receipt a month: payments go through other channels, scammers move to other towns'
    offices), seeds 1 and 2; the daily table of the monitored run of seed 1."""
    base = load_scenario(ROOT / "scenarios/tiny.toml")
    monitored = base.with_interventions({"name": "mta_monitoring", "start": date(2015, 7, 1), "monthly_receipt_cap": 1,
                                         "towns": TOWNS})
    model = ExtortionModel(monitored, seed=1, events="none").run()
    own = model.results.annual().assign(scenario="monitored", seed=1, param_set=-1)
    others = [run_job(Job(base, seed, label="tiny")) for seed in (1, 2)] + [run_job(Job(monitored, 2, label="monitored"))]
    return base, pd.concat([own, *others], ignore_index=True), model.results.daily()


def test_every_band_equals_the_daily_table_to_the_dirham(runs):
    base, table, daily = runs
    markets, towns = list(base.markets), list(base.towns)
    years = (2015, 2016)
    one_run = table[table["seed"] == 1]
    fig = sankey_figure(one_run, "monitored", years, markets, towns, "en")
    sankey = fig.data[0]
    period = daily[daily["date"].dt.year.between(*years)]

    def total(column: str) -> int:
        return int(period[column].sum())

    labels = list(sankey.node.label)
    node = {label: i for i, label in enumerate(labels)}
    links = pd.DataFrame({"source": [labels[i] for i in sankey.link.source],
                          "target": [labels[i] for i in sankey.link.target], "value": sankey.link.value})
    assert (links["value"] == links["value"].round()).all()
    out_of, into = links.groupby("source")["value"].sum(), links.groupby("target")["value"].sum()

    def label(node_id: str) -> str:
        return node_label(node_id, "en")

    outlets = [*towns, "other_channel"]
    for market in markets:  # each market: what its victims paid, cashed out at each outlet
        assert out_of.get(label(f"market:{market}"), 0) == total(f"amount_paid_mad_{market}")
        for outlet in outlets:
            band = links[(links["source"] == label(f"market:{market}")) & (links["target"] == label(f"outlet:{outlet}"))]
            assert band["value"].sum() == total(f"amount_paid_mad_{market}_via_{outlet}")
    for outlet in outlets:  # each outlet: as much leaves it as reaches it, split into fees, costs and income
        name = label(f"outlet:{outlet}")
        assert into.get(name, 0) == out_of.get(name, 0) == total(f"amount_paid_mad_via_{outlet}")
        leaving = links[links["source"] == name].set_index("target")["value"]
        assert leaving.get(label("fees:"), 0) == total(f"mta_fees_mad_via_{outlet}")
        assert leaving.get(label("costs:"), 0) == total(f"other_channel_costs_mad_via_{outlet}")
        assert sum(leaving.get(label(f"home:{town}"), 0) for town in towns) == total(f"scammer_income_mad_via_{outlet}")
    for town in towns:
        assert into.get(label(f"home:{town}"), 0) == total(f"scammer_income_mad_home_{town}")
    assert into[label("fees:")] == total("mta_fees_mad") and into[label("costs:")] == total("other_channel_costs_mad")
    assert links["value"].sum() == 2 * total("amount_paid_mad")  # markets to outlets, then outlets onwards
    assert total("other_channel_costs_mad") > 0 and total("amount_paid_mad_via_elsewhere") > 0  # both were used
    paid = number(total("amount_paid_mad"), "en")
    assert f"{paid} MAD paid" in fig.layout.title.text
    assert sankey.node.customdata[node[label("fees:")]][0] == number(total("mta_fees_mad"), "en")


def test_bands_are_medians_over_the_seeds_with_their_90_percent_band(runs):
    base, table, _ = runs
    fig = sankey_figure(table, "tiny", (2016, 2016), list(base.markets), list(base.towns), "fr")
    sankey = fig.data[0]
    per_seed = table[(table["scenario"] == "tiny") & (table["year"] == 2016)]["amount_paid_mad_gulf_via_oued_zem"]
    labels = list(sankey.node.label)
    assert "Victimes\u00a0: Golfe" in labels and "Agences\u00a0: Oued Zem" in labels
    i = next(i for i, (s, t) in enumerate(zip(sankey.link.source, sankey.link.target))
             if labels[s] == "Victimes\u00a0: Golfe" and labels[t] == "Agences\u00a0: Oued Zem")
    assert per_seed.nunique() == 2 and sankey.link.value[i] == per_seed.median()
    median, share, low, high = sankey.link.customdata[i]
    assert (median, low, high) == tuple(number(v, "fr") for v in per_seed.quantile([0.5, 0.05, 0.95]))
    assert "," in share and "bande à 90" in sankey.link.hovertemplate


def test_the_change_shows_money_leaving_the_monitored_towns(runs):
    base, table, _ = runs
    fig = change_figure(table, "tiny", "monitored", (2016, 2016), list(base.markets), list(base.towns), "en")
    bars = fig.data[0]
    change = dict(zip(bars.y, bars.x))
    rows = table[table["year"] == 2016].set_index(["scenario", "seed"])
    for outlet in [*TOWNS, "elsewhere", "other_channel"]:
        column = f"amount_paid_mad_via_{outlet}"
        paired = rows.loc["monitored", column] - rows.loc["tiny", column]
        assert change[node_label(f"outlet:{outlet}", "en")] == paired.median()
    assert all(change[node_label(f"outlet:{town}", "en")] < 0 for town in TOWNS)
    assert change[node_label("outlet:elsewhere", "en")] > 0 and change[node_label("outlet:other_channel", "en")] > 0
    low = np.array(bars.x) - np.array(bars.error_x.arrayminus)
    assert (low <= np.array(bars.x)).all() and "monitored" in fig.layout.title.text
