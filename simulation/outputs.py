"""Writing a run's outputs: daily, annual, events and scammers tables (Parquet) and run.json."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import mesa
import numpy as np
import pandas as pd

from .model import ExtortionModel
from .scammers import ScammerState
from .scenario import MODI_OPERANDI
from .staging import OutputError, check_target, staged, staged_files, why  # noqa: F401 (re-exported)


def scammers_table(model: ExtortionModel) -> pd.DataFrame:
    """One row per person who ever scammed, in the order they started."""
    pool, n = model.scammers, model.scammers.count
    origin = np.datetime64(model.start, "D")
    return pd.DataFrame({
        "scammer_id": np.arange(n, dtype=np.int32),
        "town": pd.Categorical.from_codes(pool.town[:n], categories=model.town_names),
        "mo": pd.Categorical.from_codes(pool.mo[:n], categories=list(MODI_OPERANDI)),
        "recruited_date": origin + pool.recruited_day[:n].astype("timedelta64[D]"),
        "state": pd.Categorical.from_codes(pool.state[:n], categories=[s.name.lower() for s in ScammerState]),
        "income_mad": pool.income[:n],
        "arrests": pool.arrests[:n],
        "days_active": pool.days_active[:n],
        "victims": pool.victims[:n],
        "skill": pool.skill[:n],
        "effort": pool.effort[:n],
    })


def package_version() -> str:
    try:
        return version("sextortion-abm")
    except PackageNotFoundError:
        from . import __version__

        return __version__


def run_record(model: ExtortionModel) -> dict:
    """What determines the run (scenario, its hashes, seed, versions, dates)."""
    source = model.scenario.source
    return {
        "scenario": model.scenario.run.name,
        "scenario_file": source,
        "scenario_file_sha256": hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else None,
        "parameters_sha256": model.scenario.digest(),
        "overrides": model.overrides,
        "seed": model.seed,
        "events": "none" if model.log.keep is None else "parquet",
        "package_version": package_version(),
        "mesa_version": mesa.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "start": str(model.start),
        "end": str(model.scenario.run.end),
        "days_simulated": model.day,
    }


def write_outputs(model: ExtortionModel, out_dir: str | Path) -> Path:
    """Write a run's output files into ``out_dir`` (created if needed): daily, annual, scammers and
    run.json always; events.parquet as the model kept its event log (streamed there already, or
    from memory; none with ``events="none"``)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.results.daily().to_parquet(out / "daily.parquet", index=False)
    model.results.annual().to_parquet(out / "annual.parquet", index=False)
    log, events_file = model.log, out / "events.parquet"
    if log.path is not None:
        log.close()
        if log.path.resolve() != events_file.resolve():
            shutil.copyfile(log.path, events_file)
    elif log.keep == "memory":
        log.to_frame().to_parquet(events_file, index=False)
    scammers_table(model).to_parquet(out / "scammers.parquet", index=False)
    (out / "run.json").write_text(json.dumps(run_record(model), indent=2) + "\n", encoding="utf-8")
    return out
