"""The contact process's day, compiled (see contacts.py for the mechanism and its parameters)."""

import numpy as np

from libc.stdint cimport int8_t, int32_t, int64_t
from numpy.random cimport bitgen_t
from numpy.random.c_distributions cimport random_poisson, random_standard_uniform_fill

from ._kernel cimport bitgen_of, pairwise_sum


def contact_day(rng, int day, double rate_per_day, const int64_t[::1] active, const int32_t[::1] profile_ready_day,
                const int8_t[::1] mo, const double[::1] effort, const double[::1] skill,
                const double[::1] recording_by_mo, const double[::1] engagement_by_mo,
                const double[:, ::1] market_cdf):
    """Today's recordings (scammer, market of each new victim), contacts and engaged chats.

    The draws, from ``rng`` in this order: the number of recordings (Poisson), who made each
    (uniform), engaged chats beyond recordings (Poisson), contacts beyond engaged chats (Poisson),
    each victim's market (uniform).
    """
    cdef bitgen_t* bitgen = bitgen_of(rng)
    cdef Py_ssize_t n_active = active.shape[0], n_mo = recording_by_mo.shape[0], n_markets = market_cdf.shape[1]
    cdef Py_ssize_t i, j, k, n = 0, lo, hi, mid
    cdef int64_t s
    if n_mo > 7:  # by_mo below, and a sum that NumPy makes in order only for fewer than 8 terms
        raise ValueError("the compiled contact process handles at most 7 modi operandi")
    ready_ = np.empty(n_active, dtype=np.int64)
    rate_ = np.empty(n_active, dtype=np.float64)
    cumulative_ = np.empty(n_active, dtype=np.float64)
    cdef int64_t[::1] ready = ready_
    cdef double[::1] rate = rate_, cumulative = cumulative_
    cdef double running = 0.0, expected_recordings = 0.0, expected_engaged = 0.0, target
    cdef double[16] by_mo
    for i in range(n_active):
        s = active[i]
        if profile_ready_day[s] <= day:
            ready[n] = s
            rate[n] = rate_per_day * effort[s]
            running += rate[n] * skill[s] * recording_by_mo[mo[s]]
            cumulative[n] = running
            n += 1
    if n:
        expected_recordings = cumulative[n - 1]
    cdef int64_t recorded = random_poisson(bitgen, expected_recordings)

    scammers_ = np.empty(recorded, dtype=np.int32)
    markets_ = np.empty(recorded, dtype=np.int8)
    u_ = np.empty(recorded, dtype=np.float64)
    cdef int32_t[::1] scammers = scammers_
    cdef int8_t[::1] markets = markets_
    cdef double[::1] u = u_
    if recorded:
        random_standard_uniform_fill(bitgen, recorded, &u[0])
    for k in range(recorded):  # searchsorted(cumulative, u * expected, side="right")
        target = u[k] * expected_recordings
        lo, hi = 0, n
        while lo < hi:
            mid = (lo + hi) >> 1
            if cumulative[mid] <= target:
                lo = mid + 1
            else:
                hi = mid
        scammers[k] = <int32_t> ready[lo]

    for j in range(n_mo):
        by_mo[j] = 0.0
    for i in range(n):
        by_mo[mo[ready[i]]] += rate[i]
    for j in range(n_mo):
        expected_engaged += by_mo[j] * engagement_by_mo[j]
    cdef int64_t engaged = recorded + random_poisson(bitgen, max(expected_engaged - expected_recordings, 0.0))
    cdef double total_rate = pairwise_sum(&rate[0], n) if n else 0.0
    cdef int64_t contacts = engaged + random_poisson(bitgen, max(total_rate - expected_engaged, 0.0))

    if recorded:
        random_standard_uniform_fill(bitgen, recorded, &u[0])
    for k in range(recorded):
        j = 0
        for i in range(n_markets):
            if u[k] > market_cdf[mo[scammers[k]], i]:
                j += 1
        markets[k] = <int8_t> min(j, n_markets - 1)
    return scammers_, markets_, contacts, engaged
