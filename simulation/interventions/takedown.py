"""Faster takedowns and a helpline (a helpline with content removal opened in December 2024).

At level L: a share ``L * takedown_gain`` of the takedown requests that would have failed succeed;
takedowns come faster (delay times ``1 - L * (1 - fastest_delay_factor)``); more victims reach
help (``L * help_gain`` added, in the targeted markets); and the advice not to pay is followed more
(the chance to pay after help is multiplied by ``1 - L * advice_strength``). Only the help gain is
per market; the takedown and advice effects apply to every victim who asks for help. Taken-down
videos end cases, so the scammer's leverage, payments and repeat demands fall.
"""

from __future__ import annotations

from pydantic import Field

from ..policy import Policy
from ..params import prob
from .base import Intervention, InterventionParams


class TakedownParams(InterventionParams):
    markets: list[str] = Field(default_factory=list, description="markets whose victims the helpline serves (empty: all)",
                               json_schema_extra={"label_fr": "marchés servis", "fr": "marchés dont les victimes sont aidées par la ligne d'écoute (vide : tous)"})
    takedown_gain: float = prob("share of failing takedowns that succeed, at intensity 1", 0.6,
                                label_fr="gain de retraits réussis", fr="part des retraits qui échouaient et qui réussissent, à l'intensité 1")
    fastest_delay_factor: float = prob("takedown delay multiplier at intensity 1", 0.3,
                                       label_fr="facteur de délai de retrait", fr="multiplicateur du délai de retrait, à l'intensité 1")
    help_gain: float = prob("added chance of asking for help, at intensity 1", 0.05,
                            label_fr="hausse des demandes d'aide", fr="hausse de la probabilité de demander de l'aide, à l'intensité 1")
    advice_strength: float = prob("relative fall in paying after advice not to pay, at intensity 1", 0.5,
                                  label_fr="effet du conseil de ne pas payer", fr="baisse relative des paiements après le conseil de ne pas payer, à l'intensité 1")


class TakedownHelpline(Intervention):
    name = "takedown"
    summary_fr = ("Retraits plus rapides et ligne d'écoute (une ligne d'écoute avec retrait des contenus a ouvert en "
                  "décembre 2024).")
    Params = TakedownParams
    targets_kind = "markets"

    def apply(self, model, policy: Policy, level: float) -> None:
        p = self.params
        policy.takedown_gain = 1 - (1 - policy.takedown_gain) * (1 - level * p.takedown_gain)
        policy.takedown_delay_factor *= 1 - level * (1 - p.fastest_delay_factor)
        policy.help_gain[self.targets] += level * p.help_gain
        policy.advice_factor *= 1 - level * p.advice_strength
