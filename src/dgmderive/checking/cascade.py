"""The checker cascade: symbolic, then exact on instances, then numeric; failing closed."""

from __future__ import annotations

import sympy

from dgmderive.checking import exact, numeric, symbolic
from dgmderive.derivation import Step
from dgmderive.verdict import Level, Verdict, unchecked, weakest


def _scalar_claims(step: Step) -> list[tuple[sympy.Expr, sympy.Expr]] | Verdict:
    """The step as pairs of scalar sides, or a verdict when its shape already decides it."""
    lhs, rhs = step.resolved()
    if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
        if not (isinstance(lhs, sympy.MatrixBase) and isinstance(rhs, sympy.MatrixBase)):
            return unchecked("a matrix compared with a scalar")
        if lhs.shape != rhs.shape:
            return Verdict(Level.REFUTED, "shape", f"shapes {lhs.shape} and {rhs.shape} differ")
        if step.rel != "=":
            return unchecked(f"relation {step.rel} between matrices")
        return list(zip(lhs, rhs))
    if isinstance(lhs, sympy.Tuple) and isinstance(rhs, sympy.Tuple):
        if len(lhs) != len(rhs):
            return Verdict(Level.REFUTED, "shape", f"lengths {len(lhs)} and {len(rhs)} differ")
        if step.rel != "=":
            return unchecked(f"relation {step.rel} between tuples")
        return list(zip(lhs, rhs))
    if isinstance(lhs, sympy.Expr) and isinstance(rhs, sympy.Expr) and not (lhs.is_infinite or rhs.is_infinite):
        return [(lhs, rhs)]
    return _structural(lhs, step.rel, rhs)


def _structural(lhs, rel: str, rhs) -> Verdict:
    """Limits, sets and other non-expressions: equal when their evaluated forms are identical."""
    if rel != "=":
        return unchecked(f"relation {rel} between {type(lhs).__name__} objects")
    lhs, rhs = lhs.doit(), rhs.doit()
    if lhs == rhs:
        return Verdict(Level.PROVED, "structural identity", "both sides evaluate to the same object")
    outcome = sympy.Eq(lhs, rhs)
    if outcome == sympy.false:
        return Verdict(Level.REFUTED, "structural identity", f"{sympy.sstr(lhs)} differs from {sympy.sstr(rhs)}")
    return unchecked("objects that are neither expressions nor matrices, and not identical")


def check_scalar(lhs: sympy.Expr, rel: str, rhs: sympy.Expr, step: Step) -> Verdict:
    proved = symbolic.check_scalar(lhs - rhs, rel, step.given)
    if proved is not None and proved.level in (Level.PROVED, Level.REFUTED):
        return proved
    on_instances = exact.check_scalar(lhs, rel, rhs, step.instances, step.given)
    if on_instances is not None and on_instances.level is Level.REFUTED:
        return on_instances
    sampled = numeric.check_scalar(lhs, rel, rhs, step.given)
    if sampled is not None and sampled.level is Level.REFUTED:
        return sampled
    if on_instances is not None:
        return on_instances
    if sampled is not None:
        return sampled
    return unchecked("no rule proved it and no point could test it")


def check(step: Step) -> Verdict:
    """The verdict of one step. REFUTED and UNCHECKED are never upgraded to a pass."""
    claims = _scalar_claims(step)
    if isinstance(claims, Verdict):
        return claims
    verdicts = []
    for lhs, rhs in claims:
        verdict = check_scalar(lhs, step.rel, rhs, step)
        if verdict.level is Level.REFUTED:
            return verdict
        verdicts.append(verdict)
    return weakest(verdicts)
