"""Awareness campaign (national campaigns have run every December since 2021).

While in force at level L, a share ``L * reach * awareness_gain`` of the people of each targeted
market who were not aware of webcam blackmail become aware; through the awareness effects of the
victims' parameters this lowers engagement with strangers' video-chat invitations and payment,
and raises reporting. Campaigns also point to help: ``L * reach * help_gain`` is added to the
chance of asking a helpline or association for help. The effect fades after the campaign with
``fade_half_life_days``.
"""

from __future__ import annotations

from pydantic import Field

from ..policy import Policy
from ..params import prob
from .base import MAX_DAYS, Intervention, InterventionParams


class AwarenessParams(InterventionParams):
    markets: list[str] = Field(default_factory=list, description="targeted markets (empty: all)",
                               json_schema_extra={"label_fr": "marchés ciblés", "fr": "marchés ciblés (vide : tous)"})
    reach: float = prob("share of the targeted audience the campaign reaches", 1.0,
                        label_fr="portée", fr="part du public ciblé que la campagne atteint")
    awareness_gain: float = prob("share of the unaware reached who become aware, at intensity 1", 0.5,
                                 label_fr="gain de vigilance", fr="part des personnes atteintes, non averties, qui le deviennent, à l'intensité 1")
    help_gain: float = prob("added chance of asking for help, at intensity 1", 0.02,
                            label_fr="hausse des demandes d'aide", fr="hausse de la probabilité de demander de l'aide, à l'intensité 1")
    fade_half_life_days: float = Field(90.0, ge=0, le=MAX_DAYS, description="half-life of the effect after the campaign (days)",
                                       json_schema_extra={"label_fr": "demi-vie de l'effet", "fr": "demi-vie de l'effet après la campagne (jours)"})


class AwarenessCampaign(Intervention):
    name = "awareness"
    summary_fr = ("Campagnes de sensibilisation (des campagnes nationales ont lieu chaque mois de décembre depuis "
                  "2021).")
    Params = AwarenessParams
    targets_kind = "markets"

    def apply(self, model, policy: Policy, level: float) -> None:
        p = self.params
        made_aware = level * p.reach * p.awareness_gain
        policy.awareness_gain[self.targets] = 1 - (1 - policy.awareness_gain[self.targets]) * (1 - made_aware)
        policy.help_gain[self.targets] += level * p.reach * p.help_gain
