"""The building blocks of scenario sections, shared by the scenario and the policy levers.

:mod:`simulation.scenario` and :mod:`simulation.interventions` both build their pydantic models
from these, so that neither has to import the other's internals (the scenario imports the levers'
registry; the levers import only this module).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def _french(fr: str | None, label_fr: str | None) -> dict:
    """The French help (``fr``) and short label (``label_fr``) of a field, for the dashboard."""
    extra = {key: value for key, value in (("label_fr", label_fr), ("fr", fr)) if value}
    return {"json_schema_extra": extra} if extra else {}


def prob(description: str, default: float | None = None, fr: str | None = None, label_fr: str | None = None) -> Any:
    """A probability or share in [0, 1]; ``fr`` the description in French and ``label_fr`` the
    field's short name in French (both shown by the dashboard)."""
    extra = _french(fr, label_fr)
    if default is None:
        return Field(ge=0.0, le=1.0, description=description, **extra)
    return Field(default, ge=0.0, le=1.0, description=description, **extra)


def nonneg(description: str, default: float | None = None, fr: str | None = None, label_fr: str | None = None,
           maximum: float | None = None) -> Any:
    """A non-negative number, at most ``maximum`` if given."""
    extra = _french(fr, label_fr)
    if default is None:
        return Field(ge=0, le=maximum, description=description, **extra)
    return Field(default, ge=0, le=maximum, description=description, **extra)


def positive(description: str, default: float | None = None) -> Any:
    if default is None:
        return Field(gt=0, description=description)
    return Field(default, gt=0, description=description)


def weight(description: str, maximum: float = 100.0) -> Any:
    """A non-negative weight or rate with an upper limit far above any plausible value, so that
    what validates also runs (no overflow, no run that holds all memory)."""
    return Field(ge=0, le=maximum, description=description)


class Section(BaseModel):
    """Base of every scenario section: unknown keys are errors, values are not coerced, and a
    number must be finite (no inf or nan)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class InterventionParamsBase(Section):
    """What every lever's parameters share (the levers' own models in simulation.interventions extend it)."""

    name: str
