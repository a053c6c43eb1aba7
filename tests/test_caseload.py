"""The wider cyber caseload takes a growing share of the police units' capacity (police.py), on the
tiny scenario (2014-2016)."""

from __future__ import annotations

from pathlib import Path

from simulation import ExtortionModel

TINY = Path(__file__).resolve().parent.parent / "scenarios" / "tiny.toml"


def _model(loss: float, seed: int = 1, from_year: int = 2015) -> ExtortionModel:
    return ExtortionModel(TINY, seed=seed, events="none",
                          police__capacity_loss_per_year=loss, police__caseload_from_year=from_year)


def test_capacity_shrinks_by_the_yearly_share_from_the_first_year():
    model = _model(0.3)
    scenario_capacity = {name: unit.scenario_capacity for name, unit in model.police.units.items()}
    for year, day in ((2014, 364), (2015, 365), (2016, 731)):  # the last day of 2014, the first of 2015 and 2016
        while model.day <= day:
            model.step()
        kept = 0.7 ** max(year - 2015 + 1, 0)
        assert {n: u.capacity for n, u in model.police.units.items()} == \
            {n: int(round(c * kept)) for n, c in scenario_capacity.items()}, year


def test_no_loss_changes_nothing_and_a_loss_means_fewer_arrests_on_paired_seeds():
    arrests = {0.0: 0, 0.6: 0}
    for seed in (1, 2, 3):
        default = ExtortionModel(TINY, seed=seed, events="none").run().results.daily()
        runs = {loss: _model(loss, seed, from_year=2014).run().results.daily() for loss in arrests}
        assert default.equals(runs[0.0])
        for loss, daily in runs.items():
            arrests[loss] += int(daily["arrests"].sum())
    assert arrests[0.6] < 0.8 * arrests[0.0], arrests
