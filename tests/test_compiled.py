"""The compiled engine's shared pieces (simulation/_kernel.pxd) agree with NumPy to the last bit."""

import numpy as np
import pytest

from simulation._kernel import total


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 127, 128, 129, 255, 256, 1000, 4097, 20011])
def test_total_is_numpys_sum_to_the_last_bit(n):
    rng = np.random.default_rng(n)
    values = rng.random(n) * rng.lognormal(0.0, 3.0, n)  # magnitudes over many orders, where the order of sums shows
    assert total(values) == values.sum()
    assert total(values[::-1].copy()) == values[::-1].sum()
