"""Interventions: each lever moves what it should, by more than the spread across paired seeds (slow:
the calibrated baseline, 3 seeds per lever); a lever at intensity 0 changes nothing; schedules, costs
and validation (on the tiny scenario, scenarios/tiny.toml)."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.batch import Job, run_batch
from frames import assert_same_frame
from simulation import ExtortionModel, ScenarioError, load_scenario
from simulation.interventions import REGISTRY

SEEDS = (1, 2, 3)
HUBS = ["oued_zem", "khouribga", "beni_mellal", "khenifra"]
# case -> (lever, {output: expected sign of (with lever - without), over the paired seeds})
EXPECTED = {
    "awareness": ({"name": "awareness"}, {"victims_threatened": -1, "payments": -1}),
    "takedown": ({"name": "takedown"}, {"takedowns": +1, "help_requests": +1, "payments_per_victim": -1,
                                        "repeat_demands_per_victim": -1}),
    # monitoring everywhere with a tight cap: more flags, receipts pushed to other channels
    "mta_monitoring": ({"name": "mta_monitoring", "monthly_receipt_cap": 2},
                       {"mta_flags": +1, "payments_other_channel": +1}),
    # monitoring only the hub towns: scammers move to offices elsewhere (displacement)
    "mta_monitoring_hubs": ({"name": "mta_monitoring", "towns": HUBS},
                            {"office_moves": +1, "cashing_out_elsewhere": +1}),
    "police_capacity": ({"name": "police_capacity"}, {"arrests": +1, "in_prison": +1}),
    # more foreign reports reach the police as leads; arrests rise only where units have spare
    # capacity, which the calibrated units lack (their queues grow: docs/calibration.md)
    "cooperation": ({"name": "cooperation"}, {"victims_foreign": +1, "cases_recorded": +1, "police_queue": +1}),
    "platform_detection": ({"name": "platform_detection"}, {"profiles_removed": +1, "victims_threatened": -1}),
    # fewer active scammers through more exits (recruits count returns too, so they need not fall)
    "youth_employment": ({"name": "youth_employment"}, {"desistances": +1, "active_scammers": -1}),
    "sentencing": ({"name": "sentencing"}, {"in_prison": +1}),
}
ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "scenarios" / "tiny.toml"  # 2014-2016
END = "2019-12-31"
LEVER_START = date(2017, 7, 1)
PERIOD = (2017, 2019)  # years summed; stocks taken at the end
STOCKS = ("active_scammers", "in_prison", "cashing_out_elsewhere", "police_queue")


def summarise(annual: pd.DataFrame) -> dict:
    """Flows summed over PERIOD, stocks at the end, and the scammers' leverage."""
    period = annual[annual.year.between(*PERIOD)]
    result = period.sum(numeric_only=True).to_dict()
    result.update({name: annual[name].iloc[-1] for name in STOCKS})
    # the scammers' leverage: what a threatened victim ends up doing
    result["payments_per_victim"] = result["payments"] / result["victims_threatened"]
    result["repeat_demands_per_victim"] = result["repeat_demands"] / result["victims_threatened"]
    return result


