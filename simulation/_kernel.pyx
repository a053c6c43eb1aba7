"""Python access to the compiled engine's shared pieces (declared in _kernel.pxd), for the tests."""

import numpy as np


def total(a) -> float:
    """``a`` (float64) summed as the compiled engine sums it; equal to ``a.sum()`` to the last bit."""
    cdef const double[::1] values = np.ascontiguousarray(a, dtype=np.float64)
    return pairwise_sum(&values[0], values.shape[0]) if values.shape[0] else 0.0
