"""Calibration: fit the uncertain parameters of a scenario to the published figures.

    python -m analysis.calibrate --trials 200 --workers 2 [--replicates 2] [--study runs/calibration]
    python -m analysis.calibrate --trials 300 --sampler cmaes      # then refine locally, same study
    python -m analysis.calibrate --sampler cmaes --sigma 0.05 --study runs/refine  # a closer look around the scenario
    python -m analysis.calibrate --only 'markets.*.report_prob' --study runs/reporting  # a few parameters, others fixed
    python -m analysis.calibrate --trials 500 --study runs/cal --storage journal:/shared/cal.log  # on each machine
    python -m analysis.calibrate --apply [--study runs/calibration]   # write the best fit back
    python -m analysis.calibrate --apply --rescore 10 --replicates 6   # ... the best of the 10 leading
                                                                       # trials, scored again on 6 seeds
    python -m analysis.calibrate --apply --rescore 10 --replicates 6 --final 4   # ... then the best of
                                                                       # the leading 4 of those on 20 seeds

The parameters searched are those tagged ``[to calibrate: LOW-HIGH]`` in the scenario file (in an
``[[interventions]]`` table, a historical policy of the baseline, as ``interventions.K.field``, K
counting from 0), within those ranges (log scale where the range spans a factor of 20
or more). A share tagged ``[to calibrate: remainder]`` is not searched: it is one minus its searched
siblings (the same key in the other tables of the same parent), so shares that must sum to one
stay valid (e.g. the webcam modus operandi's share of new scammers). Each candidate is run on ``replicates`` seeds to the end of 2021 and scored by
``analysis.targets.score`` (weighted negative log-likelihood, one component per target, stored
with the trial); a candidate far worse than the best on its first seed is not run on the others,
and one whose scammer pool or victim count explodes is stopped early. The search is Optuna's TPE
sampler (global) or CMA-ES (local, from the best trial so far or the scenario's values), seeded;
trials are kept in an SQLite file, so a stopped calibration resumes where it was, without losing
finished trials (trials it left running are closed as failed; a resume with another scenario or
number of replicates is refused). With several workers
(processes sharing that file) the order of trials depends on timing. ``--storage URL`` puts the
study in a database or a journal file that several machines share: run the same command on each
(see docs/research.md).

``--apply`` writes the best parameters into the scenario file in place (keeping its comments),
with a note of the calibration run in its header (with ``--rescore``, and ``--final``, the leading
trials are scored again on more seeds, in one or two stages, and of those within ``NOISE`` of the
best score in the last stage, the one that meets the most main targets is written; the ranking is
kept in the study's ``rescored.csv``), and writes the best ``--ensemble`` parameter sets
to ``data/calibration_ensemble.csv`` (one row per set, dotted parameter paths as columns), which the
comparison command takes with ``--ensemble`` to carry parameter uncertainty.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import sys
import threading
import warnings
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path

import numpy as np
import optuna
import pandas as pd
from sqlalchemy.exc import SQLAlchemyError
from tqdm import tqdm

from simulation import ScenarioError, load_scenario
from simulation.cli import whole_number

from . import targets
from .batch import MAX_REPLICATES, MAX_WORKERS, REPLICATES_LIMIT, WORKERS_LIMIT
from .executor import LOCAL, alive, run_each

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline.toml"
ENSEMBLE = ROOT / "data" / "calibration_ensemble.csv"
STUDY_NAME = "baseline"
_TAG = re.compile(r"^(\w+)\s*=\s*([^#]+?)\s*#.*\[to calibrate: ([0-9.eE+]+)-([0-9.eE+]+)")
_REMAINDER = re.compile(r"^(\w+)\s*=.*#.*\[to calibrate: remainder[;\]]")


def _sections(lines: list[str]):
    """(line number, line, dotted section) of each line of a scenario file; the k-th
    ``[[interventions]]`` table (a historical policy of the baseline) is section ``interventions.k``."""
    section, levers = None, 0
    for i, line in enumerate(lines):
        header = re.match(r"^\[([\w.]+)\]", line)
        if header:
            section = header.group(1)
        elif line.startswith("[[interventions]]"):
            section, levers = f"interventions.{levers}", levers + 1
        else:
            yield i, line, section


def _tagged(path: Path):
    """(dotted path, regex match) of each tagged line."""
    for _, line, section in _sections(path.read_text(encoding="utf-8").splitlines()):
        if section and (tag := _TAG.match(line) or _REMAINDER.match(line)):
            yield f"{section}.{tag.group(1)}", tag


def search_space(path: Path = BASELINE, only: list[str] | None = None) -> dict[str, tuple[float, float, bool]]:
    """Dotted parameter path -> (low, high, whole number?) from the ``[to calibrate: a-b]`` tags;
    with ``only`` (shell-style patterns such as ``markets.*.report_prob``), the tagged parameters
    matching one of them."""
    space = {}
    for name, tag in _tagged(path):
        if tag.re is _TAG and (not only or any(fnmatchcase(name, pattern) for pattern in only)):
            _, value, low, high = tag.groups()
            space[name] = (float(low), float(high), "." not in value and "e" not in value.lower())
    if only and not space:
        raise ValueError(f"--only {' '.join(only)}: matches none of the parameters tagged [to calibrate] in {path}")
    return space


def remainders(path: Path = BASELINE) -> dict[str, list[str]]:
    """Dotted path of each ``[to calibrate: remainder]`` share -> the searched siblings it completes to one."""
    space = search_space(path)
    found = {}
    for name, tag in _tagged(path):
        if tag.re is _REMAINDER:
            parent, key = name.rsplit(".", 2)[0], name.rsplit(".", 1)[1]
            found[name] = [s for s in space if s.rsplit(".", 2)[0] == parent and s.endswith(f".{key}")]
    return found


def complete(params: dict, rest: dict[str, list[str]], fixed: dict | None = None) -> dict:
    """The searched parameters, the ``fixed`` values of the tagged ones not searched (a search
    restricted with ``only``), and each remainder share (one minus its siblings)."""
    params = {**(fixed or {}), **params}
    return {**params, **{name: 1.0 - sum(params[s] for s in siblings) for name, siblings in rest.items()}}


def suggest(trial: optuna.Trial, space: dict) -> dict:
    params = {}
    for name, (low, high, whole) in space.items():
        log = low > 0 and high / low >= 20
        params[name] = (trial.suggest_int(name, int(low), int(high), log=log) if whole
                        else trial.suggest_float(name, low, high, log=log))
    return params


MAX_ACTIVE = 20_000   # active scammers: ten times the largest published order of magnitude
MAX_VICTIMS = 1_500_000  # victims threatened by 2021: far more than any recorded-case figure allows
IMPLAUSIBLE = 1e5     # score of a candidate stopped for an exploding scammer pool
SCREEN_FACTOR = 3.0   # a candidate scoring this many times the best on its first seed is not run again


def evaluate(scenario, params: dict, replicates: int, best: float = float("inf")) -> tuple[float, dict, dict]:
    """Score one parameter set: (total, components by target, statistics by target: one per seed run).

    Seeds are run one by one; if the first already scores ``SCREEN_FACTOR`` times the best so far,
    the others are skipped (the candidate is far off whatever their luck).
    """
    candidate = scenario.with_overrides(params)
    runs = []
    for seed in range(1, replicates + 1):
        try:
            runs.append(targets.simulate(candidate, seed, max_active=MAX_ACTIVE, max_victims=MAX_VICTIMS))
        except targets.Implausible:
            return IMPLAUSIBLE, {}, {}
        simulated = {key: np.array([r[key] for r in runs]) for key in runs[0]}
        total, components = targets.score(simulated)
        if total > SCREEN_FACTOR * best:
            break
    return total, components, simulated


def _completed(study: optuna.Study) -> list[optuna.trial.FrozenTrial]:
    return study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))


def scenario_values(scenario, space: dict) -> dict:
    """The scenario's own values of the searched parameters (dotted paths)."""
    return {name: scenario.value_at(name) for name in space}


