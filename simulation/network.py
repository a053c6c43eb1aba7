"""The youth network of the hub towns, over which the know-how of webcam blackmail spreads.

Each town's young people are linked by school, cyber-cafe and neighbourhood ties, drawn as a
small-world graph (Watts-Strogatz: clustered local ties, a share rewired); a number of family and
migration ties join people of different towns. The graph is built with networkx, seeded from the
run's network stream, and kept as compressed adjacency arrays for the daily vectorized work.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from numba import njit

from .scenario import Scenario


class YouthNetwork:
    """``town[node]`` is the town index of each person; ``neighbours(nodes)`` their ties."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator, networkx_seed: int):
        params = scenario.network
        graph = nx.Graph()
        towns = []
        offset = 0
        for town_index, town in enumerate(scenario.towns.values()):
            n = town.youth_network
            k = min(params.mean_ties, n - 1)
            local = nx.watts_strogatz_graph(n, k, params.rewiring, seed=networkx_seed + town_index)
            graph.add_nodes_from(range(offset, offset + n))
            graph.add_edges_from((u + offset, v + offset) for u, v in local.edges())
            towns.append(np.full(n, town_index, dtype=np.int8))
            offset += n
        self.town = np.concatenate(towns)
        self.size = offset
        ends = rng.integers(0, self.size, size=(params.inter_town_ties, 2))
        between = ends[self.town[ends[:, 0]] != self.town[ends[:, 1]]]
        graph.add_edges_from(map(tuple, between.tolist()))
        self.graph = graph

        edges = np.array(graph.edges(), dtype=np.int64).reshape(-1, 2)
        src = np.concatenate([edges[:, 0], edges[:, 1]])
        dst = np.concatenate([edges[:, 1], edges[:, 0]])
        order = np.argsort(src, kind="stable")
        self._indices = dst[order].astype(np.int32)
        self._indptr = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=self.size), out=self._indptr[1:])
        self.degree = np.diff(self._indptr)

    def neighbours(self, nodes) -> np.ndarray:
        """All ties of the given node(s), concatenated (a node's ties appear once per tie)."""
        return _gather(self._indptr, self._indices, np.atleast_1d(np.asarray(nodes, dtype=np.int64)))

    def add_to_ties(self, values: np.ndarray, nodes: np.ndarray, amount: float) -> None:
        """``values[tie] += amount`` for every tie of every node (a tie shared twice, twice)."""
        _add_to_ties(self._indptr, self._indices, np.atleast_1d(np.asarray(nodes, dtype=np.int64)), values, amount)

    def nodes_of_town(self, town_index: int) -> np.ndarray:
        return np.flatnonzero(self.town == town_index)


@njit(cache=True)
def _gather(indptr, indices, nodes):
    total = 0
    for node in nodes:
        total += indptr[node + 1] - indptr[node]
    out = np.empty(total, np.int32)
    k = 0
    for node in nodes:
        for j in range(indptr[node], indptr[node + 1]):
            out[k] = indices[j]
            k += 1
    return out


@njit(cache=True)
def _add_to_ties(indptr, indices, nodes, values, amount):
    for node in nodes:
        for j in range(indptr[node], indptr[node + 1]):
            values[indices[j]] += amount
