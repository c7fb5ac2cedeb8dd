"""Numeric checking: both sides at points where claims break and at seeded random points. Evidence,
never proof; a point where the claim fails refutes it.

Where both sides evaluate to rational numbers they are compared exactly, with no tolerance; other
values are compared at 50 digits, and a difference inside the tolerance is looked at again at 120
digits before it counts as agreement.
"""

from __future__ import annotations

import random
from dataclasses import replace

import mpmath
import sympy

from dgmderive.checking.claim import Claim
from dgmderive.checking.sampling import draw, points, seed_for
from dgmderive.checking.search import closest_point
from dgmderive.checking.sign import with_slack
from dgmderive.checking.unknowns import concrete_functions, free_values, python_calls, substitute
from dgmderive.relation import Relation
from dgmderive.verdict import Entry, Kind, Level, Verdict, show

DIGITS = 50
CLOSER_DIGITS = 120
POINTS = 24  # random points, after the structured ones
HOPELESS = 8  # points tried before giving up on a claim that no point could evaluate
PROBE_POINTS = 1  # one random point refutes almost every wrong step; the full sample comes later
TOLERANCE = sympy.Float(10) ** -30  # relative to the size of both sides
CLOSER_TOLERANCE = sympy.Float(10) ** -100
NOISE = sympy.Float(10) ** -45  # a relative error this small at 50 digits is rounding: no closer look
METHOD = f"mpmath, {DIGITS} digits"


LARGEST_EXACT_POWER = 10**4  # a larger integer power of a rational is evaluated in floating point


COMBINATORIAL = (sympy.factorial, sympy.factorial2, sympy.binomial, sympy.gamma, sympy.RisingFactorial,
                 sympy.FallingFactorial, sympy.harmonic)


def _huge(expr: sympy.Expr, point: dict) -> bool:
    """Whether exact arithmetic at the point would make huge numbers: a number raised to a huge
    power, or a factorial or binomial of a huge argument (each has millions of digits)."""
    for power in expr.atoms(sympy.Pow):
        exponent = power.exp.xreplace(point) if power.exp.free_symbols else power.exp
        if exponent.is_number and exponent.is_real and abs(exponent) > LARGEST_EXACT_POWER:
            return True
    return expr.has(*COMBINATORIAL) and any(abs(v) > LARGEST_EXACT_POWER for v in point.values())


def _floating(expr: sympy.Expr, point: dict, digits: int) -> sympy.Expr:
    """The value in mpmath's floating point at ``digits`` digits, never exact."""
    symbols = sorted(point, key=sympy.default_sort_key)
    with mpmath.workdps(digits):
        value = sympy.lambdify(symbols, expr, modules="mpmath")(*(mpmath.mpf(sympy.Rational(point[s]).p) /
                                                                   sympy.Rational(point[s]).q if point[s].is_Rational
                                                                   else mpmath.mpmathify(complex(point[s]))
                                                                   for s in symbols))
        return sympy.Float(value, digits) if not isinstance(value, mpmath.mpc) else \
            sympy.Float(value.real, digits) + sympy.I * sympy.Float(value.imag, digits)


def substituted(expr: sympy.Expr, point: dict) -> sympy.Expr:
    """``expr`` at the point, with sums over concrete ranges added up; left as it is where exact
    arithmetic would be huge (then :func:`_value` evaluates it in floating point)."""
    return expr if _huge(expr, point) else expr.xreplace(point).doit()


MOST_DIGITS = 2000  # how far the working precision may be raised for one value


def _value(expr: sympy.Expr, point: dict, digits: int = DIGITS) -> sympy.Expr | None:
    """The exact value where it is rational, else a value good to ``digits`` digits, with the
    working precision raised where cancellation ate them (cosh 1000 - sinh 1000); None where
    undefined, or where even :data:`MOST_DIGITS` digits are not enough."""
    try:
        if _huge(expr, point):
            return _defined(_floating(expr, point, digits))
        exact = expr.xreplace(point).doit()
        if exact.is_Rational:
            return exact
        working = digits
        while working <= MOST_DIGITS:
            value = _defined(sympy.N(exact, working))
            if value is None or _accurate(value, digits):
                return value
            working *= 4
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError, RecursionError, ArithmeticError):
        return None
    return None


def _defined(value: sympy.Expr) -> sympy.Expr | None:
    if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    return value


def _accurate(value: sympy.Expr, digits: int) -> bool:
    """Whether every floating-point number in the value carries ``digits`` digits (SymPy marks a
    result whose digits cancelled away, such as 0.e+274, with a precision of a bit or so)."""
    return all(f._prec >= 3 * digits for f in value.atoms(sympy.Float))


