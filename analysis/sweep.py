"""Sweeps and global sensitivity analysis: which parameters and levers matter, and where.

    python -m analysis.sweep SPEC.toml --out runs/sweep [--workers 2 | --scheduler tcp://host:8786]

The spec (TOML) names a scenario, the inputs to vary with their ranges (any dotted scenario path,
a lever's ``interventions.K.intensity`` and ``interventions.K.start`` included: dates are varied
by day), a design from SALib, the seeds run at each point, the outputs and the period (calendar
years, inclusive) they are taken over, and optionally a threshold for scenario discovery::

    scenario = "scenarios/baseline.toml"
    design = "sobol"            # sobol (Saltelli), morris, or latin (Latin hypercube)
    samples = 64                # N: sobol runs N x (D + 2) points, morris N x (D + 1), latin N
    seeds = 2                   # runs per point (seeds 1..seeds); a point's output is their mean
    outputs = ["amount_paid_mad", "victims_paid"]
    period = [2021, 2025]
    [parameters]
    "scammers.contact_rate_per_day" = [20.0, 60.0]
    "interventions.2.intensity" = [0.0, 1.0]
    "interventions.2.start" = [2022-01-01, 2025-06-30]
    [discovery]
    output = "amount_paid_mad"
    below = 5e6                 # which input ranges keep it below this (PRIM box)

Outputs are those of :func:`analysis.compare.period_outcomes` (flows summed over the period, in
counts or MAD; ``active_scammers_end`` in persons at the end of the period). Indices, from SALib:
Sobol first-order S1 and total ST (with 95 % confidence intervals, bootstrap), Morris mu* (mean
absolute elementary effect, in the output's unit) and sigma, or for a Latin hypercube the
moment-independent delta (Borgonovo) with its S1 estimate. Runs go into ``OUT/runs`` as they
finish (:mod:`analysis.store`): the same command again resumes. Files in ``OUT``: points.parquet
(inputs and mean outputs per point), indices.csv, discovery.csv, report.html (offline, plotly).
A bad spec exits with code 2 and names the field.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from simulation import ScenarioError, load_scenario
from simulation.cli import whole_number

from .batch import MAX_REPLICATES, MAX_WORKERS, Job, run_batch
from .compare import period_outcomes
from .discovery import prim
from .store import RunStore, StoreError
from .sweep_report import RANKED_BY, write_report

OUTPUTS = ("victims_threatened", "victims_paid", "amount_paid_mad", "cases_recorded", "arrests",
           "intervention_cost_mad", "active_scammers_end", "displacement")
MAX_RUNS = 100_000  # runs of one sweep (points x seeds)


class Discovery(BaseModel):
    """Scenario discovery: the inputs' ranges where ``output`` stays at or below ``below``."""

    model_config = ConfigDict(extra="forbid")
    output: str
    below: float


class SweepSpec(BaseModel):
    """A sweep (see the module's help); ``parameters`` maps dotted paths to [low, high]."""

    model_config = ConfigDict(extra="forbid")
    scenario: Path
    design: Literal["sobol", "morris", "latin"]
    samples: int = Field(ge=2, le=MAX_RUNS)
    seeds: int = Field(1, ge=1, le=MAX_REPLICATES)
    parameters: dict[str, tuple[float, float] | tuple[date, date]] = Field(min_length=1)
    outputs: list[Literal[OUTPUTS]] = Field(min_length=1)
    period: tuple[int, int]
    levels: int = Field(4, ge=2, le=20, description="morris: grid levels")
    design_seed: int = Field(1, ge=0, description="seed of the design and of the bootstrap")
    discovery: Discovery | None = None

    @field_validator("parameters")
    @classmethod
    def _ranges(cls, value: dict) -> dict:
        for name, (low, high) in value.items():
            if not low < high:
                raise ValueError(f"{name}: the low end must be below the high end (got {low}, {high})")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SweepSpec:
        if self.period[0] > self.period[1]:
            raise ValueError(f"period {self.period[0]}-{self.period[1]}: the first year is after the last")
        if self.design == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"samples: sobol needs a power of two (got {self.samples})")
        if self.discovery and self.discovery.output not in self.outputs:
            raise ValueError(f"discovery.output: {self.discovery.output!r} is not one of the outputs {self.outputs}")
        if self.points() * self.seeds > MAX_RUNS:
            raise ValueError(f"samples: {self.points()} points x {self.seeds} seeds is more than {MAX_RUNS} runs")
        return self

    def points(self) -> int:
        """Points of the design: N (D + 2) for sobol (first and total orders), N (D + 1) for morris, N for latin."""
        d = len(self.parameters)
        return self.samples * {"sobol": d + 2, "morris": d + 1, "latin": 1}[self.design]

    def problem(self) -> dict:
        """SALib's problem: dates as days after the low end of their range."""
        bounds = [[0.0, float((high - low).days)] if isinstance(low, date) else [low, high]
                  for low, high in self.parameters.values()]
        return {"num_vars": len(bounds), "names": list(self.parameters), "bounds": bounds}


