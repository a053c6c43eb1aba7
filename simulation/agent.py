"""The base of the model's Mesa agents: Mesa's agent, without keeping finished models in memory.

``mesa.Agent`` (3.3) numbers agents with a class-level dictionary of counters keyed by model, so every
model that ever created an agent stays in memory for the life of the process: a calibration worker
running hundreds of models ran out of memory. Here the counters are held weakly: a model's counter
goes when the model goes. Ids stay unique within a model across all agent types, as in Mesa.
(Mesa issue #3179, fixed after 3.3 by PR #3180; Python 3.11 keeps this project on Mesa 3.3.)
"""

from __future__ import annotations

import itertools
import weakref

import mesa


class _IdCounters(weakref.WeakKeyDictionary):
    """Per-model counters of agent ids (1, 2, ...), created on first use, held weakly."""

    def __getitem__(self, model: mesa.Model) -> itertools.count:
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = itertools.count(1)
            self[model] = counter
            return counter


class Agent(mesa.Agent):
    _ids = _IdCounters()