def fixed_values(path: Path) -> dict:
    """The scenario file's values of every tagged parameter (those a restricted search keeps)."""
    return scenario_values(load_scenario(path), search_space(path))


def load_study(study_dir: Path) -> optuna.Study:
    """The calibration study kept in ``study_dir`` (a ValueError if there is none)."""
    if not any((Path(study_dir) / name).exists() for name in ("study.db", STORAGE_RECORD)):
        raise ValueError(f"{study_dir}: no calibration study there (no study.db or {STORAGE_RECORD})")
    return _opened(Path(study_dir), create=False)


def _opened(study_dir: Path, create: bool, url: str | None = None) -> optuna.Study:
    """The study of ``study_dir`` (in the storage ``url`` if given, see :func:`storage_url`), created
    if ``create`` and none exists; a ValueError naming the folder when it is a file or its storage
    holds no readable calibration study (corrupt, or another)."""
    url = storage_url(study_dir, url)
    try:
        storage = _storage_at(url)
        if create:
            return optuna.create_study(study_name=STUDY_NAME, storage=storage, direction="minimize", load_if_exists=True)
        return optuna.load_study(study_name=STUDY_NAME, storage=storage)
    except (SQLAlchemyError, KeyError) as exc:
        where = url if (study_dir / STORAGE_RECORD).exists() else study_dir / "study.db"
        raise ValueError(f"{where}: not a readable calibration study "
                         f"({type(exc).__name__}: {str(exc).splitlines()[0]})") from None


