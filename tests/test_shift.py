"""The change after 2019 (shift.py): police capacity, Moroccan victims' reporting and the forwarding
of foreign reports move by calendar year, and each moves what it should, on the tiny scenario."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from simulation import ExtortionModel
from simulation.scenario import ScenarioError, load_scenario

TINY = Path(__file__).resolve().parent.parent / "scenarios" / "tiny.toml"
SEEDS = (1, 2, 3)


def _model(seed: int = 1, **shift) -> ExtortionModel:
    return ExtortionModel(TINY, seed=seed, events="none", **{f"shift__{k}": v for k, v in shift.items()})


@cache
def _daily(seed: int, **shift):
    return _model(seed, **shift).run().results.daily()


def _total(column: str, **shift) -> int:
    """Summed over the paired seeds; a shift given is in full force from 2014."""
    if shift:
        shift = dict(from_year=2014, to_year=2014) | shift
    return sum(int(_daily(seed, **shift)[column].sum()) for seed in SEEDS)


def test_each_factor_is_phased_in_by_year_and_held():
    model = _model(from_year=2015, to_year=2016, capacity_loss=0.4, domestic_report_gain=1.0, forward_loss=0.5)
    capacity = {name: unit.scenario_capacity for name, unit in model.police.units.items()}
    domestic = model.markets.domestic
    report, forward = model.markets.report[domestic], model.complaints._forward
    for day, share in ((364, 0.0), (365, 0.5), (729, 0.5), (730, 1.0), (1095, 1.0)):  # 31 Dec 2014, 1 Jan and 31 Dec 2015, 2016
        while model.day <= day:
            model.step()
        assert {n: u.capacity for n, u in model.police.units.items()} == \
            {n: int(round(c * (1 - 0.4 * share))) for n, c in capacity.items()}, day
        assert model.markets.report[domestic] == pytest.approx(report * (1 + 1.0 * share)), day
        assert model.complaints._forward == pytest.approx(forward * (1 - 0.5 * share)), day


def test_no_shift_changes_nothing():
    for seed in SEEDS:
        assert _daily(seed).equals(_daily(seed, from_year=2014, capacity_loss=0.0, domestic_report_gain=0.0,
                                          forward_loss=0.0))


def test_each_shift_moves_its_own_outputs_on_paired_seeds():
    assert _total("arrests", capacity_loss=0.9) < 0.8 * _total("arrests")  # the tiny run needs little capacity
    assert _total("victims_moroccan", domestic_report_gain=1.0) > 1.5 * _total("victims_moroccan")
    assert _total("victims_foreign", forward_loss=0.8) < 0.5 * _total("victims_foreign")


def test_years_out_of_order_are_refused_naming_the_field():
    with pytest.raises(ScenarioError, match="shift") as error:
        load_scenario(TINY).with_overrides({"shift__from_year": 2022, "shift__to_year": 2021})
    assert "to_year" in str(error.value)
