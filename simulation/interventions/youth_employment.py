"""Youth employment and prevention in the hub towns.

At level L, in the targeted towns, the chance of taking up scamming is multiplied by
``1 - L * recruitment_reduction`` and active scammers give up ``1 + L * desistance_gain`` times as
often (jobs and prevention offer a way out).
"""

from __future__ import annotations

from pydantic import Field

from ..policy import Policy
from ..params import prob
from .base import Intervention, InterventionParams


class YouthEmploymentParams(InterventionParams):
    towns: list[str] = Field(default_factory=list, description="towns with the programme (empty: all)",
                             json_schema_extra={"label_fr": "villes du programme", "fr": "villes où le programme est mené (vide : toutes)"})
    recruitment_reduction: float = prob("relative fall in recruitment, at intensity 1", 0.5,
                                        label_fr="baisse du recrutement", fr="baisse relative du recrutement, à l'intensité 1")
    desistance_gain: float = Field(1.0, ge=0, le=20, description="relative rise in desistance, at intensity 1",
                                   json_schema_extra={"label_fr": "hausse des abandons", "fr": "hausse relative des abandons, à l'intensité 1"})


class YouthEmployment(Intervention):
    name = "youth_employment"
    summary_fr = ("Emploi des jeunes et prévention dans les villes foyers.")
    Params = YouthEmploymentParams
    targets_kind = "towns"

    def apply(self, model, policy: Policy, level: float) -> None:
        policy.recruitment_factor[self.targets] *= 1 - level * self.params.recruitment_reduction
        policy.desistance_factor[self.targets] *= 1 + level * self.params.desistance_gain