class SweepError(ValueError):
    """A spec that cannot be used; the message names the field."""


def load_spec(path: str | Path) -> SweepSpec:
    """Read and check a sweep spec (TOML); the scenario path is relative to the spec's folder if not found as given."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SweepError(f"cannot read sweep spec {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SweepError(f"{path}: not valid TOML: {exc}") from None
    if isinstance(data.get("scenario"), str) and not Path(data["scenario"]).exists():
        data["scenario"] = str(path.parent / data["scenario"])
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        lines = [f"{'.'.join(map(str, e['loc'])) or 'spec'}: {e['msg']}" for e in exc.errors()]
        raise SweepError(f"{path}: invalid sweep spec:\n  " + "\n  ".join(lines)) from None
    _check_scenario(spec)
    return spec


def _check_scenario(spec: SweepSpec) -> None:
    scenario = load_scenario(spec.scenario)
    first, last = spec.period
    if scenario.run.start > date(first, 1, 1) or scenario.run.end < date(last, 12, 31):
        raise SweepError(f"period: the scenario runs {scenario.run.start} to {scenario.run.end}, "
                         f"not whole years {first}-{last}")
    for name, (low, high) in spec.parameters.items():
        try:
            old = scenario.value_at(name)
        except (KeyError, IndexError, ValueError, TypeError):
            raise SweepError(f"parameters.{name}: no such scenario parameter") from None
        if isinstance(old, bool) or not isinstance(old, (int, float, date)):
            raise SweepError(f"parameters.{name}: not a number or a date (got {old!r}), cannot be varied")
        if isinstance(old, date) != isinstance(low, date):
            raise SweepError(f"parameters.{name}: give a range of {'dates' if isinstance(old, date) else 'numbers'}")
        for end in (low, high):
            try:
                scenario.with_overrides({name: end.isoformat() if isinstance(end, date) else end})
            except ScenarioError as exc:
                raise SweepError(f"parameters.{name} = {end}: {exc}") from None


def design_points(spec: SweepSpec) -> np.ndarray:
    """The SALib design: one row per point, one column per parameter (dates in days after the low end)."""
    from SALib.sample import latin, morris, sobol

    problem, n, seed = spec.problem(), spec.samples, spec.design_seed
    if spec.design == "sobol":
        return sobol.sample(problem, n, calc_second_order=False, seed=seed)
    if spec.design == "morris":
        return morris.sample(problem, n, num_levels=spec.levels, seed=seed)
    return latin.sample(problem, n, seed=seed)


def overrides(spec: SweepSpec, point: np.ndarray, scenario) -> dict:
    """The scenario values of one design point: dates as ISO text, whole numbers rounded."""
    out = {}
    for (name, (low, _)), x in zip(spec.parameters.items(), point):
        if isinstance(low, date):
            out[name] = (low + timedelta(days=int(round(x)))).isoformat()
        elif isinstance(scenario.value_at(name), int):
            out[name] = int(round(x))
        else:
            out[name] = float(x)
    return out


def jobs(spec: SweepSpec) -> list[Job]:
    """One job per (point, seed): ``param_set`` is the point's row in the design, seeds 1..seeds."""
    scenario = load_scenario(spec.scenario)
    return [Job(scenario, seed, i, overrides(spec, point, scenario))
            for i, point in enumerate(design_points(spec)) for seed in range(1, spec.seeds + 1)]


