"""Digests of the output files of a fixed set of runs, to show that engine work changes no number.

    python scripts/digests.py record before.json   # on the code before the change
    python scripts/digests.py check before.json    # on the code after it: exit 1 and the files that differ

The runs (``python -m simulation run``, two at a time): the calibrated baseline with seeds 1 and 2,
the combined preset (every lever, to 2030) with seed 3, without event log; and the tiny scenario
with seeds 1-3 with its event log. Same scenario and seed must give byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = [("baseline", 1, "none"), ("baseline", 2, "none"), ("combined", 3, "none"),
        ("tiny", 1, "parquet"), ("tiny", 2, "parquet"), ("tiny", 3, "parquet")]


def digest_run(run: tuple[str, int, str], folder: Path) -> dict[str, str]:
    scenario, seed, events = run
    out = folder / f"{scenario}_{seed}"
    subprocess.run([sys.executable, "-m", "simulation", "run", str(ROOT / "scenarios" / f"{scenario}.toml"),
                    "--seed", str(seed), "--out", str(out), "--events", events],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(out.glob("*.parquet"))}


def digests() -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(2) as pool:
        found = pool.map(lambda run: digest_run(run, Path(folder)), RUNS)
        return {f"{scenario} seed {seed}": files for (scenario, seed, _), files in zip(RUNS, found)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    now = digests()
    if args.action == "record":
        args.path.write_text(json.dumps(now, indent=1))
        print(f"recorded {sum(map(len, now.values()))} files of {len(now)} runs in {args.path}")
        return 0
    before = json.loads(args.path.read_text())
    differ = [f"{run}: {name}" for run, files in before.items() for name, digest in files.items()
              if now.get(run, {}).get(name) != digest]
    for line in differ:
        print("differs:", line)
    print("identical" if not differ else f"{len(differ)} files differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
