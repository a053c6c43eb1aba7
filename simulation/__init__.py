"""An agent-based model of the webcam-blackmail (sextortion) economy of central Morocco."""

from .model import ExtortionModel
from .scenario import Scenario, ScenarioError, load_scenario

__version__ = "0.1.0"
__all__ = ["ExtortionModel", "Scenario", "ScenarioError", "load_scenario", "__version__"]
