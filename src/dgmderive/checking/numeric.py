"""Numeric checking: both sides at 50 digits at seeded random points. Evidence, never proof."""

from __future__ import annotations

import random

import sympy

from dgmderive.checking.sampling import draw, points, seed_for
from dgmderive.checking.sign import with_slack
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


BINDING = (sympy.Integral, sympy.Sum, sympy.Product, sympy.Lambda, sympy.Subs, sympy.Limit)


def values_at_one_point(exprs) -> dict:
    """For claims about unknown functions at a single point, such as 1 + f'(z) > 0: a real variable
    for each of f(z), f'(z), ... (keyed by the function value it stands for). A smooth function can
    take any value and any derivatives at one point, so drawing them directly reaches every case,
    where a random polynomial rarely would. Empty when some function is called at two points, or
    at another function's value, or under an integral, sum, product or limit (its values there are
    not free)."""
    calls = {call for e in exprs for call in e.atoms(sympy.core.function.AppliedUndef)}
    if not calls or len({call.func for call in calls}) != len(calls) or any(e.has(*BINDING) for e in exprs) \
            or any(arg.has(sympy.core.function.AppliedUndef) for call in calls for arg in call.args):
        return {}
    derivatives = {d for e in exprs for d in e.atoms(sympy.Derivative)}
    if any(d.expr not in calls for d in derivatives):
        return {}
    return {value: sympy.Dummy(sympy.sstr(value), real=True)
            for value in sorted(calls | derivatives, key=sympy.default_sort_key)}


def concrete_functions(exprs, rng: random.Random) -> dict:
    """A random polynomial for every undefined function f (cubic in one argument, quadratic in
    several): a claim made for every f must hold for that one."""
    calls = {call for e in exprs for call in e.atoms(sympy.core.function.AppliedUndef)}
    arity = {}
    for call in sorted(calls, key=sympy.default_sort_key):
        if arity.setdefault(call.func, len(call.args)) != len(call.args):
            return {}  # one name called with different numbers of arguments: leave it undecided
    chosen = {}
    for f, n in sorted(arity.items(), key=lambda kv: str(kv[0])):
        args = sympy.symbols(f"t_1:{n + 1}", cls=sympy.Dummy)
        degree = 3 if n == 1 else 2
        monomials = sorted(sympy.itermonomials(args, degree), key=sympy.default_sort_key)
        chosen[f] = sympy.Lambda(args, sum(_coefficient(rng) * m for m in monomials))
    return chosen


def _coefficient(rng: random.Random) -> sympy.Rational:
    return sympy.Rational(rng.randint(-30, 30), rng.randint(1, 10))


def indexed_point(lhs: sympy.Expr, rhs: sympy.Expr, rng: random.Random) -> dict:
    """Values for the elements of indexed families (sigma[1], sigma[2], ...) left once sums and
    products with concrete bounds are expanded."""
    elements = sorted((lhs.atoms(sympy.Indexed) | rhs.atoms(sympy.Indexed)), key=sympy.default_sort_key)
    return {e: draw(e, rng) for e in elements if not e.free_symbols - {e, e.base.label, e.base}}


def _show(value: sympy.Expr) -> str:
    return sympy.sstr(sympy.N(value, 12))


def _counterexample(point: dict, lhs: sympy.Expr, rhs: sympy.Expr) -> tuple:
    named = [(getattr(s, "name", str(s)), _show(v)) for s, v in sorted(point.items(), key=lambda kv: str(kv[0]))]
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
    seed = seed_for(lhs, rel, rhs, *conditions)
    values = values_at_one_point((lhs, rhs, *conditions))
    if values:
        lhs, rhs = lhs.xreplace(values), rhs.xreplace(values)
        conditions = tuple(c.xreplace(values) for c in conditions)
    (lhs, rhs), conditions = with_slack(sympy.Tuple(lhs, rhs), conditions)  # points near such bounds too
    functions = concrete_functions((lhs, rhs, *conditions), random.Random(seed))
    for f, body in functions.items():
        lhs, rhs = lhs.replace(f, body).doit(), rhs.replace(f, body).doit()
        conditions = tuple(c.replace(f, body).doit() for c in conditions)
    symbols = _sampled_symbols(lhs, rhs, *conditions)
    if symbols is None:
        return None
    sample = points(symbols, conditions, count, seed)
    seen, worst, undecided = 0, sympy.S.Zero, 0
    for number, point in enumerate(sample):
        lhs_now, rhs_now = lhs.subs(point).doit(), rhs.subs(point).doit()
        point.update(indexed_point(lhs_now, rhs_now, random.Random(seed + number)))
        lhs_value, rhs_value = _value(lhs_now, point), _value(rhs_now, point)
        if lhs_value is None or rhs_value is None:
            continue
        holds, error = _judge(rel, lhs_value, rhs_value)
        if holds is False:
            chosen = tuple((str(f), sympy.sstr(body)) for f, body in functions.items())
            return Verdict(Level.REFUTED, METHOD, f"fails at a random point (claim {rel})",
                           counterexample=chosen + _counterexample(point, lhs_value, rhs_value), points=seen + 1)
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
