"""Calibration across machines: a shared storage recorded in the study folder (journal file here),
trials left running by a killed calibration closed as failed, a resume with another scenario or
number of replicates refused. Nothing is simulated."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import optuna
import pytest

from analysis import calibrate

ROOT = Path(__file__).resolve().parent.parent
TINY, BASELINE = ROOT / "scenarios" / "tiny.toml", ROOT / "scenarios" / "baseline.toml"
RUNNING, FAIL = optuna.trial.TrialState.RUNNING, optuna.trial.TrialState.FAIL


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_journal_storage_is_recorded_in_the_study_folder(tmp_path):
    journal = tmp_path / "shared" / "study.log"
    journal.parent.mkdir()
    study = calibrate._opened(tmp_path / "study", create=True, url=f"journal:{journal}")
    study.enqueue_trial({"x": 1.0})
    assert journal.stat().st_size > 0 and not (tmp_path / "study" / "study.db").exists()
    again = calibrate.load_study(tmp_path / "study")  # found through storage.txt
    assert len(again.trials) == 1
    with pytest.raises(ValueError, match="the study of .* is in journal:"):
        calibrate._opened(tmp_path / "study", create=True, url=f"sqlite:///{tmp_path / 'other.db'}")


def test_trials_left_running_by_a_dead_process_are_closed(tmp_path):
    study = calibrate._opened(tmp_path / "study", create=True)
    killed, live, unknown = study.ask(), study.ask(), study.ask()
    for trial, pid in ((killed, dead_pid()), (live, os.getpid())):
        trial.set_user_attr("host", socket.gethostname())
        trial.set_user_attr("pid", pid)
    assert calibrate.close_abandoned(study) == [killed.number]
    states = {t.number: t.state for t in study.trials}
    assert states == {killed.number: FAIL, live.number: RUNNING, unknown.number: RUNNING}  # unknown: heartbeat decides


def test_a_resume_with_another_scenario_or_replicates_is_refused(tmp_path):
    study = calibrate._opened(tmp_path / "study", create=True)
    study.set_user_attr("scenario", str(TINY))
    study.set_user_attr("scenario_name", "tiny")
    study.set_user_attr("replicates", 2)
    study.tell(study.ask(), state=FAIL)
    with pytest.raises(ValueError, match=r"--replicates: .* on 2 replicates, not 3; resume it with --replicates 2"):
        calibrate.calibrate(trials=1, workers=1, replicates=3, study_dir=tmp_path / "study", scenario_path=TINY)
    with pytest.raises(ValueError, match=r"--scenario: .* scenario 'tiny' .* not 'baseline'"):
        calibrate.calibrate(trials=1, workers=1, replicates=2, study_dir=tmp_path / "study", scenario_path=BASELINE)
    assert len(study.trials) == 1  # nothing was run
