"""The youth network of the hub towns, over which the know-how of webcam blackmail spreads.

Each town's young people are linked by school, cyber-cafe and neighbourhood ties, drawn as a
small-world graph (Watts-Strogatz: clustered local ties, a share rewired); a number of family and
migration ties join people of different towns. Each town's graph is drawn with networkx, seeded
from the run's network stream; the whole network is kept only as compressed adjacency arrays for
the daily vectorized work.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .scenario import Scenario

_FEW = 16  # up to this many nodes, neighbours() concatenates slices (measured: 2-4 us against 14-16 us)


class YouthNetwork:
    """``town[node]`` is the town index of each person; ``neighbours(nodes)`` their ties."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator, networkx_seed: int):
        params = scenario.network
        towns, local_edges = [], []
        offset = 0
        for town_index, town in enumerate(scenario.towns.values()):
            n = town.youth_network
            k = min(params.mean_ties, n - 1)
            local = nx.watts_strogatz_graph(n, k, params.rewiring, seed=networkx_seed + town_index)
            local_edges.append(np.array(local.edges(), dtype=np.int64).reshape(-1, 2) + offset)
            towns.append(np.full(n, town_index, dtype=np.int8))
            offset += n
        self.town = np.concatenate(towns)
        self.size = offset
        ends = rng.integers(0, self.size, size=(params.inter_town_ties, 2))
        between = ends[self.town[ends[:, 0]] != self.town[ends[:, 1]]]
        edges = _union_edges(np.concatenate([*local_edges, between]), self.size)

        src = np.concatenate([edges[:, 0], edges[:, 1]])
        dst = np.concatenate([edges[:, 1], edges[:, 0]])
        order = np.argsort(src, kind="stable")
        self._indices = dst[order].astype(np.int32)
        self._indptr = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=self.size), out=self._indptr[1:])
        self.degree = np.diff(self._indptr)

    def neighbours(self, nodes) -> np.ndarray:
        """All ties of the given node(s), concatenated (a node's ties appear once per tie)."""
        if np.ndim(nodes) == 0 or len(nodes) == 1:
            node = int(np.asarray(nodes).reshape(-1)[0])
            return self._indices[self._indptr[node]: self._indptr[node + 1]]
        nodes = np.asarray(nodes)
        if 0 < nodes.size <= _FEW:  # slices are cheaper than the vectorized gather for a few nodes
            indptr, indices = self._indptr, self._indices
            return np.concatenate([indices[indptr[node]: indptr[node + 1]] for node in nodes.tolist()])
        starts = self._indptr[nodes]
        lengths = self._indptr[nodes + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int32)
        shift = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return self._indices[np.arange(total) + shift]

    def nodes_of_town(self, town_index: int) -> np.ndarray:
        return np.flatnonzero(self.town == town_index)


def _union_edges(pairs: np.ndarray, size: int) -> np.ndarray:
    """The edges of the graph made by adding ``pairs`` in order, as networkx lists them (a repeated
    pair once; each edge as (lower, higher) node, by lower node, then in the order it was added).

    The same list as ``nx.Graph(pairs).edges()`` over nodes ``0..size-1``, without building the
    union graph (which would hold about 50 MB for the baseline's network).
    """
    low, high = pairs.min(axis=1), pairs.max(axis=1)
    _, first = np.unique(low * size + high, return_index=True)
    kept = np.sort(first)
    low, high = low[kept], high[kept]
    order = np.argsort(low, kind="stable")
    return np.stack([low[order], high[order]], axis=1)
