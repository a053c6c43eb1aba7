"""Command line: ``python -m simulation run SCENARIO --seed N --out DIR``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .registry import HEADLINES
from .scenario import ScenarioError, load_scenario


def _parse_value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def _overrides(pairs: list[str]) -> dict:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ScenarioError(f"--set {pair!r}: expected KEY=VALUE, e.g. police.units.national.capacity=60")
        out[key.strip()] = _parse_value(value.strip())
    return out


def _run(args: argparse.Namespace) -> int:
    from .model import ExtortionModel
    from .outputs import write_outputs

    scenario = load_scenario(args.scenario)
    started = time.perf_counter()
    events = args.out / "events.parquet" if args.events == "parquet" else "none"
    model = ExtortionModel(scenario, seed=args.seed, events=events, **_overrides(args.set))
    model.run()
    out = write_outputs(model, args.out)
    annual = model.results.annual()
    print(f"{scenario.run.name}: {model.day} days ({model.start} to {scenario.run.end}), seed {args.seed}, "
          f"{time.perf_counter() - started:.1f} s")
    print(annual[["year", *HEADLINES]].to_string(index=False))
    print(f"outputs written to {out}/")
    return 0


def _validate(args: argparse.Namespace) -> int:
    for path in args.scenarios:
        scenario = load_scenario(path)
        print(f"{path}: valid ({scenario.run.name}, {scenario.run.start} to {scenario.run.end})")
    return 0


def _compare(args: argparse.Namespace) -> int:
    """Delegates to :func:`analysis.compare.compare`; bad inputs exit 2 like a bad scenario."""
    from analysis.compare import CompareError, compare, format_summary

    try:
        _, summary = compare(args.baseline, args.scenarios, replicates=args.replicates, seeds=args.seeds,
                             workers=args.workers, out=args.out, ensemble=args.ensemble, period=tuple(args.period))
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.period[0]}-{args.period[1]}, paired replicates (mean over replicates; differences are "
          "scenario minus baseline)\n")
    print(format_summary(summary))
    print(f"\nfiles written to {args.out}/: replicates.parquet, summary.csv, summary.md, effects.md, compare.json, "
          "victims_threatened.html, amount_paid_mad.html")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulation", description="Sextortion economy simulation.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="simulate one scenario with one seed and write its outputs")
    run.add_argument("scenario", type=Path, help="scenario file (TOML), e.g. scenarios/baseline.toml")
    run.add_argument("--seed", type=int, default=1, help="master random seed (default 1)")
    run.add_argument("--out", type=Path, required=True, help="output directory")
    run.add_argument("--events", choices=("parquet", "none"), default="parquet",
                     help="the event log: streamed to events.parquet as the run goes (default), or none "
                          "(daily, annual, scammers and run.json are always written)")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="override a scenario value, e.g. --set scammers.contact_rate_per_day=25 (repeatable)")
    run.set_defaults(handler=_run)
    check = sub.add_parser("validate", help="check scenario files and report every problem")
    check.add_argument("scenarios", type=Path, nargs="+")
    check.set_defaults(handler=_validate)
    comp = sub.add_parser("compare", help="compare scenarios with a baseline over paired replicates")
    comp.add_argument("baseline", type=Path, help="baseline scenario file (TOML)")
    comp.add_argument("scenarios", type=Path, nargs="+", help="scenario files to compare with the baseline")
    comp.add_argument("--replicates", type=int, help="paired replicates (default: number of --seeds, else 10)")
    comp.add_argument("--seeds", type=int, nargs="+", help="seed of each replicate (default 1..N)")
    comp.add_argument("--out", type=Path, required=True, help="output directory")
    comp.add_argument("--workers", type=int, help="parallel processes (default: one per CPU; 1 = in-process)")
    comp.add_argument("--ensemble", type=Path, help="CSV or Parquet of parameter sets (columns: dotted paths)")
    comp.add_argument("--period", type=int, nargs=2, default=[2026, 2030], metavar=("FIRST", "LAST"),
                      help="calendar years compared, inclusive (default 2026 2030)")
    comp.set_defaults(handler=_compare)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
