"""Random streams: one master seed per run, one child stream per subsystem.

Each subsystem draws only from its own stream, so a change in one mechanism does not reshuffle
the draws of the others (the transfer-offices stream also picks a new scammer's first office;
the scammers stream draws a new scammer's modus operandi and skill). The global random generators of Python and NumPy are never used.
"""

from __future__ import annotations

import numpy as np

SUBSYSTEMS = (
    "network",
    "scammers",
    "recruitment",
    "desistance",
    "platforms",
    "contacts",
    "victims",
    "complaints",
    "transfer_offices",
    "police",
    "courts",
)


class Streams:
    """``streams.<subsystem>`` is a :class:`numpy.random.Generator` for that subsystem."""

    def __init__(self, seed: int):
        children = np.random.SeedSequence(seed).spawn(len(SUBSYSTEMS))
        for name, child in zip(SUBSYSTEMS, children):
            setattr(self, name, np.random.default_rng(child))
        #: integer seed for networkx, derived from the network stream
        self.networkx_seed = int(children[0].spawn(1)[0].generate_state(1)[0])


def geometric_delay(rng: np.random.Generator, mean_days: float, size: int, minimum: int = 1) -> np.ndarray:
    """Delays in whole days with the given mean (geometric distribution, at least ``minimum``)."""
    p = 1.0 / max(mean_days - minimum + 1.0, 1.0)
    return rng.geometric(p, size) + (minimum - 1)
