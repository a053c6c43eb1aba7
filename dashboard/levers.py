"""The scenario builder's levers: their fields as declared by each lever's parameters (kind, unit,
range, help), the scenario a draft makes, and the loader's messages sorted by field.

A draft is a base scenario (the baseline to 2030, whose policies stay in place) plus, for each of
the eight levers, its values and whether it is on; :func:`draft_scenario` validates it with the
scenario loader, whose messages :func:`field_messages` files under the lever and field they name.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel

from simulation import Scenario, ScenarioError
from simulation.interventions import REGISTRY

TARGET_KINDS = ("markets", "towns", "units")
DEFAULT_START = date(2026, 1, 1)


@dataclass(frozen=True)
class FieldSpec:
    """One parameter of a lever, as its pydantic model declares it."""

    name: str
    kind: str          # text, date, optional_date, float, int, targets, recurrence
    help: str
    help_fr: str       # the declared French help, else the English one
    label_fr: str      # the declared French name of the field, else its key in words
    unit: str          # from the description's "(unit)", "share" for a probability, else ""
    low: float | None
    high: float | None
    default: Any
    optional: bool = False  # None is allowed (an empty field)

    @property
    def is_share(self) -> bool:
        return self.kind == "float" and (self.low, self.high) == (0.0, 1.0)


def _bounds(info) -> tuple[float | None, float | None]:
    low = high = None
    for rule in info.metadata:
        if isinstance(rule, (Ge, Gt)):
            low = float(rule.ge if isinstance(rule, Ge) else rule.gt)
        elif isinstance(rule, (Le, Lt)):
            high = float(rule.le if isinstance(rule, Le) else rule.lt)
    return low, high


def _kind(name: str, annotation) -> str:
    args = set(typing.get_args(annotation)) - {type(None)}
    optional = isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
    base = args.pop() if optional and len(args) == 1 else annotation
    if name in TARGET_KINDS:
        return "targets"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "recurrence"
    if base is date:
        return "optional_date" if optional else "date"
    return {float: "float", int: "int", str: "text"}[base]


def _spec(name: str, info) -> FieldSpec:
    kind = _kind(name, info.annotation)
    low, high = _bounds(info)
    unit = re.search(r"\(([A-Za-z]+)\)", info.description or "")
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    extra = info.json_schema_extra or {}
    help_fr = extra.get("fr") or info.description or ""
    label_fr = extra.get("label_fr") or name.replace("_", " ")
    optional = type(None) in typing.get_args(info.annotation)
    return FieldSpec(name, kind, info.description or "", help_fr, label_fr, unit[1] if unit else "", low, high,
                     default, optional)


def lever_fields(lever: str) -> list[FieldSpec]:
    """The fields of a lever in declaration order (common ones first), without its ``name``."""
    fields = REGISTRY[lever].Params.model_fields
    return [_spec(name, info) for name, info in fields.items() if name != "name"]


def recurrence_fields() -> list[FieldSpec]:
    from simulation.interventions.base import Recurrence

    return [_spec(name, info) for name, info in Recurrence.model_fields.items()]


def lever_doc(lever: str, lang: str = "en") -> str:
    """What the lever does: the first paragraph of its module docstring, unwrapped, or its
    declared French summary."""
    if lang == "fr":
        return REGISTRY[lever].summary_fr
    doc = typing.cast(str, __import__(REGISTRY[lever].__module__, fromlist=["_"]).__doc__ or "")
    return " ".join(doc.strip().split("\n\n")[0].split())


def new_lever(lever: str) -> dict:
    """A lever's values as the builder first shows them: every declared default, starting in 2026."""
    values = {spec.name: spec.default for spec in lever_fields(lever) if spec.default is not None}
    return {"name": lever, **values, "start": DEFAULT_START}


def from_scenario(lever_params) -> dict:
    """A lever of a scenario as builder values (every field, defaults included)."""
    return lever_params.model_dump()


def draft_scenario(base: Scenario, levers: list[dict], name: str, description: str) -> Scenario:
    """``base`` with these levers appended and the run renamed; raises :class:`ScenarioError`."""
    named = base.with_overrides({"run.name": name, "run.description": description})
    return named.with_interventions(*levers)


LOCATION = re.compile(r"interventions\[(\d+)\](?:\.(\w+))?(?:\.\w+)?: ")
SEPARATOR = re.compile(r"; (?=\w+(?:\[\d+\])?\.)")  # between the loader's cross-reference messages


def field_messages(error: ScenarioError, offset: int) -> dict[tuple[int, str | None], list[str]]:
    """The loader's messages by (index of the draft's lever, field or None), the lever index counted
    after the ``offset`` levers of the base; messages about no lever of the draft under (-1, None)."""
    lines = [line.strip().removeprefix("scenario: ") for part in str(error).split("\n") for line in SEPARATOR.split(part)]
    found: dict[tuple[int, str | None], list[str]] = {}
    for line in lines:
        if not line or line.startswith("invalid scenario"):
            continue
        match = LOCATION.search(line)
        key = (int(match[1]) - offset, match[2]) if match and int(match[1]) >= offset else (-1, None)
        found.setdefault(key, []).append(line)
    return found
