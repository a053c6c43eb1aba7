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
SHORT = {"run__end": "2015-12-31"}


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
    done = run_cli("run", "scenarios/baseline.toml", "--seed", "2", "--out", str(out), "--events", "none",
                   "--set", "run.end=2015-06-30")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["annual.parquet", "daily.parquet", "run.json", "scammers.parquet"]
    assert json.loads((out / "run.json").read_text())["events"] == "none"


def test_same_seed_gives_byte_identical_files(tmp_path):
    for name in ("a", "b"):
        done = run_cli("run", "scenarios/baseline.toml", "--seed", "3", "--out", str(tmp_path / name),
                       "--set", "run.end=2015-06-30")
        assert done.returncode == 0, done.stderr
    for table in ("daily", "annual", "events", "scammers"):
        assert (tmp_path / "a" / f"{table}.parquet").read_bytes() == (tmp_path / "b" / f"{table}.parquet").read_bytes()
