"""Sign rules: sound and decisive where the structure says so, silent where it does not."""

import pytest
import sympy

from dgmderive.checking.sign import (
    ANY,
    NEGATIVE,
    NONNEGATIVE,
    POSITIVE,
    bounds_from,
    sign_set,
)

x = sympy.Symbol("x", real=True)
p = sympy.Symbol("p", positive=True)
q = sympy.Symbol("q", nonnegative=True)


def signs_of(expr, *conditions):
    return sign_set(expr, bounds_from(expr.free_symbols, conditions))


@pytest.mark.parametrize("expr, expected", [
    (p + q, POSITIVE),
    (p * q, NONNEGATIVE),
    (x**2, NONNEGATIVE),
    (x**2 + p, POSITIVE),
    (sympy.exp(x), POSITIVE),
    (-sympy.exp(x) - p, NEGATIVE),
    (1 / (1 + sympy.exp(-x)), POSITIVE),
    (1 - 1 / (1 + sympy.exp(-x)), POSITIVE),
    (p / (p + q), POSITIVE),
    (sympy.sqrt(p**2 + 1) - 1, POSITIVE),
    (sympy.Abs(x) + p, POSITIVE),
    (x, ANY),
    (x - p, ANY),
    (sympy.sin(x), ANY),
])
def test_signs(expr, expected):
    assert signs_of(expr) == expected


def test_bounds_from_conditions():
    assert signs_of(p - 2, p < 2) == NEGATIVE
    assert signs_of(p - 2, p <= 2) == frozenset({-1, 0})
    assert signs_of(p * (p - 2) * (p + 2), p < 2) == NEGATIVE
    assert signs_of(p - 2) == ANY
    assert signs_of(x + 3, x > -3) == POSITIVE


def test_a_bound_given_by_an_expression_is_used_through_a_slack():
    from dgmderive import Level, Step, check

    z, L = sympy.Symbol("z", real=True), sympy.Symbol("L", positive=True)
    slope = sympy.Derivative(sympy.Function("f")(z), z)
    lipschitz = check(Step(1 + slope, ">", 0, "t", given=[slope >= -L, L < 1]))
    assert lipschitz.level is Level.PROVED and "slack" in lipschitz.evidence
    # with L < 2 the claim is false (f' = -3/2, L = 7/4): the slack proves nothing, and points drawn
    # with it find the failure
    assert check(Step(1 + slope, ">", 0, "t", given=[slope >= -L, L < 2])).level is Level.REFUTED
    assert check(Step(1 + slope, "<", 0, "t", given=[slope >= -L, L < 1])).level is Level.REFUTED


def test_signs_through_a_slack_are_sound():
    """Whatever the sign rules claim through a slack holds at every point that meets the
    conditions: a property over random polynomials in x, y, L under x >= y - L (or x <= L y)."""
    import random

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from dgmderive.checking.sign import with_slack

    y, L = sympy.Symbol("y", real=True), sympy.Symbol("L", positive=True)
    terms = [x, y, L, x * y, x**2, y**2, L * x, sympy.Integer(1)]
    bounds = [(x >= y - L, lambda v: v[x] >= v[y] - v[L]), (x <= L * y, lambda v: v[x] <= v[L] * v[y])]

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.integers(-2, 2), st.sampled_from(terms)), min_size=1, max_size=4),
           st.sampled_from(bounds), st.integers(0, 10**6))
    def sound(coefficients, bound, seed):
        expr = sympy.Add(*(c * t for c, t in coefficients))
        condition, holds_at = bound
        target, kept = with_slack(expr, (condition, L < 1))
        found = sign_set(target, bounds_from(target.free_symbols, kept))
        rng = random.Random(seed)
        for _ in range(30):
            point = {x: rng.uniform(-3, 3), y: rng.uniform(-3, 3), L: rng.uniform(0.01, 0.99)}
            if holds_at(point):
                value = float(expr.subs(point))
                assert {1 if value > 1e-9 else -1 if value < -1e-9 else 0} & found or abs(value) < 1e-9

    sound()