STORAGE_RECORD = "storage.txt"  # in the study folder: the shared storage given with --storage
HEARTBEAT_S, GRACE_S = 60, 180  # a database trial with no heartbeat for GRACE_S seconds is closed as failed


def storage_url(study_dir: Path, url: str | None = None) -> str:
    """Where the study of ``study_dir`` is: ``study_dir/study.db`` (SQLite), or a storage several
    machines share, given once with ``url`` and recorded in ``study_dir/storage.txt``: a database URL
    (``postgresql://user@host/db``, ``mysql+pymysql://...``, ``sqlite:////shared/study.db``) or
    ``journal:PATH``, an Optuna journal file on a shared disk."""
    if study_dir.exists() and not study_dir.is_dir():
        raise ValueError(f"--study {study_dir}: is a file, not a folder")
    try:
        study_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"--study {study_dir}: cannot make the folder ({exc.strerror})") from None
    record = study_dir / STORAGE_RECORD
    recorded = record.read_text(encoding="utf-8").strip() if record.exists() else None
    if url is not None and url != recorded:
        if recorded is not None or (study_dir / "study.db").exists():
            raise ValueError(f"--storage {url}: the study of {study_dir} is in {recorded or study_dir / 'study.db'}; "
                             "use another --study folder for another storage")
        record.write_text(url + "\n", encoding="utf-8")
        recorded = url
    return recorded or f"sqlite:///{study_dir.resolve() / 'study.db'}"


def _storage_at(url: str) -> optuna.storages.BaseStorage:
    """A journal storage (``journal:PATH``) or a database one, whose running trials send a heartbeat
    every ``HEARTBEAT_S`` seconds."""
    if url.startswith("journal:"):
        from optuna.storages.journal import JournalFileBackend, JournalStorage

        return JournalStorage(JournalFileBackend(url.removeprefix("journal:")))
    with warnings.catch_warnings():  # heartbeats are "experimental" since Optuna 2.9
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return optuna.storages.RDBStorage(url, heartbeat_interval=HEARTBEAT_S, grace_period=GRACE_S)


def close_abandoned(study: optuna.Study) -> list[int]:
    """Mark FAIL the trials a killed calibration left RUNNING, and return their numbers: at once
    those started on this machine by a process that is gone; with a database storage, those of any
    machine whose heartbeat stopped ``GRACE_S`` seconds ago (Optuna's stale trials)."""
    host, closed = socket.gethostname(), []
    for trial in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
        pid = trial.user_attrs.get("pid")
        if trial.user_attrs.get("host") == host and pid and not alive(pid):
            study.tell(trial.number, state=optuna.trial.TrialState.FAIL, skip_if_finished=True)
            closed.append(trial.number)
    before = {t.number for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.FAIL,))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)
    after = {t.number for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.FAIL,))}
    return sorted({*closed, *(after - before)})


def _sampler(name: str, seed: int, study: optuna.Study, start: dict, sigma: float | None = None) -> optuna.samplers.BaseSampler:
    """TPE (global, the default) or CMA-ES (local, started from the best trial so far, or from
    ``start``, the scenario's values, in a new study; initial step ``sigma`` as a share of each
    parameter's range, Optuna's 1/6 by default)."""
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True, n_startup_trials=30)
    done = _completed(study)
    x0 = min(done, key=lambda t: t.value).params if done else start
    return optuna.samplers.CmaEsSampler(x0=x0, sigma0=sigma, seed=seed, n_startup_trials=0,
                                        independent_sampler=optuna.samplers.RandomSampler(seed=seed))


