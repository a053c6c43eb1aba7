"""Scenario comparison with paired replicates (common random numbers).

    from analysis.compare import compare
    table, summary = compare("scenarios/baseline_2030.toml", ["scenarios/more_police.toml"],
                             replicates=20, out="results/more_police")

Replicate i runs every scenario with the same seed (1..N by default) and, with an ensemble of K
calibrated parameter sets, the same set i mod K, so the differences between scenarios are paired:
they reflect the scenarios, not different luck. Outcomes are taken over a period of calendar years
(inclusive); each non-baseline scenario is summarised against the baseline by the means, the mean
paired difference, the 5th-95th percentile of the paired differences across replicates, a normal
90 % CI of the mean difference (mean +- 1.645 sd / sqrt(n)) and the relative change in %.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from simulation import Scenario, ScenarioError, load_scenario
from simulation.cli import MAX_SEED, whole_number
from simulation.registry import DECLARED

from .batch import MAX_REPLICATES, MAX_WORKERS, REPLICATES_LIMIT, WORKERS_LIMIT, Job, default_workers, run_batch
from .store import RunStore, StoreError, digest

Z90 = 1.645  # two-sided 90 % normal quantile
REPLICATES = 10  # default when neither replicates nor seeds are given
# Summary outcomes over the period: sums of annual flows (unit and label from the output registry),
# the stock of active scammers at the end of the period's last year, the displacement (office moves
# plus payments through other channels) and the cost per victim spared.
SUMMED = ["victims_threatened", "victims_paid", "amount_paid_mad", "cases_recorded", "arrests",
          "intervention_cost_mad"]
_SCAMMERS, _MOVES, _OTHER = DECLARED["active_scammers"], DECLARED["office_moves"], DECLARED["payments_other_channel"]
OUTCOMES: dict[str, tuple[str, str]] = {  # outcome: (unit, label)
    **{name: (DECLARED[name].unit, DECLARED[name].label) for name in SUMMED[:-1]},
    "active_scammers_end": (_SCAMMERS.unit, f"{_SCAMMERS.label} at the end"),
    "displacement": (f"{_MOVES.unit} + {_OTHER.unit}", f"{_MOVES.label} + {_OTHER.label.lower()}"),
    "intervention_cost_mad": (DECLARED["intervention_cost_mad"].unit, DECLARED["intervention_cost_mad"].label),
    "cost_per_victim_spared_mad": (f"{DECLARED['intervention_cost_mad'].unit} per victim", "Cost per victim spared"),
}
PLOTTED = ("victims_threatened", "amount_paid_mad")
PAIR = ["seed", "param_set"]


class CompareError(ValueError):
    """Inputs of a comparison that cannot be used (seeds, period, ensemble)."""


def load_ensemble(path: str | Path) -> list[dict]:
    """Parameter sets from a CSV or Parquet file: one row per set, columns are dotted scenario paths."""
    path = Path(path)
    if not path.is_file():
        raise CompareError(f"cannot read ensemble file {path}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)  # a row longer than the header: not guessed
            frame = (pd.read_parquet(path) if path.suffix.lower() in (".parquet", ".pq")
                     else pd.read_csv(path, index_col=False))
    except (OSError, ValueError, pd.errors.ParserWarning) as exc:  # pyarrow's and pandas' parse errors are ValueErrors
        raise CompareError(f"{path}: not a CSV or Parquet table of parameter sets ({str(exc).splitlines()[0]})") from None
    if frame.empty or frame.columns.empty:
        raise CompareError(f"{path}: no parameter sets")
    missing = [c for c in frame.columns if frame[c].isna().any()]
    if missing:
        raise CompareError(f"{path}: missing values in {missing}")
    return [{k: v.item() if hasattr(v, "item") else v for k, v in row.items()} for row in frame.to_dict("records")]


def period_outcomes(table: pd.DataFrame, period: tuple[int, int]) -> pd.DataFrame:
    """Outcomes of each run over the period, indexed by (scenario, seed, param_set)."""
    first, last = period
    rows = table[table["year"].between(first, last)]
    grouped = rows.groupby(["scenario", *PAIR], sort=False)
    out = grouped[SUMMED].sum()
    out["active_scammers_end"] = rows[rows["year"] == last].set_index(["scenario", *PAIR])["active_scammers"]
    out["displacement"] = grouped["office_moves"].sum() + grouped["payments_other_channel"].sum()
    return out[[o for o in OUTCOMES if o in out]].astype(float)


def _row(scenario: str, outcome: str, base: pd.Series | None, scen: pd.Series | None, diff: pd.Series) -> dict:
    d = diff.dropna().to_numpy(dtype=float)
    n = d.size
    mean = d.mean() if n else np.nan
    half = Z90 * d.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan
    p05, p95 = np.percentile(d, [5, 95]) if n else (np.nan, np.nan)
    base_mean = base.mean() if base is not None else np.nan
    return {"scenario": scenario, "outcome": outcome, "unit": OUTCOMES[outcome][0],
            "baseline_mean": base_mean, "scenario_mean": scen.mean() if scen is not None else np.nan,
            "mean_diff": mean, "diff_p05": p05, "diff_p95": p95, "ci90_low": mean - half, "ci90_high": mean + half,
            "rel_change_pct": 100 * mean / base_mean if base_mean else np.nan, "n": n}


def summarize(table: pd.DataFrame, baseline: str, period: tuple[int, int]) -> pd.DataFrame:
    """One row per (non-baseline scenario, outcome); differences are scenario minus baseline, paired
    by (seed, param_set). ``cost_per_victim_spared_mad`` is, per replicate, the extra intervention
    cost / (baseline - scenario victims threatened), NaN when no victim is spared; its ``mean_diff``
    and intervals are over the replicates where it is defined (``n`` of them)."""
    per_run = period_outcomes(table, period)
    base = per_run.loc[baseline]
    rows = []
    for name in table["scenario"].unique():
        if name == baseline:
            continue
        scen = per_run.loc[name]
        if set(scen.index) != set(base.index):
            raise CompareError(f"{name}: replicates (seed, param_set) differ from the baseline's")
        scen = scen.reindex(base.index)
        diff = scen - base
        rows += [_row(name, o, base[o], scen[o], diff[o]) for o in per_run.columns]
        spared = base["victims_threatened"] - scen["victims_threatened"]
        per_victim = (diff["intervention_cost_mad"] / spared).where(spared > 0)
        rows.append(_row(name, "cost_per_victim_spared_mad", None, None, per_victim))
    summary = pd.DataFrame(rows)
    summary.insert(1, "baseline", baseline)
    return summary


def _fmt(x: float) -> str:
    if pd.isna(x):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}"


def readable(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary as rounded strings (for printing and Markdown)."""
    return pd.DataFrame({
        "scenario": summary["scenario"], "baseline": summary["baseline"], "outcome": summary["outcome"],
        "baseline mean": summary["baseline_mean"].map(_fmt), "scenario mean": summary["scenario_mean"].map(_fmt),
        "difference": summary["mean_diff"].map(_fmt),
        "5-95% of differences": [f"[{_fmt(a)}, {_fmt(b)}]" for a, b in zip(summary["diff_p05"], summary["diff_p95"])],
        "90% CI of mean": [f"[{_fmt(a)}, {_fmt(b)}]" for a, b in zip(summary["ci90_low"], summary["ci90_high"])],
        "change %": summary["rel_change_pct"].map(lambda x: "n/a" if pd.isna(x) else f"{x:+.1f}%"),
        "n": summary["n"],
    })


