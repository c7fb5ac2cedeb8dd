"""Q5: collisions, monotonicity and the radial inverse, against plain-float computations."""

import math
import random

import pytest
import sympy

from dgmderive.assignment import q5_flow_invertibility as q5
from dgmderive import Level
from tests.mutants import levels


@pytest.mark.parametrize("a, b, c", [(2.0, 1.5, 0.3), (-1.0, -0.5, 2.0), (0.7, 3.0, -4.0)])
def test_relu_collision_in_floats(a, b, c):
    """The answer's collision points, taken from the derivation, in floating point (b of either sign)."""
    (answer,) = q5.relu_collision().answers
    values = {q5.a: a, q5.c: c, q5.b_nonzero: b}
    z1, z2 = (float(answer.value[name].subs(values)) for name in ("z1", "z2"))
    g = lambda t: a * max(0.0, b * t + c)  # noqa: E731
    assert z1 != z2 and g(z1) == g(z2) == 0.0


def test_chain_rule_form_against_finite_differences():
    g, chain_rule, *_ = q5.sigmoid_mixture(2)
    parameters = sorted(g.free_symbols - {q5.z}, key=str)  # a_1, a_2, b_1, b_2, u_1, u_2
    point = dict(zip(parameters, [0.4, 1.7, 0.3, -1.2, 0.8, 0.6]))
    h = 1e-6
    fd = (g.subs(point).subs(q5.z, 0.5 + h) - g.subs(point).subs(q5.z, 0.5 - h)) / (2 * h)
    assert float(chain_rule.subs(point).subs(q5.z, 0.5)) == pytest.approx(float(fd), rel=1e-6)


def test_derivative_sweep_is_positive():
    smallest, tried = q5.derivative_sweep()
    assert tried == 300 and smallest > 0


def radial(z, z0, alpha, beta):
    d = [zi - ci for zi, ci in zip(z, z0)]
    r = math.sqrt(sum(x * x for x in d))
    return [zi + beta / (alpha + r) * di for zi, di in zip(z, d)]


def test_radial_inverse_in_floats():
    rng = random.Random(1)
    for dim in (2, 3, 5):
        for _ in range(20):
            alpha = rng.uniform(0.1, 3)
            beta = rng.uniform(-alpha, 3)
            z0 = [rng.uniform(-2, 2) for _ in range(dim)]
            z = [rng.uniform(-3, 3) for _ in range(dim)]
            y = radial(z, z0, alpha, beta)
            back = q5.radial_inverse(sympy.Matrix(y), sympy.Matrix(z0), alpha, beta)
            assert [float(v) for v in back] == pytest.approx(z, abs=1e-9)


def test_radial_counterexample_below_minus_alpha():
    value = q5.radial().answers[0].value["counterexample"]
    z_a = [float(v) for v in value["z_a"]]
    z_b = [float(v) for v in value["z_b"]]
    assert z_a != z_b
    assert radial(z_a, [0, 0], 1, -3) == pytest.approx(radial(z_b, [0, 0], 1, -3))


def test_every_step_of_q5_holds():
    found = levels(q5.QUESTION)
    assert all(level.holds for level in found)
    assert found.count(Level.NUMERIC) == 1  # the sweep

