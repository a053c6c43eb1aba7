"""Calibration report: one row per target, consistent numbers, offline HTML, Markdown.

Two seeds to 2020-12-31 (the statistics need runs to targets.END) in two workers: about 20 s.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis import calibration_report as CR
from analysis.targets import NOT_MODELLED, TARGETS


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration_report")
    return CR.report("scenarios/baseline.toml", seeds=2, workers=2, out=out), out


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


def test_html_offline_and_markdown(made):
    frame, out = made
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("Plotly.newPlot") == 4
    assert len(re.findall(r"plotly\.js v\d", page)) == 1       # the library inlined once
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert "cdn.plot.ly/plotly" not in page.split("</head>")[0]
    md = (out / "targets.md").read_text(encoding="utf-8")
    assert md.startswith("| key |") and md.count("\n") == len(frame) + 2
    text = CR.summary(frame)
    assert "calibrate:" in text and "bounds:" in text
