"""Money-transfer monitoring: identity checks, reporting of suspicious receipts, caps on receipts.

At level L, at the offices of the targeted towns: the chance of flagging a suspicious receipt is
multiplied by ``1 + L * (flag_multiplier - 1)``; identity checks add ``L * extra_fee_rate`` to the
share of each payment lost in fees; and a person whose office is monitored may collect at most
``monthly_receipt_cap`` receipts in a calendar month (counting receipts at any office). Scammers adapt (see transfer_offices): they move away from
watched offices (to unwatched ones, in other towns if need be) and cash over-cap receipts through
other channels at a cost: the displacement shows in ``office_moves`` and ``payments_other_channel``.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from ..policy import Policy
from ..params import prob
from .base import Intervention, InterventionParams


class MtaMonitoringParams(InterventionParams):
    towns: list[str] = Field(default_factory=list, description="towns whose offices are monitored (empty: all)",
                             json_schema_extra={"label_fr": "villes ciblées", "fr": "villes dont les agences sont surveillées (vide : toutes)"})
    flag_multiplier: float = Field(5.0, ge=1.0, le=50.0, description="flag chance multiplier at intensity 1",
                                   json_schema_extra={"label_fr": "multiplicateur de signalement", "fr": "multiplicateur de la probabilité de signalement, à l'intensité 1"})
    extra_fee_rate: float = prob("cost of the checks as a share of each payment, at intensity 1", 0.02,
                                 label_fr="coût des contrôles", fr="coût des contrôles en part de chaque paiement, à l'intensité 1")
    monthly_receipt_cap: int | None = Field(4, ge=1, le=1_000_000, description="receipts a person may collect per month (none: no cap)",
                                            json_schema_extra={"label_fr": "plafond mensuel de retraits", "fr": "retraits permis par personne et par mois (vide : sans plafond)"})


class MtaMonitoring(Intervention):
    name = "mta_monitoring"
    summary_fr = ("Surveillance des agences de transfert d'argent : contrôle d'identité, signalement des retraits "
                  "suspects, plafonds de retraits.")
    Params = MtaMonitoringParams
    targets_kind = "offices"

    def apply(self, model, policy: Policy, level: float) -> None:
        p = self.params
        policy.flag_factor[self.targets] *= 1 + level * (p.flag_multiplier - 1)
        policy.extra_fee_rate[self.targets] += level * p.extra_fee_rate
        if p.monthly_receipt_cap is not None:
            policy.monthly_receipt_cap[self.targets] = np.minimum(policy.monthly_receipt_cap[self.targets], p.monthly_receipt_cap)
