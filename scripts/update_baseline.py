"""Regenerate the baseline regression reference, on purpose, after an intended model change.

    python scripts/update_baseline.py

Runs the baseline scenario with the seeds in ``tests/test_baseline.py`` and stores the key annual
outputs in ``tests/baseline_reference.json``. Review the printed differences before committing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_baseline import REFERENCE, key_outputs  # noqa: E402


def main() -> None:
    new = key_outputs()
    if REFERENCE.exists():
        old = json.loads(REFERENCE.read_text())
        for name, values in new["outputs"].items():
            before = old.get("outputs", {}).get(name)
            if before != values:
                print(f"{name}:\n  was {before}\n  now {values}")
    REFERENCE.write_text(json.dumps(new, indent=1) + "\n")
    print(f"wrote {REFERENCE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
