"""Scenario discovery: which ranges of the inputs keep an outcome below a threshold (PRIM peeling).

    box = prim(inputs, outcome <= threshold)
    box.limits   # DataFrame: low, high and whether restricted, per input

PRIM (Friedman and Fisher 1999, the "patient rule induction method" of scenario discovery, Bryant
and Lempert 2010) starts from the box holding every point and, step by step, peels off the
``alpha`` share of the points in the box at one end of one input: the peel that most raises the
share of points of interest left inside (the *density*). Each step gives a box with its
*coverage* (the share of all points of interest inside it) and density; peeling stops when fewer
than ``min_support`` of all points are inside. The box reported is the densest one that keeps at
least ``min_coverage`` of the points of interest.

Written here (about forty lines, tested in tests/test_sweep.py) rather than taken from a package:
the standalone ``PRIM`` package on PyPI is GPL-3 (this project is MIT) and needs matplotlib and
mplcursors, and ``ema_workbench`` brings scikit-learn, statsmodels, seaborn and platypus-opt for
this one function.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Box:
    """A box found by :func:`prim`: ``limits`` (index: input; columns ``low``, ``high``,
    ``restricted``), its ``coverage`` and ``density`` (shares, 0-1) and the whole peeling
    ``trajectory`` (one row per step: coverage, density, support = share of all points inside)."""

    limits: pd.DataFrame
    coverage: float
    density: float
    trajectory: pd.DataFrame


def prim(inputs: pd.DataFrame, interesting, alpha: float = 0.05, min_support: float = 0.05,
         min_coverage: float = 0.5) -> Box:
    """The PRIM box of the points where ``interesting`` is true (one boolean per row of ``inputs``)."""
    x = inputs.to_numpy(dtype=float)
    y = np.asarray(interesting, dtype=bool)
    if len(y) != len(x) or not y.any():
        raise ValueError("PRIM needs one flag per point and at least one point of interest")
    low, high = x.min(axis=0), x.max(axis=0)
    inside = np.ones(len(y), dtype=bool)
    steps = [(low.copy(), high.copy(), inside)]
    while inside.sum() > max(min_support * len(y), 1):
        best = None
        for j in range(x.shape[1]):
            values = x[inside, j]
            for side, cut in (("low", np.quantile(values, alpha)), ("high", np.quantile(values, 1 - alpha))):
                keep = inside & ((x[:, j] > cut) if side == "low" else (x[:, j] < cut))
                if 0 < keep.sum() < inside.sum() and (best is None or y[keep].mean() > best[0]):
                    best = (y[keep].mean(), j, side, cut, keep)
        if best is None:  # no input can be peeled further (ties)
            break
        _, j, side, cut, inside = best
        low, high = low.copy(), high.copy()
        (low if side == "low" else high)[j] = cut
        steps.append((low, high, inside))
    trajectory = pd.DataFrame({"coverage": [(y & s[2]).sum() / y.sum() for s in steps],
                               "density": [y[s[2]].mean() for s in steps],
                               "support": [s[2].mean() for s in steps]})
    eligible = trajectory[trajectory["coverage"] >= min_coverage]
    chosen = eligible["density"].idxmax()  # the first (largest) of the densest boxes
    box_low, box_high, _ = steps[chosen]
    limits = pd.DataFrame({"low": box_low, "high": box_high}, index=inputs.columns)
    limits["restricted"] = (box_low > x.min(axis=0)) | (box_high < x.max(axis=0))
    return Box(limits, float(trajectory.loc[chosen, "coverage"]), float(trajectory.loc[chosen, "density"]), trajectory)
