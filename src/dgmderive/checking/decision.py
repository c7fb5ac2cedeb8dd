"""A decision procedure: claims of real (and integer) polynomial arithmetic, decided by z3.

A claim whose sides, assumptions and conditions are built from rational numbers, real or integer
symbols, + - * /, integer powers, radicals, |.|, min, max, floor, ceiling, (-1)^n and piecewise
definitions lies in a fragment for which z3's nonlinear real arithmetic (nlsat) is complete: z3
either shows that no admissible point violates the claim (PROVED) or gives a point that does, which
is then confirmed with SymPy's exact arithmetic before the claim is REFUTED. Integer arithmetic is
undecidable in general; there z3 may answer "unknown", and the claim goes on to the other stages.

Beyond that fragment, :func:`prove_by_abstraction` may still prove a claim: every transcendental
term (exp, log, sin, cos, pi...) becomes a fresh variable constrained only by facts true of it
(exp(u) > 0, exp(u) >= 1 + u, log(u) <= u - 1, sin(u)^2 + cos(u)^2 = 1, 3.14159 < pi < 3.1416...).
What holds for every value of those variables holds for the real ones, so unsat proves the claim;
a model there proves nothing, and refutes nothing.

z3 runs under a resource limit (``rlimit``), which counts its own steps and so gives the same answer
on every machine, and under a time limit as a last guard.
"""

from __future__ import annotations

from dataclasses import replace

import sympy
from sympy.core.function import AppliedUndef

from dgmderive.checking import budget
from dgmderive.checking.claim import Claim
from dgmderive.checking.unknowns import free_values
from dgmderive.relation import Relation
from dgmderive.verdict import Entry, Kind, Level, Verdict, show

METHOD = "decision procedure (z3, nonlinear real arithmetic)"
ABSTRACT_METHOD = "decision procedure (z3), transcendental terms as bounded unknowns"
RESOURCE_LIMIT = 4_000_000  # z3's own steps for one query: about 0.3 s of CPU here
SECONDS = 5.0  # the time limit behind it, scaled like every budget
MAX_EXPONENT = 64  # larger integer powers are left to the other stages
DIGITS = 15  # rational bounds for constants such as pi, to this many digits


class Unsupported(Exception):
    """The expression lies outside what this translation handles."""


def _z3():
    import z3

    return z3


