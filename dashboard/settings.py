"""Server-wide settings of the dashboard, read once from the environment (defaults in brackets).

``DASHBOARD_CACHE_DIR`` [runs/dashboard-cache] and ``DASHBOARD_CACHE_MB`` [500]: where finished
runs are kept and how much disk they may take; ``DASHBOARD_SNAPSHOT_MB`` [1000]: disk for the
baseline's snapshots (in ``snapshots/`` of the cache folder; 0: none kept); ``DASHBOARD_PREWARM_SEEDS``
[10]: seeds of the default comparison's baseline simulated in the background when the server starts
(0: none); ``DASHBOARD_WORKERS`` [one per CPU]: simulation
processes shared by every visitor; ``DASHBOARD_MAX_SEEDS`` [20]: the most paired seeds a comparison
may ask for; ``DASHBOARD_OVERVIEW_SEEDS`` [5] and ``DASHBOARD_OVERVIEW_END`` [2030]: the seeds and
last year of the baseline shown on the overview (tests shorten it); ``DASHBOARD_NETWORK_MB`` [200]: disk
for the Network page's histories of the youth network (in ``network/`` of the cache folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from analysis.batch import default_workers

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
DOCS = ROOT / "docs"

CACHE_DIR = Path(os.environ.get("DASHBOARD_CACHE_DIR", ROOT / "runs" / "dashboard-cache"))
CACHE_BYTES = int(float(os.environ.get("DASHBOARD_CACHE_MB", 500)) * 1e6)
SNAPSHOT_DIR = CACHE_DIR / "snapshots"
SNAPSHOT_BYTES = int(float(os.environ.get("DASHBOARD_SNAPSHOT_MB", 1000)) * 1e6)
NETWORK_DIR = CACHE_DIR / "network"
NETWORK_CACHE_BYTES = int(float(os.environ.get("DASHBOARD_NETWORK_MB", 200)) * 1e6)
WORKERS = int(os.environ.get("DASHBOARD_WORKERS", default_workers()))
MAX_SEEDS = int(os.environ.get("DASHBOARD_MAX_SEEDS", 20))
DEFAULT_SEEDS = min(10, MAX_SEEDS)
PREWARM_SEEDS = min(int(os.environ.get("DASHBOARD_PREWARM_SEEDS", DEFAULT_SEEDS)), MAX_SEEDS)
DEFAULT_PERIOD = (2026, 2030)  # the Compare page's outcome years when it opens
OVERVIEW_SEEDS = int(os.environ.get("DASHBOARD_OVERVIEW_SEEDS", 5))
OVERVIEW_END = int(os.environ.get("DASHBOARD_OVERVIEW_END", 2030))
MAX_SCENARIOS = 4  # compared with the baseline at once
UPLOAD_BYTES = 64_000  # largest scenario file accepted
