"""Time a run and measure its memory, and show where the time goes (not a test: it prints figures).

    python scripts/benchmark.py [SCENARIO] [--seed N] [--repeats K] [--scale K]
    python scripts/benchmark.py --cli            # whole `python -m simulation run` processes, with and without events
    python scripts/benchmark.py --scaling 1 2 4 8  # time and peak memory as the network grows

The default prints the construction time, the run time (best of ``--repeats``, wall clock and CPU),
the cost per simulated day, and the share of each phase of the daily step (one instrumented run,
each subsystem's daily method wrapped with a timer). ``--scale K`` multiplies every town's youth
network, its initial scammers and the ties between towns by K. ``--cli`` and ``--scaling`` run each
measurement in a fresh process and report its peak resident memory (RSS).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline.toml"

# The daily methods of each phase, as (phase, attribute path on the model, method name).
PHASES = [
    ("0 interventions", "", "_apply_interventions"),
    ("1 complaints", "complaints", "register_due"),
    ("2 courts", "courts", "step"),
    ("3 police", "police", "step"),
    ("4 recruitment", "recruitment", "new_recruits"),
    ("4 recruitment", "", "recruit"),
    ("5 desistance", "desistance", "quitting"),
    ("6 platforms", "platforms", "remove_profiles"),
    ("7 contacts", "contacts", "step"),
    ("7 contacts", "cases", "open"),
    ("8 cases", "cases", "step"),
    ("9 payments", "payments", "cash_out"),
    ("10 reports", "complaints", "file"),
    ("11 results", "", "_record"),
]


def scale_overrides(scenario_path: Path, k: int) -> dict:
    """Overrides multiplying each town's youth network and initial scammers, and the inter-town ties, by k."""
    from simulation import load_scenario

    scenario = load_scenario(scenario_path)
    out = {"network__inter_town_ties": scenario.network.inter_town_ties * k}
    for name, town in scenario.towns.items():
        out[f"towns__{name}__youth_network"] = town.youth_network * k
        out[f"towns__{name}__initial_scammers"] = town.initial_scammers * k
    return out if k != 1 else {}


def timed_run(scenario: Path, seed: int, overrides: dict, by_phase: bool, events: str = "none"):
    from simulation import ExtortionModel

    t0 = time.perf_counter()
    model = ExtortionModel(scenario, seed=seed, events=events, **overrides)
    t1 = time.perf_counter()
    spent: dict[str, float] = defaultdict(float)
    if by_phase:
        for phase, owner, name in PHASES:
            target = getattr(model, owner) if owner else model
            original = getattr(target, name)

            def wrapper(*args, _original=original, _phase=phase, **kwargs):
                start = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    spent[_phase] += time.perf_counter() - start

            setattr(target, name, wrapper)
    cpu = time.process_time()
    model.run()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, time.process_time() - cpu, dict(spent), model


def peak_rss_mb(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of a command run in a fresh measuring process."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, cwd=ROOT, check=True)
    seconds, kilobytes = done.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def model_only_command(scenario: Path, seed: int, k: int) -> list[str]:
    """A process that builds and runs the model without writing anything (no event log)."""
    code = ("import sys; sys.path.insert(0, 'scripts'); from benchmark import scale_overrides, timed_run; "
            f"from pathlib import Path; s = Path({str(scenario)!r}); "
            f"timed_run(s, {seed}, scale_overrides(s, {k}), by_phase=False)")
    return [sys.executable, "-c", code]


def profile(args: argparse.Namespace) -> None:
    overrides = scale_overrides(args.scenario, args.scale)
    runs = [timed_run(args.scenario, args.seed, overrides, by_phase=False) for _ in range(args.repeats)]
    build, run, cpu, _, model = min(runs, key=lambda r: r[1])
    days = model.days
    print(f"scenario: {model.scenario.run.name}  seed: {args.seed}  scale: {args.scale}  days: {days}")
    print(f"construction: {build:.2f} s   run: {run:.2f} s wall, {cpu:.2f} s CPU (best of {args.repeats})   "
          f"per day: {run / days * 1e6:.0f} us")
    last = model.results.annual().iloc[-1]
    print(f"scale in the last year: {int(last.active_scammers)} active scammers, "
          f"{int(last.victims_threatened)} victims threatened, {int(last.contacts)} contacts, {model.log.size} events in all")
    _, run_timed, _, spent, _ = timed_run(args.scenario, args.seed, overrides, by_phase=True)
    print(f"by phase (one instrumented run, {run_timed:.2f} s):")
    for phase, seconds in sorted(spent.items(), key=lambda item: int(item[0].split()[0])):
        print(f"  {phase:<16} {seconds:6.2f} s  {seconds / run_timed:5.1%}")
    other = run_timed - sum(spent.values())
    print(f"  {'step overhead':<16} {other:6.2f} s  {other / run_timed:5.1%}")


def cli(args: argparse.Namespace) -> None:
    print("| `python -m simulation run` | wall time (s) | peak RSS (MB) |\n|---|---|---|")
    for events in ("parquet", "none"):
        with tempfile.TemporaryDirectory() as out:
            seconds, rss = peak_rss_mb([sys.executable, "-m", "simulation", "run", str(args.scenario), "--seed",
                                        str(args.seed), "--out", out, "--events", events])
        print(f"| --events {events} | {seconds:.1f} | {rss:.0f} |")
    seconds, rss = peak_rss_mb(model_only_command(args.scenario, args.seed, 1))
    print(f"| model only (import, build, run; no outputs) | {seconds:.1f} | {rss:.0f} |")


def scaling(args: argparse.Namespace) -> None:
    print("| scale K | youth network (persons) | wall time (s) | per K (s) | peak RSS (MB) |\n|---|---|---|---|---|")
    from simulation import load_scenario

    people = sum(t.youth_network for t in load_scenario(args.scenario).towns.values())
    for k in args.scaling:
        seconds, rss = peak_rss_mb(model_only_command(args.scenario, args.seed, k))
        print(f"| {k} | {people * k:,} | {seconds:.1f} | {seconds / k:.1f} | {rss:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", type=Path, default=BASELINE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1, help="multiply the youth network and initial scammers by K")
    parser.add_argument("--cli", action="store_true", help="time whole command-line runs and their peak memory")
    parser.add_argument("--scaling", type=int, nargs="+", metavar="K", help="time and memory at each scale K")
    args = parser.parse_args()
    if args.cli:
        cli(args)
    elif args.scaling:
        scaling(args)
    else:
        profile(args)


if __name__ == "__main__":
    main()
