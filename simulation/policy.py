"""Today's policy levels, set by the interventions at the start of each day.

Every level is neutral after :meth:`Policy.reset` (gains 0, factors 1, no cap), meaning "as in the
scenario's parameters". Each intervention in force adds to gains and multiplies factors; each
subsystem takes up its own levels (:meth:`Policy.by_subsystem`) on the days they change.
"""

from __future__ import annotations

import numpy as np


class Policy:
    def __init__(self, markets: int, towns: int, offices: int, units: int):
        self._sizes = (markets, towns, offices, units)
        self.reset()

    def reset(self, day: int = 0) -> None:
        """Neutral levels for ``day`` (the day they apply from)."""
        markets, towns, offices, units = self._sizes
        self.day = day
        # target markets
        self.awareness_gain = np.zeros(markets)       # share of the unaware made aware (0-1)
        self.help_gain = np.zeros(markets)            # added chance of asking for help
        self.engagement_factor = 1.0                  # platforms' warnings on strangers' video chats
        # platforms and helplines
        self.takedown_gain = 0.0                      # share of failing takedowns that succeed (0-1)
        self.takedown_delay_factor = 1.0
        self.profile_detection_factor = 1.0
        self.advice_factor = 1.0                      # multiplier on paying after advice not to pay
        # transfer offices
        self.flag_factor = np.ones(offices)
        self.extra_fee_rate = np.zeros(offices)       # cost of identity checks (share of a payment)
        self.monthly_receipt_cap = np.full(offices, np.inf)  # receipts per person per calendar month
        # police, referrals, courts
        self.capacity_factor = np.ones(units)
        self.investigation_time_factor = 1.0
        self.success_factor = 1.0
        self.deterrence_factor = 1.0                  # perceived risk per arrest among ties
        self.forward_factor = 1.0
        self.referral_delay_factor = 1.0
        self.sentence_factor = 1.0
        # young people in the hub towns
        self.recruitment_factor = np.ones(towns)
        self.desistance_factor = np.ones(towns)

    def by_subsystem(self) -> dict[str, dict]:
        """The levels each subsystem (an attribute of the model) takes up, as keyword arguments of its
        ``apply_policy``."""
        return {
            "markets": dict(awareness_gain=self.awareness_gain, help_gain=self.help_gain,
                            engagement_factor=self.engagement_factor),
            "platforms": dict(takedown_gain=self.takedown_gain, takedown_delay_factor=self.takedown_delay_factor,
                              profile_detection_factor=self.profile_detection_factor),
            "cases": dict(advice_factor=self.advice_factor),
            "offices": dict(flag_factor=self.flag_factor, extra_fee_rate=self.extra_fee_rate,
                            monthly_cap=self.monthly_receipt_cap),
            "police": dict(capacity_factor=self.capacity_factor, time_factor=self.investigation_time_factor,
                           success_factor=self.success_factor, deterrence_factor=self.deterrence_factor),
            "complaints": dict(forward_factor=self.forward_factor, delay_factor=self.referral_delay_factor),
            "courts": dict(sentence_factor=self.sentence_factor),
            "recruitment": dict(recruitment_factor=self.recruitment_factor, day=self.day),
            "desistance": dict(desistance_factor=self.desistance_factor),
        }

    @staticmethod
    def signature(levels: dict) -> tuple:
        """A value that changes whenever one of the levels does."""
        return tuple(v.tobytes() if isinstance(v, np.ndarray) else v for k, v in levels.items() if k != "day")