class _Translation:
    """SymPy expressions as z3 terms. ``assumed`` holds what the symbols' assumptions say,
    ``facts`` define the auxiliary variables (true by construction), ``domain`` says where the
    sides are defined, and ``required`` lists what must follow from the hypotheses for the
    translation to be faithful (a radicand >= 0), with how many facts it may use."""

    def __init__(self, abstract: bool):
        self.z3 = _z3()
        self.abstract = abstract
        self.atoms: dict = {}
        self.assumed: list = []  # what the symbols' assumptions say (x > 0, n even)
        self.facts: list = []
        self.domain: list = []
        self.required: list = []
        self.opaque = False
        self.variables: dict = {}  # sympy symbol -> z3 variable, for reading a model back

    def require(self, condition) -> None:
        """``condition`` must follow from the hypotheses without the facts defined from here on
        (the definition of a root, say, which would assume its radicand non-negative)."""
        self.required.append((condition, len(self.facts)))

    def fresh(self, key, sort: str = "real"):
        if key not in self.atoms:
            make = self.z3.Int if sort == "int" else self.z3.Real
            self.atoms[key] = make(f"v{len(self.atoms)}")
        return self.atoms[key]

    def symbol(self, s):
        if s in self.atoms:
            return self.atoms[s]
        if s.is_integer:
            v = self.fresh(s, "int")
        elif s.is_extended_real and s.is_finite is not False:
            v = self.fresh(s)
        else:
            raise Unsupported(f"{s} is not known to be real")
        self.variables[s] = v
        for holds, fact in ((s.is_positive, v > 0), (s.is_negative, v < 0), (s.is_nonnegative, v >= 0),
                            (s.is_nonpositive, v <= 0), (s.is_nonzero, v != 0)):
            if holds:
                self.assumed.append(fact)
        if s.is_integer and s.is_even:
            self.assumed.append(v % 2 == 0)
        if s.is_integer and s.is_odd:
            self.assumed.append(v % 2 == 1)
        return v

    def constant(self, c):
        """An irrational constant (pi, E, ...) as a variable between rational bounds."""
        if not self.abstract:
            raise Unsupported(f"the constant {c}")
        value = sympy.Float(c.evalf(DIGITS + 5), DIGITS + 5)
        scale = sympy.Integer(10) ** DIGITS
        lo, hi = sympy.floor(value * scale) / scale, sympy.ceiling(value * scale) / scale
        v = self.fresh(c)
        self.facts += [v >= self.number(lo), v <= self.number(hi)]
        self.opaque = True
        return v

    def number(self, n):
        if n.is_Integer:
            return self.z3.IntVal(int(n))
        if n.is_Rational:
            return self.z3.Q(int(n.p), int(n.q))
        if n.is_Float:
            return self.number(sympy.Rational(n))
        raise Unsupported(f"the number {n}")

    def term(self, e):
        if e.is_Number:
            if e.is_finite is False or e is sympy.nan:
                raise Unsupported("an infinite or undefined number")
            return self.number(e)
        if isinstance(e, (sympy.Symbol, sympy.Indexed)):
            return self.symbol(e)
        if isinstance(e, sympy.NumberSymbol):
            return self.constant(e)
        if e is sympy.I or e.has(sympy.I):
            raise Unsupported("complex values")
        handler = _HANDLERS.get(type(e)) or next((h for t, h in _HANDLERS.items() if isinstance(e, t)), None)
        if handler is None:
            raise Unsupported(f"{type(e).__name__}")
        return handler(self, e)

    def condition(self, c):
        z3 = self.z3
        if c is sympy.true:
            return z3.BoolVal(True)
        if c is sympy.false:
            return z3.BoolVal(False)
        if isinstance(c, sympy.And):
            return z3.And(*(self.condition(a) for a in c.args))
        if isinstance(c, sympy.Or):
            return z3.Or(*(self.condition(a) for a in c.args))
        if isinstance(c, sympy.Not):
            return z3.Not(self.condition(c.args[0]))
        if isinstance(c, sympy.core.relational.Relational):
            return relation(z3, Relation.of(c), self.term(c.lhs), self.term(c.rhs))
        raise Unsupported(f"the condition {c}")

    def integer(self, e):
        t = self.term(e)
        if not self.z3.is_int(t):
            raise Unsupported(f"{e} is not an integer term")
        return t


def relation(z3, rel: Relation, a, b):
    return {Relation.EQ: lambda: a == b, Relation.NE: lambda: a != b, Relation.LT: lambda: a < b,
            Relation.LE: lambda: a <= b, Relation.GT: lambda: a > b, Relation.GE: lambda: a >= b}[rel]()


def _add(t: _Translation, e):
    return t.z3.Sum(*(t.term(a) for a in e.args))


def _mul(t: _Translation, e):
    return t.z3.Product(*(t.term(a) for a in e.args))


def _power(base, n: int):
    result = base
    for _ in range(n - 1):
        result = result * base
    return result


