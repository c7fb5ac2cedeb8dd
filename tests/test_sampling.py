"""Points where claims break: special values, bounds, large magnitudes, branch cuts, searching."""

import sympy

from dgmderive import Step, check
from dgmderive.checking import sampling
from dgmderive.checking.search import closest_point
from dgmderive.checking.sign import Interval
from dgmderive.relation import Relation
from dgmderive.verdict import Level

x = sympy.Symbol("x", real=True)
n = sympy.Symbol("n", integer=True, nonnegative=True)
z = sympy.Symbol("z")


def test_special_values_respect_the_assumptions_and_reach_the_bounds():
    values = sampling.special_values(x, Interval(sympy.Integer(-2), True, sympy.Integer(3), False))
    assert {0, 1, -1, sympy.Rational(1, 2), -sympy.Rational(1, 2), 3} <= set(values)
    assert sympy.Rational(-1999, 1000) in values and -2 not in values  # just inside a strict bound
    assert any(v > 10**8 for v in values) and any(v < -10**8 for v in values)
    integers = sampling.special_values(n, None)
    assert all(v.is_integer and v >= 0 for v in integers) and 5 in integers and 10**30 in integers
    assert sampling.special_values(n, None, small=True)[-1] < 100
    cut = sampling.special_values(z, None)
    assert any(sympy.re(v) < 0 and sympy.im(v) > 0 for v in cut) and any(sympy.re(v) < 0 and sympy.im(v) < 0 for v in cut)
    assert any(abs(sympy.im(v)) > sympy.pi for v in cut)
    assert sympy.pi / 2 in sampling.special_values(x, None, angles=True)


def test_draws_of_integers_reach_far():
    import random

    rng = random.Random(3)
    assert max(abs(sampling.draw(sympy.Symbol("m", integer=True), rng)) for _ in range(60)) > 1000


def test_the_search_finds_a_narrow_failure_and_respects_assumptions():
    lhs = sympy.sin(x) + sympy.sin(2 * x)
    found = closest_point(Relation.LE, lhs, sympy.Rational(176, 100), (), [{x: sympy.Rational(1)}])
    assert lhs.subs(found) > sympy.Rational(176, 100)
    positive = sympy.Symbol("u", positive=True)
    found = closest_point(Relation.LT, sympy.atan(positive), positive, (), [{positive: sympy.Rational(1, 2)}])
    assert found is None or found[positive] > 0


def test_claims_that_fail_where_random_points_seldom_go_are_refuted():
    for lhs, rel, rhs, given in [
        (sympy.sin(x) + sympy.sin(2 * x), "<=", sympy.Rational(176, 100), ()),  # a narrow window near 0.94
        (sympy.sin(x) / x, "!=", 0, ()),                                       # at x = pi
        (sympy.sin(x), "<=", sympy.Rational(99999999, 100000000), ()),         # at x = pi/2
        (sympy.exp(x), ">", x**100, ()),
        (sympy.log(sympy.exp(z)), "=", z, ()),                                 # beyond the branch cut
        (x + x / 10**31, "=", x, ()),                                          # a tiny difference, exactly
    ]:
        assert check(Step(lhs, rel, rhs, "test", given=given)).level is Level.REFUTED, (lhs, rel, rhs)


def test_the_same_claims_made_true_are_not_refuted():
    for lhs, rel, rhs in [
        (sympy.sin(x) + sympy.sin(2 * x), "<=", sympy.Rational(177, 100)),
        (sympy.sin(x), "<=", 1),
        (sympy.atan(sympy.Symbol("u", positive=True)), "<", sympy.Symbol("u", positive=True)),
    ]:
        assert check(Step(lhs, rel, rhs, "test")).holds, (lhs, rel, rhs)
