"""Paired runs for the intervention tests (a module so that worker processes can import it).

The baseline runs without a new lever are also the baseline regression's (tests/test_baseline.py:
same scenario, seeds and end): whichever test runs first keeps them in ``BASELINE_ANNUAL`` for the
other, in the same pytest session.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from simulation import ExtortionModel, load_scenario

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml"
END = "2019-12-31"
LEVER_START = date(2017, 7, 1)
PERIOD = (2017, 2019)  # years summed; stocks taken at the end
STOCKS = ("active_scammers", "in_prison", "cashing_out_elsewhere", "police_queue")
BASELINE_ANNUAL: dict[int, pd.DataFrame] = {}  # seed -> annual table of the baseline to END, this process


def annual(lever: dict | None, seed: int) -> pd.DataFrame:
    """The annual table of the baseline to END, with ``lever`` from LEVER_START (None: no new lever)."""
    scenario = load_scenario(BASELINE).with_overrides({"run.end": END})
    if lever is not None:
        scenario = scenario.with_interventions({"start": LEVER_START, **lever})
    return ExtortionModel(scenario, seed=seed).run().results.annual()


def baseline_annual(seed: int) -> pd.DataFrame:
    """The baseline's annual table to END for ``seed``, run once in this process."""
    if seed not in BASELINE_ANNUAL:
        BASELINE_ANNUAL[seed] = annual(None, seed)
    return BASELINE_ANNUAL[seed]


def summarise(annual: pd.DataFrame) -> dict:
    """Flows summed over PERIOD, stocks at the end, and the scammers' leverage."""
    period = annual[annual.year.between(*PERIOD)]
    result = period.sum(numeric_only=True).to_dict()
    result.update({name: annual[name].iloc[-1] for name in STOCKS})
    # the scammers' leverage: what a threatened victim ends up doing
    result["payments_per_victim"] = result["payments"] / result["victims_threatened"]
    result["repeat_demands_per_victim"] = result["repeat_demands"] / result["victims_threatened"]
    return result


def outcomes(lever: dict | None, seed: int) -> dict:
    return summarise(annual(lever, seed))
