"""Throughput of batch runs on this machine: runs per hour in one process, on a local pool of 2, on a
Dask LocalCluster of 2, and the peak memory of a worker; extrapolated to a 1,000-run sweep.

    python scripts/benchmark_sweep.py [--runs 8] [--scenario scenarios/baseline.toml] [--workers 2]

Each configuration runs the same ``--runs`` jobs (the scenario, seeds 1..N, ``events="none"``,
as a sweep does) through :func:`analysis.executor.run_each`. Runs per hour = runs / wall-clock
time, start-up of the pool or cluster included. Peak RSS is the largest resident memory of a
process that ran jobs (``ru_maxrss``; pages shared with the forkserver count in full). CPU time per
run (``time.process_time`` in the worker) does not depend on what else runs, and gives the time
on idle cores. Not a test: it prints figures, which on a shared machine
vary with what else runs (note the load average printed with them).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.batch import Job, run_job  # noqa: E402
from analysis.executor import LOCAL, run_each  # noqa: E402

TARGET = 1000  # runs of the sweep the issue sizes


def measured(job: Job) -> tuple[int, float, float]:
    """Run one job; return (process id, peak resident memory of this process in MB, CPU seconds of the run)."""
    cpu = time.process_time()
    run_job(job)
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.process_time() - cpu


def bench(name: str, jobs: list[Job], workers: int, scheduler: str | None) -> dict:
    start = time.perf_counter()
    peaks: dict[int, float] = {}
    cpu = 0.0
    for _, (pid, peak, run_cpu) in run_each(measured, jobs, workers, scheduler):
        peaks[pid] = max(peak, peaks.get(pid, 0.0))
        cpu += run_cpu
    seconds = time.perf_counter() - start
    return {"configuration": name, "runs": len(jobs), "seconds": seconds, "runs_per_hour": 3600 * len(jobs) / seconds,
            "cpu_per_run": cpu / len(jobs), "peak_rss_mb": max(peaks.values()), "processes": len(peaks)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="runs per configuration")
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "baseline.toml")
    parser.add_argument("--workers", type=int, default=2, help="workers of the pool and of the Dask cluster")
    args = parser.parse_args()
    jobs = [Job(args.scenario, seed) for seed in range(1, args.runs + 1)]
    print(f"{args.runs} runs of {args.scenario.name} (events none); load average before: {os.getloadavg()}", flush=True)
    rows = []
    for name, workers, scheduler in (("1 process", 1, None), (f"local pool, {args.workers}", args.workers, None),
                                     (f"Dask LocalCluster, {args.workers}", args.workers, LOCAL)):
        rows.append(bench(name, jobs, workers, scheduler))
        row = rows[-1]
        print(f"{name:>24}: {row['seconds']:7.1f} s, {row['runs_per_hour']:6.0f} runs/h, x{row['runs_per_hour'] / rows[0]['runs_per_hour']:.2f}"
              f" vs 1 process, {TARGET} runs in {TARGET / row['runs_per_hour'] * 60:5.0f} min, peak RSS {row['peak_rss_mb']:.0f} MB"
              f" ({row['processes']} processes), CPU {row['cpu_per_run']:.1f} s/run; load {os.getloadavg()[0]:.1f}", flush=True)
    pool, dask = rows[1]["runs_per_hour"], rows[2]["runs_per_hour"]
    cpu = min(row["cpu_per_run"] for row in rows)
    print(f"Dask LocalCluster vs local pool: {100 * (dask / pool - 1):+.0f} % runs/h")
    print(f"CPU time per run {cpu:.1f} s: {TARGET} runs on {args.workers} otherwise idle cores would take about "
          f"{TARGET * cpu / args.workers / 60:.0f} min (wall time under load is longer)")


if __name__ == "__main__":
    main()
