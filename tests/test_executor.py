"""The executor layer: identical tables wherever runs execute, from standard input too, and no
worker left alive when the command is killed (tiny scenario, one simulated year)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from analysis.batch import Job, run_batch

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "scenarios" / "tiny.toml"
ONE_YEAR = {"run.end": "2014-12-31"}


def test_same_tables_in_process_local_pool_and_dask():
    jobs = [Job(TINY, seed, overrides=ONE_YEAR) for seed in (1, 2, 3)]
    here = run_batch(jobs, workers=1, progress=False)
    assert here["seed"].tolist() == [1, 2, 3] and here["victims_threatened"].nunique() > 1  # seeds differ
    assert run_batch(jobs, workers=2, progress=False).equals(here)
    assert run_batch(jobs, workers=2, scheduler="local", progress=False).equals(here)


def test_a_batch_runs_from_standard_input():
    """`python -`: spawned workers would try to re-run the main module `<stdin>` and break the pool."""
    script = (f"from analysis.batch import Job, run_batch\n"
              f"jobs = [Job({str(TINY)!r}, s, overrides={ONE_YEAR!r}) for s in (1, 2)]\n"
              f"print(len(run_batch(jobs, workers=2, progress=False)))\n")
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"


# Eight slow runs (the tiny scenario over three years) on two workers: still running when killed.
PARENT = (f"import sys\nfrom analysis.batch import Job, run_batch\n"
          f"print('started', flush=True)\n"
          f"run_batch([Job({str(TINY)!r}, s) for s in range(8)], workers=2, scheduler=sys.argv[1] or None, progress=False)\n")


@pytest.mark.parametrize("sig, scheduler", [(signal.SIGKILL, ""), (signal.SIGTERM, ""), (signal.SIGINT, ""),
                                            (signal.SIGKILL, "local")],
                         ids=["SIGKILL", "SIGTERM", "Ctrl-C", "SIGKILL-Dask-LocalCluster"])
def test_no_worker_outlives_a_killed_parent(sig, scheduler):
    """Local pool: the forkserver (and resource tracker) and two workers; Dask: its two worker processes."""
    # Ctrl-C as a terminal sends it: the parent must not inherit an ignored SIGINT (a shell's background job,
    # a pytest-xdist worker), or Python never raises KeyboardInterrupt in it and the batch just runs to its end
    parent = subprocess.Popen([sys.executable, "-c", PARENT, scheduler], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    workers: list[psutil.Process] = []
    try:
        assert parent.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 60
        while len(workers) < 3 and time.monotonic() < deadline:  # two workers and a helper at least
            time.sleep(0.2)
            workers = psutil.Process(parent.pid).children(recursive=True)
        assert len(workers) >= 3, f"workers did not start: {workers}"
        time.sleep(1)  # the workers are inside a run
        parent.send_signal(sig)
        parent.wait(timeout=30)
        assert parent.returncode == -sig, "the batch ended by itself, not by the signal"  # not a pass by default
        _, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive, f"still alive after {sig.name} of the parent: {alive}"
    finally:  # whatever failed, leave nothing running
        for process in [*workers, psutil.Process(parent.pid)] if parent.poll() is None else workers:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass


def test_a_batch_runs_in_a_jupyter_kernel_and_dies_with_it():
    """A notebook's cells run in an IPython kernel (ipykernel, as Jupyter starts it): a batch from a cell
    gives the same table as here, and killing the kernel (Jupyter's "restart"/"shut down" of a stuck one)
    leaves no worker behind."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT), env={**os.environ, "PYTHONPATH": str(ROOT)})
    workers: list[psutil.Process] = []
    try:
        outputs: list[str] = []
        cell = (f"from analysis.batch import Job, run_batch\n"
                f"table = run_batch([Job({str(TINY)!r}, s, overrides={ONE_YEAR!r}) for s in (1, 2)], workers=2,"
                f" progress=False)\n"
                f"print(table['victims_threatened'].tolist())")
        reply = client.execute_interactive(cell, timeout=120, output_hook=lambda msg: outputs.append(
            msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok", reply["content"]
        here = run_batch([Job(TINY, s, overrides=ONE_YEAR) for s in (1, 2)], workers=1, progress=False)
        assert "".join(outputs).strip() == str(here["victims_threatened"].tolist())

        kernel = psutil.Process(manager.provisioner.pid)
        before = len(kernel.children(recursive=True))  # the forkserver (and its helper) stay with the kernel
        client.execute(f"run_batch([Job({str(TINY)!r}, s) for s in range(8)], workers=2, progress=False)")
        deadline = time.monotonic() + 60
        while len(workers) < before + 2 and time.monotonic() < deadline:  # the new pool's two workers
            time.sleep(0.2)
            workers = kernel.children(recursive=True)
        assert len(workers) >= before + 2, f"workers did not start: {workers}"
        time.sleep(1)
        kernel.kill()
        _, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive, f"still alive after the kernel was killed: {alive}"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        for process in workers:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
