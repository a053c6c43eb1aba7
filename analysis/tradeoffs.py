"""Trade-offs between targets, read from a calibration study: can a missed figure be met, at what cost?

    python -m analysis.tradeoffs STUDY_DIR [--out DIR]

Every trial of a calibration stores the mean of each target statistic over its seeds. For each
scored target (rows marked ``calibrate`` or ``calibrate-soft`` in data/targets.csv) and each bound,
this counts the finished trials that put it within +-15 % of the published value (a bound: inside its
range) and takes the best-scoring of them: its score, against the study's best, and the other
targets and the bounds that trial misses, with their values. A
figure that no trial meets, or that only trials missing other figures meet, conflicts with them
given the model's mechanisms and the ranges searched; the table says with which, in numbers.

Python: ``tradeoffs(study) -> pandas.DataFrame`` (one row per scored target and bound).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import optuna
import pandas as pd

from . import targets as T
from .calibrate import load_study

COLUMNS = ["key", "published", "trials", "trials_within", "best_trial", "best_score", "trial_within",
           "score_within", "value_within", "misses_within"]


def _within(target: T.Target, published: float | None, value: float) -> bool:
    if target.kind == "bound":
        return target.inside(value)
    return T.close(value, published)


def _misses(target: T.Target, published: float | None, value: float) -> str:
    if target.kind == "bound":
        return f"{target.key} {value:.3g} (bound {target.range_text()})"
    return f"{target.key} {value:.3g} vs {published:g} ({100 * (value - published) / published:+.0f} %)"


def tradeoffs(study: optuna.Study, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per scored target and bound: trials meeting it and what the best of them misses (see the module)."""
    table = T.published() if table is None else table
    checked = T.TARGETS  # every scored target (main and soft) and bound
    published = {t.key: None if t.kind == "bound" else float(table.loc[t.key, "value"]) for t in checked}
    trials = [t for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
              if t.user_attrs.get("statistics")]
    if not trials:
        raise ValueError("the study has no finished trial with statistics")
    best = min(trials, key=lambda t: t.value)
    rows = []
    for target in checked:
        meeting = [t for t in trials if _within(target, published[target.key], t.user_attrs["statistics"][target.key])]
        shown = target.range_text() if target.kind == "bound" else f"{published[target.key]:g}"
        row = dict(key=target.key, published=shown, trials=len(trials), trials_within=len(meeting),
                   best_trial=best.number, best_score=best.value)
        if meeting:
            chosen = min(meeting, key=lambda t: t.value)
            stats = chosen.user_attrs["statistics"]
            missed = [_misses(o, published[o.key], stats[o.key]) for o in checked
                      if not _within(o, published[o.key], stats[o.key])]
            row.update(trial_within=chosen.number, score_within=chosen.value, value_within=stats[target.key],
                       misses_within="; ".join(missed) or "none")
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("study", help="directory of a calibration study (holds study.db)")
    parser.add_argument("--out", help="directory to write tradeoffs.csv to (default: print only)")
    args = parser.parse_args(argv)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        frame = tradeoffs(load_study(Path(args.study)))
    except ValueError as exc:
        parser.error(str(exc))
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        frame.to_csv(Path(args.out) / "tradeoffs.csv", index=False)
    with pd.option_context("display.max_colwidth", 200, "display.width", 250):
        print(frame.drop(columns=["trials", "best_trial", "best_score"]).to_string(index=False))


if __name__ == "__main__":
    main()
