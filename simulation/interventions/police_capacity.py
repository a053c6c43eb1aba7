"""Police capacity and training: more investigators, faster investigations, higher success.

At level L, in the targeted units: capacity times ``1 + L * capacity_gain``; everywhere,
investigation durations times ``1 - L * time_reduction`` and the success hazard times
``1 + L * success_gain``.
"""

from __future__ import annotations

from pydantic import Field

from ..policy import Policy
from ..params import prob
from .base import Intervention, InterventionParams


class PoliceCapacityParams(InterventionParams):
    units: list[str] = Field(default_factory=list, description="police units reinforced (empty: all)",
                             json_schema_extra={"label_fr": "unités renforcées", "fr": "unités de police renforcées (vide : toutes)"})
    capacity_gain: float = Field(1.0, ge=0, le=10, description="relative rise in concurrent investigations, at intensity 1",
                                 json_schema_extra={"label_fr": "hausse des enquêtes simultanées", "fr": "hausse relative des enquêtes menées en même temps, à l'intensité 1"})
    time_reduction: float = prob("relative fall in investigation time, at intensity 1", 0.3,
                                 label_fr="baisse de la durée des enquêtes", fr="baisse relative de la durée des enquêtes, à l'intensité 1")
    success_gain: float = Field(0.5, ge=0, le=10, description="relative rise in the success hazard, at intensity 1",
                                json_schema_extra={"label_fr": "hausse du taux de succès", "fr": "hausse relative du taux de réussite, à l'intensité 1"})


class PoliceCapacity(Intervention):
    name = "police_capacity"
    summary_fr = ("Moyens et formation de la police : plus d'enquêteurs, des enquêtes plus rapides et plus souvent "
                  "abouties.")
    Params = PoliceCapacityParams
    targets_kind = "units"

    def apply(self, model, policy: Policy, level: float) -> None:
        p = self.params
        policy.capacity_factor[self.targets] *= 1 + level * p.capacity_gain
        policy.investigation_time_factor *= 1 - level * p.time_reduction
        policy.success_factor *= 1 + level * p.success_gain
