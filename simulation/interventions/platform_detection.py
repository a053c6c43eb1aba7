"""Platform detection of fake profiles.

At level L, platforms remove fake profiles ``1 + L * detection_gain`` times as often (scammers lose
days rebuilding them), and warnings on strangers' video-chat invitations lower engagement by a
share ``L * engagement_reduction``.
"""

from __future__ import annotations

from pydantic import Field

from ..policy import Policy
from ..params import prob
from .base import Intervention, InterventionParams


class PlatformDetectionParams(InterventionParams):
    detection_gain: float = Field(3.0, ge=0, le=100, description="relative rise in profile removals, at intensity 1",
                                  json_schema_extra={"label_fr": "hausse des retraits de profils", "fr": "hausse relative des suppressions de faux profils, à l'intensité 1"})
    engagement_reduction: float = prob("relative fall in engagement, at intensity 1", 0.2,
                                       label_fr="baisse des mises en relation", fr="baisse relative des mises en relation, à l'intensité 1")


class PlatformDetection(Intervention):
    name = "platform_detection"
    summary_fr = "Détection des faux profils par les plateformes."  # the module docstring's first sentence, in French
    Params = PlatformDetectionParams

    def apply(self, model, policy: Policy, level: float) -> None:
        policy.profile_detection_factor *= 1 + level * self.params.detection_gain
        policy.engagement_factor *= 1 - level * self.params.engagement_reduction
