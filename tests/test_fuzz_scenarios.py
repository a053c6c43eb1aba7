"""Property: a scenario made by mutating the tiny scenario's values (wrong types, signs, infinities,
huge and tiny numbers, missing and extra keys) is either refused with a ScenarioError or runs; it
never ends in another exception (a traceback for the user)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation import ExtortionModel, ScenarioError, load_scenario
from simulation.scenario import validate_scenario

TINY = Path(__file__).resolve().parent.parent / "scenarios" / "tiny.toml"
DATA = load_scenario(TINY).model_dump()  # every value, as the loader's tables hold them
END = date(2014, 1, 31)  # a month: the daily code runs, quickly


def leaves(node, path=()):
    """Every (path, value) of the nested tables and lists."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list)) and value:
            yield from leaves(value, path + (key,))
        else:
            yield path + (key,), value


PATHS = [path for path, _ in leaves(DATA) if path[:2] != ("run", "end")]
ODD_VALUES = st.one_of(
    st.sampled_from([0, -1, 1, 2 ** 63, -(2 ** 63), 10 ** 12, math.inf, -math.inf, math.nan, 1e-308, 1e308, -1e-9,
                     0.5, "text", "", True, False, [], {}, [1, 2], {"x": 1}, date(2200, 1, 1), date(1900, 1, 1)]),
    st.integers(), st.floats(), st.text(max_size=5))


def mutated(path, action, value):
    data = _copy(DATA)
    node = data
    for key in path[:-1]:
        node = node[key]
    if action == "delete":
        del node[path[-1]]
    elif action == "extra" and isinstance(node, dict):
        node["no_such_key"] = value
    else:
        node[path[-1]] = value
    data.setdefault("run", {})["end"] = END
    return data


def _copy(node):
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), action=st.sampled_from(["replace", "delete", "extra"]), value=ODD_VALUES)
def test_a_mutated_scenario_is_refused_clearly_or_runs(path, action, value):
    try:
        scenario = validate_scenario(mutated(path, action, value))
    except ScenarioError as refused:
        assert str(refused).strip()  # a message, naming the field
        return
    model = ExtortionModel(scenario, seed=1, events="none").run()
    assert model.day == (END - scenario.run.start).days + 1
