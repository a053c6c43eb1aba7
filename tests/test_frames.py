"""The quick frame comparison of the determinism tests still fails on any difference."""

import pandas as pd
import pytest

from frames import assert_same_frame


def frame() -> pd.DataFrame:
    return pd.DataFrame({"event": pd.Categorical(["threat", "payment", "threat"]), "amount_mad": [0, 2000, 0],
                         "date": pd.to_datetime(["2014-01-01", "2014-01-02", "2014-01-02"])})


def test_equal_frames_pass_and_any_difference_fails():
    assert_same_frame(frame(), frame())
    changed = [frame() for _ in range(4)]
    changed[0].loc[1, "amount_mad"] = 2001
    changed[1]["event"] = pd.Categorical(["threat", "refusal", "threat"])
    changed[2]["event"] = changed[2]["event"].cat.add_categories(["refusal"])  # same values, other categories
    changed[3] = changed[3].iloc[:2]
    for other in changed:
        with pytest.raises(AssertionError):
            assert_same_frame(frame(), other)
