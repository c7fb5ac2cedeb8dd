"""The checker cascade: symbolic, then exact on instances, then numeric; failing closed."""

from __future__ import annotations

import sympy

from dgmderive.checking import exact, finite_models, numeric, store, symbolic
from dgmderive.checking.budget import attempt
from dgmderive.checking.integrals import evaluate
from dgmderive.derivation import Step
from dgmderive.probability import uses_probability
from dgmderive.verdict import Level, Verdict, unchecked, weakest


def _scalar_claims(step: Step) -> list[tuple[sympy.Expr, sympy.Expr]] | Verdict:
    """The step as pairs of scalar sides, or a verdict when its shape already decides it."""
    lhs, rhs = step.resolved()
    for kind, shape in ((sympy.MatrixBase, lambda m: m.shape), (sympy.Tuple, len)):
        if not (isinstance(lhs, kind) or isinstance(rhs, kind)):
            continue
        if not (isinstance(lhs, kind) and isinstance(rhs, kind)):
            return unchecked(f"a {kind.__name__} compared with something else")
        if shape(lhs) != shape(rhs):
            return Verdict(Level.REFUTED, "shape", f"shapes {shape(lhs)} and {shape(rhs)} differ")
        if step.rel != "=":
            return unchecked(f"relation {step.rel} between {kind.__name__} objects")
        return list(zip(lhs, rhs))
    if isinstance(lhs, sympy.Expr) and isinstance(rhs, sympy.Expr) and not (lhs.is_infinite or rhs.is_infinite):
        return [(lhs, rhs)]
    return _structural(lhs, step.rel, rhs)


def _structural(lhs, rel: str, rhs) -> Verdict:
    """Limits, sets and other non-expressions: equal when their evaluated forms are identical."""
    if rel != "=":
        return unchecked(f"relation {rel} between {type(lhs).__name__} objects")
    evaluated = attempt(EVALUATION_SECONDS, lambda: (lhs.doit(), rhs.doit()))
    if evaluated is None:
        return unchecked("the sides could not be evaluated in time")
    lhs, rhs = evaluated
    if lhs == rhs:
        return Verdict(Level.PROVED, "structural identity", "both sides evaluate to the same object")
    outcome = sympy.Eq(lhs, rhs)
    if outcome == sympy.false:
        return Verdict(Level.REFUTED, "structural identity", f"{sympy.sstr(lhs)} differs from {sympy.sstr(rhs)}")
    return unchecked("objects that are neither expressions nor matrices, and not identical")


EVALUATION_SECONDS = 6.0
SYMBOLIC_SECONDS = 6.0
EXACT_SECONDS = 6.0
NUMERIC_SECONDS = 10.0
PROBE_POINTS = 1  # one random point refutes almost every wrong step; the full sample comes later


def check_scalar(lhs: sympy.Expr, rel: str, rhs: sympy.Expr, step: Step) -> Verdict:
    """One scalar claim through the cascade; each stage has a time budget and gives up cleanly.

    A few random points come first (they refute most wrong steps at once), then cheap canonical
    forms and sign rules, then ``simplify``, then exact instances, then the full numeric sample.
    Claims in probability notation go to random finite models instead.
    """
    if uses_probability(lhs) or uses_probability(rhs):
        verdict = attempt(NUMERIC_SECONDS, lambda: finite_models.check_scalar(lhs, rel, rhs, step.given))
        return verdict or unchecked("the finite models broke down or ran out of time")
    closed = (lhs - rhs).is_number
    evaluated = attempt(EVALUATION_SECONDS, lambda: (evaluate(lhs), evaluate(rhs)))
    if evaluated is not None:
        lhs, rhs = evaluated
    given = step.given

    def symbolic_stage(stage: str) -> Verdict | None:
        return attempt(SYMBOLIC_SECONDS, lambda: symbolic.check_scalar(lhs, rel, rhs, given, closed=closed,
                                                                      stage=stage))

    def decisive(verdict: Verdict | None) -> bool:
        return verdict is not None and verdict.level in (Level.PROVED, Level.REFUTED)

    quick = symbolic_stage("quick")
    if decisive(quick):
        return quick
    if not closed:
        probe = attempt(NUMERIC_SECONDS, lambda: numeric.check_scalar(lhs, rel, rhs, given, count=PROBE_POINTS))
        if probe is not None and probe.level is Level.REFUTED:
            return probe
    proved = symbolic_stage("forms")
    if decisive(proved):
        return proved
    if rel == "=":
        proved = symbolic_stage("simplify")
        if decisive(proved):
            return proved
    on_instances = attempt(EXACT_SECONDS, lambda: exact.check_scalar(lhs, rel, rhs, step.instances, given))
    if on_instances is not None and on_instances.level is Level.REFUTED:
        return on_instances
    sampled = attempt(NUMERIC_SECONDS, lambda: numeric.check_scalar(lhs, rel, rhs, given))
    if sampled is not None and sampled.level is Level.REFUTED:
        return sampled
    if on_instances is not None:
        return on_instances
    if sampled is not None:
        return sampled
    return unchecked("no rule proved it and no point could test it")


def _check_measured(step: Step, claims) -> Verdict:
    """Measured sides are compared as they are; agreement is evidence (NUMERIC), never proof."""
    for lhs, rhs in claims:
        if not (lhs.is_number and rhs.is_number):
            return unchecked("a measured step must compare numbers")
        verdict = symbolic.check_scalar(lhs, step.rel, rhs, (), closed=True, stage="quick")
        if verdict is None:
            return unchecked("the measured values could not be compared")
        if verdict.level is Level.REFUTED:
            return Verdict(Level.REFUTED, step.measured, verdict.evidence, verdict.counterexample)
    return Verdict(Level.NUMERIC, step.measured, "measured values compared", points=1)


_known: dict[Step, Verdict] = {}


def check(step: Step) -> Verdict:
    """The verdict of one step. REFUTED and UNCHECKED are never upgraded to a pass.

    Checking is deterministic (seeded points, fixed budgets aside), so a step met again is answered
    from memory: this process's, or the store on disk (see :mod:`dgmderive.checking.store`).
    """
    if step not in _known:
        verdict = store.load(step)
        if verdict is None:
            verdict = _check(step)
            store.save(step, verdict)
        _known[step] = verdict
    return _known[step]


def _check(step: Step) -> Verdict:
    try:
        claims = _scalar_claims(step)
    except (sympy.ShapeError, TypeError, ValueError) as error:  # a matrix put where a number was written
        return unchecked(f"the definitions do not fit the claim: {error}")
    if step.measured and not isinstance(claims, Verdict):
        return _check_measured(step, claims)
    if isinstance(claims, Verdict):
        return claims
    verdicts = []
    for lhs, rhs in claims:
        verdict = check_scalar(lhs, step.rel, rhs, step)
        if verdict.level is Level.REFUTED:
            return verdict
        verdicts.append(verdict)
    return weakest(verdicts)
