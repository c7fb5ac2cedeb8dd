"""Q4: the bounds against brute-force float computations and an independent Monte Carlo."""

import itertools
import math
import random

import pytest

from dgmderive.assignment import q4_importance_weighting as q4
from dgmderive import Level
from tests.mutants import levels


def float_bound(P, Q, K):
    """L_K by direct enumeration in floats."""
    total = 0.0
    for zs in itertools.product(range(len(P)), repeat=K):
        prob = math.prod(Q[j] for j in zs)
        total += prob * math.log(sum(P[j] / Q[j] for j in zs) / K)
    return total


def float_resampled(P, Q, K):
    """q_K by sampling-importance-resampling, enumerated: pick z_1..z_K ~ q, keep z_i with prob w_i / sum w."""
    qk = [0.0] * len(P)
    for zs in itertools.product(range(len(P)), repeat=K):
        prob = math.prod(Q[j] for j in zs)
        w = [P[j] / Q[j] for j in zs]
        for i, j in enumerate(zs):
            qk[j] += prob * w[i] / sum(w)
    return qk


@pytest.mark.parametrize("name", list(q4.MODELS))
@pytest.mark.parametrize("K", [1, 2, 3, 4])
def test_bounds_against_floats(name, K):
    P, Q = q4.MODELS[name]
    assert float(q4.iwae_bound(P, Q, K)) == pytest.approx(float_bound([float(p) for p in P], [float(q) for q in Q], K))


@pytest.mark.parametrize("name", list(q4.MODELS))
def test_resampled_proposal_is_sampling_importance_resampling(name):
    P, Q = q4.MODELS[name]
    Pf, Qf = [float(p) for p in P], [float(q) for q in Q]
    for K in (2, 3):
        got = [float(v) for v in q4.resampled(P, Q, K)]
        assert got == pytest.approx(float_resampled(Pf, Qf, K))
        assert sum(got) == pytest.approx(1)


def test_posterior_proposal_makes_every_bound_tight():
    P, Q = q4.MODELS["q = posterior"]
    log_px = math.log(sum(float(p) for p in P))
    for K in (1, 2, 3):
        assert float(q4.iwae_bound(P, Q, K)) == pytest.approx(log_px)


def test_monte_carlo_agrees_with_an_independent_run():
    estimates = q4.monte_carlo_bounds()
    rng = random.Random(123)
    for K in (1, 4):
        values = [math.log(sum(math.exp(-((1 - rng.gauss(0, 1)) ** 2) / 2) / math.sqrt(2 * math.pi)
                               for _ in range(K)) / K) for _ in range(20000)]
        mean = sum(values) / len(values)
        assert abs(mean - estimates[K][0]) < 5 * estimates[K][1] + 0.02
    log_px = -0.25 - 0.5 * math.log(4 * math.pi)
    assert all(mean < log_px for mean, _ in estimates.values())


def test_every_step_of_q4_holds():
    found = levels(q4.QUESTION)
    assert all(level.holds for level in found)
    assert found.count(Level.NUMERIC) == 16  # the Monte Carlo comparisons, standard errors and accuracy, and nothing else

