"""The Live page's run: one simulation stepped a tick at a time, and the key gesture of a workshop,
a lever switched on *now*, in the middle of the run.

Switching levers on branches the run (:meth:`simulation.ExtortionModel.branch`) into its scenario
plus those levers starting today: exactly that scenario's run with the same seed, so the two runs
are identical up to today and differ only by the levers after. Both go on stepping together: the
branch is drawn bold, the run without the levers as a faint line. Stories (``stories.toml``) are
ready-made starts: a date and the levers to switch on there.
"""

from __future__ import annotations

import threading
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from simulation import ExtortionModel, Scenario, load_scenario

from .levers import from_scenario
from .scenario_files import levers_beyond, project_scenarios

STORIES_FILE = Path(__file__).with_name("stories.toml")
OUTPUTS = ["victims_threatened", "payments", "amount_paid_mad", "cases_recorded", "arrests"]  # monthly flows shown
TICKS = ("day", "week", "month", "quarter")  # how far one tick (or the Step button) goes


@dataclass(frozen=True)
class Story:
    """A ready-made start: the run plays to ``date``, where ``levers`` are switched on."""

    key: str
    title: tuple[str, str]      # English, French
    look_for: tuple[str, str]   # one sentence of what to look for, English and French
    date: date
    presets: tuple[str, ...] = ()  # scenario files whose own levers are switched on
    in_place: str | None = None    # label of a policy in place in the baseline, switched on at ``date`` instead

    def base(self, base: Scenario) -> Scenario:
        """The scenario the story's run starts with: ``base``, without the in-place policy it switches on."""
        if self.in_place is None:
            return base
        kept = [p.model_dump() for p in base.interventions if p.label != self.in_place]
        return base.with_overrides({"interventions": kept})

    def levers(self, base: Scenario) -> list[dict]:
        """The levers switched on at the story's date, as ``[[interventions]]`` tables."""
        if self.in_place is not None:
            return [from_scenario(p) for p in base.interventions if p.label == self.in_place]
        return [lever for name in self.presets for lever in preset_levers(name, base)]


def load_stories(path: Path = STORIES_FILE) -> list[Story]:
    """The stories of ``stories.toml``."""
    with open(path, "rb") as file:
        tables = tomllib.load(file)["story"]
    return [Story(s["key"], (s["title"], s["title_fr"]), (s["look_for"], s["look_for_fr"]), s["date"],
                  tuple(s.get("presets", ())), s.get("in_place")) for s in tables]


def story_run(story: Story | None, base: Scenario, seed: int, snapshots=None) -> LiveRun:
    """A new run for a story (None: the free run of ``base``), from the dashboard's snapshot of its
    scenario on the story's date when there is one (``snapshots``: a :class:`dashboard.runs.SnapshotCache`;
    the Compare page leaves snapshots of the baseline on the presets' first day): then the story
    starts at its date at once instead of simulating the years before."""
    scenario = story.base(base) if story else base
    saved = None
    if story is not None and snapshots is not None:
        saved = snapshots.get(scenario, seed, {}, (story.date - scenario.run.start).days)
    return LiveRun(scenario, seed, model=saved)


def preset_levers(file_name: str, base: Scenario) -> list[dict]:
    """The levers a preset scenario file adds to ``base``, as ``[[interventions]]`` tables."""
    return [from_scenario(p) for p in levers_beyond(load_scenario(project_scenarios()[file_name]), base)]


def preset_lever(lever: str, base: Scenario) -> dict:
    """The lever as its preset scenario (``scenarios/<lever>.toml``) sets it."""
    (table,) = preset_levers(f"{lever}.toml", base)
    return table


