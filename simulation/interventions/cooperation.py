"""International cooperation (Morocco joined the Budapest Convention in October 2018).

At level L, foreign victims' reports reach the Moroccan police more often (the forwarding chance
times ``1 + L * forward_gain``, at most 1) and faster (the delays of the Ministry of Foreign
Affairs, Interpol and letters-rogatory channels times ``1 - L * delay_reduction``), and investigations
succeed more often (the success hazard times ``1 + L * success_gain``: data kept and shared by foreign
authorities and platforms under the convention's preservation and mutual-assistance rules).
"""

from __future__ import annotations

from pydantic import Field

from ..policy import Policy
from ..params import prob
from .base import Intervention, InterventionParams


class CooperationParams(InterventionParams):
    forward_gain: float = Field(1.0, ge=0, le=20, description="relative rise in forwarded foreign reports, at intensity 1",
                                json_schema_extra={"label_fr": "hausse des transmissions", "fr": "hausse relative des plaintes étrangères transmises, à l'intensité 1"})
    delay_reduction: float = prob("relative fall in referral delays, at intensity 1", 0.5,
                                  label_fr="baisse des délais", fr="baisse relative des délais de transmission, à l'intensité 1")
    success_gain: float = Field(0.0, ge=0, le=10, description="relative rise in investigations' success hazard, at intensity 1",
                                json_schema_extra={"label_fr": "hausse du taux de succès", "fr": "hausse relative du taux de réussite des enquêtes, à l'intensité 1"})


class Cooperation(Intervention):
    name = "cooperation"
    summary_fr = ("Coopération internationale (le Maroc a adhéré à la Convention de Budapest en octobre 2018).")
    Params = CooperationParams

    def apply(self, model, policy: Policy, level: float) -> None:
        policy.forward_factor *= 1 + level * self.params.forward_gain
        policy.referral_delay_factor *= 1 - level * self.params.delay_reduction
        policy.success_factor *= 1 + level * self.params.success_gain