def _sampled_symbols(*exprs) -> set | None:
    """The symbols to draw, leaving out the labels of indexed families (drawn per element later);
    None when something free can be drawn neither way (a matrix element, say)."""
    labels = {i.base.label for e in exprs for i in e.atoms(sympy.Indexed)}
    found = set()
    for e in exprs:
        for s in e.free_symbols:
            if isinstance(s, sympy.Indexed) or s in labels or isinstance(s, sympy.IndexedBase):
                continue
            if not isinstance(s, sympy.Symbol):
                return None
            found.add(s)
    return found


def indexed_point(lhs: sympy.Expr, rhs: sympy.Expr, rng: random.Random) -> dict:
    """Values for the elements of indexed families (sigma[1], sigma[2], ...) left once sums and
    products with concrete bounds are expanded."""
    elements = sorted((lhs.atoms(sympy.Indexed) | rhs.atoms(sympy.Indexed)), key=sympy.default_sort_key)
    return {e: draw(e, rng) for e in elements if not e.free_symbols - {e, e.base.label, e.base}}


def _show(value: sympy.Expr) -> str:
    """The value exactly where that is short (3/4, pi/2), else to 12 digits."""
    exact = show(value)
    return exact if len(exact) <= 24 else show(sympy.N(value, 12))


def _counterexample(point: dict, lhs: sympy.Expr, rhs: sympy.Expr) -> tuple:
    named = [Entry(getattr(s, "name", str(s)), _show(v), Kind.SYMBOL)
             for s, v in sorted(point.items(), key=lambda kv: str(kv[0]))]
    return (*named, Entry("lhs", _show(lhs), Kind.SIDE), Entry("rhs", _show(rhs), Kind.SIDE))


def _judge(rel: Relation, lhs: sympy.Expr, rhs: sympy.Expr, tolerance) -> tuple[bool | None, sympy.Expr]:
    """(holds, relative error) at one point; holds is None when the point cannot tell. Rational
    values are compared exactly."""
    gap = lhs - rhs
    if gap.is_Rational:
        return rel.holds((gap.p > 0) - (gap.p < 0)), sympy.S.Zero
    scale = max(abs(lhs), abs(rhs))  # the values carry their digits (see _accurate): no floor at 1
    if scale == 0:
        return rel.holds(0), sympy.S.Zero
    tol = tolerance * scale
    if not rel.is_order:
        close = bool(abs(gap) <= tol)
        return (close if rel is Relation.EQ else None if close else True), abs(gap) / scale
    re = sympy.re(gap)
    if bool(abs(re) <= tol):  # on the boundary, to the last digit
        return (None if rel.is_strict else True), sympy.S.Zero
    return rel.holds(1 if re > 0 else -1), sympy.S.Zero


def _real(value: sympy.Expr) -> bool:
    return value.is_Rational or bool(abs(sympy.im(value)) <= TOLERANCE * max(sympy.S.One, abs(value)))


def judged(rel: Relation, lhs_now, rhs_now, point: dict):
    """(holds, error, lhs value, rhs value) at a point, looking closer where 50 digits cannot tell."""
    lhs_value, rhs_value = _value(lhs_now, point), _value(rhs_now, point)
    if lhs_value is None or rhs_value is None or rel.is_order and not (_real(lhs_value) and _real(rhs_value)):
        return None, None, None, None  # undefined there, or not real where an order was claimed
    holds, error = _judge(rel, lhs_value, rhs_value, TOLERANCE)
    if holds and error <= NOISE or (lhs_value - rhs_value).is_Rational:
        return holds, error, lhs_value, rhs_value  # agreement to the last digits, or an exact comparison
    closer = _value(lhs_now, point, CLOSER_DIGITS), _value(rhs_now, point, CLOSER_DIGITS)
    if None in closer:
        return (None if holds is False else holds), error, lhs_value, rhs_value
    if holds is False:  # a failure must survive more digits, with the same gap: not rounding noise
        again, _ = _judge(rel, *closer, TOLERANCE)
        same = _same_gap(lhs_value - rhs_value, closer[0] - closer[1])
        if again is False and same:
            return False, error, lhs_value, rhs_value
        return None, None, None, None  # the values cannot be computed accurately enough here: skip it
    holds, error = _judge(rel, *closer, CLOSER_TOLERANCE)
    return holds, error, *closer


def _same_gap(coarse: sympy.Expr, fine: sympy.Expr) -> bool:
    """Whether two evaluations of lhs - rhs agree to a percent (rounding noise does not)."""
    return bool(abs(coarse - fine) <= abs(fine) / 100)