ABSOLUTE = ("displacement", "cost_per_victim_spared_mad")  # shown as differences, not % of the baseline


def effects_table(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario, one column per outcome: the change in % of the baseline mean with its
    90 % CI (the difference itself for displacement and cost per victim spared); intervention cost left out."""
    def cell(row) -> str:
        if row.outcome in ABSOLUTE:
            text = f"{_signed(row.mean_diff, row.outcome)} [{_signed(row.ci90_low, row.outcome)}, {_signed(row.ci90_high, row.outcome)}]"
            return text + (f" (n={row.n})" if row.outcome == "cost_per_victim_spared_mad" else "")
        scale = 100 / row.baseline_mean if row.baseline_mean else np.nan
        return f"{row.rel_change_pct:+.0f} % [{row.ci90_low * scale:+.0f}, {row.ci90_high * scale:+.0f}]"

    shown = summary[summary["outcome"] != "intervention_cost_mad"]
    cells = shown.assign(cell=[cell(r) for r in shown.itertuples()])
    wide = cells.pivot(index="scenario", columns="outcome", values="cell")
    wide = wide.reindex(index=list(dict.fromkeys(shown["scenario"])), columns=[o for o in OUTCOMES if o in wide.columns])
    return wide.rename(columns=lambda o: f"{OUTCOMES[o][1]} ({OUTCOMES[o][0]})").reset_index()


def _signed(x: float, outcome: str) -> str:
    """Displacement is a change (signed); a cost per victim is a level."""
    text = _fmt(x)
    return text if outcome == "cost_per_victim_spared_mad" or pd.isna(x) or x < 0 else "+" + text


def format_summary(summary: pd.DataFrame) -> str:
    """A plain-text table per scenario."""
    blocks = []
    for (name, baseline), part in readable(summary).groupby(["scenario", "baseline"], sort=False):
        blocks.append(f"{name} vs {baseline}\n" + part.drop(columns=["scenario", "baseline"]).to_string(index=False))
    return "\n\n".join(blocks)


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table of the frame's cells as they are (no ``tabulate`` needed)."""
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def plot_outcome(table: pd.DataFrame, outcome: str, period: tuple[int, int] | None = None):
    """Plotly figure of an annual output: mean line and 5-95 % band across replicates per scenario."""
    import plotly.graph_objects as go
    from plotly.colors import DEFAULT_PLOTLY_COLORS

    fig = go.Figure()
    for i, (name, part) in enumerate(table.groupby("scenario", sort=False)):
        stats = part.groupby("year")[outcome].agg(mean="mean", p05=lambda s: s.quantile(0.05),
                                                  p95=lambda s: s.quantile(0.95))
        years = list(stats.index)
        color = DEFAULT_PLOTLY_COLORS[i % len(DEFAULT_PLOTLY_COLORS)]
        fig.add_trace(go.Scatter(x=years + years[::-1], y=list(stats["p95"]) + list(stats["p05"])[::-1],
                                 fill="toself", fillcolor=color.replace("rgb", "rgba").replace(")", ", 0.2)"),
                                 line=dict(width=0), hoverinfo="skip", legendgroup=name, showlegend=False))
        fig.add_trace(go.Scatter(x=years, y=stats["mean"], mode="lines+markers", name=name, legendgroup=name,
                                 line=dict(color=color)))
    if period:
        fig.add_vrect(x0=period[0] - 0.5, x1=period[1] + 0.5, fillcolor="grey", opacity=0.08, line_width=0,
                      annotation_text="comparison period", annotation_position="top left")
    output = DECLARED[outcome]
    fig.update_layout(title=f"{output.label} by year: mean and 5-95 % of replicates", xaxis_title="year",
                      yaxis_title=output.unit, template="plotly_white", margin=dict(l=50, r=10, t=50, b=40))
    return fig


def _seeds(replicates: int | None, seeds) -> list[int]:
    if seeds is None:
        n = REPLICATES if replicates is None else int(replicates)
        if not 1 <= n <= MAX_REPLICATES:
            raise CompareError(f"replicates must be from 1 to {MAX_REPLICATES} (got {n}; {REPLICATES_LIMIT} sets the upper limit)")
        return list(range(1, n + 1))
    if any(isinstance(s, bool) or not float(s).is_integer() or not 0 <= int(s) <= MAX_SEED for s in seeds):
        raise CompareError(f"seeds must be whole numbers from 0 to 2^63 - 1 (got {list(seeds)})")
    seeds = [int(s) for s in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise CompareError(f"seeds must be distinct and at least one (got {seeds})")
    if replicates is not None and int(replicates) != len(seeds):
        raise CompareError(f"replicates ({replicates}) does not match the number of seeds ({len(seeds)})")
    return seeds


def _labels(scenarios: list[Scenario]) -> list[str]:
    """Scenario names, made unique (a repeated name gets _2, _3, ...)."""
    labels: list[str] = []
    for s in scenarios:
        label, k = s.run.name, 2
        while label in labels:
            label, k = f"{s.run.name}_{k}", k + 1
        labels.append(label)
    return labels


def _check(scenarios: list[Scenario], labels: list[str], period: tuple[int, int], sets: list[dict] | None) -> None:
    first, last = period
    if not (1 <= first <= 9999 and 1 <= last <= 9999):
        raise CompareError(f"period {first}-{last}: not calendar years (the scenarios' runs give the years allowed)")
    if first > last:
        raise CompareError(f"period {first}-{last}: the first year is after the last")
    for s, label in zip(scenarios, labels):
        if s.run.start > date(first, 1, 1) or s.run.end < date(last, 12, 31):
            raise CompareError(f"scenario {label} runs {s.run.start} to {s.run.end}: it does not cover whole years "
                               f"{first}-{last} (choose another period or a longer scenario)")
    for i, params in enumerate(sets or []):
        try:
            scenarios[0].with_overrides(params)  # a ScenarioError names any bad column or value
        except ScenarioError as exc:
            raise ScenarioError(f"ensemble, parameter set {i + 1} (row {i + 2} of the file): {exc}") from None
    for s, label in zip(scenarios[1:], labels[1:]):
        for key in (sets or [{}])[0]:
            if s.value_at(key) != scenarios[0].value_at(key):
                warnings.warn(f"scenario {label} sets {key} differently from the baseline, "
                              "but the ensemble replaces it in every replicate", stacklevel=3)


def _describe(scenario: Scenario, label: str) -> dict:
    source = scenario.source
    return {"label": label, "name": scenario.run.name, "file": source,
            "file_sha256": hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else None,
            "parameters_sha256": scenario.digest(), "start": str(scenario.run.start), "end": str(scenario.run.end)}


def write_outputs(out: Path, table: pd.DataFrame, summary: pd.DataFrame, record: dict, period) -> Path:
    """replicates.parquet, summary.csv, summary.md, effects.md, compare.json, <outcome>.html in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    table.to_parquet(out / "replicates.parquet", index=False)
    summary.to_csv(out / "summary.csv", index=False)
    heading = (f"# Scenario comparison, {period[0]}-{period[1]}\n\nMeans over paired replicates; differences are "
               f"scenario minus baseline ({record['baseline']['label']}).\n\n")
    markdown = to_markdown(readable(summary).drop(columns="baseline"))
    (out / "summary.md").write_text(heading + markdown, encoding="utf-8")
    (out / "effects.md").write_text(heading.replace("Means over", "Change in % of the baseline mean (90 % CI) over")
                                    + to_markdown(effects_table(summary)), encoding="utf-8")
    (out / "compare.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    for outcome in PLOTTED:
        plot_outcome(table, outcome, period).write_html(out / f"{outcome}.html", include_plotlyjs=True)
    return out


def results_beside(out: Path) -> Path:
    """The default folder of a comparison's finished runs: ``OUT.runs``, beside the outputs (which
    are written whole at the end, so the runs must live outside them to survive an interruption)."""
    return out.with_name(out.name + ".runs")


def compare(baseline: Scenario | str | Path, scenarios: list[Scenario | str | Path], replicates: int | None = None,
            seeds: list[int] | None = None, workers: int | None = None, out: str | Path | None = None,
            ensemble: str | Path | None = None, period: tuple[int, int] = (2026, 2030),
            progress: bool = True, scheduler: str | None = None, results: str | Path | None = None,
            overwrite: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run baseline and scenarios (files or Scenario objects) with paired replicates and summarise.

    ``replicates`` defaults to the number of ``seeds`` (or 10, seeds 1..10); ``ensemble`` is a CSV
    or Parquet file of parameter sets (replicate i uses set i mod K for every scenario); ``period``
    is the first and last calendar year (inclusive); ``out`` (optional) is where the files go,
    checked before any run and written whole or not at all (an existing non-empty folder is
    refused unless ``overwrite``, then replaced whole; see :func:`simulation.outputs.staged`).
    ``workers`` and ``scheduler`` choose where the runs execute (:func:`analysis.executor.run_each`);
    with ``results`` (a folder), each replicate is saved there as it finishes and a second call with
    the same scenarios, seeds and ensemble runs only the replicates missing (other ones are refused).
    Returns the tidy table of every run (see :mod:`analysis.batch`) and the summary (see
    :func:`summarize`).
    """
    if workers is not None and (isinstance(workers, bool) or workers != int(workers) or not 1 <= workers <= MAX_WORKERS):
        raise CompareError(f"workers must be a whole number from 1 to {MAX_WORKERS} (got {workers}; "
                           f"{WORKERS_LIMIT} sets the upper limit)")
    if out is not None:
        from simulation.outputs import OutputError, check_target

        try:
            check_target(out, overwrite)  # before any run: a folder that cannot take the outputs fails now
        except OutputError as exc:
            raise CompareError(f"out: {exc}") from None
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in [baseline, *scenarios]]
    if len(loaded) < 2:
        raise CompareError("give at least one scenario to compare with the baseline")
    labels = _labels(loaded)
    seed_list = _seeds(replicates, seeds)
    period = (int(period[0]), int(period[1]))
    sets = load_ensemble(ensemble) if ensemble is not None else None
    _check(loaded, labels, period, sets)
    branches = tuple(zip(loaded[1:], labels[1:]))  # each replicate's scenarios go on from its baseline run
    jobs = [Job(loaded[0], seed, i % len(sets) if sets else -1, sets[i % len(sets)] if sets else {}, labels[0],
                branches) for i, seed in enumerate(seed_list)]
    store = None
    if results is not None:
        spec = {"command": "compare", "seeds": seed_list, "ensemble_sha256": digest(sets),
                "scenarios": [{"label": lab, "parameters_sha256": s.digest()} for s, lab in zip(loaded, labels)]}
        store = RunStore(results, spec)
    table = run_batch(jobs, workers=workers, progress=progress, scheduler=scheduler, results=store)
    table = pd.concat([table[table["scenario"] == label] for label in labels], ignore_index=True)
    summary = summarize(table, labels[0], period)
    if out is not None:
        from simulation.outputs import package_version, staged

        record = {"baseline": _describe(loaded[0], labels[0]),
                  "scenarios": [_describe(s, lab) for s, lab in zip(loaded[1:], labels[1:])],
                  "replicates": len(seed_list), "seeds": seed_list, "period": list(period),
                  "ensemble": None if ensemble is None else {
                      "file": str(ensemble), "sha256": hashlib.sha256(Path(ensemble).read_bytes()).hexdigest(),
                      "parameter_sets": len(sets), "parameters": list(sets[0])},
                  "workers": workers or default_workers(), "package_version": package_version(),
                  "python_version": platform.python_version()}
        with staged(out, overwrite) as stage:
            write_outputs(stage, table, summary, record, period)
    return table, summary