@pytest.fixture(scope="module")
def paired():
    """(case, seed) -> outcomes of the baseline to END (case None) and of each lever from LEVER_START.
    Six jobs in two worker processes: per seed, the first case of each half of the cases is run
    whole and the others go on from a copy of it on the day their levers part (LEVER_START), the
    same tables as runs of their own (tests/test_branch.py), so 2014 to mid-2017 is simulated twice
    per seed instead of ten times."""
    base = load_scenario(ROOT / "scenarios" / "baseline.toml").with_overrides({"run.end": END})
    scenarios = {"baseline": base, **{case: base.with_interventions({"start": LEVER_START, **lever})
                                      for case, (lever, _) in EXPECTED.items()}}
    cases = list(scenarios)
    halves = (cases[: len(cases) // 2], cases[len(cases) // 2:])
    jobs = [Job(scenarios[part[0]], seed, label=part[0], branches=tuple((scenarios[c], c) for c in part[1:]))
            for seed in SEEDS for part in halves]
    table = run_batch(jobs, workers=2, progress=False)
    return {(None if case == "baseline" else case, seed): summarise(annual)
            for (case, seed), annual in table.groupby(["scenario", "seed"])}


def test_every_lever_has_an_expected_effect_under_test():
    assert {lever["name"] for lever, _ in EXPECTED.values()} == set(REGISTRY)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_lever_moves_its_outputs_beyond_the_spread_of_replicates(paired, case):
    for output, sign in EXPECTED[case][1].items():
        differences = np.array([paired[(case, s)][output] - paired[(None, s)][output] for s in SEEDS])
        standard_error = differences.std(ddof=1) / np.sqrt(len(SEEDS))
        assert np.all(np.sign(differences) == sign), f"{case} -> {output}: paired differences {differences}"
        assert abs(differences.mean()) > 2 * standard_error, f"{case} -> {output}: {differences}"


def short_baseline():
    """The tiny scenario: the baseline's levers and validation on a small network, 2014-2016."""
    return load_scenario(TINY)


def two_years():
    return short_baseline().with_overrides({"run.end": "2015-12-31"})


@pytest.fixture(scope="module")
def plain():
    """The tiny scenario to 2015 without a new lever, seed 4: its daily table and event log."""
    model = ExtortionModel(two_years(), seed=4).run()
    events = model.log.to_frame(model.start)
    # every mechanism a lever acts on has run
    assert {"payment", "takedown", "mta_flag", "arrest", "conviction", "release"} <= set(events["event"].astype(str))
    return model.results.daily(), events


@pytest.mark.parametrize("lever", sorted(REGISTRY))
def test_a_lever_at_intensity_zero_or_after_the_run_changes_nothing(lever, plain):
    daily, events = plain
    for spec in ({"name": lever, "start": date(2014, 7, 1), "intensity": 0.0},
                 {"name": lever, "start": date(2016, 1, 1), "cost_per_year_mad": 1e6}):
        with_lever = ExtortionModel(two_years().with_interventions(spec), seed=4).run()
        assert_same_frame(daily, with_lever.results.daily())
        assert_same_frame(events, with_lever.log.to_frame(with_lever.start))


def test_recurring_schedule_fade_and_cost():
    spec = {"name": "awareness", "start": date(2014, 6, 1), "end": date(2015, 12, 31), "intensity": 0.5,
            "recurring": {"month": 12, "day": 1, "weeks": 2}, "fade_half_life_days": 10.0,
            "cost_per_year_mad": 365000.0}
    model = ExtortionModel(short_baseline().with_interventions(spec), seed=1)
    lever = model.interventions[-1]
    dates = pd.date_range(model.start, periods=model.days)
    in_force = dates[lever.in_force]
    assert list(in_force.year.unique()) == [2014, 2015] and set(in_force.month) == {12} and in_force.day.max() == 14
    assert lever.levels[dates.get_loc("2014-12-05")] == 0.5
    assert lever.levels[dates.get_loc("2014-12-24")] == pytest.approx(0.5 * 0.5 ** (10 / 10))
    assert lever.levels[dates.get_loc("2014-11-30")] == 0.0
    model.run()
    daily = model.results.daily()
    # 365,000 MAD per unit of intensity per year, at intensity 0.5, for 28 days in force
    assert daily["intervention_cost_mad"].sum() == pytest.approx(365000 * 0.5 * 28 / 365, abs=28)
    assert lever.cost_mad == pytest.approx(365000 * 0.5 * 28 / 365)


def test_presets_load_and_extend_the_baseline():
    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    names = ["awareness", "takedown", "mta_monitoring", "police_capacity", "cooperation", "platform_detection",
             "youth_employment", "sentencing", "combined"]
    for name in names:
        preset = load_scenario(ROOT / "scenarios" / f"{name}.toml")
        assert preset.run.name == name and str(preset.run.end) == "2030-12-31" and len(preset.run.description) > 80
        assert preset.interventions[: len(baseline.interventions)] == baseline.interventions
        new = preset.interventions[len(baseline.interventions):]
        assert new and all(str(lever.start) == "2026-01-01" for lever in new)
        assert preset.markets == baseline.markets and preset.police == baseline.police
    assert str(load_scenario(ROOT / "scenarios" / "baseline_2030.toml").run.end) == "2030-12-31"


def test_levers_serialise_back_to_scenario_files():
    scenario = load_scenario(ROOT / "scenarios" / "combined.toml")
    for params in scenario.interventions:
        text = REGISTRY[params.name](params).to_toml()
        entry = tomllib.loads(text)["interventions"][0]
        again = REGISTRY[params.name].Params.model_validate(entry)
        assert again == params


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "leaflets", "start": date(2026, 1, 1)}, r"interventions\[3\]\.name: unknown intervention 'leaflets'"),
        ({"name": "awareness", "start": date(2026, 1, 1), "intensity": 1.5},
         r"interventions\[3\]\.intensity: must be <= 1\.0 \(got 1\.5\)"),
        ({"name": "awareness", "start": date(2026, 1, 1), "end": date(2025, 1, 1)},
         r"interventions\[3\]: end \(2025-01-01\) must be on or after start \(2026-01-01\)"),
        ({"name": "awareness"}, r"interventions\[3\]\.start: required value is missing"),
        ({"name": "awareness", "start": date(2026, 1, 1), "recurring": {"month": 13, "weeks": 2}},
         r"interventions\[3\]\.recurring\.month: must be <= 12"),
        ({"name": "mta_monitoring", "start": date(2026, 1, 1), "towns": ["casablanca"]},
         r"interventions\[3\]\.towns: unknown \['casablanca'\]"),
        ({"name": "sentencing", "start": date(2026, 1, 1), "sentence_gian": 1.0},
         r"interventions\[3\]\.sentence_gian: unknown key"),
    ],
)
def test_bad_intervention_entries_are_clear_errors(entry, message):
    with pytest.raises(ScenarioError, match=message):
        short_baseline().with_interventions(entry)


def test_bad_intervention_in_a_file_names_the_entry(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(f'extends = "{ROOT / "scenarios" / "baseline_2030.toml"}"\n\n'
                    "[[interventions]]\nname = \"awareness\"\nstart = 2026-01-01\nintensity = -0.2\n")
    with pytest.raises(ScenarioError, match=r"interventions\[3\]\.intensity: must be >= 0\.0 \(got -0\.2\)"):
        load_scenario(path)
