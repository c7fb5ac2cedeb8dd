"""Q6: the answers against independent computations, and the checker against mutated steps."""

import cmath
import math

import pytest
import sympy

from dgmderive.assignment import q6_gan_dynamics as q6
from dgmderive import Level
from tests.mutants import levels

ALPHA = 0.3


def answer_value(part, key=None):
    (answer,) = part().answers
    return answer.value if key is None else answer.value[key]


def test_update_matrix_matches_a_hand_written_gradient_step():
    dV_dd = lambda d, g: g  # noqa: E731  d(dg)/dd, written out by hand
    dV_dg = lambda d, g: d  # noqa: E731
    A = answer_value(q6.update_rule).subs(q6.alpha, ALPHA)
    for d, g in [(1.0, 0.0), (0.0, 1.0), (0.7, -1.3)]:
        expected = (d + ALPHA * dV_dd(d, g), g - ALPHA * dV_dg(d, g))
        got = A * sympy.Matrix([d, g])
        assert [float(v) for v in got] == pytest.approx(expected)


def test_the_stationary_point_is_the_origin():
    assert [int(v) for v in answer_value(q6.stationary_point)] == [0, 0]


def test_eigenvalues_match_the_quadratic_formula():
    # det(A - l I) = l^2 - 2 l + (1 + a^2): roots (2 +- sqrt(4 - 4(1 + a^2))) / 2
    disc = cmath.sqrt(4 - 4 * (1 + ALPHA**2))
    expected = sorted([(2 + disc) / 2, (2 - disc) / 2], key=lambda z: -z.imag)
    got = [complex(e.subs(q6.alpha, ALPHA)) for e in answer_value(q6.eigenvalues, "eigenvalues")]
    assert got == pytest.approx(expected)
    assert float(answer_value(q6.eigenvalues, "modulus").subs(q6.alpha, ALPHA)) == pytest.approx(abs(expected[0]))


def test_iterates_grow_by_the_modulus_each_step():
    """The derivation's own map and answered modulus: ||x_k|| = |lambda|^k ||x_0||."""
    modulus = float(q6.eigenvalues().answers[0].value["modulus"].subs(q6.alpha, ALPHA))
    iterates = q6._iterate(q6.simultaneous_step, ALPHA, (0.4, -0.9), 30)
    norm0 = math.hypot(*iterates[0])
    for k, (d, g) in enumerate(iterates):
        assert math.hypot(d, g) == pytest.approx(modulus**k * norm0)


def test_alternating_updates_stay_on_the_unit_circle_below_two():
    for a in (0.5, 1.5, 1.99):
        B = [[1, a], [-a, 1 - a * a]]
        tr, det = B[0][0] + B[1][1], B[0][0] * B[1][1] - B[0][1] * B[1][0]
        for sign in (1, -1):
            mu = (tr + sign * cmath.sqrt(tr * tr - 4 * det)) / 2
            assert abs(mu) == pytest.approx(1)
    value = answer_value(q6.beyond, "alternating_matrix").subs(q6.alpha, 1.5)
    assert [float(v) for v in value] == pytest.approx([1, 1.5, -1.5, 1 - 2.25])


def test_every_step_of_q6_is_proved():
    assert set(levels(q6.QUESTION)) == {Level.PROVED}

