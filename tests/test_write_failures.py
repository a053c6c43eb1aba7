"""Outputs are whole or absent: a run whose writing fails half-way (a file-size limit, as a full
disk would) or that is killed while writing leaves the earlier output folder as it was, no partial
folder, and says so; an output folder that cannot be used is refused before any simulation."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulation.outputs import OutputError, check_target, staged

ROOT = Path(__file__).resolve().parent.parent
TINY = "scenarios/tiny.toml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def cli(*args: str, limit: int | None = None, **kwargs) -> subprocess.Popen | subprocess.CompletedProcess:
    """The command line in a process of its own; with ``limit``, no file it writes may grow beyond
    that many bytes (RLIMIT_FSIZE, with SIGXFSZ ignored, so a write fails with EFBIG as on a full disk)."""
    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "simulation", *args], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, preexec_fn=limited if limit else None, **kwargs)


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A complete earlier output folder and its files' bytes."""
    out = tmp_path_factory.mktemp("earlier") / "run"
    done = cli("run", TINY, "--out", str(out), "--seed", "2", "--set", "run.end=2014-03-31")
    assert done.returncode == 0, done.stderr
    return out, files(out)


# The run's files: events.parquet (streamed, about 8 kB), daily (about 90 kB), annual (about 80 kB),
# scammers (about 10 kB): the writing fails in the event log, in the daily table, or later.
@pytest.mark.parametrize("limit", [1_000, 9_000, 50_000])
def test_a_write_failing_half_way_leaves_the_earlier_output_untouched(earlier, tmp_path, limit):
    old, old_files = earlier
    out = tmp_path / "run"
    out.mkdir()
    for name, content in old_files.items():
        (out / name).write_bytes(content)
    done = cli("run", TINY, "--out", str(out), "--overwrite", "--set", "run.end=2014-06-30", limit=limit)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"error: --out {out}: writing the outputs failed: File too large" in done.stderr
    assert "the earlier folder is unchanged" in done.stderr
    assert files(out) == old_files  # the earlier run's files, byte for byte
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no temporary folder left beside it


def test_a_write_failing_half_way_leaves_no_output_at_all(tmp_path):
    out = tmp_path / "new" / "run"
    done = cli("run", TINY, "--out", str(out), "--set", "run.end=2014-06-30", limit=9_000)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "File too large" in done.stderr
    assert list(tmp_path.iterdir()) == []  # not even the parent folder made for it


def test_a_run_killed_while_writing_leaves_the_earlier_output_and_the_next_run_cleans_up(earlier, tmp_path):
    old, old_files = earlier
    out = tmp_path / "run"
    out.mkdir()
    for name, content in old_files.items():
        (out / name).write_bytes(content)
    run = subprocess.Popen([sys.executable, "-m", "simulation", "run", TINY, "--out", str(out), "--overwrite",
                            "--set", "run.end=2014-06-30"], cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".run.*.partial/daily.parquet")):  # the writing has begun
        assert run.poll() is None and time.monotonic() < deadline, "the run ended before it wrote its tables"
        time.sleep(0.005)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert files(out) == old_files
    assert len(list(tmp_path.glob(".run.*.partial"))) == 1  # SIGKILL leaves no chance to clean up...
    done = cli("run", TINY, "--out", str(out), "--overwrite", "--events", "none", "--set", "run.end=2014-01-31")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # ... the next run into that folder removes it


def test_an_unusable_output_folder_is_refused_before_any_simulation(tmp_path, monkeypatch, capsys):
    """In this process, with the model replaced by one that fails the test if it is ever built."""
    import simulation.model
    from simulation import cli as cli_module

    def no_model(*args, **kwargs):
        raise AssertionError("a simulation started before the output folder was checked")

    monkeypatch.setattr(simulation.model, "ExtortionModel", no_model)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    full = tmp_path / "full"
    full.mkdir()
    (full / "old").write_text("x")
    for out, message in [(a_file, "is a file, not a folder"), (a_file / "sub", "is a file, not a folder"),
                         (full, "the folder exists and is not empty"), (Path("/sys/sextortion-test"), "cannot write")]:
        monkeypatch.chdir(ROOT)
        assert cli_module.main(["run", "scenarios/baseline.toml", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: --out {out}: ") and message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "full"]


def immutable(folder: Path) -> bool:
    """Make ``folder`` unwritable even for root (chattr +i); False where that is not possible."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    return subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0


def test_an_unwritable_output_folder_fails_within_seconds(tmp_path):
    """The baseline takes well over ten seconds to run: the refusal comes before it, from the process's start."""
    locked = tmp_path / "locked"
    locked.mkdir()
    if not immutable(locked):
        pytest.skip("cannot make a folder unwritable here")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import simulation.cli"], cwd=ROOT, env=ENV, check=True)
    start_up = time.perf_counter() - started  # this machine's speed now (the tests may share it)
    try:
        started = time.perf_counter()
        done = cli("run", "scenarios/baseline.toml", "--out", str(locked / "run"))
        seconds = time.perf_counter() - started
    finally:
        subprocess.run(["chattr", "-i", str(locked)], capture_output=True)
        locked.chmod(0o755)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"error: --out {locked / 'run'}: cannot write in {locked}" in done.stderr
    assert seconds < max(5, 2 * start_up), f"refused after {seconds:.1f} s (the command line starts in {start_up:.1f} s)"
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("where", ["cwd", "project", "root"])
def test_overwrite_never_replaces_a_folder_holding_the_project_or_the_current_folder(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kept").write_text("x")
    target = {"cwd": tmp_path, "project": ROOT, "root": Path("/")}[where]
    with pytest.raises(OutputError, match="which --overwrite would delete"):
        check_target(target, overwrite=True)
    with pytest.raises(OutputError, match="the current folder cannot be replaced"):
        check_target(".", overwrite=True)


def test_a_failed_staged_block_removes_the_parent_folders_it_made(tmp_path):
    out = tmp_path / "a" / "b" / "run"
    with pytest.raises(OSError):
        with staged(out) as stage:
            (stage / "daily.parquet").write_text("half written")
            raise OSError(27, "File too large")
    assert list(tmp_path.iterdir()) == []
