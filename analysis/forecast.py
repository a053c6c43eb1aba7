"""The forecast, the magnitudes and the preset effects that docs/validation.md pre-registers, from
the runs of a comparison made with the calibration ensemble:

    python -m simulation compare scenarios/baseline_2030.toml scenarios/awareness.toml ... \\
        --replicates 20 --ensemble data/calibration_ensemble.csv --out runs/presets
    python -m analysis.forecast runs/presets --out docs/validation

Replicate i of the comparison runs with seed i and parameter set i of the ensemble, so the spread
over replicates is that of chance and of the parameters together. Writes to OUT:

* ``forecast.csv`` / ``forecast.md``: the baseline's recorded cases, arrests, victims in recorded
  cases and foreign victims among them, per year, as median and 5-95 % band over the replicates,
  beside the published figure of the same year where there is one (2018-2021: fitted, not a test);
* ``magnitudes.md``: victims threatened, victims who paid and money paid per year, the same way;
* ``effects.md``: for each other scenario, over the comparison's period, the change in victims
  threatened (in % and in victims) and the cost per victim spared, as median and 5-95 % over the
  replicates, and the same medians over the third of the replicates where the baseline has the
  fewest victims and the third where it has the most.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.registry import DECLARED

from .compare import PAIR, period_outcomes, to_markdown
from .targets import published

FORECAST = {  # output of the forecast: label, and the published figure of each year (target key)
    "cases_recorded": ("recorded cases", {2018: "cases_recorded_2018", 2019: "cases_recorded_2019_partial",
                                          2020: "cases_recorded_2020", 2021: "cases_recorded_2021"}),
    "arrests": ("arrests", {2018: "arrests_2018_partial", 2019: "arrests_2019_partial", 2021: "arrests_2021"}),
    "victims_recorded": ("victims in recorded cases", {2021: "victims_2021"}),
    "victims_foreign": ("foreign victims in recorded cases", {2019: "victims_2019_foreign", 2021: "victims_2021_foreign"}),
}
MAGNITUDES = ("victims_threatened", "victims_paid", "amount_paid_mad")


def _band(values: pd.Series) -> tuple[float, float, float]:
    return tuple(float(v) for v in values.quantile([0.5, 0.05, 0.95]))


def _fmt(x: float) -> str:
    return f"{x:,.0f}"


def baseline_runs(table: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """The baseline's annual rows, with victims in recorded cases (Moroccan and foreign)."""
    rows = table[table["scenario"] == baseline]
    return rows.assign(victims_recorded=rows["victims_moroccan"] + rows["victims_foreign"])


def forecast(runs: pd.DataFrame, years: range) -> pd.DataFrame:
    """Median and 5-95 % band of each forecast output per year, with the published figure."""
    figures = published()
    rows = []
    for output, (label, keys) in FORECAST.items():
        for year in years:
            median, low, high = _band(runs.loc[runs["year"] == year, output])
            key = keys.get(year)
            rows.append({"output": output, "label": label, "year": year, "median": median, "p05": low, "p95": high,
                         "published": float(figures.loc[key, "value"]) if key else np.nan,
                         "published_period": figures.loc[key, "period"] if key else ""})
    return pd.DataFrame(rows)


def magnitudes(runs: pd.DataFrame, years: range) -> pd.DataFrame:
    rows = [{"output": o, "label": DECLARED[o].label, "unit": DECLARED[o].unit, "year": year,
             **dict(zip(("median", "p05", "p95"), _band(runs.loc[runs["year"] == year, o])))}
            for o in MAGNITUDES for year in years]
    return pd.DataFrame(rows)


