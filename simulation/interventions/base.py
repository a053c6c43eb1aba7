"""The intervention base: a schedulable policy lever.

An intervention is set up once (:meth:`Intervention.initialize`), then on every day of the run
adds its effect to the day's :class:`~simulation.policy.Policy` (:meth:`Intervention.apply`; the
model calls it at step 0 of the daily step, before anything else, on the days the levels change) and
charges its daily cost (:meth:`Intervention.charge`), and is closed at the end of the
run (:meth:`Intervention.finalize`). Its level on a day is ``intensity`` while it is in force
(between ``start`` and ``end``, or in each yearly window when ``recurring``), fading afterwards
with ``fade_half_life_days``. Levers draw no random numbers: with intensity 0, or a start after the
end of the run, a scenario gives exactly the outputs of the same scenario without the lever.

A new lever is a subclass with a ``name``, a ``Params`` model (its parameters, units in the field
descriptions) and an ``apply`` method, plus an entry in ``simulation.interventions.REGISTRY``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from ..policy import Policy
from ..params import InterventionParamsBase, Section, nonneg, prob


MAX_DAYS = 36_500        # a lever's half-life: at most 100 years, as the scenario's delays
MAX_COST_MAD = 1e12      # a lever's yearly cost: far above any budget, below what int64 money columns hold


class Recurrence(Section):
    """A yearly window: from ``day`` ``month`` for ``weeks`` weeks, every year of the lever's span."""

    month: int = Field(ge=1, le=12, description="month the window opens (1-12)",
                       json_schema_extra={"label_fr": "mois", "fr": "mois d'ouverture de la fenêtre (1-12)"})
    day: int = Field(1, ge=1, le=28, description="day of the month the window opens (1-28)",
                     json_schema_extra={"label_fr": "jour", "fr": "jour du mois d'ouverture de la fenêtre (1-28)"})
    weeks: int = Field(ge=1, le=52, description="length of the window (weeks)",
                       json_schema_extra={"label_fr": "semaines", "fr": "durée de la fenêtre (semaines)"})


class InterventionParams(InterventionParamsBase):
    """Parameters every lever has."""

    name: str = Field(description="the lever, a key of the intervention registry",
                      json_schema_extra={"label_fr": "levier", "fr": "le levier, une clé du registre des interventions"})
    label: str = Field("", description="short description shown in results",
                       json_schema_extra={"label_fr": "libellé", "fr": "courte description affichée dans les résultats"})
    start: date = Field(description="first day in force", json_schema_extra={"label_fr": "début", "fr": "premier jour d'application"})
    end: date | None = Field(None, description="last day in force (none: to the end of the run)",
                             json_schema_extra={"label_fr": "fin", "fr": "dernier jour d'application (vide : jusqu'à la fin de la simulation)"})
    recurring: Recurrence | None = Field(None, description="in force only in a yearly window",
                                         json_schema_extra={"label_fr": "fenêtre annuelle", "fr": "en vigueur seulement dans une fenêtre annuelle"})
    intensity: float = prob("strength, 0 (none) to 1 (the lever's full effect)", 1.0,
                            label_fr="intensité", fr="force, de 0 (aucune) à 1 (plein effet du levier)")
    fade_half_life_days: float = nonneg("half-life of the effect after the lever is lifted (days); 0: stops at once", 0.0, maximum=MAX_DAYS,
                                        label_fr="demi-vie de l'effet", fr="demi-vie de l'effet après la levée du levier (jours) ; 0 : cesse aussitôt")
    cost_per_year_mad: float = nonneg("cost per unit of intensity per year in force (MAD)", 0.0, maximum=MAX_COST_MAD,
                                      label_fr="coût annuel", fr="coût par unité d'intensité et par année d'application (MAD)")

    @model_validator(mode="after")
    def _dates(self) -> InterventionParams:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end ({self.end}) must be on or after start ({self.start})")
        return self


class Intervention:
    name: ClassVar[str]
    summary_fr: ClassVar[str]  # what the lever does, in French (the module docstring says it in English)
    Params: ClassVar[type[InterventionParams]] = InterventionParams
    #: what ``self.targets`` indexes: "markets", "towns", "units", or "offices" (those of the
    #: towns named in ``params.towns``); the names come from the same-named parameter (all if empty)
    targets_kind: ClassVar[str | None] = None

    def __init__(self, params: InterventionParams):
        self.params = params
        self.cost_mad = 0.0

    def initialize(self, model) -> None:
        """Compute the level of every day of the run (the schedule never changes during a run)."""
        p = self.params
        days = model.days
        in_force = np.zeros(days, dtype=bool)
        for first, last in self._windows(model.start, model.scenario.run.end):
            a, b = (first - model.start).days, (last - model.start).days
            in_force[max(a, 0): max(min(b + 1, days), 0)] = True
        level = np.where(in_force, p.intensity, 0.0)
        if p.fade_half_life_days > 0 and in_force.any():
            last_on = np.maximum.accumulate(np.where(in_force, np.arange(days), -1))
            after = (~in_force) & (last_on >= 0)
            level[after] = p.intensity * 0.5 ** ((np.arange(days) - last_on)[after] / p.fade_half_life_days)
        self.in_force = in_force
        self.levels = level
        if self.targets_kind is not None:
            names = getattr(p, "towns" if self.targets_kind == "offices" else self.targets_kind)
            self.targets = model.target_indices(self.targets_kind, names)

    def first_day_in_effect(self) -> int:
        """The first day of the run on which the lever does anything (an effect or a cost), or the
        run's number of days if it never does."""
        active = np.flatnonzero((self.levels > 0) | self.in_force)
        return int(active[0]) if active.size else self.levels.size

    def _windows(self, run_start: date, run_end: date):
        p = self.params
        last = min(p.end or run_end, run_end)
        if p.recurring is None:
            yield p.start, last
            return
        r = p.recurring
        for year in range(p.start.year, last.year + 1):
            opens = date(year, r.month, r.day)
            closes = opens + timedelta(weeks=r.weeks) - timedelta(days=1)
            if closes >= p.start and opens <= last:
                yield max(opens, p.start), min(closes, last)

    def charge(self, day: int) -> float:
        """Today's cost (MAD), added to the lever's total: the cost while in force."""
        cost = self.params.cost_per_year_mad * self.params.intensity / 365.0 if self.in_force[day] else 0.0
        self.cost_mad += cost
        return cost

    def apply(self, model, policy: Policy, level: float) -> None:
        raise NotImplementedError

    def finalize(self, model) -> None:
        """Close the lever at the end of the run (the default keeps its total cost)."""

    def to_toml(self) -> str:
        """The lever as an ``[[interventions]]`` table of a scenario file."""
        lines = ["[[interventions]]"]
        for key, value in self.params.model_dump(exclude_defaults=True).items():
            lines.append(f"{key} = {_toml_value(value)}")
        if "name" not in self.params.model_dump(exclude_defaults=True):
            lines.insert(1, f'name = "{self.params.name}"')
        return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} to TOML")
