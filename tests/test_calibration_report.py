"""Calibration report: one row per target, consistent numbers, offline HTML, Markdown.

Two seeds of the tiny scenario (scenarios/tiny.toml) to 2021-12-31 (the statistics need runs to
targets.END) in two workers: the report's machinery is under test, not the fit, and the tiny
scenario misses many figures, so the page's section on missed figures is always written. The tests
that make the report are marked slow.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import optuna
import pytest

from analysis import calibration_report as CR
from analysis import targets as T
from analysis.targets import NOT_MODELLED, TARGETS, published
from analysis.tradeoffs import tradeoffs
from simulation import load_scenario


def fabricated_study(directory) -> optuna.Study:
    """A study of three trials: the best misses fake marriage (+80 %), the second Moroccan victims
    (-30 %), the third exploded (no statistics); every other figure exactly at its published value."""
    table = published()
    exact = {t.key: t.low if t.kind == "bound" and t.low is not None else t.high if t.kind == "bound"
             else float(table.loc[t.key, "value"]) for t in TARGETS}
    study = optuna.create_study(study_name="baseline", storage=f"sqlite:///{directory / 'study.db'}")
    for value, changes in ((10.0, {"cases_2019_mo_fake_marriage": 1.8}), (20.0, {"victims_2019_moroccan": 0.7})):
        statistics = {k: v * changes.get(k, 1.0) for k, v in exact.items()}
        study.add_trial(optuna.trial.create_trial(value=value, user_attrs={"statistics": statistics}))
    study.add_trial(optuna.trial.create_trial(value=1e5, user_attrs={"statistics": {}}))
    return study


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration_report")
    fabricated_study(out)
    return CR.report("scenarios/tiny.toml", seeds=2, workers=2, out=out, study=out, results=out / "runs"), out


def test_the_runs_are_kept_and_not_run_again(made):
    _, out = made
    stats, annual = CR.run_replicates(load_scenario("scenarios/tiny.toml"), [1, 2], results=out / "runs")
    assert len((out / "runs" / "runs.jsonl").read_text().splitlines()) == 2  # the report's two seeds, once each
    written = pd.read_csv(out / "replicates.csv", index_col="seed")
    assert np.allclose(stats.to_numpy(float), written[stats.columns].to_numpy(float), equal_nan=True)
    assert sorted(annual["seed"].unique()) == [1, 2]


def test_tradeoffs_say_what_meeting_a_missed_figure_costs(tmp_path):
    costs = tradeoffs(fabricated_study(tmp_path)).set_index("key")
    assert list(costs.index) == [t.key for t in TARGETS]  # every scored target (main and soft) and bound
    assert (costs["trials"] == 2).all() and (costs["best_trial"] == 0).all()   # the exploded trial is left out
    marriage = costs.loc["cases_2019_mo_fake_marriage"]
    assert (marriage["trials_within"], marriage["trial_within"], marriage["score_within"]) == (1, 1, 20.0)
    assert marriage["misses_within"] == "victims_2019_moroccan 174 vs 249 (-30 %)"
    assert costs.loc["victims_2019_moroccan", "misses_within"] == "cases_2019_mo_fake_marriage 117 vs 65 (+80 %)"
    assert costs.loc["cases_recorded_2018", "trials_within"] == 2
    assert costs.loc["cases_recorded_2018", "misses_within"].startswith("cases_2019_mo_fake_marriage")
    assert costs.loc["young_people_involved_oued_zem", "published"] == "1700-3000"


@pytest.mark.slow
def test_the_page_says_what_meeting_each_missed_figure_cost(made):
    frame, out = made
    costs = pd.read_csv(out / "tradeoffs.csv")
    assert len(costs) == len(TARGETS)
    page = (out / "report.html").read_text(encoding="utf-8")
    section = page.split("Can the missed figures be met?")[1].split("<h2>")[0] if CR.missed(frame) else ""
    assert ("Can the missed figures be met?" in page) == bool(CR.missed(frame))
    for key in CR.missed(frame):
        assert f"<td>{key}</td>" in section


@pytest.mark.slow
def test_one_row_per_target_and_not_modelled(made):
    frame, out = made
    assert list(frame["key"]) == [t.key for t in TARGETS] + list(NOT_MODELLED)
    assert list(frame.columns) == CR.COLUMNS
    saved = pd.read_csv(out / "targets.csv")
    assert list(saved["key"]) == list(frame["key"]) and list(saved.columns) == CR.COLUMNS
    skipped = frame[frame["kind"] == "not modelled"]
    assert skipped[["median", "p05", "p95", "nll_component"]].isna().all().all()
    assert (skipped["description"] == list(NOT_MODELLED.values())).all()
    assert not frame["source"].str.lower().eq("same as above").any()


@pytest.mark.slow
def test_numbers_consistent(made):
    frame, _ = made
    modelled = frame[frame["kind"] != "not modelled"]
    assert modelled[["median", "p05", "p95", "nll_component"]].notna().all().all()
    assert (modelled["p05"] <= modelled["median"]).all() and (modelled["median"] <= modelled["p95"]).all()
    row = frame.set_index("key").loc["cases_recorded_2019_partial"]
    published = float(row["published"])
    assert published == 384
    assert row["rel_error_pct"] == pytest.approx(100 * (row["median"] - published) / published)
    assert row["within_15pct"] == (abs(row["rel_error_pct"]) <= 15)
    assert row["band_covers_published"] == (row["p05"] <= published <= row["p95"])
    bounds = frame[frame["kind"] == "bound"].set_index("key")
    assert bounds.loc["young_people_involved_oued_zem", "published"] == "1700-3000"
    assert bounds.loc["scammers_order_of_magnitude", "published"] == ">= 1000"
    assert bounds.loc["scammers_order_of_magnitude", "bound_respected"] == (
        bounds.loc["scammers_order_of_magnitude", "median"] >= 1000)
    assert np.isfinite(frame["nll_component"].dropna()).all()
    shares = frame[frame["kind"] == "share"].set_index("key")["note"]
    assert shares["victim_survey_reported_police"] == "band: what a sample of 1631 victims would show"


@pytest.mark.slow
def test_html_offline_and_markdown(made):
    frame, out = made
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("Plotly.newPlot") == 5  # cases, arrests, foreign victims, the 2019 splits, active scammers
    assert len(re.findall(r"plotly\.js v\d", page)) == 1       # the library inlined once
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert "cdn.plot.ly/plotly" not in page.split("</head>")[0]
    md = (out / "targets.md").read_text(encoding="utf-8")
    assert md.startswith("| key |") and md.count("\n") == len(frame) + 2
    text = CR.summary(frame)
    assert "calibrate:" in text and "bounds:" in text


def test_a_published_share_is_compared_with_a_sample_of_its_size():
    # one seed's share of 0.16: a survey of 1631 victims finds it within about 1.645 sd
    sd = np.sqrt(0.16 * 0.84 / 1631)
    low, high = CR.survey_band(np.array([0.16]), 1631)
    assert low == pytest.approx(0.16 - 1.645 * sd, abs=0.002) and high == pytest.approx(0.16 + 1.645 * sd, abs=0.002)
    # a smaller sample is a wider band; seeds that differ widen it too, and it spans them
    assert np.diff(CR.survey_band(np.array([0.16]), 50)) > np.diff((low, high))
    spread = CR.survey_band(np.array([0.10, 0.16, 0.22, np.nan]), 1631)
    assert spread[0] < 0.10 + 0.01 and spread[1] > 0.22 - 0.01 and np.diff(spread) > np.diff((low, high))


def test_runs_go_on_past_the_targets_end_without_changing_the_statistics():
    """The report draws the whole series to the scenario's end; its statistics are those of a run
    that stops at ``targets.END``."""
    scenario = load_scenario("scenarios/tiny.toml").with_overrides({"run.end": "2022-12-31"})
    annual = CR._run_seed((scenario, 1))
    assert annual["year"].max() == 2022
    alone = T.statistics(T.Run.of(T.run_to_end(scenario, 1)))
    assert pd.Series(annual.attrs["statistics"]).equals(pd.Series(alone))