def _pow(t: _Translation, e):
    z3 = t.z3
    base, exponent = e.args
    if exponent.is_Integer:
        n = int(exponent)
        if abs(n) > MAX_EXPONENT:
            raise Unsupported("a power beyond the fragment's degree limit")
        b = t.term(base)
        if n > 0:
            return _power(b, n)
        t.domain.append(b != 0)
        return 1 / z3.ToReal(_power(b, -n)) if z3.is_int(b) else 1 / _power(b, -n)
    if exponent.is_Rational:  # a radical: the root is a fresh variable r >= 0 with r^q = base^p
        p, q = int(exponent.p), int(exponent.q)
        if q > MAX_EXPONENT or abs(p) > MAX_EXPONENT:
            raise Unsupported("a radical beyond the fragment's degree limit")
        b = t.term(base)
        t.require(b > 0 if p < 0 else b >= 0)
        root = t.fresh(e)
        t.facts.append(root >= 0)
        t.facts.append(_power(root, q) == _power(b, p) if p > 0 else _power(root, q) * _power(b, -p) == 1)
        return root
    if base == -1 and exponent.is_integer:
        return z3.If(t.integer(exponent) % 2 == 0, z3.IntVal(1), z3.IntVal(-1))
    if t.abstract and base.is_positive:
        t.opaque = True
        v = t.fresh(e)
        t.facts.append(v > 0)
        t.term(base)
        t.term(exponent)
        return v
    raise Unsupported("a power with a symbolic exponent")


def _abs(t: _Translation, e):
    a = t.term(e.args[0])
    return t.z3.If(a >= 0, a, -a)


def _extremum(t: _Translation, e):
    z3 = t.z3
    terms = [t.term(a) for a in e.args]
    pick = (lambda a, b: z3.If(a >= b, a, b)) if isinstance(e, sympy.Max) else (lambda a, b: z3.If(a <= b, a, b))
    result = terms[0]
    for term in terms[1:]:
        result = pick(result, term)
    return result


def _floor(t: _Translation, e):
    a = t.term(e.args[0])
    return a if t.z3.is_int(a) else t.z3.ToInt(a)


def _ceiling(t: _Translation, e):
    a = t.term(e.args[0])
    return a if t.z3.is_int(a) else -t.z3.ToInt(-a)


def _sign(t: _Translation, e):
    z3 = t.z3
    a = t.term(e.args[0])
    return z3.If(a > 0, z3.IntVal(1), z3.If(a < 0, z3.IntVal(-1), z3.IntVal(0)))


def _mod(t: _Translation, e):
    a, m = e.args
    if not (m.is_Integer and m > 0):
        raise Unsupported("a remainder modulo anything but a positive integer")
    return t.integer(a) % int(m)


def _piecewise(t: _Translation, e):
    z3 = t.z3
    pieces = [(t.term(value), t.condition(cond)) for value, cond in e.args]
    if e.args[-1][1] is not sympy.true:
        t.domain.append(z3.Or(*(cond for _, cond in pieces)))
    result = pieces[-1][0]
    for value, cond in reversed(pieces[:-1]):
        result = z3.If(cond, value, result)
    return result


def _delta(t: _Translation, e):
    z3 = t.z3
    return z3.If(t.term(e.args[0]) == t.term(e.args[1]), z3.IntVal(1), z3.IntVal(0))


def _opaque(t: _Translation, e):
    """A transcendental term as a fresh variable with the facts that bound it (abstraction only)."""
    if not t.abstract:
        raise Unsupported(f"the transcendental function {type(e).__name__}")
    arg = t.term(e.args[0])
    v = t.fresh(e)
    t.opaque = True
    for fact in _BOUNDS[type(e)](t, e, v, arg):
        t.facts.append(fact)
    return v


def _exp_facts(t, e, v, arg):
    return [v > 0, v >= 1 + arg]


def _log_facts(t, e, v, arg):
    t.require(arg > 0)
    return [v <= arg - 1, v * arg >= arg - 1]


def _trig_facts(t, e, v, arg):
    facts = [v >= -1, v <= 1]
    other = (sympy.cos if isinstance(e, sympy.sin) else sympy.sin)(e.args[0])
    if other in t.atoms:
        facts.append(v * v + t.atoms[other] * t.atoms[other] == 1)
    return facts


def _bounded_by_one(t, e, v, arg):
    return [v > -1, v < 1]


def _atan_facts(t, e, v, arg):
    return [v > -t.constant(sympy.pi) / 2, v < t.constant(sympy.pi) / 2]


