"""Sign rules: which signs an expression can take, from its structure and the symbols' bounds.

A sign set is a subset of {-1, 0, 1} that surely contains the sign of the expression at every
admissible point. Every rule only ever shrinks it soundly; when no rule applies, the answer is
all of {-1, 0, 1}, which proves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

ANY = frozenset({-1, 0, 1})
POSITIVE = frozenset({1})
NEGATIVE = frozenset({-1})
ZERO = frozenset({0})
NONNEGATIVE = frozenset({0, 1})
NONPOSITIVE = frozenset({-1, 0})


@dataclass(frozen=True)
class Interval:
    """A real interval with open or closed ends (``None`` for an infinite end)."""

    lo: sympy.Expr | None = None
    lo_open: bool = True
    hi: sympy.Expr | None = None
    hi_open: bool = True

    def __add__(self, other: Interval) -> Interval:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(lo, self.lo_open or other.lo_open, hi, self.hi_open or other.hi_open)

    def scale(self, c: sympy.Number) -> Interval:
        if c == 0:
            return Interval(sympy.S.Zero, False, sympy.S.Zero, False)
        lo = None if self.lo is None else self.lo * c
        hi = None if self.hi is None else self.hi * c
        if c > 0:
            return Interval(lo, self.lo_open, hi, self.hi_open)
        return Interval(hi, self.hi_open, lo, self.lo_open)

    def narrow(self, other: Interval) -> Interval:
        lo, lo_open = self.lo, self.lo_open
        if other.lo is not None and (lo is None or other.lo > lo or (other.lo == lo and other.lo_open)):
            lo, lo_open = other.lo, other.lo_open
        hi, hi_open = self.hi, self.hi_open
        if other.hi is not None and (hi is None or other.hi < hi or (other.hi == hi and other.hi_open)):
            hi, hi_open = other.hi, other.hi_open
        return Interval(lo, lo_open, hi, hi_open)

    @property
    def signs(self) -> frozenset:
        signs = set(ANY)
        if self.lo is not None and (self.lo > 0 or (self.lo == 0 and self.lo_open)):
            signs -= {-1, 0}
        elif self.lo is not None and self.lo >= 0:
            signs -= {-1}
        if self.hi is not None and (self.hi < 0 or (self.hi == 0 and self.hi_open)):
            signs -= {1, 0}
        elif self.hi is not None and self.hi <= 0:
            signs -= {1}
        return frozenset(signs)


Bounds = dict  # Symbol -> Interval


def bounds_from(symbols, conditions) -> Bounds:
    """Intervals for symbols, from their assumptions and from conditions like ``alpha < 2``."""
    bounds: Bounds = {}
    for s in symbols:
        interval = Interval()
        if s.is_positive:
            interval = Interval(sympy.S.Zero, True)
        elif s.is_nonnegative:
            interval = Interval(sympy.S.Zero, False)
        elif s.is_negative:
            interval = Interval(hi=sympy.S.Zero, hi_open=True)
        elif s.is_nonpositive:
            interval = Interval(hi=sympy.S.Zero, hi_open=False)
        bounds[s] = interval
    for cond in conditions:
        _narrow_by(bounds, cond)
    return bounds


def _narrow_by(bounds: Bounds, cond) -> None:
    if not isinstance(cond, sympy.core.relational.Relational) or isinstance(cond, (sympy.Eq, sympy.Ne)):
        return
    lhs, rhs = cond.lhs, cond.rhs
    if _boundable(rhs) and lhs.is_number:
        cond = cond.reversed
        lhs, rhs = cond.lhs, cond.rhs
    if not (_boundable(lhs) and rhs.is_number and rhs.is_real):
        return
    bounds.setdefault(lhs, Interval())
    strict = isinstance(cond, (sympy.StrictLessThan, sympy.StrictGreaterThan))
    if isinstance(cond, (sympy.StrictLessThan, sympy.LessThan)):
        new = Interval(hi=rhs, hi_open=strict)
    else:
        new = Interval(lo=rhs, lo_open=strict)
    bounds[lhs] = bounds[lhs].narrow(new)


def with_slack(expr: sympy.Expr, conditions) -> tuple[sympy.Expr, tuple]:
    """``expr`` with each quantity that a condition bounds by an expression written as that bound
    plus a slack of the right sign (``f'(z) >= -L`` gives f'(z) = -L + e with e >= 0; ``>`` gives
    e > 0, and ``<=`` and ``<`` subtract it). A sign that holds for every slack holds wherever the
    conditions do, and a point drawn with a slack meets them. Returns the rewritten expression
    (which may be a Tuple of several) and the conditions not used so."""
    kept = []
    for cond in conditions:
        bounded = _bounded_by_expression(cond)
        if bounded is None or not expr.has(bounded[0]):
            kept.append(cond)
            continue
        quantity, bound, above, strict = bounded
        q = quantity.name if isinstance(quantity, sympy.Symbol) else sympy.sstr(quantity)
        name = f"{q} - ({sympy.sstr(bound)})" if above else f"({sympy.sstr(bound)}) - {q}"  # shown in counterexamples
        slack = sympy.Dummy(name, positive=True) if strict else sympy.Dummy(name, nonnegative=True)
        expr = expr.xreplace({quantity: bound + slack if above else bound - slack})
    return expr, tuple(kept)


def _bounded_by_expression(cond) -> tuple | None:
    """(quantity, bound, whether the quantity lies above it, strict) for a condition such as
    ``f'(z) >= -L`` whose bound is an expression (not a number) free of the quantity."""
    if not isinstance(cond, sympy.core.relational.Relational) or isinstance(cond, (sympy.Eq, sympy.Ne)):
        return None
    if not _boundable(cond.lhs) and _boundable(cond.rhs):
        cond = cond.reversed
    quantity, bound = cond.lhs, cond.rhs
    if not _boundable(quantity) or bound.is_number or bound.has(quantity):
        return None
    above = isinstance(cond, (sympy.GreaterThan, sympy.StrictGreaterThan))
    return quantity, bound, above, isinstance(cond, (sympy.StrictGreaterThan, sympy.StrictLessThan))


