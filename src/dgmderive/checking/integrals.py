"""Evaluating integrals for the checker: by linearity, one distinct factor at a time, with Gaussian
moments in closed form and SymPy for the rest; whether a result is trusted is the caller's call."""

from __future__ import annotations

import functools
from collections.abc import Callable

import sympy


def by_linearity(integral: sympy.Integral) -> sympy.Expr:
    """An integral in one variable, by linearity, as SymPy gives it (a Piecewise where convergence
    depends on the parameters): the integrand expanded into terms, the terms grouped by their
    factor that depends on the variable, with a quadratic exponent written as a completed square,
    and each distinct factor integrated once (SymPy is far faster on the few simple pieces than on
    the whole)."""
    if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
        return integral.doit()
    variable = integral.limits[0][0]
    groups: dict = {}
    for term in sympy.Add.make_args(sympy.expand(integral.function)):
        constant, dependent = _completed_square(term, variable).as_independent(variable, as_Add=False)
        groups[dependent] = groups.get(dependent, 0) + constant
    return sympy.piecewise_fold(sympy.Add(*(constant * _integrate(dependent, integral.limits[0])
                                            for dependent, constant in groups.items())))


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
def _integrate(integrand: sympy.Expr, limits: tuple) -> sympy.Expr:
    """One integral, remembered: the same factor (z^2 times a density, say) recurs across steps."""
    moment = gaussian_moment(integrand, limits)
    return moment if moment is not None else sympy.Integral(integrand, limits).doit()


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


def evaluate(expr: sympy.Expr, trust: Callable[[sympy.Expr], sympy.Expr | None]) -> sympy.Expr:
    """``doit``, with integrals taken first, term by term (see :func:`by_linearity`). Each
    integral's result goes through ``trust``, which gives the value to use or None, and then the
    integral stays unevaluated."""
    kept: dict = {}

    def integrate(integral):
        value = trust(by_linearity(integral))
        return value if value is not None else kept.setdefault(integral, sympy.Dummy("integral"))

    expr = expr.replace(lambda e: isinstance(e, sympy.Integral), integrate)
    return expr.doit().xreplace({placeholder: integral for integral, placeholder in kept.items()})
