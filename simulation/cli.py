"""Command line: ``python -m simulation run SCENARIO --seed N --out DIR``.

``python -m simulation compare ...`` is handed over to the command line of the analysis package
(``python -m analysis.compare``), looked up by name only when that command is given: no module of
the simulation package imports the analysis package, which builds on it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from .registry import HEADLINES
from .scenario import ScenarioError, load_scenario
from .streams import MAX_SEED

# Subcommands that belong to other packages: name -> (module with ``main(argv, prog)``, summary).
DELEGATED = {"compare": ("analysis.compare", "compare scenarios with a baseline over paired replicates")}


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


def whole_number(minimum: int, maximum: int | None = None, limit: str | None = None):
    """An argparse type: a whole number in [minimum, maximum]; anything else is refused with the
    allowed range (argparse names the option and exits with code 2). ``limit`` says where the
    maximum is set (e.g. ``MAX_WORKERS in analysis/batch.py``), for a value above it."""
    allowed = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number {allowed}, got {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            hint = f" ({limit} sets the upper limit)" if limit and maximum is not None and value > maximum else ""
            raise argparse.ArgumentTypeError(f"expected a whole number {allowed}, got {value}{hint}")
        return value

    return parse


def _run(args: argparse.Namespace) -> int:
    from .staging import OutputError, check_target, staged, why

    try:
        check_target(args.out, overwrite=args.overwrite)  # before the model is even imported: a quick refusal
    except OutputError as exc:
        print(f"error: --out {exc}", file=sys.stderr)
        return 2
    from .model import ExtortionModel
    from .outputs import write_outputs

    scenario, overrides = load_scenario(args.scenario), _overrides(args.set)
    scenario = scenario.with_overrides(overrides)  # a bad value is refused before anything is written
    started = time.perf_counter()
    try:
        with staged(args.out, overwrite=args.overwrite) as stage:
            events = stage / "events.parquet" if args.events == "parquet" else "none"
            model = ExtortionModel(scenario, seed=args.seed, events=events, **overrides)
            model.run()
            write_outputs(model, stage)
    except OutputError as exc:
        print(f"error: --out {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # disk full, file too large, a folder removed under the run...
        if args.debug:
            raise
        print(f"error: --out {args.out}: writing the outputs failed: {why(exc)}; nothing was "
              f"written{' and the earlier folder is unchanged' if Path(args.out).exists() else ''}", file=sys.stderr)
        return 1
    annual = model.results.annual()
    print(f"{scenario.run.name}: {model.day} days ({model.start} to {scenario.run.end}), seed {args.seed}, "
          f"{time.perf_counter() - started:.1f} s")
    print(annual[["year", *HEADLINES]].to_string(index=False))
    print(f"outputs written to {args.out}/")
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Every file is checked (a bad one does not hide the next); exit 2 if any is refused."""
    refused = 0
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            refused += 1
            continue
        print(f"{path}: valid ({scenario.run.name}, {scenario.run.start} to {scenario.run.end})")
    return 2 if refused else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulation", description="Sextortion economy simulation.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="simulate one scenario with one seed and write its outputs")
    run.add_argument("scenario", type=Path, help="scenario file (TOML), e.g. scenarios/baseline.toml")
    run.add_argument("--seed", type=whole_number(0, MAX_SEED), default=1, help="master random seed, a whole number from 0 to 2^63 - 1 (default 1)")
    run.add_argument("--out", type=Path, required=True, help="output directory (created; must not exist or be empty)")
    run.add_argument("--overwrite", action="store_true", help="replace an existing output directory whole")
    run.add_argument("--events", choices=("parquet", "none"), default="parquet",
                     help="the event log: streamed to events.parquet as the run goes (default), or none "
                          "(daily, annual, scammers and run.json are always written)")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="override a scenario value, e.g. --set scammers.contact_rate_per_day=25 (repeatable)")
    run.add_argument("--debug", action="store_true", help="show the Python traceback of an unexpected error")
    run.set_defaults(handler=_run)
    check = sub.add_parser("validate", help="check scenario files and report every problem")
    check.add_argument("scenarios", type=Path, nargs="+")
    check.set_defaults(handler=_validate, debug=False)
    for command, (module, summary) in DELEGATED.items():
        sub.add_parser(command, help=f"{summary} (python -m {module})", add_help=False)
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DELEGATED:
        return importlib.import_module(DELEGATED[argv[0]][0]).main(argv[1:], prog=f"{parser.prog} {argv[0]}")
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        if args.debug:
            raise
        print("error: out of memory; a smaller scenario (youth_network, run length) needs less", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line, the traceback with --debug
        if args.debug:
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (run again with --debug for the traceback, and "
              "please report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
