"""Where runs execute: in this process, a local process pool, or a Dask distributed cluster.

    for i, result in run_each(run_job, jobs, workers=2):                  # local pool
    for i, result in run_each(run_job, jobs, scheduler="tcp://host:8786"):  # a running Dask cluster
    for i, result in run_each(run_job, jobs, workers=2, scheduler="local"): # a Dask LocalCluster

Results come back as they finish, with the index of their item; what a task returns depends only on
its item, never on where it ran. ``fn`` must be importable on every worker: a function of a module,
or of a script guarded by ``if __name__ == "__main__":``, not one typed at ``python -`` or in a
notebook cell.

Local workers are forked from a *forkserver* (a clean single-threaded process started once, with
the simulation already imported): this works from a script, a Jupyter notebook and ``python -``
(standard input), where *spawn* fails because each worker tries to re-run the main module (its
path, ``<stdin>``, is hidden while workers start). Each worker kills itself as soon as this process
ends, whatever ends it (SIGTERM, SIGKILL, Ctrl-C): no worker outlives the command. (A worker's
parent is the forkserver, which waits for the workers to close their pipes before it exits, so
the kernel's PR_SET_PDEATHSIG would never fire: each worker watches this process instead.) If the
loop over results is left early (an error, Ctrl-C, ``break``), queued tasks are cancelled and
running local workers are stopped at once.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Callable, Iterator, Sequence

LOCAL = "local"  # scheduler value that starts a Dask LocalCluster of ``workers`` processes
PRELOAD = ["analysis.batch"]  # imported once in the forkserver, shared by every worker it forks


def default_workers() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def die_with(pid: int) -> None:
    """Kill this process as soon as process ``pid`` ends (a daemon thread waiting on a Linux pidfd,
    elsewhere checking every second); at once if it has already ended."""
    def watch() -> None:
        try:
            select.select([os.pidfd_open(pid)], [], [])  # readable when the process ends
        except ProcessLookupError:  # already ended
            pass
        except (AttributeError, OSError):  # no pidfd here (not Linux >= 5.3): poll
            while alive(pid):
                time.sleep(1)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name=f"die-with-{pid}", daemon=True).start()


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (on this machine)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone (or the number is another user's process now)
        return False
    return True


def _context() -> multiprocessing.context.BaseContext:
    """The forkserver context, with the simulation preloaded (fork is unsafe with threads, spawn
    re-imports the main module)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def run_each(fn: Callable[[Any], Any], items: Sequence[Any], workers: int | None = None,
             scheduler: str | None = None) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, fn(items[index]))`` as each task finishes.

    ``scheduler``: None for local processes (``workers`` of them, default one per CPU; 1 runs each
    task in this process, in order), ``"local"`` for a Dask LocalCluster of ``workers`` processes,
    or the address of a Dask scheduler (``tcp://host:8786``), whose workers are used as they are.
    """
    items = list(items)
    if not items:
        return
    if scheduler is not None:
        yield from _dask(fn, items, workers, scheduler)
        return
    workers = max(1, min(workers or default_workers(), len(items)))
    if workers == 1:
        for i, item in enumerate(items):
            yield i, fn(item)
        return
    yield from _local(fn, items, workers)


@contextmanager
def _unreadable_main_hidden() -> Iterator[None]:
    """Hide ``__main__.__file__`` while workers start when it names no file (``<stdin>`` for
    ``python -``): multiprocessing would make each new worker re-run that path, and fail."""
    main = sys.modules["__main__"]
    path = getattr(main, "__file__", None)
    hide = path is not None and getattr(main.__spec__, "name", None) is None and not os.path.isfile(path)
    if hide:
        del main.__file__
    try:
        yield
    finally:
        if hide:
            main.__file__ = path


def _local(fn, items: list, workers: int) -> Iterator[tuple[int, Any]]:
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=die_with, initargs=(os.getpid(),))
    finished = False
    try:
        with _unreadable_main_hidden():  # every worker starts in submit (none later: no max_tasks_per_child)
            pending = {pool.submit(fn, item): i for i, item in enumerate(items)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
        finished = True
    finally:
        if not finished:  # stop now rather than after the running tasks
            processes = list((pool._processes or {}).values())  # no public way before Python 3.14
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.kill()
        pool.shutdown(wait=True)


def _dask(fn, items: list, workers: int | None, scheduler: str) -> Iterator[tuple[int, Any]]:
    import dask
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == LOCAL:
        # Dask's sampling profiler wakes each worker every 10 ms to read the stacks of its threads: that
        # took 0.7-0.8 s of CPU beside each 3-year run (4-5 s), 0.35 s without it (thread_time against
        # process_time in the workers). For a cluster of your own: DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False.
        with _unreadable_main_hidden(), dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
    client = Client(cluster if cluster is not None else scheduler)
    try:
        futures = client.map(fn, items, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in as_completed(futures):
                yield index[future.key], future.result()
        finally:
            client.cancel(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