def _worker(task: tuple) -> None:
    """One search loop on the study (in a local process or on a Dask worker), until the study holds
    ``trials`` finished trials. ``task``: (storage URL, scenario path, trials, replicates, sampler
    seed, sampler, sigma, only)."""
    url, scenario_path, trials, replicates, seed, sampler, sigma, only = task
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", message=".*sigma0.*")  # deprecated in Optuna 4.9, still the way to set the step
    scenario = load_scenario(scenario_path)
    space, rest = search_space(Path(scenario_path), only), remainders(Path(scenario_path))
    fixed = fixed_values(Path(scenario_path))
    study = optuna.load_study(study_name=STUDY_NAME, storage=_storage_at(url))
    host = socket.gethostname()
    study.sampler = _sampler(sampler, seed, study, scenario_values(scenario, space), sigma)

    def objective(trial: optuna.Trial) -> float:
        trial.set_user_attr("host", host)  # which process runs it: see close_abandoned
        trial.set_user_attr("pid", os.getpid())
        try:
            best = study.best_value
        except ValueError:  # no finished trial yet
            best = float("inf")
        total, components, simulated = evaluate(scenario, complete(suggest(trial, space), rest, fixed), replicates, best)
        trial.set_user_attr("components", components)
        trial.set_user_attr("statistics", {k: float(np.nanmean(v)) for k, v in simulated.items()})
        return total

    done = optuna.study.MaxTrialsCallback(trials, states=(optuna.trial.TrialState.COMPLETE,))
    study.optimize(objective, callbacks=[done], gc_after_trial=True)


def calibrate(trials: int, workers: int, replicates: int, study_dir: Path, scenario_path: Path = BASELINE,
              seed: int = 1, sampler: str = "tpe", sigma: float | None = None,
              only: list[str] | None = None, storage: str | None = None, scheduler: str | None = None) -> optuna.Study:
    """Run (or resume) the search until the study holds ``trials`` finished trials; with ``only``,
    search the tagged parameters matching those patterns and keep the others at the scenario's values.
    ``storage``: a storage shared by several machines (see :func:`storage_url`); ``workers`` search
    loops run in local processes (1: in this process), or on a Dask cluster with ``scheduler``
    (:func:`analysis.executor.run_each`). On resume, trials left
    running by a killed calibration are closed as failed (:func:`close_abandoned`), and another
    scenario or number of replicates than the study's is refused."""
    for label, value, high in (("trials", trials, None), ("workers", workers, MAX_WORKERS),
                               ("replicates", replicates, MAX_REPLICATES)):
        if isinstance(value, bool) or value != int(value) or value < 1 or (high and value > high):
            raise ValueError(f"{label} must be a whole number from 1{f' to {high}' if high else ' up'} (got {value})")
    scenario, space = load_scenario(scenario_path), search_space(scenario_path, only)  # before the study is made
    study = _opened(study_dir, create=True, url=storage)
    name = scenario.run.name
    if not study.trials:
        study.set_user_attr("scenario", str(scenario_path))
        study.set_user_attr("scenario_name", name)
        study.set_user_attr("replicates", replicates)
        study.set_user_attr("only", list(only or []))
        # the scenario's own values are the first candidate
        study.enqueue_trial(scenario_values(scenario, space))
    elif only is not None and list(only) != study.user_attrs.get("only", []):
        raise ValueError(f"--only: the study in {study_dir} searches {study.user_attrs.get('only') or 'every parameter'}, "
                         f"not {list(only)}; resume it without --only or start a new study")
    elif study.user_attrs.get("scenario_name", name) != name:
        raise ValueError(f"--scenario: the study in {study_dir} calibrates scenario {study.user_attrs['scenario_name']!r} "
                         f"({study.user_attrs.get('scenario')}), not {name!r}; use another --study folder")
    elif study.user_attrs.get("replicates", replicates) != replicates:
        raise ValueError(f"--replicates: the study in {study_dir} scores each trial on {study.user_attrs['replicates']} "
                         f"replicates, not {replicates}; resume it with --replicates {study.user_attrs['replicates']}")
    only = study.user_attrs.get("only") or None
    closed = close_abandoned(study)
    if closed:
        print(f"closed as failed the trials left running by a stopped calibration: {closed}", file=sys.stderr)

    url = storage_url(study_dir)
    if scheduler not in (None, LOCAL) and url.startswith("sqlite:") and storage is None:
        raise ValueError(f"--scheduler {scheduler}: the workers need a storage they share; give --storage "
                         "(a database URL, or journal:PATH on a disk every worker mounts at the same path)")
    tasks = [(url, str(scenario_path), trials, replicates, seed + i, sampler, sigma, only) for i in range(workers)]
    stop = threading.Event()
    progress = threading.Thread(target=_show_progress, args=(url, trials, stop), daemon=True)
    progress.start()
    try:  # leaving early (an error, Ctrl-C, SIGTERM via main) stops the workers: see run_each
        for _ in run_each(_worker, tasks, workers, scheduler):
            pass
    finally:
        stop.set()
        progress.join()
    return study


