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
from dgmderive.checking.decision import implies
from dgmderive.checking.integrals import evaluate
from dgmderive.checking.numeric import COMBINATORIAL, judged
from dgmderive.checking.sampling import points, seed_for, special_values
from dgmderive.checking.sign import bounds_from
from dgmderive.relation import Relation
from dgmderive.verdict import Level, Verdict, show

EDGE_INSTANCES = 3  # the smallest admissible values of each bound tried
EDGE_POINTS = 2  # points of the other symbols at each of them
METHOD_EDGE = "the terms added up at the smallest bounds"
METHOD_DIVERGES = "an integral or series that diverges"
METHOD_PARAMETER = "exact arithmetic at a value of a parameter"


@dataclass(frozen=True)
class Prepared:
    """Both sides evaluated and the conditions (with the bounds of sums made integers), or the
    refutation found on the way."""

    lhs: sympy.Expr
    rhs: sympy.Expr
    given: tuple
    refutation: Verdict | None = None


def _bounded(node) -> bool:
    """A sum or product whose bounds have symbols in them."""
    return isinstance(node, (sympy.Sum, sympy.Product)) and any(
        bool(sympy.Tuple(*limit[1:]).free_symbols) for limit in node.limits)


def _infinite(node) -> bool:
    """A sum or product with an infinite bound: a series, which may diverge."""
    return isinstance(node, (sympy.Sum, sympy.Product)) and any(
        b.is_infinite for limit in node.limits for b in limit[1:])


LONGEST_RANGE = 10**4  # a sum or product of more terms is taken through its closed form, not term by term


def _long(node) -> bool:
    """A sum or product over a concrete range too long to add up term by term."""
    if not (isinstance(node, (sympy.Sum, sympy.Product)) and len(node.limits) == 1):
        return False
    lo, hi = node.limits[0][1:]
    return bool(lo.is_number and hi.is_number and lo.is_integer and hi.is_integer and hi - lo > LONGEST_RANGE)


def _held(node) -> bool:
    return _bounded(node) or _infinite(node) or _long(node)


def _through_a_symbol(node, trust):
    """The closed form of a long sum or product: found for a symbolic upper bound n (and checked at
    the smallest n, as any other), then taken at the bound; the node itself when there is none."""
    (k, lo, hi), = node.limits
    n = sympy.Dummy("n", integer=True)
    general = _closed_form(node.func(node.function, (k, lo, n)), _Trust((*trust.given, n >= lo)))
    if general.has(type(node)):
        return node
    general = sympy.gammasimp(general)  # RisingFactorial(2, n)/n! is n + 1
    if general.has(*COMBINATORIAL):  # at the bound, these would be numbers of a billion digits
        return node
    return general.xreplace({n: hi})


def _bound_symbols(exprs) -> list:
    found = set()
    for e in exprs:
        for node in e.atoms(sympy.Sum, sympy.Product):
            if _bounded(node):  # the symbols free in the whole claim (a limit's variable is not)
                found |= sympy.Tuple(*(b for limit in node.limits for b in limit[1:])).free_symbols & e.free_symbols
    return sorted(found, key=sympy.default_sort_key)


def _edge_instances(symbols: list, given: tuple) -> list[dict]:
    """The smallest admissible integer values of the bounds' symbols (0, 1, 2, ... within the
    assumptions and conditions), the same for all of them at once."""
    if not symbols:
        return []
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


def _compare(left, rel: Relation, right, conditions: tuple) -> tuple[bool | None, dict]:
    """Whether ``left rel right`` holds: exactly when both are numbers; otherwise at two seeded
    points of the other symbols (exactly where the values are rational, else at 50 digits). Returns
    the outcome (None: cannot tell) and the point where it failed. Where a side is undefined (1/K
    at K = 0), the claim says nothing, and nothing is told."""
    if any(side.has(sympy.nan, sympy.zoo) for side in (left, right)):
        return None, {}
    if (left - right).is_number:
        verdict = symbolic.decide_number(left - right, rel, METHOD_EDGE)
        return (None if verdict is None else verdict.level is Level.PROVED), {}
    symbols = (left - right).free_symbols | set().union(*(c.free_symbols for c in conditions))
    if not all(isinstance(s, sympy.Symbol) for s in symbols):
        return None, {}
    outcome = None
    for point in points(symbols, conditions, EDGE_POINTS, seed_for(left, rel, right)):
        holds, _, _, _ = judged(rel, left.xreplace(point).doit(), right.xreplace(point).doit(), point)
        if holds is False:
            return False, point
        outcome = holds if outcome is None else outcome and holds
    return outcome, {}


