"""Harsher sentencing: longer prison terms, more deterrence through the network.

At level L, prison terms are ``1 + L * sentence_gain`` times as long (beyond art. 447-1's 36 months
this needs a change in the law), and an arrest raises the perceived risk of the arrested person's
ties ``1 + L * deterrence_gain`` times as much.
"""

from __future__ import annotations

from pydantic import Field

from ..policy import Policy
from .base import Intervention, InterventionParams


class SentencingParams(InterventionParams):
    sentence_gain: float = Field(1.0, ge=0, le=10, description="relative rise in prison terms, at intensity 1",
                                 json_schema_extra={"label_fr": "allongement des peines", "fr": "hausse relative des peines de prison, à l'intensité 1"})
    deterrence_gain: float = Field(1.0, ge=0, le=10, description="relative rise in perceived risk per arrest, at intensity 1",
                                   json_schema_extra={"label_fr": "hausse de la dissuasion", "fr": "hausse relative du risque perçu par arrestation, à l'intensité 1"})


class Sentencing(Intervention):
    name = "sentencing"
    summary_fr = ("Peines plus sévères : des peines de prison plus longues, plus de dissuasion par le réseau.")
    Params = SentencingParams

    def apply(self, model, policy: Policy, level: float) -> None:
        policy.sentence_factor *= 1 + level * self.params.sentence_gain
        policy.deterrence_factor *= 1 + level * self.params.deterrence_gain