def _show_progress(url: str, trials: int, stop: threading.Event) -> None:
    """A progress bar of the study's finished trials and best score, every 2 s until ``stop``."""
    study = optuna.load_study(study_name=STUDY_NAME, storage=_storage_at(url))  # its own connection
    with tqdm(total=trials, initial=min(len(_completed(study)), trials), unit="trial") as bar:
        while not stop.wait(2):
            finished = len(_completed(study))
            bar.n = min(finished, trials)
            bar.set_postfix(best=f"{study.best_value:.1f}" if finished else "-")
            bar.refresh()


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


def best_sets(study: optuna.Study, count: int, scenario_path: Path = BASELINE) -> pd.DataFrame:
    """The ``count`` best finished trials: one row each, dotted parameter paths as columns (remainder
    shares included), plus score."""
    done, rest = sorted(_completed(study), key=lambda t: t.value), remainders(scenario_path)
    fixed = fixed_values(scenario_path)
    rows = [{**complete(t.params, rest, fixed), "score": t.value, "trial": t.number} for t in done[:count]]
    return pd.DataFrame(rows)


def write_parameters(path: Path, params: dict, note: str) -> None:
    """Replace the values of the given parameters in a scenario file, keeping its layout and comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    left = dict(params)
    for i, line, section in list(_sections(lines)):
        match = re.match(r"^(\w+)(\s*=\s*)([^#]+?)(\s*)(#.*)?$", line)
        if section and match and f"{section}.{match.group(1)}" in left:
            value = left.pop(f"{section}.{match.group(1)}")
            text = str(int(value)) if isinstance(value, (int, np.integer)) else f"{float(value):.6g}"
            if "." not in text and "e" not in text and not isinstance(value, (int, np.integer)):
                text += ".0"
            padded = f"{match.group(1)}{match.group(2)}{text}"
            comment = match.group(5) or ""
            lines[i] = f"{padded:<34} {comment}".rstrip() if comment else padded
    if left:
        raise KeyError(f"not found in {path}: {sorted(left)}")
    lines = [l for l in lines if not l.startswith("# Calibrated:")]
    lines.insert(0, f"# Calibrated: {note}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_RANKING = ("score", "trial", "rescored", "rescored_met", "final", "final_met")  # not parameters
NOISE = 1.0  # score points: scores closer than this on 20 seeds are not told apart (rounding a set's
             # parameters to 6 digits moved one 20-seed score by 0.3, see docs/calibration.md)


def _rescore_one(job: tuple[str, dict, int]) -> tuple[float, int]:
    scenario_path, params, replicates = job
    total, _, simulated = evaluate(load_scenario(scenario_path), params, replicates)
    if not simulated:  # exploded: no statistics
        return total, 0
    return total, targets.met({k: float(np.nanmedian(v)) for k, v in simulated.items()})


def rescore(sets: pd.DataFrame, scenario_path: Path, replicates: int, workers: int) -> list[tuple[float, int]]:
    """The scores of parameter sets (rows of :func:`best_sets`) on seeds 1..``replicates``, each
    with the number of main targets its medians meet (:func:`analysis.targets.met`).

    A trial's score on a few seeds is partly luck, and the best of hundreds of trials is the luckiest
    (the winner's curse): more seeds tell which of the leading candidates is really best.
    """
    params = sets[[c for c in sets.columns if c not in _RANKING]].to_dict("records")
    jobs = [(str(scenario_path), p, replicates) for p in params]
    scores = dict(tqdm(run_each(_rescore_one, jobs, workers), total=len(jobs), unit="set"))
    return [scores[i] for i in range(len(jobs))]


def rank(study: optuna.Study, scenario_path: Path, stages: list[tuple[int, int, str]], workers: int) -> pd.DataFrame:
    """The leading trials ranked in stages, best first: each stage (count, replicates, column) scores
    the ``count`` best of the ranking so far again on ``replicates`` seeds, into ``column`` (and the
    main targets met into ``column_met``), and ranks them by score (the others keep their place after
    them). After the last stage, the first row is the chosen set: of the sets scoring within
    ``NOISE`` of the best, the one that meets the most main targets (then the best score)."""
    table = best_sets(study, stages[0][0], scenario_path)
    for count, replicates, column in stages:
        head = table.index[:count]
        scored = rescore(table.loc[head], scenario_path, replicates, workers)
        table.loc[head, column] = [s for s, _ in scored]
        table.loc[head, f"{column}_met"] = [m for _, m in scored]
        table = table.sort_values(column, kind="stable", na_position="last").reset_index(drop=True)
    near = table[column] <= table[column].min() + NOISE
    chosen = table[near].sort_values([f"{column}_met", column], ascending=[False, True], kind="stable").index[0]
    return pd.concat([table.loc[[chosen]], table.drop(index=chosen)], ignore_index=True)


def apply(study_dir: Path, scenario_path: Path = BASELINE, ensemble_size: int = 20, ensemble_path: Path = ENSEMBLE,
          rescored: int = 0, replicates: int = 6, workers: int = 2, final: int = 0, final_replicates: int = 20) -> dict:
    """Write the best trial into the scenario file, and the ensemble of best sets. With ``rescored``
    > 0, the best of that many leading trials scored again on ``replicates`` seeds; with ``final`` > 0
    too, the best of the ``final`` leading ones of those scored again on ``final_replicates`` seeds
    (the report's 20 by default). Any set whose scammer pool exploded when scored again is left out
    of the ensemble."""
    study = load_study(study_dir)
    best, again, implausible = study.best_trial, None, set()
    finished = len(_completed(study))
    note = (f"{date.today().isoformat()}, best of {finished} trials (trial {best.number}), score {best.value:.1f} "
            f"(weighted negative log-likelihood, {study.user_attrs.get('replicates', '?')} replicates)")
    stages = [(count, reps, column) for count, reps, column in
              ((rescored, replicates, "rescored"), (final, final_replicates, "final")) if count]
    if stages:
        table = rank(study, scenario_path, stages, workers)
        column = stages[-1][2]
        best, again = study.trials[int(table.loc[0, "trial"])], float(table.loc[0, column])
        steps = [f"of the {count} leading {'trials' if i == 0 else 'of those'} scored again on {reps} replicates"
                 for i, (count, reps, _) in enumerate(stages)]
        note = (f"{date.today().isoformat()}, trial {best.number} of {finished}: best {', then best '.join(steps)} "
                f"(within {NOISE:g} of the best score, the most main targets met: {int(table.loc[0, column + '_met'])}), "
                f"score {again:.1f} (weighted negative log-likelihood)")
        (study_dir / "rescored.csv").write_text(table.to_csv(index=False), encoding="utf-8")
        scored = table[[c for _, _, c in stages]]
        implausible = set(table.loc[(scored >= IMPLAUSIBLE).any(axis=1), "trial"])  # exploded on a new seed
    searched = study.user_attrs.get("only")
    if searched:
        note += f"; searched only {' '.join(searched)}"
    write_parameters(scenario_path, complete(best.params, remainders(scenario_path), fixed_values(scenario_path)), note + "; see docs/calibration.md")
    load_scenario(scenario_path)  # the written file must still validate
    sets = best_sets(study, ensemble_size + len(implausible), scenario_path)
    sets = sets[~sets["trial"].isin(implausible)].head(ensemble_size).drop(columns=["score", "trial"])
    if searched and ensemble_path.is_file():  # a partial study: its sets replace only what it searched
        completed = [r for r, siblings in remainders(scenario_path).items() if set(siblings) & set(best.params)]
        sets = _merge_ensemble(pd.read_csv(ensemble_path), sets, [*best.params, *completed])
    sets.to_csv(ensemble_path, index=False)
    summary = {"trial": best.number, "score": best.value, "rescored": again, "trials": finished, "params": best.params,
               "components": best.user_attrs.get("components"), "statistics": best.user_attrs.get("statistics")}
    (study_dir / "best.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _merge_ensemble(previous: pd.DataFrame, sets: pd.DataFrame, searched: list[str]) -> pd.DataFrame:
    """The previous ensemble, row i taking the ``searched`` parameters of the i-th best set of a
    partial study (as many rows as both have): the rest of each set keeps the spread of the study
    that made it."""
    rows = min(len(previous), len(sets))
    merged = previous.head(rows).copy()
    for column in searched:
        merged[column] = sets[column].to_numpy()[:rows]
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=whole_number(1), default=200, help="finished trials the study should hold")
    parser.add_argument("--workers", type=whole_number(1, MAX_WORKERS, limit=WORKERS_LIMIT), default=2, help="processes sharing the study")
    parser.add_argument("--replicates", type=whole_number(1, MAX_REPLICATES, limit=REPLICATES_LIMIT), default=2, help="seeds each candidate is run with (with --rescore: seeds of the new scores)")
    parser.add_argument("--study", type=Path, default=ROOT / "runs" / "calibration", help="folder of the study file")
    parser.add_argument("--storage", metavar="URL",
                        help="a storage several machines share, recorded in the --study folder: a database URL "
                             "(postgresql://user@host/db) or journal:PATH (a journal file on a shared disk)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the --workers search loops on this Dask scheduler (needs --storage), or 'local'")
    parser.add_argument("--scenario", type=Path, default=BASELINE)
    parser.add_argument("--seed", type=whole_number(0, 2**31), default=1, help="seed of the sampler (worker i uses seed + i)")
    parser.add_argument("--sampler", choices=("tpe", "cmaes"), default="tpe",
                        help="tpe: global search (default); cmaes: local refinement from the best trial so far")
    parser.add_argument("--sigma", type=float, default=None,
                        help="cmaes: initial step as a share of each parameter's range (default 1/6; smaller to refine)")
    parser.add_argument("--only", nargs="+", metavar="PATTERN",
                        help="search only the tagged parameters matching these patterns (e.g. 'markets.*.report_prob'); "
                             "the others keep the scenario's values")
    parser.add_argument("--apply", action="store_true", help="write the best fit into the scenario and the ensemble")
    parser.add_argument("--ensemble", type=whole_number(1), default=20, help="parameter sets kept in the ensemble (with --apply)")
    parser.add_argument("--rescore", type=whole_number(0), default=0, metavar="K",
                        help="with --apply: score the K best trials again on --replicates seeds and write the best")
    parser.add_argument("--final", type=whole_number(0), default=0, metavar="J",
                        help="with --apply: then score the J best of those again on --final-replicates seeds")
    parser.add_argument("--final-replicates", type=whole_number(1, MAX_REPLICATES, limit=REPLICATES_LIMIT), default=20, metavar="N",
                        help="seeds of the final stage (default 20, the report's)")
    args = parser.parse_args(argv)
    if args.sigma is not None and not 0 < args.sigma <= 1:
        parser.error(f"--sigma: a share of each parameter's range, in (0, 1] (got {args.sigma})")
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # `kill PID` stops the workers too
    try:
        if args.storage:
            storage_url(args.study, args.storage)  # recorded in the folder before anything reads the study
        if args.apply:
            summary = apply(args.study, args.scenario, args.ensemble, rescored=args.rescore,
                            replicates=args.replicates, workers=args.workers, final=args.final,
                            final_replicates=args.final_replicates)
            seeds = args.final_replicates if args.final else args.replicates
            rescored = f", {summary['rescored']:.1f} on {seeds} replicates" if args.rescore or args.final else ""
            print(f"wrote trial {summary['trial']} (score {summary['score']:.1f}{rescored}) into {args.scenario}; "
                  f"ensemble of {args.ensemble} sets in {ENSEMBLE.relative_to(ROOT)}")
        else:
            study = calibrate(args.trials, args.workers, args.replicates, args.study, args.scenario, args.seed,
                              args.sampler, args.sigma, args.only, args.storage, args.scheduler)
            print(f"best score {study.best_value:.1f} (trial {study.best_trial.number}); "
                  f"apply with: python -m analysis.calibrate --apply --study {args.study}")
    except (ScenarioError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
