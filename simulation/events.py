"""The event log: one row per event of a victim's case, a scammer's career or the police response.

Rows are appended in batches (arrays) as the day runs, so the log is in the order things happened.
Where the log goes is chosen per run (``ExtortionModel(events=...)``):

* ``"memory"`` (the default of the Python API): kept in memory as compact columns (30 bytes an
  event), read back with :meth:`EventLog.to_frame`;
* a file path: streamed to that Parquet file in row groups of :data:`ROW_GROUP` events as the run
  goes, so memory stays bounded whatever the run's length (the command line's choice); the file is
  written under a temporary name and takes its own name when the log is closed;
* ``"none"``: not kept at all, only counted (the dashboard and sweeps, which read the daily table).

``engagement`` is logged for the video chats that were recorded (one per victim, the day the case
starts); engaged chats that were not recorded are only counted in the daily ``engagements`` flow.
An ``arrest`` row carries ``first_complaint_date``: the day the person was first reported to the
police by any lead (a registered complaint, a transfer-office flag, or a co-offender's arrest).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .scenario import CHANNELS

EVENTS = (
    "engagement",
    "threat",
    "payment",
    "refusal",
    "complaint",
    "help_request",
    "takedown",
    "publication",
    "mta_flag",
    "investigation_start",
    "arrest",
    "conviction",
    "release",
)
EVENT_CODE = {name: code for code, name in enumerate(EVENTS)}
KEEP_CHOICES = ("memory", "none")  # or a path to a Parquet file
ROW_GROUP = 1 << 18  # events gathered before they are packed into columns (and written, when streaming)

_COLUMNS = {
    "day": np.int32,
    "event": np.int8,
    "victim_id": np.int64,
    "scammer_id": np.int32,
    "mta_id": np.int32,
    "amount_mad": np.int64,
    "channel": np.int8,
    "first_complaint_day": np.int32,
}


class EventLog:
    """``EventLog(start, keep)``: ``keep`` is ``"memory"``, ``"none"`` or the path of a Parquet file."""

    def __init__(self, start: date, keep: str | Path = "memory"):
        if str(keep) not in KEEP_CHOICES and not str(keep).endswith(".parquet"):
            raise ValueError(f"events: {keep!r} is not one of {', '.join(KEEP_CHOICES)} or a path ending in .parquet")
        self.start = start
        self.keep = None if keep == "none" else keep
        self.path = Path(keep) if self.keep not in (None, "memory") else None
        self._batches: list[tuple] = []
        self._pending = 0
        self._chunks: list[dict[str, np.ndarray]] = []
        self._writer = None
        self.closed = False
        self.size = 0  # events so far (also when they are not kept)

    def add(self, event: str, day: int, count: int, victim_id=-1, scammer_id=-1, mta_id=-1,
            amount_mad=0, channel=-1, first_complaint_day=-1) -> None:
        """Append ``count`` events of one kind; each field is a scalar or an array of length ``count``."""
        if not count:
            return
        self.size += count
        if self.keep is None:
            return
        self._batches.append((count, day, EVENT_CODE[event], victim_id, scammer_id, mta_id,
                              amount_mad, channel, first_complaint_day))
        self._pending += count
        if self._pending >= ROW_GROUP:
            self._store(self._pack())

    def _pack(self) -> dict[str, np.ndarray]:
        """The pending batches as one chunk of columns (scalars repeated, arrays copied in place)."""
        batches = self._batches
        counts = np.array([b[0] for b in batches], dtype=np.int64)
        ends = np.cumsum(counts)
        chunk = {}
        for i, (name, dtype) in enumerate(_COLUMNS.items(), start=1):
            values = [b[i] for b in batches]
            arrays = [j for j, v in enumerate(values) if isinstance(v, np.ndarray)]
            for j in arrays:
                values[j] = 0
            column = np.repeat(np.array(values, dtype=dtype), counts)
            for j in arrays:
                column[ends[j] - counts[j]: ends[j]] = batches[j][i]
            chunk[name] = column
        self._batches, self._pending = [], 0
        return chunk

    def _store(self, chunk: dict[str, np.ndarray]) -> None:
        """Keep a chunk in memory, or write it to the file as a row group."""
        if self.path is None:
            self._chunks.append(chunk)
            return
        import pyarrow.parquet as pq

        table = _table(chunk, self.start)
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self._partial, table.schema)
        self._writer.write_table(table)

    @property
    def _partial(self) -> Path:
        return self.path.with_name(self.path.name + ".partial")

    def close(self) -> None:
        """Streaming: write what is pending and give the file its name (an empty log is a file too)."""
        if self.path is None or self.closed:
            return
        if self._batches or self._writer is None:
            self._store(self._pack())
        self._writer.close()
        os.replace(self._partial, self.path)
        self.closed = True

    def columns(self) -> dict[str, np.ndarray]:
        """Each column as one array (day numbers, event codes, ids) of a log kept in memory."""
        if self.keep != "memory":
            raise ValueError(f"the event log was not kept in memory (events={self.keep or 'none'!r})")
        if self._batches:
            self._chunks.append(self._pack())
        return {name: np.concatenate([c[name] for c in self._chunks]) if self._chunks else np.zeros(0, dtype)
                for name, dtype in _COLUMNS.items()}

    def to_frame(self, start: date | None = None) -> pd.DataFrame:
        """The log as a table with calendar dates and readable event and channel names."""
        if self.path is not None:
            self.close()
            return pd.read_parquet(self.path)
        return _table(self.columns(), start or self.start).to_pandas()


def _table(cols: dict[str, np.ndarray], start: date):
    """The log's columns as an Arrow table: calendar dates, event and channel names as categories."""
    import pyarrow as pa

    origin = np.datetime64(start, "D")

    def dates(days: np.ndarray, missing: np.ndarray | None = None):
        return pa.array((origin + days.astype("timedelta64[D]")).astype("datetime64[ms]"), mask=missing)

    def categories(codes: np.ndarray, names: tuple[str, ...]):
        return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(names, pa.string()))

    first = cols["first_complaint_day"]
    return pa.table({
        "date": dates(cols["day"]),
        "event": categories(cols["event"], EVENTS),
        "victim_id": cols["victim_id"],
        "scammer_id": cols["scammer_id"],
        "mta_id": cols["mta_id"],
        "amount_mad": cols["amount_mad"],
        "channel": categories(cols["channel"], CHANNELS),
        "first_complaint_date": dates(first, first < 0),
    })
