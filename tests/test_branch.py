"""Paired scenarios that share the baseline's history: a branch is exactly the scenario's own run."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pathlib import Path

from analysis.batch import Job, run_job
from simulation import ExtortionModel, load_scenario

TINY = Path(__file__).resolve().parent.parent / "scenarios" / "tiny.toml"
BASE = load_scenario(TINY).with_overrides({"run.end": "2016-06-30"})
LEVERS = ({"name": "awareness", "start": date(2015, 7, 1), "reach": 0.5, "awareness_gain": 0.5},
          {"name": "mta_monitoring", "start": date(2015, 10, 1), "end": date(2016, 3, 31)})
SCENARIOS = [BASE.with_interventions(lever).with_overrides({"run.name": lever["name"]}) for lever in LEVERS]


def test_a_branch_is_the_scenarios_own_run():
    base = ExtortionModel(BASE, seed=7, events="none")
    for scenario in SCENARIOS:
        shared = base.shared_days(scenario)
        assert shared == (scenario.interventions[-1].start - BASE.run.start).days
        while base.day < shared:
            base.step()
        branch = base.branch(scenario).run()
        alone = ExtortionModel(scenario, seed=7, events="none").run()
        pd.testing.assert_frame_equal(branch.results.daily(), alone.results.daily())
        assert branch.scenario.run.name == scenario.run.name
    base.run()  # the baseline goes on untouched by its branches
    pd.testing.assert_frame_equal(base.results.daily(), ExtortionModel(BASE, seed=7, events="none").run().results.daily())


def test_a_branch_is_refused_once_the_runs_have_parted():
    model = ExtortionModel(BASE, seed=7, events="none")
    other_parameters = BASE.with_overrides({"scammers.contact_rate_per_day": 20})
    assert model.shared_days(other_parameters) == 0
    with pytest.raises(ValueError, match="has differed from this run before day 0"):
        model.branch(other_parameters)
    while model.day <= model.shared_days(SCENARIOS[0]):
        model.step()
    with pytest.raises(ValueError, match="has differed from this run before day"):
        model.branch(SCENARIOS[0])


def test_a_job_with_branches_gives_the_tables_of_separate_runs():
    joined = run_job(Job(BASE, 3, label="base", branches=tuple((s, s.run.name) for s in SCENARIOS)))
    labels = ["base", *(lever["name"] for lever in LEVERS)]
    alone = pd.concat([run_job(Job(s, 3, label=label)) for s, label in zip([BASE, *SCENARIOS], labels)],
                      ignore_index=True)
    pd.testing.assert_frame_equal(joined, alone)
