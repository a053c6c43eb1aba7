"""Policy levers: each a small class; scenario files list them by the names in ``REGISTRY``."""

from .awareness import AwarenessCampaign
from .base import Intervention, InterventionParams
from .cooperation import Cooperation
from .mta_monitoring import MtaMonitoring
from .platform_detection import PlatformDetection
from .police_capacity import PoliceCapacity
from .sentencing import Sentencing
from .takedown import TakedownHelpline
from .youth_employment import YouthEmployment

REGISTRY: dict[str, type[Intervention]] = {
    lever.name: lever
    for lever in (AwarenessCampaign, TakedownHelpline, MtaMonitoring, PoliceCapacity, Cooperation,
                  PlatformDetection, YouthEmployment, Sentencing)
}

__all__ = ["REGISTRY", "Intervention", "InterventionParams"]