_BOUNDS = {sympy.exp: _exp_facts, sympy.log: _log_facts, sympy.sin: _trig_facts, sympy.cos: _trig_facts,
           sympy.tanh: _bounded_by_one, sympy.erf: _bounded_by_one, sympy.atan: _atan_facts}

_HANDLERS = {
    sympy.Add: _add, sympy.Mul: _mul, sympy.Pow: _pow, sympy.Abs: _abs, sympy.Max: _extremum,
    sympy.Min: _extremum, sympy.floor: _floor, sympy.ceiling: _ceiling, sympy.sign: _sign, sympy.Mod: _mod,
    sympy.Piecewise: _piecewise, sympy.KroneckerDelta: _delta,
    **{function: _opaque for function in _BOUNDS},
}


def _solve(z3, constraints: list, integers: bool):
    """sat, unsat or unknown (as z3's values), with the model when sat."""
    solver = z3.Solver() if integers else z3.SolverFor("QF_NRA")
    solver.set("rlimit", RESOURCE_LIMIT)
    solver.set("timeout", int(1000 * SECONDS * budget.scale()))
    solver.add(*constraints)
    outcome = solver.check()
    return outcome, (solver.model() if outcome == z3.sat else None)


def _uses_integers(z3, constraints: list) -> bool:
    def walk(term) -> bool:
        if z3.is_int(term) and not z3.is_int_value(term):
            return True
        return any(walk(child) for child in term.children())
    return any(walk(c) for c in constraints)


def _translate(claim: Claim, abstract: bool):
    """The translation, the conditions and the negated claim; the
    conditions that could not be translated are left out and counted (they make a proof only
    stronger, but forbid a refutation)."""
    t = _Translation(abstract)
    lhs, rhs = t.term(claim.lhs), t.term(claim.rhs)
    conditions, dropped = [], 0
    for c in claim.given:
        try:
            conditions.append(t.condition(c))
        except Unsupported:
            dropped += 1
    negated = t.z3.Not(relation(t.z3, claim.rel, lhs, rhs))
    return t, conditions, negated, dropped


def decide(claim: Claim) -> Verdict | None:
    """PROVED when no admissible point violates the claim, REFUTED at a point that z3 finds and
    SymPy confirms exactly; None outside the fragment, or when z3 cannot tell within its limit."""
    return _decided(claim, abstract=False)


def prove_by_abstraction(claim: Claim) -> Verdict | None:
    """PROVED when the claim holds with every transcendental term replaced by a bounded unknown;
    never REFUTED. None when nothing transcendental is there (then :func:`decide` has spoken)."""
    return _decided(claim, abstract=True)


def _decided(claim: Claim, abstract: bool) -> Verdict | None:
    claim, calls = _with_free_values(claim)
    if claim is None:
        return None
    try:
        t, conditions, negated, dropped = _translate(claim, abstract)
    except Unsupported:
        return None
    if abstract and not t.opaque:
        return None
    return _conclude(claim, t, conditions, negated, refute=not abstract and dropped == 0,
                     method=ABSTRACT_METHOD if abstract else METHOD, calls=calls)


def _with_free_values(claim: Claim) -> tuple[Claim | None, frozenset]:
    """The claim with the values of functions used at a single point as free variables (see
    :func:`dgmderive.checking.unknowns.free_values`), and those variables; None for the claim when
    something unknown is left."""
    values = free_values((claim.lhs, claim.rhs, *claim.given))
    if values:
        claim = replace(claim, lhs=claim.lhs.xreplace(values), rhs=claim.rhs.xreplace(values),
                        given=tuple(c.xreplace(values) for c in claim.given))
    unknown = (AppliedUndef, sympy.Derivative, sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit)
    left = any(side.has(*unknown) for side in (claim.lhs, claim.rhs, *claim.given))
    return (None if left else claim), frozenset(values.values())


