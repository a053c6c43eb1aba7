"""Baseline regression: key annual outputs of fixed seeds stay as stored.

A change in the model that moves these numbers must be intended: regenerate the reference with
``python scripts/update_baseline.py`` and commit it with the change that explains it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.batch import Job, run_batch

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "baseline_reference.json"
SEEDS = (1, 2)
END = "2019-12-31"
KEY_OUTPUTS = ("victims_threatened", "payments", "amount_paid_mad", "cases_recorded", "victims_moroccan",
               "arrests", "mta_flags", "active_scammers", "in_prison")
RELATIVE_TOLERANCE = 1e-9  # runs are deterministic: any drift is a change in the model


def key_outputs() -> dict:
    outputs = {}
    table = run_batch([Job(ROOT / "scenarios" / "baseline.toml", seed, overrides={"run.end": END}) for seed in SEEDS],
                      workers=len(SEEDS), progress=False)
    for seed, annual in table.groupby("seed"):
        for name in KEY_OUTPUTS:
            outputs[f"seed{seed}.{name}"] = [int(v) for v in annual[name]]
    return {"scenario": "scenarios/baseline.toml", "end": END, "seeds": list(SEEDS), "outputs": outputs}


@pytest.mark.slow
def test_baseline_matches_reference():
    reference = json.loads(REFERENCE.read_text())
    current = key_outputs()
    assert current["seeds"] == reference["seeds"] and current["end"] == reference["end"]
    for name, expected in reference["outputs"].items():
        got = current["outputs"][name]
        assert np.allclose(got, expected, rtol=RELATIVE_TOLERANCE, atol=0), (
            f"{name} moved: {got} vs reference {expected}; if intended, run scripts/update_baseline.py")
