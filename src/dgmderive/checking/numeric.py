"""Numeric checking: both sides at 50 digits at seeded random points. Evidence, never proof."""

from __future__ import annotations

import sympy

from dgmderive.checking.sampling import points, seed_for
from dgmderive.verdict import Level, Verdict

DIGITS = 50
POINTS = 24
TOLERANCE = sympy.Float(10) ** -30  # relative to the size of both sides
METHOD = f"mpmath, {DIGITS} digits"


def _value(expr: sympy.Expr, point: dict) -> sympy.Expr | None:
    try:
        value = sympy.N(expr.subs(point).doit(), DIGITS)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError, RecursionError):
        return None
    if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    return value


def _show(value: sympy.Expr) -> str:
    return sympy.sstr(sympy.N(value, 12))


def _counterexample(point: dict, lhs: sympy.Expr, rhs: sympy.Expr) -> tuple:
    named = [(str(s), _show(v)) for s, v in sorted(point.items(), key=lambda kv: str(kv[0]))]
    return (*named, ("lhs", _show(lhs)), ("rhs", _show(rhs)))


def _judge(rel: str, lhs: sympy.Expr, rhs: sympy.Expr) -> tuple[bool | None, sympy.Expr]:
    """(holds, error) at one point; holds is None when the point cannot tell."""
    scale = max(sympy.S.One, abs(lhs), abs(rhs))
    gap = lhs - rhs
    tol = TOLERANCE * scale
    if rel == "=":
        return bool(abs(gap) <= tol), abs(gap) / scale
    if rel == "!=":
        return bool(abs(gap) > tol), sympy.S.Zero
    re, im = gap.as_real_imag()
    if bool(abs(im) > tol):
        return None, sympy.S.Zero
    if bool(abs(re) <= tol):  # on the boundary, to the last digit
        return (None if rel in ("<", ">") else True), sympy.S.Zero
    return bool(re > 0) if rel in (">", ">=") else bool(re < 0), sympy.S.Zero


def check_scalar(lhs: sympy.Expr, rel: str, rhs: sympy.Expr, conditions: tuple,
                 count: int = POINTS) -> Verdict | None:
    """Compare both sides at seeded random points; None when no point could be evaluated."""
    symbols = lhs.free_symbols | rhs.free_symbols | set().union(*(c.free_symbols for c in conditions))
    if any(not isinstance(s, sympy.Symbol) for s in symbols):
        return None
    sample = points(symbols, conditions, count, seed_for(lhs, rel, rhs, *conditions))
    seen, worst, undecided = 0, sympy.S.Zero, 0
    for point in sample:
        lhs_value, rhs_value = _value(lhs, point), _value(rhs, point)
        if lhs_value is None or rhs_value is None:
            continue
        holds, error = _judge(rel, lhs_value, rhs_value)
        if holds is False:
            return Verdict(Level.REFUTED, METHOD, f"fails at a random point (claim {rel})",
                           counterexample=_counterexample(point, lhs_value, rhs_value), points=seen + 1)
        if holds is None:
            undecided += 1
            continue
        seen += 1
        worst = max(worst, error)
    if undecided or seen == 0 or 2 * seen < len(sample):
        return None
    error = f"{float(worst):.1e}" if rel == "=" else ""
    evidence = f"holds at {seen} random points" + (f", largest relative error {error}" if error else "")
    return Verdict(Level.NUMERIC, METHOD, evidence, points=seen, max_error=error)