def _conclude(claim: Claim, t: _Translation, conditions: list, negated, refute: bool, method: str,
              calls: frozenset = frozenset()) -> Verdict | None:
    z3 = t.z3
    hypotheses = [*t.assumed, *t.facts, *t.domain, *conditions]
    integers = _uses_integers(z3, [*hypotheses, negated])
    for needed, known in t.required:  # a radicand that may be negative: the sides may be complex there
        outcome, _ = _solve(z3, [*t.assumed, *t.facts[:known], *t.domain, *conditions, z3.Not(needed)], integers)
        if outcome != z3.unsat:
            return None
    outcome, model = _solve(z3, [*hypotheses, negated], integers)
    if outcome == z3.unsat:
        vacuous = _solve(z3, [*t.assumed, *t.domain, *conditions], integers)[0] == z3.unsat
        evidence = ("the assumptions and conditions cannot all hold, so the claim holds vacuously" if vacuous
                    else "no point that meets the assumptions and conditions violates the claim")
        return Verdict(Level.PROVED, method, evidence)
    if outcome == z3.sat and refute:
        return _confirmed(claim, _point(t, model), calls)
    return None


def _point(t: _Translation, model) -> dict:
    return {s: _value(t.z3, model.eval(v, model_completion=True)) for s, v in t.variables.items()}


def _value(z3, value) -> sympy.Expr:
    """A value of z3's model as an exact SymPy number (an algebraic one as a root of its polynomial)."""
    if z3.is_int_value(value):
        return sympy.Integer(value.as_long())
    if z3.is_rational_value(value):
        return sympy.Rational(value.numerator_as_long(), value.denominator_as_long())
    if z3.is_algebraic_value(value):
        x = sympy.Dummy("x")
        poly = sympy.Poly(list(reversed([int(str(c)) for c in value.poly()])), x)
        root = sympy.CRootOf(poly.as_expr(), value.index() - 1)
        approx = value.approx(20)
        if abs(sympy.N(root, 30) - sympy.Rational(approx.numerator_as_long(), approx.denominator_as_long())) > 1e-15:
            raise Unsupported("a root of the model that SymPy numbers differently")
        return root
    raise Unsupported(f"the model value {value}")


def _confirmed(claim: Claim, point: dict, calls: frozenset = frozenset()) -> Verdict | None:
    """REFUTED when SymPy, on its own, finds the point admissible and the claim false there;
    ``calls`` are the variables that stand for values of unknown functions."""
    from dgmderive.checking.symbolic import decide_number

    for c in claim.given:
        if c.xreplace(point) is not sympy.true and sympy.simplify(c.xreplace(point)) is not sympy.true:
            return None
    left, right = claim.lhs.xreplace(point), claim.rhs.xreplace(point)
    verdict = decide_number(left - right, claim.rel, METHOD)
    if verdict is None or verdict.level is not Level.REFUTED:
        return None
    shown = tuple(Entry(getattr(s, "name", str(s)), show(v), Kind.CALL if s in calls else Kind.SYMBOL)
                  for s, v in sorted(point.items(), key=lambda kv: str(kv[0])))
    return Verdict(Level.REFUTED, METHOD, f"fails at the point z3 found, confirmed exactly (claim {claim.rel})",
                   counterexample=(*shown, Entry("lhs", show(left), Kind.SIDE), Entry("rhs", show(right), Kind.SIDE)))


def implies(given: tuple, condition) -> bool:
    """Whether ``condition`` (a relation, or And/Or/Not of them) holds wherever ``given`` does, by
    the decision procedure; False when it cannot tell."""
    try:
        t = _Translation(abstract=False)
        target = t.condition(condition)
        conditions = [t.condition(c) for c in given]
    except Unsupported:
        return False
    z3 = t.z3
    if t.required:
        return False
    hypotheses = [*t.assumed, *t.facts, *t.domain, *conditions]
    return _solve(z3, [*hypotheses, z3.Not(target)], _uses_integers(z3, [*hypotheses, target]))[0] == z3.unsat