def check_scalar(lhs: sympy.Expr, rel, rhs: sympy.Expr, conditions: tuple, count: int = POINTS,
                 structured: bool = True) -> Verdict | None:
    """Compare both sides at the points; None when too few points could be evaluated."""
    rel = Relation.read(rel)
    seed = seed_for(lhs, rel, rhs, *conditions)
    values = free_values((lhs, rhs, *conditions))
    if values:
        lhs, rhs = lhs.xreplace(values), rhs.xreplace(values)
        conditions = tuple(c.xreplace(values) for c in conditions)
    (lhs, rhs), conditions = with_slack(sympy.Tuple(lhs, rhs), conditions)  # points near such bounds too
    choices = concrete_functions((lhs, rhs, *conditions), random.Random(seed)) or [{}]
    seen, worst = 0, sympy.S.Zero
    for k, functions in enumerate(choices):
        claim = tuple(substitute(e, functions) for e in (lhs, rhs, *conditions))
        symbols = _sampled_symbols(*claim)
        if symbols is None:
            return None
        found = _sample(claim, rel, symbols, count, seed + k, structured)
        if isinstance(found, Verdict):
            chosen = tuple(Entry(str(f), show(body), Kind.FUNCTION) for f, body in functions.items())
            called = {value.name for value in values.values()}  # the numbers drawn for f(z), f'(z)
            point = tuple(replace(e, kind=Kind.CALL) if e.name in called else e for e in found.counterexample)
            return Verdict(found.level, found.method, found.evidence, chosen + point, points=seen + found.points)
        if found is None:
            return None
        seen, worst = seen + found[0], max(worst, found[1])
    error = f"{float(worst):.1e}" if rel == "=" else ""
    tried = f" and {len(choices)} functions of different families" if len(choices) > 1 else ""
    evidence = (f"holds at {seen} points (special values, bounds, large magnitudes, random){tried}"
                + (f", largest relative error {error}" if error else ""))
    return Verdict(Level.NUMERIC, METHOD, evidence, points=seen, max_error=error)


def _sample(claim: tuple, rel: Relation, symbols: set, count: int, seed: int, structured: bool):
    """(points seen, worst error) when the claim holds at enough points, a REFUTED verdict at the
    first point where it fails, or None when too few points could tell."""
    lhs, rhs, *conditions = claim
    costly = frozenset().union(*(call.free_symbols for side in (lhs, rhs) for call in python_calls(side)),
                               *(sympy.Tuple(*limit[1:]).free_symbols for side in (lhs, rhs)
                                 for node in side.atoms(sympy.Sum, sympy.Product) for limit in node.limits))
    angles = any(side.has(sympy.functions.elementary.trigonometric.TrigonometricFunction) for side in (lhs, rhs))
    sample = points(symbols, tuple(conditions), count, seed, structured=structured, small=costly, angles=angles)
    seen, worst, undecided, room = 0, sympy.S.Zero, 0, []
    for number, point in enumerate(sample):
        if number == HOPELESS and seen + undecided == 0:
            return None  # nothing could be evaluated so far: the rest will not be either
        lhs_now, rhs_now = substituted(lhs, point), substituted(rhs, point)
        point.update(indexed_point(lhs_now, rhs_now, random.Random(seed + number)))
        holds, error, lhs_value, rhs_value = judged(rel, lhs_now, rhs_now, point)
        if holds is False:
            return _refuted(rel, point, lhs_value, rhs_value, seen)
        if holds is None:
            undecided += lhs_value is not None  # a point where the sides are undefined is outside the claim
            continue
        seen += 1
        worst = max(worst, error)
        if rel.is_order and not point.keys() - symbols:
            room.append((abs(sympy.re(lhs_value - rhs_value)), point))
    if undecided or seen == 0 or 2 * seen < min(len(sample), count):
        return None
    if structured and room:  # then where the claim came closest to failing
        starts = [point for _, point in sorted(room, key=lambda pair: pair[0])]
        found = closest_point(rel, lhs, rhs, tuple(conditions), starts)
        if found is not None:
            holds, _, lhs_value, rhs_value = judged(rel, substituted(lhs, found), substituted(rhs, found), found)
            if holds is False:
                return _refuted(rel, found, lhs_value, rhs_value, seen, "found by searching where it comes closest")
    return seen, worst


def _refuted(rel: Relation, point: dict, lhs_value, rhs_value, seen: int, how: str = "") -> Verdict:
    return Verdict(Level.REFUTED, METHOD, f"fails at a point (claim {rel})" + (f", {how}" if how else ""),
                   counterexample=_counterexample(point, lhs_value, rhs_value), points=seen + 1)


def probe(claim: Claim) -> Verdict | None:
    """REFUTED at a single random point, else nothing: most wrong steps fail there at once."""
    verdict = check_scalar(claim.lhs, claim.rel, claim.rhs, claim.given, count=PROBE_POINTS, structured=False)
    return verdict if verdict is not None and verdict.level is Level.REFUTED else None


def sample(claim: Claim) -> Verdict | None:
    """REFUTED at a point where the claim fails, else NUMERIC when it holds at every point that
    could tell (and they are enough): the structured points, then :data:`POINTS` random ones."""
    return check_scalar(claim.lhs, claim.rel, claim.rhs, claim.given)
