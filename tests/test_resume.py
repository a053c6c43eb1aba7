"""Resumable batches: a command killed with SIGKILL mid-way and run again ends with every run done
exactly once (counted in the results folder's log), and a changed spec in that folder is refused."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.batch import Job, job_key, run_batch
from analysis.compare import main as compare_main
from analysis.store import RunStore, StoreError

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "scenarios" / "tiny.toml"
ONE_YEAR = {"run.end": "2014-12-31"}


def logged(folder: Path) -> list[str]:
    """Keys of the runs saved in a results folder, one per save."""
    path = folder / "runs.jsonl"
    return [json.loads(line)["key"] for line in path.read_text().splitlines()] if path.exists() else []


def kill_when_saved(command: list[str], folder: Path, at_least: int, timeout: float = 120) -> None:
    """Start a command, SIGKILL it once ``at_least`` runs are saved in ``folder``."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while len(logged(folder)) < at_least and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, f"finished or failed before the kill: {process.stderr.read().decode()[-2000:]}"
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_run_batch_saves_each_job_and_skips_saved_ones(tmp_path):
    jobs = [Job(TINY, seed, overrides=ONE_YEAR) for seed in (1, 2)]
    store = RunStore(tmp_path, {"what": "test"})
    first = run_batch(jobs[:1], workers=1, progress=False, results=store)
    both = run_batch(jobs, workers=1, progress=False, results=store)
    assert logged(tmp_path) == [job_key(jobs[0]), job_key(jobs[1])]  # the first seed not run again
    assert both.iloc[: len(first)].equals(first) and both["seed"].tolist() == [1, 2]
    assert both.equals(run_batch(jobs, workers=1, progress=False))  # as if run without a folder
    assert sorted(p.stem for p in tmp_path.glob("*.parquet")) == sorted(logged(tmp_path))
    assert not list(tmp_path.glob(".*.tmp"))


def test_job_key_depends_on_content_not_on_how_the_scenario_is_given():
    from simulation import load_scenario

    job = Job(TINY, 1, overrides=ONE_YEAR)
    assert job_key(job) == job_key(Job(load_scenario(TINY), 1, overrides=ONE_YEAR))
    assert job_key(job) != job_key(Job(TINY, 2, overrides=ONE_YEAR))
    assert job_key(job) != job_key(Job(TINY, 1, overrides={"run.end": "2015-12-31"}))


def test_a_changed_spec_is_refused(tmp_path):
    RunStore(tmp_path, {"seeds": [1, 2], "scenario": "a"})
    RunStore(tmp_path, {"scenario": "a", "seeds": [1, 2]})  # the same spec: fine
    with pytest.raises(StoreError, match=r"another spec \(differs in: seeds\)"):
        RunStore(tmp_path, {"seeds": [1, 2, 3], "scenario": "a"})


def short_toml(tmp_path: Path, name: str, rate: float) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'extends = "{TINY}"\n\n[run]\nname = "{name}"\nend = 2014-12-31\n\n'
                    f"[scammers]\ncontact_rate_per_day = {rate}\n")
    return path


def test_compare_killed_mid_way_resumes_and_runs_each_replicate_once(tmp_path, capsys):
    base, high = short_toml(tmp_path, "base", 30.0), short_toml(tmp_path, "high", 60.0)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "analysis.compare", str(base), str(high), "--replicates", "6",
               "--workers", "2", "--out", str(out), "--period", "2014", "2014"]
    runs = tmp_path / "out.runs"  # the default results folder: beside the outputs, written whole at the end
    kill_when_saved(command, runs, at_least=2)
    before = logged(runs)
    assert 2 <= len(before) < 6 and not out.exists()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    keys = logged(runs)
    assert len(keys) == 6 and len(set(keys)) == 6 and keys[: len(before)] == before  # each replicate once
    table = pd.read_parquet(out / "replicates.parquet")
    assert sorted(table["seed"].unique()) == list(range(1, 7)) and len(table) == 6 * 2  # seeds x scenarios (one year)

    # the same command again, in this process (refused before anything runs)
    args = command[3:]
    assert compare_main(args) == 2 and "not empty" in capsys.readouterr().err  # the outputs are not replaced unless asked
    assert compare_main(["7" if arg == "6" else arg for arg in args] + ["--overwrite"]) == 2
    assert "another spec (differs in: seeds)" in capsys.readouterr().err


def test_sweep_killed_mid_way_resumes_and_runs_each_point_once(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(f'scenario = "{TINY}"\ndesign = "latin"\nsamples = 6\noutputs = ["victims_paid"]\n'
                    f'period = [2014, 2014]\n[parameters]\n"run.end" = [2014-12-31, 2015-06-30]\n'
                    f'"scammers.contact_rate_per_day" = [10.0, 40.0]\n')
    out = tmp_path / "out"
    command = [sys.executable, "-m", "analysis.sweep", str(spec), "--out", str(out), "--workers", "2"]
    kill_when_saved(command, out / "runs", at_least=2)
    before = logged(out / "runs")
    assert 2 <= len(before) < 6 and not (out / "points.parquet").exists()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    keys = logged(out / "runs")
    assert len(keys) == 6 and len(set(keys)) == 6 and keys[: len(before)] == before  # each point once
    assert len(pd.read_parquet(out / "points.parquet")) == 6