def _at_edges(lhs, rel: Relation, rhs, given: tuple) -> Verdict | None:
    """REFUTED when the claim, with its sums added up term by term, fails at a smallest bound."""
    symbols = _bound_symbols((lhs, rhs))
    for point in _edge_instances(symbols, given):
        if not _non_empty((lhs, rhs), point):
            continue
        left, right = lhs.xreplace(point).doit(), rhs.xreplace(point).doit()
        holds, where = _compare(left, rel, right, tuple(c.xreplace(point) for c in given))
        if holds is False:
            shown = ", ".join(f"{s} = {v}" for s, v in point.items())
            at = {**point, **where}
            return Verdict(Level.REFUTED, METHOD_EDGE, f"fails at {shown}",
                           counterexample=(*((str(s), show(v)) for s, v in at.items()),
                                           ("lhs", show(left.xreplace(where))), ("rhs", show(right.xreplace(where)))))
    return None


def _closed_form(node, trust):
    """The closed form of a sum or product where ``trust`` lets it be used (a series with the
    condition of convergence it needs), checked at the smallest bounds when they are symbolic;
    else the node itself, unevaluated."""
    closed = trust(node.doit())
    if closed is None:
        return node
    for point in _edge_instances(_bound_symbols((node,)), trust.given):
        if not _non_empty((node,), point):
            continue
        holds, _ = _compare(closed.xreplace(point), Relation.EQ, node.xreplace(point).doit(), ())
        if holds is not True:
            return node
    return closed


def _hold(expr, trust):
    """Sums and products with symbolic or infinite bounds replaced by placeholders (their checked
    closed forms, or themselves unevaluated) so that evaluating the rest leaves them be."""
    kept = {}

    def placeholder(node):
        value = _through_a_symbol(node, trust) if _long(node) else _closed_form(node, trust)
        if value is not node:
            return value
        kept.setdefault(node, sympy.Dummy("held"))
        return kept[node]

    held = expr.replace(_held, placeholder)
    return held, {v: k for k, v in kept.items()}


def _signed(symbols, given: tuple) -> dict:
    """Each symbol that the conditions confine to one sign, as a Dummy with that sign."""
    signed = {}
    for s, interval in bounds_from(symbols, given).items():
        facts = {frozenset({1}): "positive", frozenset({0, 1}): "nonnegative", frozenset({-1}): "negative",
                 frozenset({-1, 0}): "nonpositive"}.get(interval.signs)
        if isinstance(s, sympy.Symbol) and facts and not getattr(s, f"is_{facts}"):
            signed[s] = sympy.Dummy(s.name, real=True, **{facts: True})
    return signed


def _follows(condition, given: tuple) -> bool:
    """Whether ``condition`` holds wherever the assumptions and conditions do: by SymPy with the
    signs the conditions give each symbol, else by the decision procedure."""
    if condition is sympy.true:
        return True
    refined = sympy.simplify(condition.xreplace(_signed(condition.free_symbols, given)))
    return refined is sympy.true or implies(given, condition)


def _defined(value) -> bool:
    """Free of infinities and of powers of 0 whose exponent is not a known positive number."""
    return not value.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan, sympy.Integral, sympy.Sum, sympy.Product) and \
        not any(p.base == 0 and not p.exp.is_positive for p in value.atoms(sympy.Pow))


def trusted(result: sympy.Expr, given: tuple) -> sympy.Expr | None:
    """SymPy's closed form of an integral or a series, where the assumptions vouch for it: the
    branch of a Piecewise whose condition follows from them while the conditions of the branches
    before it cannot hold, with the signs they give the symbols, and free of infinities; None
    otherwise."""
    if isinstance(result, sympy.Piecewise):
        for value, condition in result.args:
            if _follows(condition, given):
                result = value
                break
            if not _follows(sympy.Not(condition), given):
                return None  # this branch may apply, and its value is not the one found later
        else:
            return None
    zeros = {p: sympy.S.Zero for p in result.atoms(sympy.Pow)
             if p.base == 0 and p.exp.free_symbols and implies(given, p.exp > 0)}  # 0^(a + 1) with a > -1
    result = result.xreplace(zeros)
    signed = _signed(result.free_symbols, given)
    refined = result.xreplace(signed)
    if not _defined(refined):
        return None
    return refined.xreplace({dummy: s for s, dummy in signed.items()})


class _Trust:
    """Which closed forms to use, under the conditions ``given``: a trusted one as it is, a
    Piecewise that keeps SymPy's conditions (and the unevaluated integral where they fail) as that
    Piecewise, anything else not at all. Remembers whether any was in doubt."""

    def __init__(self, given: tuple):
        self.given, self.doubted = given, False

    def __call__(self, result: sympy.Expr) -> sympy.Expr | None:
        value = trusted(result, self.given)
        if value is not None:
            return value
        self.doubted = True
        return result if _faithful(result) else None


def _faithful(result) -> bool:
    """A Piecewise whose every branch is defined or is the unevaluated integral or series itself."""
    return isinstance(result, sympy.Piecewise) and all(
        _defined(value) or isinstance(value, (sympy.Integral, sympy.Sum, sympy.Product)) for value, _ in result.args)


FIRST_VALUES = 8  # the special values tried at each parameter of an integral or series in doubt


