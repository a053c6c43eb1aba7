"""Scenario comparison: tidy batch table, paired seeds, summary statistics, workers, ensemble, CLI.

The tiny scenario (scenarios/tiny.toml), short horizons (2014-2015, period 2015) and 2-3
replicates keep this quick.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.batch import Job, run_batch
from analysis.compare import OUTCOMES, CompareError, compare
from simulation import ScenarioError, load_scenario
from simulation.registry import expand

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "scenarios" / "tiny.toml"
END = "2015-12-31"
PERIOD = (2015, 2015)
SEEDS = [1, 2, 3]
DIFFS = ["mean_diff", "diff_p05", "diff_p95", "ci90_low", "ci90_high"]


@pytest.fixture(scope="module")
def base():
    return load_scenario(TINY).with_overrides({"run.end": END})


@pytest.fixture(scope="module")
def compared(base, tmp_path_factory):
    """Baseline vs an identical copy and vs a doubled contact rate, 3 paired replicates, in this
    process (worker processes take longer to start than tiny runs: test_same_results_with_two_workers)."""
    same = base.with_overrides({"run.name": "same"})
    high = base.with_overrides({"run.name": "high_contact", "scammers.contact_rate_per_day": 60.0})
    out = tmp_path_factory.mktemp("compare")
    table, summary = compare(base, [same, high], replicates=3, workers=1, out=out, period=PERIOD, progress=False)
    return table, summary, out


def test_tidy_table_shape_and_columns(compared, base):
    table, summary, _ = compared
    assert list(table.columns[:4]) == ["scenario", "seed", "param_set", "year"]
    assert {o.name for o in expand(list(base.markets), list(base.towns))} <= set(table.columns)
    assert len(table) == 3 * 3 * 2  # scenarios x replicates x years
    assert list(table["scenario"].unique()) == ["tiny", "same", "high_contact"]
    assert set(table["year"]) == {2014, 2015} and (table["param_set"] == -1).all()
    assert list(summary["outcome"].unique()) == list(OUTCOMES) and len(summary) == 2 * len(OUTCOMES)
    assert {"baseline_mean", "scenario_mean", *DIFFS, "rel_change_pct", "n"} <= set(summary.columns)
    assert (summary["baseline"] == "tiny").all()


def test_replicates_are_paired_by_seed(compared):
    table = compared[0]
    for _, part in table.groupby("scenario"):
        assert sorted(part["seed"].unique()) == SEEDS


def test_baseline_against_itself_gives_zero_differences(compared):
    summary = compared[1].set_index(["scenario", "outcome"]).loc["same"]
    assert (summary.drop("cost_per_victim_spared_mad")[DIFFS] == 0).all().all()
    assert summary.loc["cost_per_victim_spared_mad", "n"] == 0  # no victim spared: undefined
    assert np.isnan(summary.loc["cost_per_victim_spared_mad", "mean_diff"])


def test_higher_contact_rate_gives_more_victims(compared):
    row = compared[1].set_index(["scenario", "outcome"]).loc[("high_contact", "victims_threatened")]
    assert row["scenario_mean"] > row["baseline_mean"]
    assert row["diff_p05"] > 0 and row["ci90_low"] > 0 and row["rel_change_pct"] > 20
    assert row["ci90_low"] < row["mean_diff"] < row["ci90_high"]


def test_files_written(compared):
    table, summary, out = compared
    pd.testing.assert_frame_equal(pd.read_parquet(out / "replicates.parquet"), table)
    assert len(pd.read_csv(out / "summary.csv")) == len(summary)
    assert (out / "summary.md").read_text().count("| high_contact |") == len(OUTCOMES)
    effects = (out / "effects.md").read_text().splitlines()  # one row per scenario, the change in % of the baseline
    row = next(line for line in effects if line.startswith("| high_contact |")).split(" | ")
    change = summary.set_index(["scenario", "outcome"]).loc[("high_contact", "victims_threatened"), "rel_change_pct"]
    assert sum(line.startswith("| same |") for line in effects) == 1 and row[1].startswith(f"{change:+.0f} % [")
    record = json.loads((out / "compare.json").read_text())
    assert record["seeds"] == SEEDS and record["period"] == list(PERIOD) and record["package_version"]
    for name in ("victims_threatened", "amount_paid_mad"):
        html = (out / f"{name}.html").read_text()
        assert not re.search(r"<script[^>]*\ssrc=", html) and len(html) > 1_000_000  # plotly.js inline


def test_same_results_with_two_workers(base, compared):
    parallel = run_batch([Job(base, seed) for seed in (1, 2)], workers=2, progress=False)
    in_process = compared[0].query("scenario == 'tiny' and seed in (1, 2)").reset_index(drop=True)
    pd.testing.assert_frame_equal(parallel, in_process)


def test_ensemble_applies_parameter_sets(base, compared, tmp_path):
    ensemble = tmp_path / "sets.csv"
    pd.DataFrame({"scammers.contact_rate_per_day": [5.0, 60.0]}).to_csv(ensemble, index=False)
    table, _ = compare(base, [base.with_overrides({"run.name": "same"})], seeds=[1, 2], workers=1,
                       ensemble=ensemble, period=PERIOD, progress=False)
    assert list(table.query("year == 2015")["param_set"]) == [0, 1, 0, 1]
    plain = compared[0].query("scenario == 'tiny' and year == 2015").set_index("seed")["victims_threatened"]
    sets = table.query("scenario == 'tiny' and year == 2015").set_index("seed")["victims_threatened"]
    assert sets[1] < plain[1] and sets[2] > plain[2]  # contact rate 5 and 60 instead of 30


def test_bad_inputs_fail_before_running(base, tmp_path):
    with pytest.raises(CompareError, match="does not cover"):
        compare(base, [base], replicates=1, period=(2026, 2030))
    with pytest.raises(CompareError, match="seeds"):
        compare(base, [base], seeds=[1, 1], period=PERIOD)
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"scammers.no_such_rate": [1.0]}).to_csv(bad, index=False)
    with pytest.raises(ScenarioError, match="scammers.no_such_rate"):
        compare(base, [base], replicates=1, ensemble=bad, period=PERIOD)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulation", *args], cwd=ROOT, capture_output=True, text=True)


def short_toml(tmp_path: Path, name: str, contact_rate_per_day: str | None = None) -> Path:
    """A scenario file extending the tiny scenario, renamed and shortened, with another contact rate."""
    text = f'extends = "{TINY}"\n\n[run]\nname = "{name}"\nend = {END}\n'
    if contact_rate_per_day is not None:
        text += f"\n[scammers]\ncontact_rate_per_day = {contact_rate_per_day}\n"
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return path


def test_cli_writes_files(tmp_path):
    base = short_toml(tmp_path, "base")
    high = short_toml(tmp_path, "high", contact_rate_per_day="120.0")
    out = tmp_path / "out"
    done = run_cli("compare", str(base), str(high), "--replicates", "2", "--workers", "1", "--out", str(out),
                   "--period", "2015", "2015")
    assert done.returncode == 0, done.stderr
    assert "high vs base" in done.stdout and "victims_threatened" in done.stdout and str(out) in done.stdout
    for name in ("replicates.parquet", "summary.csv", "summary.md", "compare.json", "victims_threatened.html",
                 "amount_paid_mad.html"):
        assert (out / name).is_file(), name
    record = json.loads((out / "compare.json").read_text())
    assert record["baseline"]["file"] == str(base) and record["seeds"] == [1, 2]


def test_cli_bad_scenario_exits_2(tmp_path):
    base = short_toml(tmp_path, "base")
    bad = short_toml(tmp_path, "bad", contact_rate_per_day="-1.0")
    done = run_cli("compare", str(base), str(bad), "--replicates", "1", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "scammers.contact_rate_per_day" in done.stderr and "Traceback" not in done.stderr


def test_ensemble_masking_a_scenario_change_warns(base, tmp_path):
    ensemble = tmp_path / "sets.parquet"
    pd.DataFrame({"scammers.contact_rate_per_day": [30.0]}).to_parquet(ensemble)
    high = base.with_overrides({"run.name": "high", "scammers.contact_rate_per_day": 60.0})
    with pytest.warns(UserWarning, match="high sets scammers.contact_rate_per_day"):
        table, summary = compare(base, [high], seeds=[1], workers=1, ensemble=ensemble, period=PERIOD,
                                 progress=False)
    assert (summary.query("outcome == 'victims_threatened'")["mean_diff"] == 0).all()  # the ensemble won


def test_an_ensemble_can_set_a_historical_policy(base, tmp_path):
    ensemble = tmp_path / "sets.csv"  # as data/calibration_ensemble.csv: the Budapest accession's fitted effect
    pd.DataFrame({"interventions.0.success_gain": [0.5]}).to_csv(ensemble, index=False)
    other = base.with_overrides({"run.name": "other", "interventions.0.success_gain": 1.0})
    with pytest.warns(UserWarning, match="other sets interventions.0.success_gain"):
        compare(base, [other], seeds=[1], workers=1, ensemble=ensemble, period=PERIOD, progress=False)
