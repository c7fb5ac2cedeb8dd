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
