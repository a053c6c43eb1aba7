"""Frame comparison for the tests (a helper module, not a test)."""

from __future__ import annotations

import pandas as pd


def assert_same_frame(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """``pd.testing.assert_frame_equal``, quick when the frames are equal.

    ``DataFrame.equals`` compares whole columns (categoricals by their codes and categories, same
    dtypes, same labels) in milliseconds; ``assert_frame_equal`` boxes every value of a categorical
    column, seconds for an event log. It is called only when ``equals`` finds a difference, to name
    it (or to accept what it tolerates, such as a RangeIndex against an equal integer index).
    """
    if not left.equals(right):
        pd.testing.assert_frame_equal(left, right)
