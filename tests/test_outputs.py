"""The output registry: the only declaration of outputs; families add up to their totals every day."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from simulation import ExtortionModel, ScenarioError, load_scenario
from simulation.registry import OUTPUTS, expand, names

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model() -> ExtortionModel:
    """A short run with monitored offices in the hub towns from mid-2015: a monthly cap sends some
    payments through other channels, and scammers move to offices elsewhere."""
    scenario = load_scenario(ROOT / "scenarios/baseline.toml").with_overrides({"run.end": "2016-12-31"})
    scenario = scenario.with_interventions({"name": "mta_monitoring", "start": date(2015, 7, 1), "monthly_receipt_cap": 1,
                                            "towns": ["oued_zem", "khouribga", "beni_mellal", "khenifra"]})
    return ExtortionModel(scenario, seed=3).run()


def test_docs_table_is_generated_from_the_registry():
    done = subprocess.run([sys.executable, "scripts/outputs_table.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr


def test_a_run_records_exactly_the_declared_outputs(model):
    declared = expand(model.markets.names, model.town_names)
    assert list(model.results.outputs) == [o.name for o in declared]
    assert model.results.flow_names + model.results.stock_names == sorted(
        model.results.outputs, key=lambda name: model.results.outputs[name].kind != "flow")
    assert all(o.label and o.label_fr and o.unit and o.description for o in declared)


def test_every_family_adds_up_to_its_total_every_day(model):
    daily = model.results.daily()
    families = [o for o in OUTPUTS if o.sums_to]
    assert {o.sums_to for o in families} >= {"amount_paid_mad", "mta_fees_mad", "other_channel_costs_mad",
                                             "scammer_income_mad", "victims_threatened", "active_scammers"}
    for family in families:
        columns = names(family.name, model.markets.names, model.town_names)
        total = daily[family.sums_to].to_numpy()
        assert total.sum() > 0, f"{family.sums_to} never counted: nothing to check"
        assert np.array_equal(daily[columns].sum(axis=1).to_numpy(), total), family.name
    money = daily[["mta_fees_mad", "other_channel_costs_mad", "scammer_income_mad"]].sum(axis=1)
    assert np.array_equal(money.to_numpy(), daily["amount_paid_mad"].to_numpy())
    assert (daily["mta_fees_mad_via_other_channel"] == 0).all() and (daily["other_channel_costs_mad_via_elsewhere"] == 0).all()


def test_families_of_pairs_add_up_to_each_side(model):
    """Money by market and outlet adds up to the money by market and to the money by outlet; income
    by outlet and home town to the income by outlet and by home town (the money-flow diagram)."""
    daily = model.results.daily()
    markets, towns = model.markets.names, model.town_names
    for pair, left, right in (("amount_paid_mad_{market}_via_{outlet}", "amount_paid_mad_{market}",
                               "amount_paid_mad_via_{outlet}"),
                              ("scammer_income_mad_via_{outlet}_home_{town}", "scammer_income_mad_via_{outlet}",
                               "scammer_income_mad_home_{town}")):
        left_names, right_names = names(left, markets, towns), names(right, markets, towns)
        grid = daily[names(pair, markets, towns)].to_numpy().reshape(len(daily), len(left_names), len(right_names))
        assert np.array_equal(grid.sum(axis=2), daily[left_names].to_numpy()), pair
        assert np.array_equal(grid.sum(axis=1), daily[right_names].to_numpy()), pair
        assert (grid.sum(axis=0) > 0).sum() > len(left_names), f"{pair}: too few pairs counted to check"


def test_a_town_named_like_a_bucket_is_refused():
    with pytest.raises(ScenarioError, match="named twice"):
        expand(["morocco"], ["oued_zem", "other_channel"])