def effects(table: pd.DataFrame, baseline: str, period: tuple[int, int]) -> pd.DataFrame:
    """Per scenario: victims spared (in % of the replicate's baseline and in victims) and cost per
    victim spared, over the replicates, over all of them and by thirds of the baseline's victims."""
    outcomes = period_outcomes(table, period)
    base = outcomes.loc[baseline]
    third = pd.qcut(base["victims_threatened"].rank(method="first"), 3, labels=["fewest", "middle", "most"])
    rows = []
    for name in dict.fromkeys(table["scenario"]):
        if name == baseline:
            continue
        scen = outcomes.loc[name].reindex(base.index)
        spared = base["victims_threatened"] - scen["victims_threatened"]
        per_run = pd.DataFrame({"spared_pct": 100 * spared / base["victims_threatened"], "spared": spared,
                                "cost_per_victim_spared": (scen["intervention_cost_mad"] - base["intervention_cost_mad"])
                                / spared.where(spared > 0)})
        row = {"scenario": name}
        for column, values in per_run.items():
            median, low, high = _band(values.dropna())
            row |= {f"{column}_median": median, f"{column}_p05": low, f"{column}_p95": high,
                    **{f"{column}_{group}": float(values[third == group].median()) for group in ("fewest", "most")}}
        rows.append(row)
    return pd.DataFrame(rows)


def _band_texts(frame: pd.DataFrame) -> list[str]:
    """Each row's "median [5th, 95th percentile]"."""
    return [f"{_fmt(m)} [{_fmt(a)}, {_fmt(b)}]" for m, a, b in zip(frame["median"], frame["p05"], frame["p95"])]


def _markdown_forecast(frame: pd.DataFrame) -> str:
    shown = pd.DataFrame({
        "output": frame["label"], "year": frame["year"], "median [5-95 %]": _band_texts(frame),
        "published": [("" if pd.isna(v) else f"{v:,.0f}" + (" (to 20 Nov)" if "11-20" in p else ""))
                      for v, p in zip(frame["published"], frame["published_period"])]})
    return to_markdown(shown)


def _markdown_magnitudes(frame: pd.DataFrame) -> str:
    shown = pd.DataFrame({"output": frame["label"] + " (" + frame["unit"] + ")", "year": frame["year"],
                          "median [5-95 %]": _band_texts(frame)})
    return to_markdown(shown)


def _markdown_effects(frame: pd.DataFrame) -> str:
    def cell(row, column, unit=""):
        return (f"{_fmt(row[column + '_median'])}{unit} [{_fmt(row[column + '_p05'])}, {_fmt(row[column + '_p95'])}]; "
                f"{_fmt(row[column + '_fewest'])} / {_fmt(row[column + '_most'])}")
    shown = pd.DataFrame({"scenario": frame["scenario"],
                          "victims spared, % of the baseline": [cell(r, "spared_pct", " %") for _, r in frame.iterrows()],
                          "victims spared": [cell(r, "spared") for _, r in frame.iterrows()],
                          "cost per victim spared (MAD)": [cell(r, "cost_per_victim_spared") for _, r in frame.iterrows()]})
    return to_markdown(shown)


def write(compare_dir: Path, out: Path, years: range = range(2018, 2026)) -> None:
    record = json.loads((compare_dir / "compare.json").read_text(encoding="utf-8"))
    table = pd.read_parquet(compare_dir / "replicates.parquet")
    baseline, period = record["baseline"]["label"], tuple(record["period"])
    runs = baseline_runs(table, baseline)
    out.mkdir(parents=True, exist_ok=True)
    ahead = forecast(runs, years)
    ahead.to_csv(out / "forecast.csv", index=False)
    (out / "forecast.md").write_text(_markdown_forecast(ahead), encoding="utf-8")
    (out / "magnitudes.md").write_text(_markdown_magnitudes(magnitudes(runs, years)), encoding="utf-8")
    (out / "effects.md").write_text(_markdown_effects(effects(table, baseline, period)), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m analysis.forecast", description=__doc__.splitlines()[0])
    parser.add_argument("compare_dir", type=Path, help="a comparison's output folder (compare.json, replicates.parquet)")
    parser.add_argument("--out", type=Path, default=Path("docs/validation"), help="output folder")
    args = parser.parse_args(argv)
    for name in ("compare.json", "replicates.parquet"):
        if not (args.compare_dir / name).is_file():
            parser.error(f"{args.compare_dir}: no {name}; give the --out folder of `python -m simulation compare`")
    write(args.compare_dir, args.out)


if __name__ == "__main__":
    main()
