"""Scenario values that validate must run: infinities, lengths and sizes beyond the model's limits,
and files that are not text are refused by name, with what is allowed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from simulation import load_scenario
from simulation.scenario import ScenarioError

BASE = load_scenario("scenarios/baseline.toml")


@pytest.mark.parametrize("override, message", [
    ({"scammers.contact_rate_per_day": float("inf")}, "scammers.contact_rate_per_day: Input should be a finite number"),
    ({"courts.custody_mean_days": float("nan")}, "courts.custody_mean_days: Input should be a finite number"),
    ({"run.end": date(3000, 1, 1)}, "a run lasts at most 60 years"),
    ({"towns.oued_zem.youth_network": 2 ** 63 - 1}, "towns.oued_zem.youth_network: must be <= 5000000"),
    ({"towns.oued_zem.initial_scammers": 10_000}, "towns.oued_zem.initial_scammers: at most the town's youth_network"),
])
def test_values_beyond_the_models_limits_are_refused_by_name(override, message):
    with pytest.raises(ScenarioError, match=message):
        BASE.with_overrides(override)


def test_too_many_towns_are_refused():
    town = BASE.model_dump()["towns"]["khenifra"]
    with pytest.raises(ScenarioError, match="towns: at most 127 towns"):
        BASE.with_overrides({"towns": {**BASE.model_dump()["towns"], **{f"t{i}": town for i in range(130)}}})


def test_extends_reaches_only_the_scenarios_folder_and_the_projects_scenarios(tmp_path):
    outside = tmp_path / "secret.toml"
    outside.write_text('password = "x"\n')
    mine = tmp_path / "mine" / "scenario.toml"
    mine.parent.mkdir()
    mine.write_text('extends = "../secret.toml"\n')
    with pytest.raises(ScenarioError, match="extends '../secret.toml' is outside the scenario's folder") as refused:
        load_scenario(mine)
    assert "password" not in str(refused.value)
    project = (Path(__file__).resolve().parent.parent / "scenarios" / "baseline.toml").as_posix()
    mine.write_text(f'extends = "{project}"\n\n[run]\nname = "mine"\n')
    assert load_scenario(mine).run.name == "mine"


def test_a_file_that_is_not_utf8_text_is_refused(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[run]\nname = "Béni Mellal"\n'.encode("latin-1"))
    with pytest.raises(ScenarioError, match="not a text file in UTF-8"):
        load_scenario(path)


@pytest.mark.parametrize("argv, message", [
    (["simulation", "run", "scenarios/baseline.toml", "--out", "x", "--seed", "-1"], "--seed: expected a whole number from 0 to"),
    (["simulation", "compare", "scenarios/baseline.toml", "scenarios/awareness.toml", "--out", "x", "--workers", "0"],
     "--workers: expected a whole number from 1 to 64, got 0"),
    (["simulation", "compare", "scenarios/baseline.toml", "scenarios/awareness.toml", "--out", "x", "--replicates",
      "5000"], "--replicates: expected a whole number from 1 to 1000, got 5000"),
    (["calibrate", "--trials", "-1"], "--trials: expected a whole number >= 1, got -1"),
    (["calibrate", "--replicates", "0"], "--replicates: expected a whole number from 1 to 1000, got 0"),
])
def test_counts_on_the_command_line_are_checked_before_anything_runs(argv, message, capsys, tmp_path, monkeypatch):
    from analysis import calibrate
    from simulation import cli

    monkeypatch.chdir(tmp_path)  # where --out x would go (the scenario paths are not read: argparse stops first)
    main = cli.main if argv[0] == "simulation" else calibrate.main
    with pytest.raises(SystemExit) as stop:
        main(argv[1:])
    assert stop.value.code == 2 and message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, content", [("sets.parquet", b"\x00\x01 not parquet"), ("sets.csv", b""),
                                            ("sets.csv", b"\xff\xfe latin")])
def test_a_malformed_ensemble_file_is_a_clear_error(tmp_path, name, content):
    from analysis.compare import CompareError, load_ensemble

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CompareError, match=f"{name}: not a CSV or Parquet table of parameter sets"):
        load_ensemble(path)


def test_a_corrupt_or_misplaced_calibration_study_is_a_clear_error(tmp_path, capsys):
    from analysis import calibrate

    (tmp_path / "study.db").write_bytes(b"not a database")
    assert calibrate.main(["--apply", "--study", str(tmp_path)]) == 2
    assert f"{tmp_path / 'study.db'}: not a readable calibration study" in capsys.readouterr().err
    a_file = tmp_path / "study.db"
    assert calibrate.main(["--trials", "1", "--study", str(a_file)]) == 2
    assert f"--study {a_file}: is a file, not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("override, message", [
    ({"run.end": date(2080, 1, 1)}, "a run lasts at most 60 years (start 2014-01-01); MAX_RUN_YEARS in simulation/scenario.py"),
    ({"towns.oued_zem.youth_network": 5_000_001}, "must be <= 5000000 (got 5000001; MAX_NETWORK in simulation/scenario.py"),
    ({"towns.oued_zem.youth_network": 3_000_000, "towns.khouribga.youth_network": 3_000_000},
     "at most 5,000,000 young people in all towns together (got 6,0"),
    ({"police.units.national.capacity": 10**7}, "MAX_CAPACITY in simulation/scenario.py sets this limit"),
    ({"police.investigation_mean_days": 1e6}, "police.investigation_mean_days: must be <= 36500"),
    ({"markets.morocco.online_population": 5}, "markets.morocco.online_population: must be >= 100"),
])
def test_a_limit_says_what_it_is_and_where_it_is_set(override, message):
    with pytest.raises(ScenarioError) as refused:
        BASE.with_overrides(override)
    assert message in str(refused.value)


@pytest.mark.parametrize("argv, message", [
    (["compare", "a.toml", "b.toml", "--out", "x", "--workers", "65"],
     "--workers: expected a whole number from 1 to 64, got 65 (MAX_WORKERS in analysis/batch.py sets the upper limit)"),
    (["compare", "a.toml", "b.toml", "--out", "x", "--replicates", "1001"],
     "--replicates: expected a whole number from 1 to 1000, got 1001 (MAX_REPLICATES in analysis/batch.py sets"),
    (["compare", "a.toml", "b.toml", "--out", "x", "--seeds", str(2**63)], "--seeds: expected a whole number from 0 to"),
    (["run", "a.toml", "--out", "x", "--seed", str(2**63)], "--seed: expected a whole number from 0 to 9223372036854775807"),
])
def test_counts_beyond_their_limit_say_where_it_is_set(argv, message, capsys, tmp_path, monkeypatch):
    from simulation import cli

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2 and message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_python_api_checks_the_same_limits(tmp_path):
    from analysis.batch import Job, run_batch
    from analysis.calibration_report import report
    from analysis.compare import CompareError, compare

    with pytest.raises(CompareError, match="workers must be a whole number from 1 to 64 .got 0"):
        compare("scenarios/tiny.toml", ["scenarios/tiny.toml"], workers=0)
    with pytest.raises(CompareError, match=r"replicates must be from 1 to 1000 \(got 1001; MAX_REPLICATES"):
        compare("scenarios/tiny.toml", ["scenarios/tiny.toml"], replicates=1001)
    for seeds in ([1.5], [-1], [True]):
        with pytest.raises(CompareError, match="seeds must be whole numbers from 0 to 2"):
            compare("scenarios/tiny.toml", ["scenarios/tiny.toml"], seeds=seeds)
    with pytest.raises(ValueError, match="workers must be a whole number from 1 to 64 .got 0"):
        run_batch([Job("scenarios/tiny.toml", 1)], workers=0)
    with pytest.raises(ValueError, match="seeds must be from 1 to 1000 .got 0"):
        report("scenarios/tiny.toml", 0, 1, tmp_path / "report")
    assert list(tmp_path.iterdir()) == []