def tick_end(today: date, tick: str) -> date:
    """The first day after a tick that starts on ``today``: the next day, week, month or quarter
    (months and quarters end on the calendar's)."""
    if tick == "day":
        return today + timedelta(days=1)
    if tick == "week":
        return today + timedelta(days=7)
    months = 1 if tick == "month" else 3 - (today.month - 1) % 3
    month = today.month - 1 + months
    return date(today.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Shown:
    """The run as the page draws it, kept after each change so that drawing never waits for a tick
    under way: the next day to simulate, the months so far, the bold run's monthly :data:`OUTPUTS`
    (months x outputs) and the faint run's (None before a switch)."""

    day: int
    months: np.ndarray
    values: np.ndarray
    without: np.ndarray | None


@dataclass(frozen=True)
class Switch:
    """Levers switched on mid-run: on which day (index) and date, and which."""

    day: int
    date: date
    levers: tuple[str, ...]


class LiveRun:
    """A run stepped on demand (from a background thread and from buttons: a lock keeps them in
    turn) and, once levers are switched on, its branch with them.

    ``without`` is the run with none of the levers switched on mid-run; ``with_levers`` the branch
    (None before the first switch; later switches branch it again); ``shown`` their monthly flows."""

    def __init__(self, scenario: Scenario, seed: int, model: ExtortionModel | None = None):
        # model: the run of ``scenario`` and ``seed`` as it stands on some day (a snapshot), to go on from
        self.without = model or ExtortionModel(scenario, seed=seed, events="none")
        self.with_levers: ExtortionModel | None = None
        self.switches: list[Switch] = []
        self.lock = threading.Lock()
        self.shown = self._monthly()

    @property
    def current(self) -> ExtortionModel:
        """The run drawn bold: the branch once levers are on."""
        return self.with_levers or self.without

    @property
    def day(self) -> int:
        """Index of the next day to simulate (once the tick under way, if any, is over)."""
        return self.shown.day

    @property
    def today(self) -> date:
        """The date of the next day to simulate."""
        return self.without.start + timedelta(days=self.day)

    @property
    def finished(self) -> bool:
        return self.day >= self.without.days

    def advance(self, days: int) -> None:
        """Simulate up to ``days`` more days of both runs (fewer at the end of the run)."""
        with self.lock:
            for _ in range(min(days, self.without.days - self.without.day)):
                self.without.step()
                if self.with_levers is not None:
                    self.with_levers.step()
            self.shown = self._monthly()

    def tick(self, tick: str) -> None:
        """Simulate one tick: to the next day, week, month or quarter (:func:`tick_end`)."""
        self.advance((tick_end(self.today, tick) - self.today).days)

    def switch_on(self, levers: list[dict]) -> None:
        """Switch ``levers`` (``[[interventions]]`` tables) on from today: the bold run goes on as its
        scenario with these levers starting today. Raises ``ScenarioError`` if the scenario is not
        valid, ValueError at the end of the run."""
        with self.lock:
            if self.finished:
                raise ValueError("the run is over: no day left to switch a lever on")
            today = self.today
            current = self.current
            names = tuple(lever["name"] for lever in levers)
            scenario = current.scenario.with_interventions(*({**lever, "start": today} for lever in levers))
            scenario = scenario.with_overrides({"run.name": f"{current.scenario.run.name}+{'+'.join(names)}"})
            self.with_levers = current.branch(scenario)
            self.switches.append(Switch(self.day, today, names))
            self.shown = self._monthly()

    def _monthly(self) -> Shown:
        months, values = monthly(self.current)
        return Shown(self.without.day, months, values, monthly(self.without)[1] if self.switches else None)

    def switched(self) -> set[str]:
        """The levers switched on mid-run so far."""
        return {name for switch in self.switches for name in switch.levers}


def monthly(model: ExtortionModel, outputs: list[str] = OUTPUTS) -> tuple[np.ndarray, np.ndarray]:
    """The run's flows by calendar month so far: the months (``datetime64[M]``) and a months x outputs
    array of sums (the last month may be partial)."""
    flows = model.results.flows_so_far(outputs)
    days = np.datetime64(model.start, "D") + np.arange(len(flows))
    months = days.astype("datetime64[M]")
    first = months[0] if len(months) else np.datetime64(model.start, "M")
    index = (months - first).astype(int)
    count = int(index[-1]) + 1 if len(index) else 0
    sums = np.zeros((count, len(outputs)), dtype=np.int64)
    np.add.at(sums, index, flows)
    return first + np.arange(count), sums

