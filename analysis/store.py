"""A results folder that makes a batch resumable: each finished run saved at once, never redone.

    FOLDER/spec.json         what the runs are for (a sweep's spec, a comparison's scenarios and seeds)
    FOLDER/KEY.parquet       the annual table of one job (and of its branches), KEY a hash of the job
    FOLDER/runs.jsonl        one line per run saved: key, wall-clock seconds, host, process, time

A table is written to a temporary file and renamed into place (``os.replace``, atomic on one
filesystem), so a kill at any moment leaves either the whole file or none. Re-running the same
command skips every job whose file exists. Opening the folder with another spec is refused: the
runs there would silently mix with the new ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import pandas as pd


class StoreError(ValueError):
    """A results folder that cannot be used for this batch."""


def digest(value: Any) -> str:
    """SHA-256 of a JSON-able value (keys sorted; dates and paths as text)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


class RunStore:
    """The results folder of one batch spec (a JSON-able dict)."""

    def __init__(self, folder: str | Path, spec: dict):
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"results folder {self.folder}: is a file, not a folder")
        spec = json.loads(json.dumps(spec, sort_keys=True, default=str))
        spec_file = self.folder / "spec.json"
        if spec_file.exists():
            try:
                old = json.loads(spec_file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{spec_file}: unreadable ({exc}); use another results folder") from None
            if old != spec:
                changed = sorted(k for k in {*old, *spec} if old.get(k) != spec.get(k))
                raise StoreError(f"results folder {self.folder} holds runs of another spec (differs in: "
                                 f"{', '.join(changed)}); use another folder, or delete it to start again")
        self.folder.mkdir(parents=True, exist_ok=True)
        if not spec_file.exists():
            text = json.dumps(spec, indent=2, sort_keys=True) + "\n"
            _write_atomic(spec_file, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
        self.spec = spec

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.parquet"

    def has(self, key: str) -> bool:
        return self.path(key).exists()

    def load(self, key: str) -> pd.DataFrame:
        return pd.read_parquet(self.path(key))

    def save(self, key: str, table: pd.DataFrame, seconds: float | None = None) -> None:
        """Write one job's table atomically, then log it in runs.jsonl (``seconds``: its wall-clock time)."""
        _write_atomic(self.path(key), lambda tmp: table.to_parquet(tmp, index=False))
        line = {"key": key, "seconds": seconds, "host": socket.gethostname(), "pid": os.getpid(),
                "saved": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        with open(self.folder / "runs.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps(line) + "\n")

    def log(self) -> pd.DataFrame:
        """One row per run saved (runs.jsonl): key, seconds, host, pid, saved."""
        path = self.folder / "runs.jsonl"
        return pd.read_json(path, lines=True) if path.exists() and path.stat().st_size else pd.DataFrame()


def _write_atomic(path: Path, write: Callable[[str], None]) -> None:
    """``write(temporary path)`` beside ``path``, then rename it into place (no partial file, ever)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
