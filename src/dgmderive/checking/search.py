"""Searching for the point where an inequality comes closest to failing.

Random and special points miss a claim that fails only in a narrow window (sin x + sin 2x <= 1.76
fails only near x = 0.94). Starting from the points where the claim held with the least room, a
compass search moves each real symbol in turn, with steps that shrink from the size of the value
down to a millionth of a millionth, towards less room; whatever point it ends at is handed back to
be judged exactly like any other. The search can only find counterexamples, never vouch for a claim.
"""

from __future__ import annotations

import mpmath
import sympy

from dgmderive.relation import Relation

EVALUATIONS = 400  # for each start
STARTS = 3
SMALLEST_STEP = mpmath.mpf(10) ** -12
DIGITS = 30


def _margin(rel: Relation, lhs, rhs, conditions, symbols):
    """The room the claim has at a point (negative where it fails, zero on the boundary), as a
    function of the symbols' values; -inf outside the conditions never counts, +inf where undefined."""
    sign = -1 if rel in (Relation.LT, Relation.LE) else 1
    plain = [sympy.Dummy(s.name if isinstance(s, sympy.Symbol) else "v", real=True) for s in symbols]
    renamed = dict(zip(symbols, plain))
    gap = sympy.lambdify(plain, (sign * (lhs - rhs)).xreplace(renamed), modules="mpmath")
    tests = [sympy.lambdify(plain, c, modules="mpmath")
             for c in (*(c.xreplace(renamed) for c in conditions), *_assumed(symbols, plain))]

    def margin(values) -> mpmath.mpf:
        try:
            if not all(bool(test(*values)) for test in tests):
                return mpmath.inf
            value = gap(*values)
            if isinstance(value, mpmath.mpc):
                if abs(value.imag) > mpmath.mpf(10) ** -20 * max(1, abs(value.real)):
                    return mpmath.inf
                value = value.real
            value = mpmath.mpf(value)
        except (ArithmeticError, TypeError, ValueError, OverflowError):
            return mpmath.inf
        return value if mpmath.isfinite(value) else mpmath.inf

    return margin


def _assumed(symbols, plain) -> list:
    """The symbols' own assumptions (x >= 0 for a nonnegative x) as conditions on their plain
    stand-ins (on the symbols themselves, SymPy would make them True at once)."""
    facts = {"positive": lambda s: s > 0, "nonnegative": lambda s: s >= 0, "negative": lambda s: s < 0,
             "nonpositive": lambda s: s <= 0, "nonzero": lambda s: sympy.Ne(s, 0)}
    return [make(p) for s, p in zip(symbols, plain) for name, make in facts.items() if getattr(s, f"is_{name}")]


def _compass(margin, start: list, integer: list[bool]) -> tuple[mpmath.mpf, list]:
    best, here = margin(start), list(start)
    steps = [max(abs(v), mpmath.mpf(1)) / 2 if not whole else mpmath.mpf(max(1, int(abs(v)) // 2))
             for v, whole in zip(here, integer)]
    evaluations = 1
    while evaluations < EVALUATIONS and best > 0 and any(s > SMALLEST_STEP for s in steps):
        moved = False
        for i, step in enumerate(steps):
            for direction in (1, -1):
                trial = list(here)
                trial[i] = here[i] + direction * step
                value = margin(trial)
                evaluations += 1
                if value < best:
                    best, here, moved = value, trial, True
                    break
        if not moved:
            steps = [mpmath.mpf(max(1, int(s) // 2)) if whole else s / 2 for s, whole in zip(steps, integer)]
            if all(whole for whole in integer) and all(s == 1 for s in steps):
                break
    return best, here


def closest_point(rel: Relation, lhs: sympy.Expr, rhs: sympy.Expr, conditions: tuple, starts: list[dict]) -> dict | None:
    """A point (exact rationals) where the order claim has the least room that the search found
    from ``starts``, or None when there is nothing to search (no real symbols, not an order)."""
    if not rel.is_order or not starts:
        return None
    symbols = sorted(starts[0], key=sympy.default_sort_key)
    if not symbols or any(not (s.is_extended_real or s.is_integer) for s in symbols):
        return None
    integer = [bool(s.is_integer) for s in symbols]
    with mpmath.workdps(DIGITS):
        try:
            margin = _margin(rel, lhs, rhs, conditions, symbols)
        except (TypeError, ValueError, NameError, SyntaxError):  # what lambdify cannot translate
            return None
        found = []
        for start in starts[:STARTS]:
            values = [mpmath.mpf(sympy.N(start[s], DIGITS)) for s in symbols]
            found.append(_compass(margin, values, integer))
        best, values = min(found, key=lambda pair: pair[0])
    if best == mpmath.inf:
        return None
    return {s: sympy.Integer(int(mpmath.nint(v))) if whole else sympy.Rational(mpmath.nstr(v, DIGITS))
            for s, v, whole in zip(symbols, values, integer)}
