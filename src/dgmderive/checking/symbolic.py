"""Symbolic checking: canonical forms for identities, sign rules for inequalities."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from dgmderive.checking.budget import OutOfTime, can_interrupt, time_budget
from dgmderive.checking.sign import HOLDS, bounds_from, sign_set
from dgmderive.verdict import Level, Verdict

SIMPLIFY_SECONDS = 2.0


def _expand_everything(e: sympy.Expr) -> sympy.Expr:
    return sympy.expand(sympy.expand_trig(e), power_base=True, power_exp=True, log=True)


# Cheap rewrites, cheapest first. Each maps an expression to an equal one; a claim ``d = 0`` is
# proved as soon as one of them turns ``d`` into literally zero.
CANONICAL_FORMS: tuple[tuple[str, Callable[[sympy.Expr], sympy.Expr]], ...] = (
    ("evaluation", lambda e: e),
    ("expand", sympy.expand),
    ("cancel", lambda e: sympy.cancel(sympy.together(e))),
    ("expand_log", lambda e: sympy.expand(sympy.expand_log(e))),
    ("powsimp", lambda e: sympy.powsimp(sympy.expand(e), force=False)),
    ("expand_trig", _expand_everything),
    ("trigsimp", lambda e: sympy.trigsimp(sympy.expand(e))),
    ("radsimp", lambda e: sympy.radsimp(sympy.cancel(e))),
)


def _is_zero(expr: sympy.Expr) -> bool:
    return expr == 0 or expr.is_zero is True


def prove_zero(expr: sympy.Expr, simplify_seconds: float = SIMPLIFY_SECONDS) -> str | None:
    """The name of the rewrite that reduces ``expr`` to zero, or None when none does."""
    expr = expr.doit()
    for name, rewrite in CANONICAL_FORMS:
        try:
            if _is_zero(rewrite(expr)):
                return name
        except (sympy.PolynomialError, TypeError, ValueError, NotImplementedError):
            continue
    if not can_interrupt():
        return None
    try:
        with time_budget(simplify_seconds):
            if _is_zero(sympy.simplify(expr)):
                return "simplify"
    except (OutOfTime, RecursionError, TypeError, ValueError, NotImplementedError):
        return None
    return None


def check_scalar(diff: sympy.Expr, rel: str, conditions: tuple) -> Verdict | None:
    """Prove ``diff rel 0`` symbolically; None when undecided (never a guess)."""
    closed = diff.is_number
    diff = diff.doit()
    if diff.is_number:
        return _decide_number(diff, rel, "exact arithmetic" if closed else "evaluation")
    if rel == "=":
        method = prove_zero(diff)
        return Verdict(Level.PROVED, method, "the difference of both sides reduces to 0") if method else None
    bounds = bounds_from(diff.free_symbols, conditions)
    try:
        found = sign_set(diff, bounds)
    except RecursionError:
        return None
    if found and found <= HOLDS[rel]:
        return Verdict(Level.PROVED, "sign rules", f"lhs - rhs takes signs {_show(found)} only")
    return None


def _decide_number(value: sympy.Expr, rel: str, method: str) -> Verdict | None:
    """A closed claim about a number is decided by exact comparison with 0."""
    if rel == "=":
        outcome = value.equals(0)
    else:
        if not value.is_extended_real:
            return None
        relation = {"<": value < 0, "<=": value <= 0, ">": value > 0, ">=": value >= 0,
                    "!=": sympy.Ne(value, 0)}[rel]
        outcome = True if relation == sympy.true else False if relation == sympy.false else None
    if outcome is True:
        return Verdict(Level.PROVED, method, f"lhs - rhs = {sympy.sstr(value)}")
    if outcome is False:
        return Verdict(Level.REFUTED, method, f"lhs - rhs = {sympy.sstr(value)}",
                       counterexample=(("(any point)", sympy.sstr(value)),))
    return None


def _show(found: frozenset) -> str:
    return "{" + ", ".join({-1: "-", 0: "0", 1: "+"}[s] for s in sorted(found)) + "}"
