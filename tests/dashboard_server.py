"""Start the Solara dashboard as a background server for browser tests (a helper, not a test)."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = Path(os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR", ROOT / ".solara-assets"))


_SERVERS: dict[str, tuple[int, str]] = {}  # url -> (process id, log file) of each server started here


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def dashboard_server(app: str | Path = ROOT / "app.py", timeout: float = 90.0, env: dict[str, str] | None = None):
    """Run `solara run APP --production` on a free localhost port; yield its URL.

    ``env`` adds environment variables (the dashboard's settings). The server's output goes to a
    temporary log file (see `server_log()`).
    """
    app = Path(app).resolve()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = dict(
        os.environ,
        SOLARA_ASSETS_PROXY_CACHE_DIR=str(ASSETS_DIR),
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
        **(env or {}),
    )
    solara = Path(sys.executable).with_name("solara")
    cmd = [str(solara), "run", str(app), "--production", "--host", "127.0.0.1", "--port", str(port)]
    log = tempfile.NamedTemporaryFile("w+", prefix="solara-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        cmd, cwd=app.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )
    _SERVERS[url] = (proc.pid, log.name)
    try:
        deadline = time.monotonic() + timeout
        while not _answers(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"solara server did not start; log:\n{Path(log.name).read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        # stop our own server (and only its process group, which it leads) by PID
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def server_pid(url: str) -> int:
    """The process of the server at ``url`` (its simulation workers are its children)."""
    return _SERVERS[url][0]


def server_log(url: str) -> str:
    """Text of the log of the server at ``url`` (e.g. to assert no 'Could not load URL')."""
    return Path(_SERVERS[url][1]).read_text()


def rss_mb(pid: int) -> float:
    """Resident memory of a process (MB), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
