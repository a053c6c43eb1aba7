"""Calibration report: every published target next to the simulated statistic across seeds.

    python -m analysis.calibration_report [SCENARIO] --seeds 20 --workers 2 --out docs/calibration_report

Runs the scenario for seeds 1..N from its start to its last day (at least 2021-12-31,
``targets.END``: the statistics are taken there) and writes to OUT:

* ``targets.csv``: one row per target of :data:`analysis.targets.TARGETS` (published figure,
  simulated median and 5-95 % band across seeds (for a share, the band of what a sample of the
  published figure's size would show: :func:`survey_band`), relative error of the median, checks and the
  target's weighted likelihood component), then one row per :data:`~analysis.targets.NOT_MODELLED`
  key with the reason and no simulated numbers;
* ``targets.md``: the same table in Markdown (for docs/calibration.md);
* ``replicates.csv``: every target statistic for every seed;
* ``report.html``: a self-contained page (plotly.js inline once, no external resources).

With ``--study DIR`` (a calibration study, e.g. runs/cal6), also ``tradeoffs.csv`` and a section of
the page saying, for each figure the scenario misses, whether any trial of that study met it and
what that trial missed instead (:mod:`analysis.tradeoffs`).

Python: ``report(scenario, seeds, workers, out, study=None) -> pandas.DataFrame`` (the targets table).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
from scipy.stats import binom

from simulation import Scenario, ScenarioError, load_scenario
from simulation.cli import whole_number
from simulation.outputs import OutputError, why

from . import targets as T
from . import tradeoffs
from .batch import MAX_REPLICATES, MAX_WORKERS, REPLICATES_LIMIT, WORKERS_LIMIT, run_tables_of
from .store import RunStore, StoreError, digest
from .compare import to_markdown as markdown_table

DEFAULT_SCENARIO = "scenarios/baseline.toml"
COLUMNS = ["key", "description", "kind", "use", "published", "unit", "median", "p05", "p95",
           "rel_error_pct", "within_15pct", "band_covers_published", "bound_respected",
           "nll_component", "source", "note"]


# --- simulation -------------------------------------------------------------------------------

def _run_seed(job: tuple[Scenario, int]) -> pd.DataFrame:
    """One seed through the scenario's last day (at least ``targets.END``): its annual table (column
    ``seed``) with every target statistic, taken at the end of ``targets.END``, in
    ``attrs["statistics"]`` (kept in a results folder's Parquet file). Module level so that worker
    processes can import it."""
    from simulation import ExtortionModel

    scenario, seed = job
    end = max(scenario.run.end, T.END)
    model = ExtortionModel(scenario.with_overrides({"run.end": end.isoformat()}), seed=seed)
    while model.day <= (T.END - scenario.run.start).days:
        model.step()
    statistics = T.statistics(T.Run.of(model))
    model.run()
    annual = model.results.annual().assign(seed=seed)
    annual.attrs["statistics"] = statistics
    return annual


def run_replicates(scenario: Scenario, seeds: Iterable[int], workers: int = 1, scheduler: str | None = None,
                   results: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate every seed (``workers`` processes, 1 runs here, or a Dask ``scheduler``: see
    :func:`analysis.executor.run_each`; with a ``results`` folder, each seed is saved as it
    finishes and seeds already there are not run again). Returns the statistics (one row per seed,
    one column per target key, in the target's unit) and the annual tables of all seeds (column
    ``seed``; flows summed over the year, stocks at year end)."""
    jobs = [(scenario, int(s)) for s in seeds]
    store = keys = None
    if results is not None:
        ends = {"end": str(T.END), "series_end": str(max(scenario.run.end, T.END))}
        store = RunStore(results, {"command": "calibration_report", "scenario_sha256": scenario.digest(), **ends})
        keys = [digest({"scenario": scenario.digest(), "seed": seed, **ends})[:24] for _, seed in jobs]
    tables = run_tables_of(_run_seed, jobs, keys, workers, scheduler, store, progress=False)
    stats = pd.DataFrame([t.attrs["statistics"] for t in tables], index=pd.Index([s for _, s in jobs], name="seed"))
    return stats[[t.key for t in T.TARGETS]], pd.concat(tables, ignore_index=True)


# --- the table --------------------------------------------------------------------------------

def _sources(table: pd.DataFrame) -> pd.Series:
    """The ``source`` column with "same as above" replaced by the source it refers to."""
    source = table["source"].where(table["source"].str.strip().str.lower() != "same as above")
    return source.ffill().fillna("")


def survey_band(shares: np.ndarray, n: int) -> tuple[float, float]:
    """5th and 95th percentiles of the share that a sample of ``n`` victims would show, the seeds'
    shares being equally likely: the mixture over seeds of Binomial(n, share) / n. A published
    share is itself a sample's estimate, so it is compared with what such a sample of the simulated
    victims would give (the sample size of the target's likelihood, :func:`analysis.targets.sample_size`)."""
    k = np.arange(n + 1)
    shares = shares[np.isfinite(shares)]
    cdf = np.cumsum(np.mean([binom.pmf(k, n, p) for p in shares], axis=0))
    return float(k[np.searchsorted(cdf, 0.05)] / n), float(k[np.searchsorted(cdf, 0.95)] / n)


def targets_table(stats: pd.DataFrame, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The targets table (see :data:`COLUMNS`) from per-seed statistics (rows seeds, columns keys).

    ``median``, ``p05`` and ``p95`` are across seeds, in the target's unit (a share's band is that of
    a sample of the published figure's size, :func:`survey_band`); ``rel_error_pct`` is
    100 * (median - published) / published; ``nll_component`` is the target's weighted negative
    log-likelihood from :func:`analysis.targets.score` (lower is better; 0 for a bound respected).
    """
    table = T.published() if table is None else table
    sources = _sources(table)
    _, components = T.score({k: stats[k].to_numpy(dtype=float) for k in stats.columns}, table)
    rows = []
    for t in T.TARGETS:
        row = table.loc[t.key]
        values = stats[t.key].to_numpy(dtype=float)
        p05, median, p95 = np.nanpercentile(values, [5, 50, 95]) if np.isfinite(values).any() else [np.nan] * 3
        note = ""
        if t.kind == "share" and np.isfinite(values).any():
            n = T.sample_size(row["use"])
            p05, p95 = survey_band(values, n)
            note = f"band: what a sample of {n} victims would show"
        entry = dict(key=t.key, description=t.description, kind=t.kind, use=row["use"], unit=row["unit"],
                     median=median, p05=p05, p95=p95, nll_component=components[t.key],
                     source=sources[t.key], note=note)
        if t.kind == "bound":
            entry.update(published=t.range_text(), bound_respected=bool(t.inside(median)))
        else:
            published = float(row["value"])
            entry.update(published=published, rel_error_pct=100.0 * (median - published) / published,
                         within_15pct=bool(T.close(median, published)),
                         band_covers_published=bool(p05 <= published <= p95))
        rows.append(entry)
    for key, reason in T.NOT_MODELLED.items():
        row = table.loc[key] if key in table.index else pd.Series(dtype=object)
        rows.append(dict(key=key, description=reason, kind="not modelled", use=row.get("use", ""),
                         published=row.get("value", ""), unit=row.get("unit", ""),
                         source=sources.get(key, ""), note=row.get("note", "")))
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(frame: pd.DataFrame) -> str:
    """A few lines: calibrate targets close to and covered by the simulation; bounds respected."""
    lines = []
    for use in ("calibrate", "calibrate-soft"):
        sel = frame[(frame["use"] == use) & frame["kind"].isin(["count", "share", "level"])]
        if len(sel):
            lines.append(f"{use}: {int(sel['within_15pct'].sum())} of {len(sel)} targets have the median "
                         f"within +-{T.TOLERANCE_PCT:g} %; {int(sel['band_covers_published'].sum())} of {len(sel)} "
                         f"have the 5-95 % band covering the published value")
    bounds = frame[frame["kind"] == "bound"]
    missed = ", ".join(bounds.loc[~bounds["bound_respected"].astype(bool), "key"]) or "none"
    lines.append(f"bounds: {int(bounds['bound_respected'].sum())} of {len(bounds)} respected by the median "
                 f"(not respected: {missed})")
    lines.append(f"weighted negative log-likelihood: {frame['nll_component'].sum():.1f}")
    return "\n".join(lines)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with numbers rounded for reading (counts as integers, shares to 3 decimals)."""
    out = frame.copy().astype(object)

    def num(x, kind):
        if not isinstance(x, (int, float, np.floating)) or pd.isna(x):
            return "" if x is None or (isinstance(x, float) and pd.isna(x)) else str(x)
        if kind == "share":
            return f"{x:.3f}"
        return f"{x:,.0f}" if abs(x) >= 10 or float(x).is_integer() else f"{x:.1f}"

    for col in ("published", "median", "p05", "p95"):
        out[col] = [num(x, k) for x, k in zip(frame[col], frame["kind"])]
    out["rel_error_pct"] = [f"{x:+.1f}" if pd.notna(x) else "" for x in frame["rel_error_pct"]]
    out["nll_component"] = [f"{x:.2f}" if pd.notna(x) else "" for x in frame["nll_component"]]
    for col in ("within_15pct", "band_covers_published", "bound_respected"):
        out[col] = ["" if pd.isna(x) else "yes" if x else "no" for x in frame[col]]
    return out.fillna("")


def to_markdown(frame: pd.DataFrame) -> str:
    """The targets table in Markdown, numbers rounded for reading."""
    return markdown_table(readable(frame).drop(columns=["note"]))


# --- figures ----------------------------------------------------------------------------------

def _band(fig, x, values: pd.DataFrame, name: str, color: str, **where) -> None:
    """Median line and shaded 5-95 % band of ``values`` (rows x, columns seeds)."""
    import plotly.graph_objects as go

    lo, mid, hi = (values.quantile(q, axis=1) for q in (0.05, 0.5, 0.95))
    fig.add_trace(go.Scatter(x=x, y=hi, mode="lines", line=dict(width=0), showlegend=False,
                             hoverinfo="skip"), **where)
    fig.add_trace(go.Scatter(x=x, y=lo, mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor=color.replace("rgb", "rgba").replace(")", ",0.2)"),
                             name=f"{name}: 5-95 % across seeds"), **where)
    fig.add_trace(go.Scatter(x=x, y=mid, mode="lines+markers", line=dict(color=color),
                             name=f"{name}: median"), **where)


def _err(stats: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, dict]:
    """Medians of ``keys`` and a plotly asymmetric error bar for their 5-95 % band."""
    q = stats[keys].quantile([0.05, 0.5, 0.95])
    mid = q.loc[0.5].to_numpy()
    return mid, dict(type="data", symmetric=False, array=q.loc[0.95].to_numpy() - mid,
                     arrayminus=mid - q.loc[0.05].to_numpy())


def _series_figure(annual, stats, table, column, title, ytitle, points):
    """Annual ``column`` (median, band) with published figures ``points`` = [(key, x, label)],
    each next to the simulated statistic over the same window."""
    import plotly.graph_objects as go

    wide = annual.pivot(index="year", columns="seed", values=column)
    fig = go.Figure()
    _band(fig, wide.index, wide, "simulated, calendar year", "rgb(31,119,180)")
    for key, x, label in points:
        mid, err = _err(stats, [key])
        fig.add_trace(go.Scatter(x=[x + 0.12], y=mid, error_y=err, mode="markers",
                                 marker=dict(color="rgb(31,119,180)", symbol="diamond", size=9),
                                 name=f"simulated, {label}"))
        fig.add_trace(go.Scatter(x=[x], y=[float(table.loc[key, "value"])], mode="markers",
                                 marker=dict(color="black", symbol="x", size=11), name=f"published, {label}"))
    fig.add_vrect(x0=T.Y2018[0].year - 0.5, x1=T.END.year + 0.5, fillcolor="rgba(0,0,0,0.05)", line_width=0,
                  annotation_text="calibration window", annotation_position="top left")
    fig.update_layout(title=title, xaxis_title="year", yaxis_title=ytitle, template="plotly_white",
                      legend=dict(orientation="h", y=-0.2))
    return fig


def figures(stats: pd.DataFrame, annual: pd.DataFrame, table: pd.DataFrame) -> list:
    """The report's plotly figures: cases, arrests, 2019 splits, active scammers."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    cases = _series_figure(annual, stats, table, "cases_recorded", "Recorded cases per year", "cases",
                           [("cases_recorded_2018", 2018, "2018 (full year)"),
                            ("cases_recorded_2019_partial", 2019, "1 Jan-20 Nov 2019"),
                            ("cases_recorded_2020", 2020, "2020 (derived)"), ("cases_recorded_2021", 2021, "2021")])
    arrests = _series_figure(annual, stats, table, "arrests", "Arrests per year", "persons",
                             [("arrests_2018_partial", 2018, "1 Jan-20 Nov 2018"),
                              ("arrests_2019_partial", 2019, "1 Jan-20 Nov 2019"), ("arrests_2021", 2021, "2021")])
    foreign = _series_figure(annual, stats, table, "victims_foreign", "Foreign victims in recorded cases per year",
                             "victims", [("victims_2019_foreign", 2019, "1 Jan-20 Nov 2019"),
                                         ("victims_2021_foreign", 2021, "2021")])

    groups = [("Channel", ["national", "foreign_ministry", "interpol", "rogatory"], "cases_2019_channel_"),
              ("Modus operandi", ["fake_woman_webcam", "fake_marriage", "other"], "cases_2019_mo_"),
              ("Victim nationality", ["moroccan", "foreign"], "victims_2019_")]
    split = make_subplots(rows=1, cols=3, subplot_titles=[g[0] for g in groups], column_widths=[0.4, 0.35, 0.25])
    for col, (_, names, prefix) in enumerate(groups, start=1):
        keys = [prefix + n for n in names]
        mid, err = _err(stats, keys)
        split.add_trace(go.Bar(x=names, y=mid, error_y=err, name="simulated median (5-95 %)",
                               marker_color="rgb(31,119,180)", showlegend=col == 1), row=1, col=col)
        split.add_trace(go.Bar(x=names, y=[float(table.loc[k, "value"]) for k in keys], name="published",
                               marker_color="rgb(90,90,90)", showlegend=col == 1), row=1, col=col)
    split.update_layout(title="Recorded cases, 1 Jan-20 Nov 2019: channel, modus operandi, victim nationality",
                        barmode="group", template="plotly_white", yaxis_title="cases (victims)",
                        legend=dict(orientation="h", y=-0.2))

    wide = annual.pivot(index="year", columns="seed", values="active_scammers")
    active = go.Figure()
    _band(active, wide.index, wide, "active scammers at year end", "rgb(214,39,40)")
    bound = next(t for t in T.TARGETS if t.key == "scammers_order_of_magnitude")
    active.add_hline(y=bound.low, line_dash="dash", line_color="black",
                     annotation_text=f"published lower bound for 2020: {bound.low:,.0f}")
    active.update_layout(title="Active scammers (stock at year end)", xaxis_title="year", yaxis_title="persons",
                         template="plotly_white", legend=dict(orientation="h", y=-0.2))
    return [cases, arrests, foreign, split, active]


# --- the page ---------------------------------------------------------------------------------

CSS = """body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 5px;vertical-align:top}
th{background:#f2f2f2}td:nth-child(2){min-width:16em}td:last-child{min-width:36em}.meta{color:#555}.wide{overflow-x:auto}"""


def missed(frame: pd.DataFrame) -> list[str]:
    """Keys of the scored targets (main and soft) whose median is not within the tolerance, and of the
    bounds not respected."""
    main = frame["use"].isin(["calibrate", "calibrate-soft"]) & (frame["within_15pct"] == False)  # noqa: E712 (NaN for bounds)
    return list(frame.loc[main | (frame["bound_respected"] == False), "key"])  # noqa: E712


def conflicts_html(frame: pd.DataFrame, costs: pd.DataFrame, study: str | Path) -> str:
    """The section on the missed figures: could any trial of the calibration meet each, at what cost?"""
    rows = costs.set_index("key").loc[missed(frame)].reset_index()
    if rows.empty:
        return ""
    shown = pd.DataFrame({
        "missed figure": rows["key"], "published": rows["published"],
        "trials meeting it": [f"{w} of {n}" for w, n in zip(rows["trials_within"], rows["trials"])],
        "best such trial (score)": ["" if pd.isna(k) else f"{int(k)} ({s:.1f})" for k, s in zip(rows["trial_within"], rows["score_within"])],
        "its value": ["" if pd.isna(v) else f"{v:,.3g}" for v in rows["value_within"]],
        "what that trial misses": rows["misses_within"].fillna(""),
    })
    best = costs.iloc[0]
    return f"""<h2>Can the missed figures be met?</h2>
<p>For each figure the baseline misses, the trials of the calibration study <b>{html.escape(str(study))}</b>
({int(best['trials'])} finished trials that did not explode; statistics averaged over each trial's seeds) that put it within
&plusmn;{T.TOLERANCE_PCT:g} % of the published value (a bound: inside its range), and the best-scoring of them
(the study's best trial, {int(best['best_trial'])}, scores {best['best_score']:.1f}): what else that trial misses is
the price of meeting the figure with the model's mechanisms and the ranges searched.</p>
<div class="wide">{shown.to_html(index=False, escape=True, border=0, justify="left")}</div>
"""


def write_html(path: Path, frame: pd.DataFrame, figs: list, scenario: Scenario, seeds: list[int],
               conflicts: str = "") -> None:
    """A self-contained page: plotly.js inline with the first figure only, no external resource."""
    config = dict(displaylogo=False)
    plots = [f.to_html(full_html=False, include_plotlyjs=(i == 0), config=config) for i, f in enumerate(figs)]
    table = readable(frame).drop(columns=["note"]).to_html(index=False, escape=True, border=0, justify="left")
    seed_text = f"{seeds[0]}-{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1)) else str(seeds)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Calibration report: {html.escape(scenario.run.name)}</title>
<style>{CSS}</style></head><body>
<h1>Calibration report: {html.escape(scenario.run.name)}</h1>
<p class="meta">Scenario <b>{html.escape(scenario.run.name)}</b> ({html.escape(str(scenario.source or ''))}),
SHA-256 {scenario.digest()[:16]}; {len(seeds)} seeds ({seed_text}); runs end {T.END.isoformat()};
generated {time.strftime('%Y-%m-%d %H:%M')}.</p>
<h2>What this page shows</h2>
<p>Each published figure used as a target (data/targets.csv) is compared with the same statistic of the
simulation, computed over the same dates. The scenario was run once per seed; <i>median</i>, <i>p05</i> and
<i>p95</i> are the median and the 5th and 95th percentiles across seeds. <i>rel_error_pct</i> is the relative
error of the median, 100 (median - published) / published. <i>within_15pct</i> says whether that error is at
most 15 %; <i>band_covers_published</i> whether the published value lies between p05 and p95. Bounds are
orders of magnitude: <i>bound_respected</i> says whether the median is in the published range.
<i>nll_component</i> is the target's weighted negative log-likelihood used by the calibration (lower is
better; weight 1 for <i>calibrate</i>, 0.3 for <i>calibrate-soft</i>). Figures the model does not represent
are listed at the end with the reason, without simulated values.</p>
<p>The police figures for 2019 cover 1 January to 20 November 2019 only (the date they were presented), and
the arrest figures of 2018 the same period of 2018; in the figures below, such partial-period published
values are shown as crosses next to the simulated statistic over the same partial window (diamonds with
5-95 % bars), while the lines show simulated calendar-year totals.</p>
<h2>Targets</h2>
<div class="wide">{table}</div>
{conflicts}
<h2>Figures</h2>
{''.join(f'<div>{p}</div>' for p in plots)}
</body></html>
"""
    path.write_text(page, encoding="utf-8")


def report(scenario: Scenario | str | Path = DEFAULT_SCENARIO, seeds: int | Iterable[int] = 20,
           workers: int = 1, out: str | Path = "docs/calibration_report", study: str | Path | None = None,
           scheduler: str | None = None, results: str | Path | None = None) -> pd.DataFrame:
    """Run ``seeds`` (a count N for seeds 1..N, or the seeds) to the scenario's end, write targets.csv,
    targets.md, replicates.csv and report.html to ``out``, and return the targets table. With ``study``
    (a calibration study's directory), also tradeoffs.csv and, in the page, what meeting each missed
    figure cost in that study's trials (:mod:`analysis.tradeoffs`). ``workers`` and ``scheduler``:
    where the runs execute (:func:`analysis.executor.run_each`); ``results``: a folder that keeps
    each seed's run, so that a stopped report resumes (:func:`run_replicates`). The files go into
    ``out`` together at the end (other files there are kept)."""
    from simulation.outputs import staged_files

    seeds = _seed_list(seeds)
    if isinstance(workers, bool) or workers != int(workers) or not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers must be a whole number from 1 to {MAX_WORKERS} (got {workers})")
    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    studied = tradeoffs.load_study(Path(study)) if study is not None else None  # a wrong folder fails now
    with staged_files(out) as stage:  # checked before the runs; the files go in together at the end
        stats, annual = run_replicates(scenario, seeds, workers, scheduler, results)
        table = T.published()
        frame = targets_table(stats, table)
        frame.to_csv(stage / "targets.csv", index=False)
        stats.to_csv(stage / "replicates.csv")
        (stage / "targets.md").write_text(to_markdown(frame), encoding="utf-8")
        conflicts = ""
        if studied is not None:
            costs = tradeoffs.tradeoffs(studied, table)
            costs.to_csv(stage / "tradeoffs.csv", index=False)
            conflicts = conflicts_html(frame, costs, study)
        write_html(stage / "report.html", frame, figures(stats, annual, table), scenario, seeds, conflicts)
        html_text = (stage / "report.html").read_text(encoding="utf-8")
        if re.search(r"<script[^>]*\bsrc\s*=", html_text, re.IGNORECASE):
            raise RuntimeError("report.html loads an external script")
    return frame


def _seed_list(seeds: int | Iterable[int]) -> list[int]:
    """Seeds 1..N for a count N, else the seeds given: whole numbers >= 0, distinct, 1 to MAX_REPLICATES of them."""
    if isinstance(seeds, bool):
        raise ValueError(f"seeds must be a count or a list of seeds (got {seeds!r})")
    if isinstance(seeds, (int, np.integer)):
        if not 1 <= seeds <= MAX_REPLICATES:
            raise ValueError(f"seeds must be from 1 to {MAX_REPLICATES} (got {seeds})")
        return list(range(1, int(seeds) + 1))
    seeds = list(seeds)
    if any(isinstance(s, bool) or not float(s).is_integer() or s < 0 for s in seeds):
        raise ValueError(f"seeds must be whole numbers >= 0 (got {seeds})")
    if not 1 <= len(seeds) <= MAX_REPLICATES or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be 1 to {MAX_REPLICATES} distinct seeds (got {len(seeds)})")
    return [int(s) for s in seeds]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, help="scenario TOML file")
    parser.add_argument("--seeds", type=whole_number(1, MAX_REPLICATES, limit=REPLICATES_LIMIT), default=20, help="number of seeds (1..N)")
    parser.add_argument("--workers", type=whole_number(1, MAX_WORKERS, limit=WORKERS_LIMIT), default=1, help="worker processes")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on this Dask scheduler (tcp://host:8786), or 'local' for a Dask LocalCluster of --workers")
    parser.add_argument("--out", default="docs/calibration_report", help="output directory")
    parser.add_argument("--results", help="folder keeping each seed's run: a stopped report resumes (e.g. runs/report)")
    parser.add_argument("--study", help="a calibration study's directory: add what meeting each missed figure cost")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an unexpected error")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        frame = report(args.scenario, args.seeds, args.workers, args.out, args.study, args.scheduler, args.results)
    except OutputError as exc:
        parser.error(f"--out {exc}")
    except (ScenarioError, StoreError, ValueError) as exc:  # a scenario, a study (--study), seeds or results that cannot be used
        parser.error(str(exc))
    except OSError as exc:
        if args.debug:
            raise
        print(f"error: --out {args.out}: writing the report failed: {why(exc)}; the earlier files are "
              "unchanged", file=sys.stderr)
        raise SystemExit(1) from None
    print(summary(frame))
    print(f"wrote {args.out}/targets.csv, targets.md, replicates.csv, report.html "
          f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
