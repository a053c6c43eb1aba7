"""The battery of malformed inputs of scripts/audit_inputs.py, run in this process: scenario values and
files, the flags and output folders of run, validate, compare, calibrate and the calibration report,
ensemble and study files, and the Python API. Each must get exit code 2 and one message holding the
words the case lists (the field, the value, what is allowed), no traceback, and leave nothing
written in its folder (see the script for the cases and how each is classified)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("audit_inputs", ROOT / "scripts" / "audit_inputs.py")
audit = importlib.util.module_from_spec(_spec)
sys.modules["audit_inputs"] = audit
_spec.loader.exec_module(audit)


def _can_lock() -> bool:
    """chattr +i (a folder even root cannot write in) works here."""
    with tempfile.TemporaryDirectory() as folder:
        locked = subprocess.run(["chattr", "+i", folder], capture_output=True).returncode == 0
        subprocess.run(["chattr", "-i", folder], capture_output=True)
    return locked


LOCKABLE = _can_lock()


def test_the_battery_is_large_and_covers_every_entry_point():
    groups = {c.group for c in audit.CASES}
    assert len(audit.CASES) >= 80
    assert groups >= {"scenario value", "scenario file", "run flags", "compare", "calibrate", "report", "python API"}


@pytest.mark.parametrize("case", audit.CASES, ids=lambda c: f"{c.group}: {c.name}")
def test_a_bad_input_is_one_clear_message_and_nothing_written(case):
    if "chattr" in (case.setup or "") and not LOCKABLE:
        pytest.skip("cannot make a folder unwritable here (chattr +i)")
    if case.known:
        pytest.xfail(case.known)
    row = audit.run(case, timeout=120, here=True)
    assert row["verdict"] == "clear", row
