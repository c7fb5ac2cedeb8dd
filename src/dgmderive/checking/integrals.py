"""Evaluating integrals for the checker: by linearity, one distinct factor at a time, with Gaussian
moments in closed form and SymPy for the rest, each with the condition under which it converges."""

from __future__ import annotations

import functools
from collections.abc import Callable

import sympy


def by_linearity(integral: sympy.Integral) -> tuple[sympy.Expr, sympy.Basic]:
    """An integral in one variable, by linearity, with the condition under which the value holds:
    the integrand expanded into terms, the terms grouped by their factor that depends on the
    variable, with a quadratic exponent written as a completed square, and each distinct factor
    integrated once (SymPy is far faster on the few simple pieces than on the whole)."""
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        return _conditional(integral.doit())
    variable = integral.limits[0][0]
    groups: dict = {}
    for term in sympy.Add.make_args(sympy.expand(integral.function)):
        constant, dependent = _completed_square(term, variable).as_independent(variable, as_Add=False)
        groups[dependent] = groups.get(dependent, 0) + constant
    pieces = [(constant, _integrate(dependent, integral.limits[0])) for dependent, constant in groups.items()]
    return (sympy.Add(*(constant * value for constant, (value, _) in pieces)),
            sympy.And(*(condition for _, (_, condition) in pieces)))


def _conditional(value: sympy.Expr) -> tuple[sympy.Expr, sympy.Basic]:
    """SymPy's result as (value, condition): its convergent branch and that branch's condition
    when it is a Piecewise whose other branch is the integral itself; condition False when the
    integral is left unevaluated."""
    if isinstance(value, sympy.Piecewise) and len(value.args) == 2 and value.args[1][1] is sympy.true \
            and isinstance(value.args[1][0], sympy.Integral) and not value.args[0][0].has(sympy.Integral):
        return value.args[0]
    if value.has(sympy.Integral):
        return value, sympy.false
    return value, sympy.true


def _completed_square(term: sympy.Expr, variable: sympy.Symbol) -> sympy.Expr:
    """``term`` with its exponentials combined and a quadratic exponent a t^2 + b t + c rewritten as
    a (t + b/2a)^2 + (c - b^2/4a): the same function, in the form SymPy integrates at once."""
    term = sympy.powsimp(term, combine="exp")
    powers = [f for f in sympy.Mul.make_args(term) if isinstance(f, sympy.exp)]
    if len(powers) != 1:
        return term
    exponent = powers[0].args[0]
    try:
        poly = sympy.Poly(exponent, variable)
    except sympy.PolynomialError:
        return term
    if poly.degree() != 2:
        return term
    a, b, c = poly.all_coeffs()
    square = a * (variable + b / (2 * a)) ** 2
    return term / powers[0] * sympy.exp(square) * sympy.exp(sympy.expand(c - b**2 / (4 * a)))


@functools.lru_cache(maxsize=1024)
def _integrate(integrand: sympy.Expr, limits: tuple) -> tuple[sympy.Expr, sympy.Basic]:
    """One integral and its condition, remembered: the same factor (z^2 times a density, say)
    recurs across steps."""
    moment = gaussian_moment(integrand, limits)
    return (moment, sympy.true) if moment is not None else _conditional(sympy.Integral(integrand, limits).doit())


def gaussian_moment(integrand: sympy.Expr, limits: tuple) -> sympy.Expr | None:
    """The integral over the real line of t^n exp(-A t^2 + B t + C) with A > 0, in closed form:
    exp(C + B^2/4A) sqrt(pi/A) E[Y^n] for Y ~ N(B/2A, 1/2A), where
    E[Y^n] = sum over even k of binomial(n, k) mu^(n-k) s^k (k-1)!!. None for any other integrand."""
    t, lower, upper = limits
    if not (lower == -sympy.oo and upper == sympy.oo):
        return None
    power, exponent = sympy.Integer(0), None
    for factor in sympy.Mul.make_args(sympy.powsimp(integrand, combine="exp")):
        base, n = factor.as_base_exp()
        if isinstance(factor, sympy.exp) and exponent is None:
            exponent = factor.args[0]
        elif base == t and n.is_Integer and n >= 0:
            power += n
        else:
            return None
    if exponent is None:
        return None
    try:
        poly = sympy.Poly(sympy.expand(exponent), t)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a2, b, c = poly.all_coeffs()
    a = -a2
    if a.is_positive is not True:
        return None
    mu, var = b / (2 * a), 1 / (2 * a)
    moment = sum(sympy.binomial(power, k) * mu ** (power - k) * var ** sympy.Rational(k, 2) * sympy.factorial2(k - 1)
                 for k in range(0, int(power) + 1, 2))
    return sympy.exp(c + b**2 / (4 * a)) * sympy.sqrt(sympy.pi / a) * moment


def evaluate(expr: sympy.Expr, holds: Callable[[sympy.Basic], bool] = lambda condition: False) -> sympy.Expr:
    """``doit``, with integrals taken first, term by term (see :func:`by_linearity`). An integral
    whose value needs a condition is replaced by its value only where ``holds(condition)``; the
    others stay unevaluated."""
    kept: dict = {}

    def integrate(integral):
        value, condition = by_linearity(integral)
        if condition is sympy.true or condition is not sympy.false and holds(condition):
            return value
        return kept.setdefault(integral, sympy.Dummy("integral"))

    expr = expr.replace(lambda e: isinstance(e, sympy.Integral), integrate)
    return expr.doit().xreplace({placeholder: integral for integral, placeholder in kept.items()})
