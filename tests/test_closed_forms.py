"""Closed forms are trusted only with their conditions; sums are checked at their smallest bounds."""

import pytest
import sympy

from dgmderive import Step, check
from dgmderive.checking import closed_forms
from dgmderive.verdict import Level

x, a, t = sympy.symbols("x a t", real=True)
k = sympy.Symbol("k", integer=True)
n = sympy.Symbol("n", integer=True, nonnegative=True)
p = sympy.Symbol("p", positive=True)


def verdict(lhs, rhs, given=(), rel="="):
    return check(Step(lhs, rel, rhs, "test", given=given))


@pytest.mark.parametrize("lhs, rhs, given, level", [
    (sympy.Integral(sympy.exp(-a * t), (t, 0, sympy.oo)), 1 / a, (), Level.REFUTED),        # diverges for a <= 0
    (sympy.Integral(sympy.exp(-a * t), (t, 0, sympy.oo)), 1 / a, (a > 2,), Level.PROVED),
    (sympy.Integral(sympy.exp(-p * t), (t, 0, sympy.oo)), 1 / p, (), Level.PROVED),
    (sympy.Integral(t**a, (t, 0, 1)), 1 / (a + 1), (a > -2,), Level.REFUTED),               # diverges for a <= -1
    (sympy.Integral(t**a, (t, 0, 1)), 1 / (a + 1), (a > -1,), Level.PROVED),
    (sympy.Integral(sympy.exp(-t**2 / a**2), (t, -sympy.oo, sympy.oo)), a * sympy.sqrt(sympy.pi), (), Level.REFUTED),
    (sympy.Sum(x**k, (k, 0, sympy.oo)), 1 / (1 - x), (), Level.REFUTED),                   # diverges at x = -1
    (sympy.Sum(x**k, (k, 0, sympy.oo)), 1 / (1 - x), (x > -1,), Level.REFUTED),            # ... and at x = 2
    (sympy.Sum(x**k, (k, 0, sympy.oo)), 1 / (1 - x), (x > -1, x < 1), Level.PROVED),
])
def test_a_closed_form_needs_its_conditions(lhs, rhs, given, level):
    assert verdict(lhs, rhs, given).level is level


def test_a_sum_is_checked_at_its_smallest_bounds():
    """SymPy's closed form of sum binomial(n, k) (-1)^k is 0, which is wrong at n = 0."""
    claim = verdict(sympy.Sum(sympy.binomial(n, k) * (-1) ** k, (k, 0, n)), 0)
    assert claim.level is Level.REFUTED and dict(claim.counterexample)["n"] == "0"
    assert verdict(sympy.Sum(sympy.binomial(n, k) * (-1) ** k, (k, 0, n)), 0, (n > 0,)).level is not Level.REFUTED
    assert verdict(sympy.Sum(k, (k, 1, n)), n * (n + 1) / 2).level is Level.PROVED
    assert verdict(sympy.Sum(k, (k, 1, n)), n * (n - 1) / 2).level is Level.REFUTED


def test_a_real_bound_of_a_sum_counts_terms():
    m = sympy.Symbol("m", real=True)
    lhs, rhs, _ = closed_forms._integer_bounds(sympy.Sum(k, (k, 1, m)), m, ())
    assert lhs.free_symbols == rhs.free_symbols and next(iter(rhs.free_symbols)).is_integer


def test_an_untrusted_closed_form_stays_unevaluated():
    prepared = closed_forms.prepare(sympy.Sum(x**k, (k, 0, sympy.oo)), "=", 0, (x > 0,))
    assert prepared.lhs.has(sympy.Sum)
    trusted = closed_forms.prepare(sympy.Sum(x**k, (k, 0, sympy.oo)), "=", 0, (x > 0, x < 1))
    assert trusted.lhs == 1 / (1 - x)


def test_a_long_product_is_taken_through_its_closed_form():
    """A billion factors are not multiplied out: the closed form for n factors, checked at small n, at n = 10^9."""
    m = sympy.Integer(10) ** 9
    assert verdict(sympy.Product(1 + 1 / k, (k, 1, m)), m + 1).level is Level.PROVED
    assert verdict(sympy.Product(1 + 1 / k, (k, 1, m)), m).level is Level.REFUTED


def test_where_a_side_is_undefined_at_a_smallest_bound_the_claim_is_not_refuted_there():
    average = r"\frac{1}{K}\sum_{k=1}^K w_k"
    assert check(average, average).level is not Level.REFUTED  # both sides are 0/0 at K = 0
    wrong = check(average, r"\sum_{k=1}^K w_k")
    assert wrong.level is Level.REFUTED


def test_the_upper_bound_of_a_sum_from_one_is_a_count_and_not_negative():
    assert check(r"\sum_{k=1}^K (z_k - c)", r"\sum_{k=1}^K z_k - Kc").level is Level.PROVED  # not refuted at K = -8
    assert check(r"\sum_{k=1}^K k", r"\frac{K(K-1)}{2}").level is Level.REFUTED  # still wrong at K = 1


def test_an_integral_left_unevaluated_in_a_branch_is_no_divergence():
    # SymPy keeps the integral where arg(sigma) < pi/4 fails; its infinite limits are no infinite value
    x, sigma = sympy.symbols("x sigma", real=True)
    kept = sympy.Integral(x ** 2 * sympy.exp(-x ** 2 / (2 * sigma ** 2)), (x, -sympy.oo, sympy.oo))
    value = sympy.Piecewise((sympy.sqrt(2 * sympy.pi) * sigma ** 3, sympy.Abs(sympy.arg(sigma)) < sympy.pi / 4),
                            (kept, True))
    assert not closed_forms._diverges(value)
    assert closed_forms._diverges(sympy.Piecewise((sympy.oo, sigma > 0), (kept, True)))
