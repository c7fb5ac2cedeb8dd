"""Closed forms, trusted only with their conditions.

Before the stages see a claim, its sums, products and integrals are evaluated. SymPy's closed form
of an integral comes with the conditions under which it converges; it is used only where those
follow from the assumptions, and an admissible point where the integral diverges refutes a claim
that gives it a finite value. A closed form of a sum or product with symbolic bounds is compared
with the terms added up at the smallest admissible bounds (n = 0, 1, 2, ...), and the claim itself
is decided exactly there first: the edge cases are where closed forms go wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from dgmderive.checking import symbolic
from dgmderive.checking.integrals import evaluate
from dgmderive.checking.sampling import special_values
from dgmderive.checking.sign import bounds_from
from dgmderive.relation import Relation
from dgmderive.verdict import Level, Verdict, show

EDGE_INSTANCES = 3  # the smallest admissible values of each bound tried
METHOD_EDGE = "exact arithmetic at the smallest bounds"
METHOD_DIVERGES = "the integral diverges"


@dataclass(frozen=True)
class Prepared:
    """Both sides evaluated and the conditions (with the bounds of sums made integers), or the
    refutation found on the way."""

    lhs: sympy.Expr
    rhs: sympy.Expr
    given: tuple
    refutation: Verdict | None = None


def _bounded(node) -> bool:
    return isinstance(node, (sympy.Sum, sympy.Product)) and any(
        bool(sympy.Tuple(*limit[1:]).free_symbols) for limit in node.limits)


def _bound_symbols(exprs) -> list:
    found = set()
    for e in exprs:
        for node in e.atoms(sympy.Sum, sympy.Product):
            if _bounded(node):
                found |= sympy.Tuple(*(b for limit in node.limits for b in limit[1:])).free_symbols
    return sorted(found, key=sympy.default_sort_key)


def _edge_instances(symbols: list, given: tuple) -> list[dict]:
    """The smallest admissible integer values of the bounds' symbols (0, 1, 2, ... within the
    assumptions and conditions), the same for all of them at once."""
    intervals = bounds_from(symbols, given)
    instances = []
    for k in range(-2, 2 * EDGE_INSTANCES):
        point = {s: sympy.Integer(k) for s in symbols}
        if all(_allowed(s, point[s], intervals.get(s)) for s in symbols) and \
                all(c.subs(point) is sympy.true or not c.free_symbols <= set(point) for c in given):
            instances.append(point)
        if len(instances) == EDGE_INSTANCES:
            break
    return instances


def _allowed(symbol, value, interval) -> bool:
    if symbol.is_nonnegative and value < 0 or symbol.is_positive and value <= 0 \
            or symbol.is_negative and value >= 0 or symbol.is_nonpositive and value > 0:
        return False
    if interval is None:
        return True
    lo_ok = interval.lo is None or (value > interval.lo if interval.lo_open else value >= interval.lo)
    hi_ok = interval.hi is None or (value < interval.hi if interval.hi_open else value <= interval.hi)
    return bool(lo_ok) and bool(hi_ok)


def _non_empty(exprs, point: dict) -> bool:
    """Whether every bounded sum keeps its upper bound at least one below its lower one (an empty
    sum) or above: below that, SymPy's convention (a sum with reversed bounds is minus a sum)
    differs from the usual reading."""
    for e in exprs:
        for node in e.atoms(sympy.Sum, sympy.Product):
            for _, lo, hi in node.limits:
                if (hi - lo + 1).subs(point).is_negative:
                    return False
    return True


def _at_edges(lhs, rel: Relation, rhs, given: tuple) -> Verdict | None:
    """REFUTED when the claim, with its sums added up term by term, fails at a smallest bound."""
    symbols = _bound_symbols((lhs, rhs))
    for point in _edge_instances(symbols, given):
        if not _non_empty((lhs, rhs), point):
            continue
        left, right = lhs.subs(point).doit(), rhs.subs(point).doit()
        conditions = tuple(c.subs(point) for c in given)
        verdict = symbolic.check_scalar(left, rel, right, conditions, closed=(left - right).is_number)
        if verdict is not None and verdict.level is Level.REFUTED:
            shown = ", ".join(f"{s} = {v}" for s, v in point.items())
            return Verdict(Level.REFUTED, METHOD_EDGE, f"fails at {shown}: {verdict.evidence}",
                           counterexample=(*((str(s), str(v)) for s, v in point.items()),
                                           ("lhs", show(left)), ("rhs", show(right))))
    return None


def _closed_form(node, given: tuple):
    """The closed form of a bounded sum or product where it matches the terms added up at the
    smallest bounds, else the node itself, unevaluated."""
    closed = node.doit()
    if closed == node or closed.has(type(node)):
        return node
    for point in _edge_instances(_bound_symbols((node,)), given):
        if not _non_empty((node,), point):
            continue
        direct = node.subs(point).doit()
        if symbolic.prove_zero(sympy.expand(closed.subs(point) - direct)) is None:
            return node
    return closed


def _hold(expr, given: tuple):
    """Sums and products with symbolic bounds replaced by placeholders (their checked closed forms,
    or themselves unevaluated) so that evaluating the rest leaves them be."""
    kept = {}

    def placeholder(node):
        value = _closed_form(node, given)
        if value is not node:
            return value
        kept.setdefault(node, sympy.Dummy("held"))
        return kept[node]

    held = expr.replace(_bounded, placeholder)
    return held, {v: k for k, v in kept.items()}


def _follows(condition, given: tuple) -> bool:
    """Whether ``condition`` holds wherever the assumptions and conditions do: refined with the
    signs the conditions give each symbol."""
    intervals = bounds_from(condition.free_symbols, given)
    signed = {}
    for s, interval in intervals.items():
        if not isinstance(s, sympy.Symbol):
            continue
        signs = interval.signs
        facts = {"positive": True} if signs == frozenset({1}) else {"nonnegative": True} if signs == frozenset({0, 1}) \
            else {"negative": True} if signs == frozenset({-1}) else None
        if facts:
            signed[s] = sympy.Dummy(s.name, real=True, **facts)
    refined = condition.xreplace(signed)
    return bool(sympy.simplify(refined) is sympy.true)


def _divergence(lhs, rel: Relation, rhs, given: tuple) -> Verdict | None:
    """REFUTED at an admissible point where an integral left unevaluated diverges while the other
    side is finite."""
    integrals = [i for side in (lhs, rhs) for i in side.atoms(sympy.Integral)]
    if not integrals or rel is not Relation.EQ:
        return None
    symbols = sorted(set().union(*(i.free_symbols for i in integrals)), key=sympy.default_sort_key)
    intervals = bounds_from(symbols, given)
    for s in symbols:
        for value in special_values(s, intervals.get(s)):
            point = {s: value}
            if not all(c.subs(point) is not sympy.false for c in given):
                continue
            left, right = (evaluate(side.subs(point), lambda condition: _follows(condition, given))
                           for side in (lhs, rhs))
            infinite = [side for side in (left, right) if side.is_infinite or side.has(sympy.oo, -sympy.oo, sympy.zoo)]
            finite = [side for side in (left, right) if side.is_finite and not side.has(sympy.Integral)]
            if len(infinite) == 1 and len(finite) == 1:
                return Verdict(Level.REFUTED, METHOD_DIVERGES, f"at {s} = {value} one side is {show(infinite[0])}",
                               counterexample=((str(s), str(value)), ("lhs", show(left)), ("rhs", show(right))))
    return None


def _integer_bounds(lhs, rhs, given: tuple) -> tuple:
    """A real symbol in the bounds of a sum or product counts terms: it is an integer there, and
    the claim is made for its integer values (it keeps its other assumptions)."""
    renamed = {s: sympy.Symbol(s.name, integer=True, **{fact: True for fact in SIGN_FACTS if getattr(s, f"is_{fact}")})
               for s in _bound_symbols((lhs, rhs)) if isinstance(s, sympy.Symbol) and not s.is_integer}
    if not renamed:
        return lhs, rhs, given
    return lhs.xreplace(renamed), rhs.xreplace(renamed), tuple(c.xreplace(renamed) for c in given)


SIGN_FACTS = ("positive", "negative", "nonnegative", "nonpositive", "nonzero")


def prepare(lhs: sympy.Expr, rel, rhs: sympy.Expr, given: tuple) -> Prepared:
    """Both sides evaluated, with closed forms kept only where they check out."""
    rel = Relation.read(rel)
    lhs, rhs, given = _integer_bounds(lhs, rhs, given)
    if _bound_symbols((lhs, rhs)):
        refuted = _at_edges(lhs, rel, rhs, given)
        if refuted is not None:
            return Prepared(lhs, rhs, given, refuted)
    sides = []
    for side in (lhs, rhs):
        held, restore = _hold(side, given)
        sides.append(evaluate(held, lambda condition: _follows(condition, given)).xreplace(restore))
    refuted = _divergence(sides[0], rel, sides[1], given)
    return Prepared(sides[0], sides[1], given, refuted)