def main(argv: list[str] | None = None, prog: str = "python -m analysis.compare") -> int:
    """Command line (also ``python -m simulation compare``); bad inputs exit 2 like a bad scenario."""
    parser = argparse.ArgumentParser(prog=prog, description="Compare scenarios with a baseline over paired replicates.")
    parser.add_argument("baseline", type=Path, help="baseline scenario file (TOML)")
    parser.add_argument("scenarios", type=Path, nargs="+", help="scenario files to compare with the baseline")
    parser.add_argument("--replicates", type=whole_number(1, MAX_REPLICATES, limit=REPLICATES_LIMIT), help="paired replicates (default: number of --seeds, else 10)")
    parser.add_argument("--seeds", type=whole_number(0, MAX_SEED), nargs="+", help="seed of each replicate (default 1..N)")
    parser.add_argument("--out", type=Path, required=True, help="output directory (created; must not exist or be empty)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output directory whole")
    parser.add_argument("--workers", type=whole_number(1, MAX_WORKERS, limit=WORKERS_LIMIT), help="parallel processes (default: one per CPU; 1 = in-process)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on this Dask scheduler (tcp://host:8786), or 'local' for a Dask LocalCluster of --workers")
    parser.add_argument("--results", type=Path,
                        help="folder of finished runs: a re-run skips them (default: OUT.runs, beside OUT)")
    parser.add_argument("--ensemble", type=Path, help="CSV or Parquet of parameter sets (columns: dotted paths)")
    parser.add_argument("--period", type=int, nargs=2, default=[2026, 2030], metavar=("FIRST", "LAST"),
                        help="calendar years compared, inclusive (default 2026 2030)")
    args = parser.parse_args(argv)
    try:
        _, summary = compare(args.baseline, args.scenarios, replicates=args.replicates, seeds=args.seeds,
                             workers=args.workers, out=args.out, ensemble=args.ensemble, period=tuple(args.period),
                             scheduler=args.scheduler, results=args.results or results_beside(args.out),
                             overwrite=args.overwrite)
    except (CompareError, ScenarioError, StoreError) as exc:
        message = str(exc)
        print(f"error: {'--out ' + message[5:] if message.startswith('out: ') else message}", file=sys.stderr)
        return 2
    except OSError as exc:  # disk full while writing: staged() left no partial folder
        from simulation.outputs import why

        print(f"error: --out {args.out}: writing the outputs failed: {why(exc)}; nothing was written",
              file=sys.stderr)
        return 1
    print(f"{args.period[0]}-{args.period[1]}, paired replicates (mean over replicates; differences are "
          "scenario minus baseline)\n")
    print(format_summary(summary))
    print(f"\nfiles written to {args.out}/: replicates.parquet, summary.csv, summary.md, effects.md, compare.json, "
          + ", ".join(f"{outcome}.html" for outcome in PLOTTED))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
