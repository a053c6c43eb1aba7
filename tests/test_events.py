"""The event log kept in memory, streamed to Parquet, or not kept: the same run, bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import simulation.events
from simulation import ExtortionModel

ROOT = Path(__file__).resolve().parent.parent
TINY = "scenarios/tiny.toml"
SHORT = {"scenario": ROOT / TINY, "run__end": "2015-12-31"}


def test_memory_streamed_and_no_log_give_the_same_run(tmp_path, monkeypatch):
    monkeypatch.setattr(simulation.events, "ROW_GROUP", 2_000)  # many row groups
    kept = ExtortionModel(seed=5, **SHORT).run()
    streamed = ExtortionModel(seed=5, events=tmp_path / "events.parquet", **SHORT)
    pending = []
    while streamed.running:
        streamed.step()
        pending.append(streamed.log._pending)
        assert not streamed.log._chunks  # nothing accumulates in memory when streaming
    none = ExtortionModel(seed=5, events="none", **SHORT).run()

    assert max(pending) < simulation.events.ROW_GROUP
    pd.testing.assert_frame_equal(kept.results.daily(), streamed.results.daily())
    pd.testing.assert_frame_equal(kept.results.daily(), none.results.daily())
    assert kept.log.size == streamed.log.size == none.log.size > 2_000 * 5
    kept.log.to_frame().to_parquet(tmp_path / "kept.parquet", index=False)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "kept.parquet"), pd.read_parquet(tmp_path / "events.parquet"))
    assert not (tmp_path / "events.parquet.partial").exists()
    with pytest.raises(ValueError, match="not kept in memory"):
        none.log.columns()


def test_an_unknown_event_log_choice_is_refused():
    with pytest.raises(ValueError, match="events: 'disk' is not one of memory, none"):
        ExtortionModel(seed=1, events="disk", **SHORT)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulation", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_without_event_log_writes_the_other_outputs(tmp_path):
    out = tmp_path / "run"
    done = run_cli("run", TINY, "--seed", "2", "--out", str(out), "--events", "none",
                   "--set", "run.end=2015-06-30")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["annual.parquet", "daily.parquet", "run.json", "scammers.parquet"]
    assert json.loads((out / "run.json").read_text())["events"] == "none"


def test_an_existing_output_folder_is_kept_unless_overwrite_is_asked(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "stray.txt").write_text("an earlier run")
    args = ("run", TINY, "--out", str(out), "--events", "none", "--set", "run.end=2014-03-31")
    done = run_cli(*args)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"--out {out}: the folder exists and is not empty" in done.stderr and "--overwrite" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["stray.txt"]
    done = run_cli(*args, "--overwrite")
    assert done.returncode == 0, done.stderr
    assert "stray.txt" not in {p.name for p in out.iterdir()} and (out / "daily.parquet").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no temporary folder left beside it


def test_unusable_outputs_and_seeds_are_refused_before_any_run(tmp_path, capsys, monkeypatch):
    """In this process (an exception instead of exit code 2 would fail the test)."""
    from simulation.cli import main

    monkeypatch.chdir(ROOT)
    a_file = tmp_path / "file"
    a_file.write_text("")
    assert main(["run", TINY, "--out", str(a_file)]) == 2
    assert f"--out {a_file}: is a file, not a folder" in capsys.readouterr().err
    for seed in ("-1", "1.7"):
        with pytest.raises(SystemExit) as refused:
            main(["run", TINY, "--out", str(tmp_path / "x"), "--seed", seed])
        assert refused.value.code == 2 and "--seed: expected a whole number from 0 to" in capsys.readouterr().err
        assert not (tmp_path / "x").exists()


def test_a_run_that_fails_leaves_no_output(tmp_path):
    from simulation.outputs import staged

    out = tmp_path / "run"
    with pytest.raises(RuntimeError):
        with staged(out) as stage:
            (stage / "daily.parquet").write_text("half written")
            raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []
