"""Random streams: one master seed per run, one child stream per subsystem.

Each subsystem draws only from its own stream, so a change in one mechanism does not reshuffle
the draws of the others (the transfer-offices stream also picks a new scammer's first office;
the scammers stream picks the initial scammers and draws a new scammer's modus operandi and skill). The global random generators of Python and NumPy are never used.
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


MAX_SEED = 2**63 - 1  # seeds are stored in 64-bit integer columns (compare's and the batches' tables)


def master_seed(seed) -> int:
    """``seed`` checked as a run's master seed: a whole number from 0 to ``MAX_SEED`` (not a bool or
    a fraction), else a ValueError that names it."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to 2^63 - 1 (got {seed!r})")
    return int(seed)


class Streams:
    """``streams.<subsystem>`` is a :class:`numpy.random.Generator` for that subsystem."""

    def __init__(self, seed: int):
        children = np.random.SeedSequence(seed).spawn(len(SUBSYSTEMS))
        for name, child in zip(SUBSYSTEMS, children):
            setattr(self, name, np.random.default_rng(child))
        #: integer seed for networkx, derived from the network stream
        self.networkx_seed = int(children[0].spawn(1)[0].generate_state(1)[0])


_BLOCK = 64


def pick_weighted(rng: np.random.Generator, weights: np.ndarray, count: int) -> np.ndarray:
    """``count`` indices drawn with replacement in proportion to ``weights`` (non-negative).

    Inverse-CDF sampling in two levels (blocks of the array, then within the block): the same law
    as a search in the cumulative sum of the whole array, without computing that sum.
    """
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    n = weights.size
    block_cdf = np.cumsum(np.add.reduceat(weights, np.arange(0, n, _BLOCK)))
    targets = rng.random(count) * block_cdf[-1]
    block = np.minimum(np.searchsorted(block_cdf, targets, side="right"), block_cdf.size - 1)
    within = targets - np.where(block > 0, block_cdf[block - 1], 0.0)
    index = block[:, None] * _BLOCK + np.arange(_BLOCK)
    inner = np.cumsum(np.where(index < n, weights[np.minimum(index, n - 1)], 0.0), axis=1)
    position = np.minimum((inner <= within[:, None]).sum(axis=1), _BLOCK - 1)
    return np.minimum(block * _BLOCK + position, n - 1)


def geometric_delay(rng: np.random.Generator, mean_days: float, size: int, minimum: int = 1) -> np.ndarray:
    """Delays in whole days with the given mean (geometric distribution, at least ``minimum``)."""
    p = 1.0 / max(mean_days - minimum + 1.0, 1.0)
    return rng.geometric(p, size) + (minimum - 1)
