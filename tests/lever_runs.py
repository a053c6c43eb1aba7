"""Paired runs for the intervention tests (a module so that worker processes can import it)."""

from __future__ import annotations

from datetime import date

from simulation import ExtortionModel, load_scenario

END = "2019-12-31"
LEVER_START = date(2017, 7, 1)
PERIOD = (2017, 2019)  # years summed; stocks taken at the end
STOCKS = ("active_scammers", "in_prison", "cashing_out_elsewhere", "police_queue")


def outcomes(lever: dict | None, seed: int) -> dict:
    scenario = load_scenario("scenarios/baseline.toml").with_overrides({"run.end": END})
    if lever is not None:
        scenario = scenario.with_interventions({"start": LEVER_START, **lever})
    annual = ExtortionModel(scenario, seed=seed).run().results.annual()
    period = annual[annual.year.between(*PERIOD)]
    result = period.sum(numeric_only=True).to_dict()
    result.update({name: annual[name].iloc[-1] for name in STOCKS})
    # the scammers' leverage: what a threatened victim ends up doing
    result["payments_per_victim"] = result["payments"] / result["victims_threatened"]
    result["repeat_demands_per_victim"] = result["repeat_demands"] / result["victims_threatened"]
    return result
