"""The event log: one row per event of a victim's case, a scammer's career or the police response.

Rows are appended in batches (arrays) as the day runs, so the log is in the order things happened;
it is assembled into a table only at the end.

``engagement`` is logged for the video chats that were recorded (one per victim, the day the case
starts); engaged chats that were not recorded are only counted in the daily ``engagements`` flow.
An ``arrest`` row carries ``first_complaint_date``: the day the person was first reported to the
police by any lead (a registered complaint, a transfer-office flag, or a co-offender's arrest).
"""

from __future__ import annotations

from datetime import date

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
    def __init__(self):
        self._batches: list[tuple] = []
        self.size = 0

    def add(self, event: str, day: int, count: int, victim_id=-1, scammer_id=-1, mta_id=-1,
            amount_mad=0, channel=-1, first_complaint_day=-1) -> None:
        """Append ``count`` events of one kind; each field is a scalar or an array of length ``count``."""
        if count:
            self._batches.append((count, day, EVENT_CODE[event], victim_id, scammer_id, mta_id,
                                  amount_mad, channel, first_complaint_day))
            self.size += count

    def columns(self) -> dict[str, np.ndarray]:
        """Each column as one array (day numbers, event codes, ids)."""
        counts = [b[0] for b in self._batches]
        out = {}
        for i, (name, dtype) in enumerate(_COLUMNS.items(), start=1):
            parts = [np.broadcast_to(np.asarray(b[i], dtype=dtype), (c,)) for b, c in zip(self._batches, counts)]
            out[name] = np.concatenate(parts) if parts else np.zeros(0, dtype)
        return out

    def to_frame(self, start: date) -> pd.DataFrame:
        """The log as a table with calendar dates and readable event and channel names."""
        cols = self.columns()
        origin = np.datetime64(start, "D")
        frame = pd.DataFrame({
            "date": origin + cols["day"].astype("timedelta64[D]"),
            "event": pd.Categorical.from_codes(cols["event"], categories=list(EVENTS)),
            "victim_id": cols["victim_id"],
            "scammer_id": cols["scammer_id"],
            "mta_id": cols["mta_id"],
            "amount_mad": cols["amount_mad"],
            "channel": pd.Categorical.from_codes(cols["channel"], categories=list(CHANNELS)),
        })
        first = cols["first_complaint_day"]
        frame["first_complaint_date"] = pd.Series(origin + first.astype("timedelta64[D]")).where(first >= 0)
        return frame
