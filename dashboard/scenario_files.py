"""Scenario files in and out of the builder: a draft saved as TOML (extending the baseline to
2030), and an uploaded file read safely (size-capped, validated by the scenario loader, and
allowed to extend only the project's own scenarios: it never makes the server read another file).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
from pathlib import Path

from simulation import Scenario, ScenarioError, load_scenario
from simulation.interventions import REGISTRY

from . import settings

BASE_FILE = "baseline_2030.toml"


def project_scenarios() -> dict[str, Path]:
    """The project's scenario files by file name."""
    return {path.name: path for path in sorted(settings.SCENARIOS.glob("*.toml"))}


def to_toml(scenario: Scenario, in_place: int) -> str:
    """The scenario as a file that extends the baseline to 2030 with its levers after the first ``in_place``."""
    lines = [f'extends = "{BASE_FILE}"', "", "[run]", f"name = {json.dumps(scenario.run.name)}",
             f"description = {json.dumps(scenario.run.description)}", ""]
    levers = [REGISTRY[p.name](p).to_toml() for p in scenario.interventions[in_place:]]
    return "\n".join(lines + levers)


def read_upload(data: bytes, max_bytes: int = settings.UPLOAD_BYTES, size: int | None = None) -> Scenario:
    """Validate an uploaded scenario file (``size``: the whole file's, if only its start was sent);
    raises :class:`ScenarioError` with the loader's message."""
    size = len(data) if size is None else size
    if max(size, len(data)) > max_bytes:
        raise ScenarioError(f"the file is {size:,} bytes; at most {max_bytes:,} are accepted")
    try:
        text = data.decode("utf-8")
        parsed = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ScenarioError("the file is not text (UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {exc}") from None
    known = project_scenarios()
    base = parsed.get("extends")
    if base is not None and base not in known:
        raise ScenarioError(f"extends = {base!r}: a file may only extend one of the project's scenarios {sorted(known)}")
    with tempfile.TemporaryDirectory(prefix="dashboard-upload-") as folder:
        for name, path in known.items():
            shutil.copyfile(path, Path(folder) / name)
        upload = Path(folder) / "uploaded scenario.toml"
        upload.write_text(text, encoding="utf-8")
        return load_scenario(upload)


def levers_beyond(scenario: Scenario, base: Scenario) -> list:
    """The scenario's levers added to ``base``; an error if it changes anything else of the base."""
    mine, theirs = scenario.model_dump(exclude={"run", "interventions"}), base.model_dump(exclude={"run", "interventions"})
    changed = sorted(key for key in mine if mine[key] != theirs[key])
    if changed:
        raise ScenarioError(f"the file changes {', '.join(changed)}: the builder edits levers only "
                            f"(use such a file from the command line)")
    in_place = len(base.interventions)
    if list(scenario.interventions[:in_place]) != list(base.interventions):
        raise ScenarioError("the file changes the policies already in place: the builder edits new levers only")
    return list(scenario.interventions[in_place:])