def _at_parameters(lhs, rel: Relation, rhs, given: tuple) -> Verdict | None:
    """REFUTED at an admissible value of one parameter of an integral or series whose closed form
    was in doubt: where the integral or series diverges while the other side is finite, or where
    both sides are numbers that break the claim."""
    limits = [i for side in (lhs, rhs) for i in side.atoms(sympy.Integral, sympy.Sum, sympy.Product)
              if isinstance(i, sympy.Integral) or _infinite(i)]
    symbols = sorted(set().union(*(i.free_symbols for i in limits)), key=sympy.default_sort_key)
    intervals = bounds_from(symbols, given)
    for s in symbols:
        for value in special_values(s, intervals.get(s))[:FIRST_VALUES]:
            point = {s: value}
            if any(c.subs(point) is sympy.false for c in given):
                continue
            try:
                left, right = (evaluate(side.subs(point), lambda result: result) for side in (lhs, rhs))
            except (TypeError, ValueError, ZeroDivisionError, NotImplementedError, ArithmeticError):
                continue  # the integrand is undefined there
            found = _refuted_at(left, rel, right, s, value)
            if found is not None:
                return found
    return None


def _refuted_at(left, rel: Relation, right, s, value) -> Verdict | None:
    shown = ((str(s), show(value)), ("lhs", show(left)), ("rhs", show(right)))
    diverging = [side for side in (left, right) if _diverges(side)]
    finite = [side for side in (left, right) if side.is_finite and _defined(side)]
    if len(diverging) == 1 and len(finite) == 1 and rel is Relation.EQ:
        return Verdict(Level.REFUTED, METHOD_DIVERGES, f"at {s} = {show(value)} one side diverges", counterexample=shown)
    if len(finite) == 2 and (left - right).is_number:
        verdict = symbolic.decide_number(left - right, rel, METHOD_PARAMETER)
        if verdict is not None and verdict.level is Level.REFUTED:
            return Verdict(Level.REFUTED, METHOD_PARAMETER, f"fails at {s} = {show(value)}", counterexample=shown)
    return None


def _diverges(value: sympy.Expr) -> bool:
    """Whether SymPy finds the value infinite, or a series in it divergent (the infinite limits of
    an integral or series left unevaluated, in a branch of a Piecewise, say nothing of its value)."""
    if isinstance(value, sympy.Sum) and _infinite(value):
        return value.is_convergent() is False
    bare = value.replace(lambda e: isinstance(e, (sympy.Integral, sympy.Sum, sympy.Product)), lambda e: sympy.Dummy())
    return bool(bare.is_infinite or bare in (sympy.zoo, sympy.nan) or bare.has(sympy.oo, -sympy.oo, sympy.zoo))


def _integer_bounds(lhs, rhs, given: tuple) -> tuple:
    """A real symbol in the bounds of a sum or product counts terms: it is an integer there, and
    the claim is made for its integer values (it keeps its other assumptions). One that is the
    upper bound of a sum from 0 or 1, with no sign of its own, is a count: not negative (a sum to
    K = -1 is empty by convention, and no reader means one)."""
    counts = _counts((lhs, rhs))
    renamed = {s: sympy.Symbol(s.name, integer=True, **({fact: True for fact in SIGN_FACTS if getattr(s, f"is_{fact}")}
                                                        or ({"nonnegative": True} if s in counts else {})))
               for s in _bound_symbols((lhs, rhs)) if isinstance(s, sympy.Symbol) and not s.is_integer}
    if not renamed:
        return lhs, rhs, given
    return lhs.xreplace(renamed), rhs.xreplace(renamed), tuple(c.xreplace(renamed) for c in given)


SIGN_FACTS = ("positive", "negative", "nonnegative", "nonpositive", "nonzero")


def _counts(exprs) -> set:
    """The symbols that are the upper bound of a sum or product whose lower bound is 0 or 1."""
    return {limit[2] for e in exprs for node in e.atoms(sympy.Sum, sympy.Product) for limit in node.limits
            if len(limit) == 3 and limit[1] in (0, 1) and isinstance(limit[2], sympy.Symbol)}


def prepare(lhs: sympy.Expr, rel, rhs: sympy.Expr, given: tuple) -> Prepared:
    """Both sides evaluated, with closed forms kept only where they check out."""
    rel = Relation.read(rel)
    lhs, rhs, given = _integer_bounds(sympy.sympify(lhs), sympy.sympify(rhs), given)
    if _bound_symbols((lhs, rhs)):
        refuted = _at_edges(lhs, rel, rhs, given)
        if refuted is not None:
            return Prepared(lhs, rhs, given, refuted)
    trust, sides = _Trust(given), []
    for side in (lhs, rhs):
        held, restore = _hold(side, trust)
        sides.append(evaluate(held, trust).xreplace(restore))
    refuted = _at_parameters(lhs, rel, rhs, given) if trust.doubted else None
    return Prepared(sides[0], sides[1], given, refuted)