def point_outputs(table: pd.DataFrame, spec: SweepSpec) -> pd.DataFrame:
    """The outputs of each point over the period: mean over its seeds, one row per point in design order."""
    per_run = period_outcomes(table, spec.period)[spec.outputs]
    return per_run.groupby(level="param_set").mean().sort_index()


def indices(spec: SweepSpec, x: np.ndarray, y: pd.DataFrame) -> pd.DataFrame:
    """Sensitivity indices per (output, parameter), from SALib: Sobol ``S1``, ``ST`` with their 95 %
    confidence half-widths ``S1_conf``, ``ST_conf``; Morris ``mu_star`` (output's unit), its
    ``mu_star_conf`` and ``sigma``; latin: Borgonovo's ``delta`` (raw estimator), ``delta_conf``,
    ``S1``, ``S1_conf`` (NaN with too few points: some 50 at least)."""
    from SALib.analyze import delta, morris, sobol

    problem, rows = spec.problem(), []
    for output in spec.outputs:
        values = y[output].to_numpy(dtype=float)
        if spec.design == "sobol":
            found = sobol.analyze(problem, values, calc_second_order=False, seed=spec.design_seed)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        elif spec.design == "morris":
            found = morris.analyze(problem, x, values, num_levels=spec.levels, seed=spec.design_seed)
            keys = ("mu_star", "mu_star_conf", "sigma")
        else:
            with contextlib.redirect_stdout(io.StringIO()):  # SALib prints notes on its bins
                found = delta.analyze(problem, x, values, seed=spec.design_seed)
            found = {**found, "delta": found["delta_raw"], "delta_conf": found["delta_raw_conf"]}
            keys = ("delta", "delta_conf", "S1", "S1_conf")
        for i, name in enumerate(problem["names"]):
            rows.append({"output": output, "parameter": name, **{k: float(found[k][i]) for k in keys}})
    return pd.DataFrame(rows)


def sweep(spec: SweepSpec, out: str | Path, workers: int | None = None, scheduler: str | None = None,
          progress: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run (or resume) a sweep; write its files into ``out``. Returns (points, indices): points has
    one row per design point (inputs, then the mean outputs)."""
    out = Path(out)
    spec_record = {"command": "sweep", **spec.model_dump(mode="json"),
                   "scenario_sha256": load_scenario(spec.scenario).digest()}
    table = run_batch(jobs(spec), workers, progress, scheduler, RunStore(out / "runs", spec_record))
    x = design_points(spec)
    y = point_outputs(table, spec)
    points = pd.concat([pd.DataFrame(x, columns=list(spec.parameters)), y.reset_index(drop=True)], axis=1)
    found = indices(spec, x, y)
    box = None
    if spec.discovery:
        box = prim(points[list(spec.parameters)], points[spec.discovery.output] <= spec.discovery.below)
        box.limits.rename_axis("parameter").reset_index().to_csv(out / "discovery.csv", index=False)
    points.to_parquet(out / "points.parquet", index=False)
    found.to_csv(out / "indices.csv", index=False)
    write_report(out / "report.html", spec, points, found, box)
    return points, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.sweep", description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="sweep spec (TOML)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (its runs/ subfolder makes the sweep resumable)")
    parser.add_argument("--workers", type=whole_number(1, MAX_WORKERS), help="parallel processes (default: one per CPU; 1 = in-process)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on this Dask scheduler (tcp://host:8786), or 'local' for a Dask LocalCluster of --workers")
    args = parser.parse_args(argv)
    try:
        spec = load_spec(args.spec)
        points, found = sweep(spec, args.out, args.workers, args.scheduler)
    except (SweepError, ScenarioError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    ranked = found.sort_values(["output", RANKED_BY[spec.design]], ascending=[True, False])
    print(ranked.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    print(f"\n{len(points)} points x {spec.seeds} seeds; files in {args.out}/: points.parquet, indices.csv, "
          f"{'discovery.csv, ' if spec.discovery else ''}report.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
