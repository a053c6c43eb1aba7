"""What each browser session keeps (Solara reactive values are per session: nothing here is shared
between visitors): the language, the scenario being built, the scenarios kept for comparison and
the last comparison."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import solara

from simulation import Scenario, ScenarioError, load_scenario
from simulation.interventions import REGISTRY

from .comparison import Comparison
from .levers import draft_scenario, from_scenario, new_lever
from .scenario_files import BASE_FILE, levers_beyond, project_scenarios


@cache
def base_scenario() -> Scenario:
    """The baseline to 2030: every built scenario adds its levers to it."""
    return load_scenario(project_scenarios()[BASE_FILE])


@cache
def preset(file_name: str) -> Scenario:
    return load_scenario(project_scenarios()[file_name])


def presets() -> list[str]:
    """The files a comparison or a built scenario may start from: the baseline to 2030 and the presets."""
    base_end = base_scenario().run.end
    return [name for name in project_scenarios() if preset(name).run.end == base_end]


@dataclass(frozen=True)
class Draft:
    """The builder's scenario: a name, and the values of each lever with whether it is on."""

    name: str = "my_scenario"
    description: str = ""
    values: dict[str, dict] = field(default_factory=lambda: {name: new_lever(name) for name in REGISTRY})
    on: frozenset[str] = frozenset()

    @classmethod
    def starting_from(cls, scenario: Scenario) -> Draft:
        levers = levers_beyond(scenario, base_scenario())
        values = {name: new_lever(name) for name in REGISTRY} | {p.name: from_scenario(p) for p in levers}
        return cls(scenario.run.name, scenario.run.description, values, frozenset(p.name for p in levers))

    def levers(self) -> list[dict]:
        return [self.values[name] for name in REGISTRY if name in self.on]

    def scenario(self) -> Scenario:
        """The scenario it makes; raises :class:`ScenarioError` with the loader's messages."""
        return draft_scenario(base_scenario(), self.levers(), self.name, self.description)

    def with_value(self, lever: str, key: str, value) -> Draft:
        return replace(self, values={**self.values, lever: {**self.values[lever], key: value}})

    def switched(self, lever: str, on: bool) -> Draft:
        return replace(self, on=self.on | {lever} if on else self.on - {lever})


lang = solara.reactive("en")
draft = solara.reactive(Draft())
started_from = solara.reactive(BASE_FILE)  # the file the draft started from (None after an upload)
kept: solara.Reactive[dict[str, Scenario]] = solara.reactive({})  # built scenarios, by name
comparison: solara.Reactive[Comparison | None] = solara.reactive(None)


def shadowed_preset(scenario: Scenario) -> str | None:
    """The name of the project scenario this one would hide in the Compare page's choices (the same
    name, other parameters), or None."""
    for file_name in presets():
        other = preset(file_name)
        if other.run.name == scenario.run.name and other.digest() != scenario.digest():
            return other.run.name
    return None


def valid_draft() -> tuple[Scenario | None, ScenarioError | None]:
    try:
        return draft.value.scenario(), None
    except ScenarioError as error:
        return None, error