def _boundable(expr) -> bool:
    """What a condition can bound: a symbol, a function value f(z), a derivative f'(z)."""
    return isinstance(expr, (sympy.Symbol, sympy.Derivative, sympy.core.function.AppliedUndef))


def _interval(expr: sympy.Expr, bounds: Bounds) -> Interval | None:
    """The range of a sum of numbers and multiples of bounded symbols (or bounded function values
    and derivatives), else None."""
    if expr.is_number and expr.is_real:
        return Interval(expr, False, expr, False)
    if _boundable(expr):
        return bounds.get(expr)
    if isinstance(expr, sympy.Mul):
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_number and coeff != 1 and rest in bounds:
            return bounds[rest].scale(coeff)
        return None
    if isinstance(expr, sympy.Add):
        total = Interval(sympy.S.Zero, False, sympy.S.Zero, False)
        for term in expr.args:
            part = _interval(term, bounds)
            if part is None:
                return None
            total = total + part
        return total
    return None


def _compare_root(expr: sympy.Add, bounds: Bounds) -> frozenset | None:
    """``u**e - c`` with ``u >= 0``, ``e > 0``, ``c > 0`` has the sign of ``u - c**(1/e)``,
    since ``t -> t**e`` is strictly increasing on the non-negative reals."""
    constant, rest = expr.as_coeff_Add()
    if not (constant.is_number and constant.is_negative and isinstance(rest, sympy.Pow)):
        return None
    base, exponent = rest.args
    if not (exponent.is_number and exponent.is_positive and signs(base, bounds) <= NONNEGATIVE):
        return None
    return sign_set(base - (-constant) ** (1 / exponent), bounds)


def _product(a: frozenset, b: frozenset) -> frozenset:
    return frozenset(x * y for x in a for y in b)


def _from_assumptions(expr: sympy.Expr) -> frozenset:
    if expr.is_positive:
        return POSITIVE
    if expr.is_negative:
        return NEGATIVE
    if expr.is_zero:
        return ZERO
    if expr.is_nonnegative:
        return NONNEGATIVE
    if expr.is_nonpositive:
        return NONPOSITIVE
    if expr.is_extended_real and expr.is_nonzero:
        return frozenset({-1, 1})
    return ANY


def _structural(expr: sympy.Expr, bounds: Bounds) -> frozenset:
    interval = _interval(expr, bounds)
    if interval is not None:
        return interval.signs
    if isinstance(expr, sympy.Add):
        root = _compare_root(expr, bounds)
        if root is not None:
            return root
        parts = [signs(term, bounds) for term in expr.args]
        if all(p <= NONNEGATIVE for p in parts):
            return POSITIVE if any(p == POSITIVE for p in parts) else NONNEGATIVE
        if all(p <= NONPOSITIVE for p in parts):
            return NEGATIVE if any(p == NEGATIVE for p in parts) else NONPOSITIVE
        return ANY
    if isinstance(expr, sympy.Mul):
        result = frozenset({1})
        for factor in expr.args:
            result = _product(result, signs(factor, bounds))
        return result
    if isinstance(expr, sympy.Pow):
        base, exp = expr.args
        base_signs = signs(base, bounds)
        if exp.is_integer and exp.is_even:
            squared = frozenset(x * x for x in base_signs)
            return squared if exp.is_positive else (POSITIVE if 0 not in base_signs else ANY)
        if exp.is_integer and exp.is_odd:
            return base_signs if exp.is_positive or 0 not in base_signs else ANY
        if base_signs == POSITIVE and exp.is_real:
            return POSITIVE
        if base_signs <= NONNEGATIVE and exp.is_positive:
            return NONNEGATIVE
        return ANY
    if isinstance(expr, sympy.exp) and expr.args[0].is_extended_real:
        return POSITIVE
    if isinstance(expr, sympy.Abs):
        return POSITIVE if 0 not in signs(expr.args[0], bounds) else NONNEGATIVE
    return ANY


def signs(expr: sympy.Expr, bounds: Bounds) -> frozenset:
    """The signs ``expr`` can take, by structure, bounds, and SymPy's own assumptions."""
    return _structural(expr, bounds) & _from_assumptions(expr)


def sign_set(expr: sympy.Expr, bounds: Bounds, enough: frozenset = frozenset()) -> frozenset:
    """:func:`signs` of ``expr`` and of its factored and combined forms, intersected; the rewrites
    stop once the signs are within ``enough`` (what the caller needs) or down to one."""
    result = signs(expr, bounds)
    for rewrite in (sympy.together, sympy.factor, sympy.cancel, sympy.expand):  # cheapest first
        if len(result) <= 1 or result <= enough:
            break
        try:
            result &= signs(rewrite(expr), bounds)
        except (sympy.PolynomialError, TypeError, ValueError):
            continue
    return result

