"""Sweeps: spec checks (exit 2 naming the field), designs and lever dates, PRIM, and a Sobol sweep
on the tiny scenario that ranks a parameter driving the output above one that cannot touch it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.discovery import prim
from analysis.sweep import SweepError, design_points, jobs, load_spec, main, sweep

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "scenarios" / "tiny.toml"
# In the tiny scenario (2014-2016) the third lever, the takedown helpline, starts in 2024: its
# intensity cannot change anything (levers draw no random numbers), the contact rate changes all.
SPEC = f"""
scenario = "{TINY}"
design = "sobol"
samples = 4
outputs = ["victims_threatened"]
period = [2014, 2014]
[parameters]
"scammers.contact_rate_per_day" = [10.0, 40.0]
"interventions.2.intensity" = [0.0, 1.0]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(text)
    return path


def test_designs_have_salib_sizes_and_lever_dates_stay_in_range(tmp_path):
    spec = load_spec(write(tmp_path, SPEC + '"interventions.1.start" = [2014-03-01, 2014-09-30]\n'))
    assert design_points(spec).shape == (4 * (3 + 2), 3) and spec.points() == 20  # sobol, first order: N (D + 2)
    for design, size in (("morris", 4 * (3 + 1)), ("latin", 4)):
        other = spec.model_copy(update={"design": design})
        assert len(design_points(other)) == other.points() == size
    runs = jobs(spec)
    starts = {date.fromisoformat(job.overrides["interventions.1.start"]) for job in runs}
    assert len(starts) > 5 and min(starts) >= date(2014, 3, 1) and max(starts) <= date(2014, 9, 30)
    assert [job.param_set for job in runs] == list(range(len(runs))) and {job.seed for job in runs} == {1}


@pytest.mark.parametrize("change, field", [
    (("sobol", "grid"), "design"),
    (("samples = 4", "samples = 6"), "samples: sobol needs a power of two"),
    (('"interventions.2.intensity"', '"scammers.no_such_thing"'), "parameters.scammers.no_such_thing: no such"),
    (("[0.0, 1.0]", "[1.0, 0.0]"), "interventions.2.intensity: the low end must be below"),
    (('"interventions.2.intensity" = [0.0, 1.0]', '"interventions.2.intensity" = [0.0, 2.0]'), "interventions.2.intensity"),
    (("[2014, 2014]", "[2014, 2030]"), "period: the scenario runs"),
    (('["victims_threatened"]', '["victims"]'), "outputs.0"),
    (("period =", "perod ="), "perod"),
])
def test_a_bad_spec_exits_2_naming_the_field(tmp_path, capsys, change, field):
    path = write(tmp_path, SPEC.replace(*change))
    with pytest.raises(SweepError, match="."):
        load_spec(path)
    assert main([str(path), "--out", str(tmp_path / "out")]) == 2
    assert field in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_prim_finds_the_range_that_keeps_an_outcome_low():
    rng = np.random.default_rng(1)
    inputs = pd.DataFrame({"a": rng.uniform(0, 1, 2000), "b": rng.uniform(0, 1, 2000)})
    box = prim(inputs, inputs["a"] < 0.3)  # only a matters
    assert box.limits.loc["a", "restricted"] and not box.limits.loc["b", "restricted"]
    assert box.limits.loc["a", "high"] == pytest.approx(0.3, abs=0.05) and box.density > 0.9 and box.coverage > 0.8
    assert (box.trajectory["support"].diff().dropna() < 0).all()  # each step peels points off


@pytest.mark.slow
def test_sobol_ranks_the_driving_parameter_first(tmp_path):
    spec = load_spec(write(tmp_path, SPEC + '[discovery]\noutput = "victims_threatened"\nbelow = 1e9\n'))
    points, found = sweep(spec, tmp_path / "out", workers=2, progress=False)
    st = found.set_index("parameter")["ST"]
    assert st["scammers.contact_rate_per_day"] > 0.5 and st["interventions.2.intensity"] == 0
    by_rate = points.groupby("scammers.contact_rate_per_day")["victims_threatened"]
    assert (by_rate.nunique() == 1).all() and by_rate.first().nunique() == len(by_rate) > 2  # the lever changes nothing
    report = (tmp_path / "out" / "report.html").read_text()
    assert "Plotly.newPlot" in report and not re.search(r"<script[^>]*\ssrc=", report)  # plotly.js inside
    assert (tmp_path / "out" / "discovery.csv").is_file() and len(pd.read_parquet(tmp_path / "out" / "points.parquet")) == 16


def test_the_example_spec_is_valid():
    spec = load_spec(ROOT / "sweeps" / "levers_2021_2025.toml")
    assert spec.points() == 32 * (5 + 2) and spec.discovery.output == "amount_paid_mad"
