"""Symbolic checking: canonical forms for identities, sign rules for inequalities."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from dgmderive.checking.budget import can_interrupt, within
from dgmderive.checking.claim import Claim
from dgmderive.checking.sign import NONNEGATIVE, bounds_from, sign_set, with_slack
from dgmderive.relation import Relation
from dgmderive.verdict import Level, Verdict, show

SIMPLIFY_SECONDS = 2.0
FORM_SECONDS = 1.0  # each cheap rewrite; one that swells an expression is abandoned, not waited for


def _expand_everything(e: sympy.Expr) -> sympy.Expr:
    """One ``expand`` with every hint: arguments are expanded before the trigonometric rules see
    them, so cos((k + 1) t) becomes cos(k t) cos(t) - sin(k t) sin(t)."""
    return sympy.expand(e, trig=True, power_base=True, power_exp=True, log=True)


def _logs_of_primes(e: sympy.Expr) -> sympy.Expr:
    """log(r) for rational r as a combination of logarithms of primes. Logarithms of distinct primes
    are linearly independent over the rationals, so this decides sums of logs of rationals."""
    def split(arg):
        if not (arg.is_Rational and arg > 0):
            return sympy.log(arg)
        num, den = sympy.factorint(arg.p), sympy.factorint(arg.q)
        return (sympy.Add(*(k * sympy.log(p) for p, k in num.items()))
                - sympy.Add(*(k * sympy.log(p) for p, k in den.items())))
    return sympy.expand(e.replace(sympy.log, split))


def _collect_logs(e: sympy.Expr) -> sympy.Expr:
    """Terms grouped by their logarithm factors, each coefficient put over a common denominator."""
    e = sympy.expand(e)
    logs = sorted(e.atoms(sympy.log), key=sympy.default_sort_key)
    if not logs:
        return sympy.cancel(e)
    collected = sympy.collect(e, logs, evaluate=False)
    return sympy.Add(*(sympy.cancel(coeff) * term for term, coeff in collected.items()))


def _cancel_exponentials(e: sympy.Expr) -> sympy.Expr:
    """``cancel`` with every exp(...) taken as a variable of its own: an identity of rational
    functions in those variables holds whatever values they take."""
    powers = sorted(e.atoms(sympy.exp), key=sympy.default_sort_key)
    if not powers:
        return e
    names = [sympy.Dummy(positive=True) for _ in powers]
    return sympy.cancel(e.xreplace(dict(zip(powers, names))))


def _split_products(e: sympy.Expr) -> sympy.Expr:
    """Finite products taken apart: a product of a product is the product of the products,
    prod exp(g) = exp(sum g), prod c = c^(number of factors), and prod x^p = (prod x)^p when p is
    an integer or x is positive (where the power of a product is the product of the powers)."""
    def rule(p):
        if len(p.limits) != 1:
            return p
        f, (k, a, b) = p.function, p.limits[0]
        if isinstance(f, sympy.Mul):
            return sympy.Mul(*[rule(sympy.Product(g, (k, a, b))) for g in f.args])
        if isinstance(f, sympy.exp):
            return sympy.exp(sympy.Sum(f.args[0], (k, a, b)))
        if not f.has(k):
            return f ** (b - a + 1)
        if isinstance(f, sympy.Pow) and not f.exp.has(k) and (f.exp.is_integer or f.base.is_positive):
            return rule(sympy.Product(f.base, (k, a, b))) ** f.exp
        return p

    if not e.has(sympy.Product):
        return e
    return sympy.powsimp(sympy.expand(e.replace(lambda x: isinstance(x, sympy.Product), rule)))


def _has_log(e: sympy.Expr) -> bool:
    return e.has(sympy.log)


def _has_trig(e: sympy.Expr) -> bool:
    return e.has(sympy.functions.elementary.trigonometric.TrigonometricFunction,
                 sympy.functions.elementary.hyperbolic.HyperbolicFunction)


def _has_radical(e: sympy.Expr) -> bool:
    return any(p.exp.is_Rational and not p.exp.is_integer for p in e.atoms(sympy.Pow))


def _always(e: sympy.Expr) -> bool:
    return True


# Cheap rewrites, cheapest first, each with the test of whether it can apply at all. Each maps an
# expression to an equal one; a claim ``d = 0`` is proved as soon as one of them turns ``d`` into
# literally zero.
CANONICAL_FORMS: tuple[tuple[str, Callable[[sympy.Expr], sympy.Expr], Callable[[sympy.Expr], bool]], ...] = (
    ("evaluation", lambda e: e, _always),
    ("cancel", lambda e: sympy.cancel(sympy.together(e)), _always),
    ("split products", _split_products, lambda e: e.has(sympy.Product)),
    ("expand", sympy.expand, _always),
    ("expand_log", lambda e: sympy.expand(sympy.expand_log(e)), _has_log),
    ("powsimp", lambda e: sympy.powsimp(sympy.expand(e), force=False), _always),
    ("expand_trig", _expand_everything, _always),
    ("trigsimp", lambda e: sympy.trigsimp(sympy.expand(e)), _has_trig),
    ("radsimp", lambda e: sympy.radsimp(sympy.cancel(e)), _has_radical),
    ("cancel over exponentials", _cancel_exponentials, lambda e: e.has(sympy.exp)),
    ("collect logarithms", _collect_logs, _has_log),
    ("logarithms of primes", _logs_of_primes, _has_log),
)
QUICK_FORMS = 3  # evaluation, cancel, split products (where there are any): cheap, and enough for most true steps
STAGES = ("quick", "forms", "simplify")  # the cascade runs them in turn; each tries what the last did not


def _forms(stage: str) -> tuple:
    return {"quick": CANONICAL_FORMS[:QUICK_FORMS], "forms": CANONICAL_FORMS[QUICK_FORMS:],
            "all": CANONICAL_FORMS}.get(stage, ())


def prove_zero(expr: sympy.Expr, stage: str = "all") -> str | None:
    """The name of the rewrite that reduces ``expr`` to zero, or None when none does.

    ``stage`` picks the rewrites: ``quick`` the first, cheapest ones, ``forms`` the others, ``all``
    every one, and ``simplify`` only ``simplify`` (the slow last resort, within its budget).
    """
    rewrites = []
    for name, rewrite, applies in _forms(stage):
        if not applies(expr):
            continue
        try:
            rewritten = within(FORM_SECONDS, lambda rewrite=rewrite: rewrite(expr))
        except (sympy.PolynomialError, TypeError, ValueError, NotImplementedError, RecursionError):
            continue
        if rewritten == 0:
            return name
        if rewritten is not None:
            rewrites.append((name, rewritten))
    for name, rewritten in rewrites:  # SymPy's assumptions can see a zero no rewrite shows, but slowly
        if within(FORM_SECONDS, lambda r=rewritten: r.is_zero) is True:
            return name
    if stage != "simplify" or not can_interrupt():
        return None  # simplify can run for minutes: never without a budget
    try:
        simplified = within(SIMPLIFY_SECONDS, lambda: sympy.simplify(expr))
    except (RecursionError, TypeError, ValueError, NotImplementedError):
        return None
    return "simplify" if simplified is not None and (simplified == 0 or simplified.is_zero is True) else None


def quick(claim: Claim) -> Verdict | None:
    """PROVED or REFUTED by the cheapest rewrites, the sign rules, or exact arithmetic on numbers."""
    return check_scalar(claim.lhs, claim.rel, claim.rhs, claim.given, closed=claim.closed, stage="quick")


def forms(claim: Claim) -> Verdict | None:
    """PROVED or REFUTED by the other rewrites, and squares for radicals and absolute values."""
    return check_scalar(claim.lhs, claim.rel, claim.rhs, claim.given, closed=claim.closed, stage="forms")


def simplified(claim: Claim) -> Verdict | None:
    """PROVED when ``simplify`` reduces lhs - rhs to 0 (an identity), within its own budget."""
    return check_scalar(claim.lhs, claim.rel, claim.rhs, claim.given, closed=claim.closed, stage="simplify")


def check_scalar(lhs: sympy.Expr, rel: Relation, rhs: sympy.Expr, conditions: tuple, *,
                 closed: bool = False, stage: str = "quick") -> Verdict | None:
    """Prove ``lhs rel rhs`` symbolically; None when undecided (never a guess).

    Both sides come evaluated (``doit``); ``closed`` says whether the claim was about numbers before
    evaluation. The cascade calls the stages of :data:`STAGES` in turn, and each tries only what
    the earlier ones did not: ``quick`` the cheapest rewrites, the sign rules and exact arithmetic
    on numbers, ``forms`` the other rewrites (and squares), ``simplify`` the slow last resort.
    """
    rel = Relation.read(rel)
    diff = lhs - rhs
    if diff == 0 and closed and stage == "quick":
        if rel.holds(0):
            return Verdict(Level.PROVED, "identical sides", "both sides are the same expression")
        return Verdict(Level.REFUTED, "identical sides", f"both sides are the same expression, so not {rel}",
                       counterexample=(("(any point)", "lhs = rhs"),))
    if diff.is_number:
        return decide_number(diff, rel, "exact arithmetic" if closed else "evaluation") if stage == "quick" else None
    if rel == "=":
        method = prove_zero(diff, stage)
        if method:
            return Verdict(Level.PROVED, method, "the difference of both sides reduces to 0")
        return None if stage == "quick" else _prove_by_squares(lhs, rhs, conditions, stage)
    if stage == "quick":
        proved = _by_sign_rules(diff, conditions, rel, "")
        if proved is None:  # then a bound by an expression (f' >= -L), through a slack
            slackened, kept = with_slack(diff, conditions)
            if slackened != diff:
                proved = _by_sign_rules(slackened, kept, rel, ", with slack for bounds given by expressions")
        if proved:
            return proved
    equal = prove_zero(diff, stage)
    if equal and rel.holds(0):
        return Verdict(Level.PROVED, equal, "the two sides are equal")
    if equal:
        return Verdict(Level.REFUTED, equal, f"the two sides are equal, so not {rel}",
                       counterexample=(("(any point)", "lhs = rhs"),))
    return None


def _by_sign_rules(diff: sympy.Expr, conditions: tuple, rel: str, how: str) -> Verdict | None:
    """PROVED when the signs lhs - rhs can take all satisfy the relation; only for real symbols
    (a complex value has no sign: z^2 + 1 vanishes at z = i)."""
    if not all(s.is_extended_real for s in diff.free_symbols):
        return None
    try:
        found = sign_set(diff, bounds_from(diff.free_symbols, conditions), rel.signs)
    except RecursionError:
        return None
    if found and found <= rel.signs:
        return Verdict(Level.PROVED, "sign rules", f"lhs - rhs takes signs {_show(found)} only{how}")
    return None


def check_every_stage(lhs: sympy.Expr, rel: str, rhs: sympy.Expr, conditions: tuple, *,
                      closed: bool = False) -> Verdict | None:
    """:func:`check_scalar` through every stage, until one decides."""
    for stage in STAGES:
        verdict = check_scalar(lhs, rel, rhs, conditions, closed=closed, stage=stage)
        if verdict is not None:
            return verdict
    return None


def _prove_by_squares(lhs: sympy.Expr, rhs: sympy.Expr, conditions: tuple, stage: str) -> Verdict | None:
    """Two non-negative sides are equal when their squares are (radicals and absolute values); the
    squares are compared with every rewrite in the ``forms`` stage and with ``simplify`` in its own.

    A side that is a square root sqrt(u) needs no sign of its own: once u equals the square of the
    other side, sqrt(u) is that side's absolute value (and two square roots of equal u are equal)."""
    if not (lhs.has(sympy.Pow, sympy.Abs) or rhs.has(sympy.Pow, sympy.Abs)):
        return None
    bounds = bounds_from(lhs.free_symbols | rhs.free_symbols, conditions)
    for side in (lhs, rhs):
        if not _is_square_root(side) and not sign_set(side, bounds, NONNEGATIVE) <= NONNEGATIVE:
            return None
    method = prove_zero(sympy.expand(lhs**2 - rhs**2), "all" if stage == "forms" else stage)
    if method is None:
        return None
    return Verdict(Level.PROVED, f"squares, then {method}", "both sides are non-negative and their squares agree")


def _is_square_root(e: sympy.Expr) -> bool:
    return isinstance(e, sympy.Pow) and e.exp == sympy.S.Half


def decide_number(value: sympy.Expr, rel: Relation, method: str) -> Verdict | None:
    """A closed claim about a number is decided by exact comparison with 0."""
    rel = Relation.read(rel)
    if rel in (Relation.EQ, Relation.NE):
        zero = True if prove_zero(value, "quick") else value.equals(0)
        outcome = None if zero is None else zero == (rel is Relation.EQ)
    else:
        if not value.is_extended_real:
            return None
        relation = rel.build(value, 0)
        outcome = True if relation == sympy.true else False if relation == sympy.false else None
    if outcome is None and rel.is_order and prove_zero(value):
        outcome = rel.holds(0)  # the sides are equal: only the non-strict relations hold
    if outcome is True:
        return Verdict(Level.PROVED, method, f"lhs - rhs = {show(value)}")
    if outcome is False:
        return Verdict(Level.REFUTED, method, f"lhs - rhs = {show(value)}",
                       counterexample=(("(any point)", show(value)),))
    return None


def _show(found: frozenset) -> str:
    return "{" + ", ".join({-1: "-", 0: "0", 1: "+"}[s] for s in sorted(found)) + "}"
