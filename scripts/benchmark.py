"""Time a full baseline run and show where the time goes (not a test: it prints figures).

    python scripts/benchmark.py [SCENARIO] [--seed N] [--repeats K]

Prints the construction time, the run time, the cost per simulated day, and the share of each
phase of the daily step (measured by wrapping each subsystem's daily method with a timer).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from simulation import ExtortionModel

# The daily methods of each phase, as (phase, attribute path on the model, method name).
PHASES = [
    ("0 interventions", "", "_apply_interventions"),
    ("1 complaints", "complaints", "register_due"),
    ("2 courts", "courts", "step"),
    ("3 police", "police", "step"),
    ("4 recruitment", "recruitment", "new_recruits"),
    ("4 recruitment", "careers", "recruit"),
    ("5 desistance", "desistance", "quitting"),
    ("6 platforms", "platforms", "remove_profiles"),
    ("7 contacts", "contacts", "step"),
    ("7 contacts", "cases", "open"),
    ("8 cases", "cases", "step"),
    ("9 payments", "payments", "cash_out"),
    ("10 reports", "complaints", "file"),
    ("11 results", "", "_record"),
]


def timed_run(scenario: str | None, seed: int, by_phase: bool) -> tuple[float, float, dict]:
    t0 = time.perf_counter()
    model = ExtortionModel(scenario, seed=seed)
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
    model.run()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, dict(spent), model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    runs = [timed_run(args.scenario, args.seed, by_phase=False) for _ in range(args.repeats)]
    build, run, _, model = min(runs, key=lambda r: r[1])
    days = model.days
    print(f"scenario: {model.scenario.run.name}  seed: {args.seed}  days: {days}")
    print(f"construction: {build:.2f} s   run: {run:.2f} s (best of {args.repeats})   per day: {run / days * 1e6:.0f} us")
    last = model.results.annual().iloc[-1]
    print(f"scale in the last year: {int(last.active_scammers)} active scammers, "
          f"{int(last.victims_threatened)} victims threatened, {int(last.contacts)} contacts, {model.log.size} events in all")
    _, run_timed, spent, _ = timed_run(args.scenario, args.seed, by_phase=True)
    print(f"by phase (one instrumented run, {run_timed:.2f} s):")
    for phase, seconds in sorted(spent.items(), key=lambda item: int(item[0].split()[0])):
        print(f"  {phase:<16} {seconds:6.2f} s  {seconds / run_timed:5.1%}")
    other = run_timed - sum(spent.values())
    print(f"  {'step overhead':<16} {other:6.2f} s  {other / run_timed:5.1%}")


if __name__ == "__main__":
    main()
