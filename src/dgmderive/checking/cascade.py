"""The checker cascade: a table of stages, each with what it may conclude and its budget; failing closed.

A stage is a function ``(claim) -> Verdict | None`` that runs under its own budget of CPU time
(see :mod:`dgmderive.checking.budget`): None, running out of time and breaking on the input all
mean that it decided nothing. The cascade runs the stages in order; the first PROVED or REFUTED
ends it, and EXACT or NUMERIC support is kept while the later stages look for a refutation. A
verdict outside a stage's contract is a defect of that stage, and is discarded, never believed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef

from dgmderive.checking import closed_forms, decision, exact, finite_models, numeric, symbolic
from dgmderive.checking.budget import attempt
from dgmderive.checking.claim import Claim
from dgmderive.derivation import Step
from dgmderive.markers import holds_opaque, is_opaque
from dgmderive.verdict import Level, Verdict, show, unchecked, weakest

DECIDES = frozenset({Level.PROVED, Level.REFUTED})
PROVES = frozenset({Level.PROVED})
REFUTES = frozenset({Level.REFUTED})
EVALUATION_SECONDS = 3.0


def _always(claim: Claim) -> bool:
    return True


def _plain(claim: Claim) -> bool:
    return not claim.probability


def _open_plain(claim: Claim) -> bool:
    return not claim.closed and not claim.probability


def _plain_identity(claim: Claim) -> bool:
    return claim.rel == "=" and not claim.probability


@dataclass(frozen=True)
class Stage:
    """One row of the cascade: its name, the function, the levels it may conclude, its CPU budget
    in seconds, and which claims it applies to."""

    name: str
    run: Callable[[Claim], Verdict | None]
    concludes: frozenset
    seconds: float
    applies: Callable[[Claim], bool] = _always


STAGES: tuple[Stage, ...] = (
    Stage("probability", finite_models.check, DECIDES | {Level.NUMERIC}, 10.0, lambda claim: claim.probability),
    Stage("quick forms", symbolic.quick, DECIDES, 6.0, _plain),
    Stage("probe", numeric.probe, REFUTES, 10.0, _open_plain),
    Stage("decision", decision.decide, DECIDES, 6.0, _plain),
    Stage("forms", symbolic.forms, DECIDES, 6.0, _plain),
    Stage("simplify", symbolic.simplified, DECIDES, 6.0, _plain_identity),
    Stage("abstraction", decision.prove_by_abstraction, PROVES, 6.0, _plain),
    Stage("instances", exact.on_instances, REFUTES | {Level.EXACT}, 6.0, _plain),
    Stage("sampling", numeric.sample, REFUTES | {Level.NUMERIC}, 10.0, _plain),
)


def run_stages(claim: Claim, stages: tuple[Stage, ...] | None = None) -> Verdict:
    """The claim through ``stages`` (by default :data:`STAGES`): the first decisive verdict, else
    the strongest support."""
    support: list[Verdict] = []
    for stage in STAGES if stages is None else stages:
        if not stage.applies(claim):
            continue
        verdict = attempt(stage.seconds, lambda stage=stage: stage.run(claim))
        if verdict is None or verdict.level not in stage.concludes:
            continue
        if verdict.level in DECIDES:
            return verdict
        support.append(verdict)
    if support:
        return max(support, key=lambda v: v.level.rank)
    return unchecked("no rule proved it and no point could test it")


def check_scalar(lhs: sympy.Expr, rel, rhs: sympy.Expr, step: Step, stages: tuple[Stage, ...] | None = None) -> Verdict:
    """One scalar claim of ``step``: its closed forms taken (and refuted where they fail), then the
    stages (by default :data:`STAGES`)."""
    closed, given = (lhs - rhs).is_number, step.given
    prepared = attempt(EVALUATION_SECONDS, lambda: closed_forms.prepare(lhs, rel, rhs, given))
    if prepared is not None:
        if prepared.refutation is not None:
            return prepared.refutation
        lhs, rhs, given = prepared.lhs, prepared.rhs, prepared.given
    return run_stages(Claim(lhs, step.rel, rhs, given, step.instances, closed), stages)


PROVING = tuple(stage for stage in STAGES if Level.PROVED in stage.concludes)  # where only a proof would decide


def _scalar_claims(step: Step) -> list[tuple[sympy.Expr, sympy.Expr]] | Verdict:
    """The step as pairs of scalar sides, or a verdict when its shape already decides it. A 1 x 1
    matrix against a scalar (``u^T u = 5``) is its entry."""
    lhs, rhs = step.resolved()
    if isinstance(lhs, sympy.MatrixBase) != isinstance(rhs, sympy.MatrixBase):
        lhs, rhs = (side[0, 0] if isinstance(side, sympy.MatrixBase) and side.shape == (1, 1) else side
                    for side in (lhs, rhs))
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
        return Verdict(Level.REFUTED, "structural identity", f"{show(lhs)} differs from {show(rhs)}")
    return unchecked("objects that are neither expressions nor matrices, and not identical")


def _check_measured(step: Step, claims) -> Verdict:
    """Measured sides are compared as they are; agreement is evidence (NUMERIC), never proof."""
    for lhs, rhs in claims:
        if not (lhs.is_number and rhs.is_number):
            return unchecked("a measured step must compare numbers")
        verdict = symbolic.decide_number(lhs - rhs, step.rel, "exact arithmetic")
        if verdict is None:
            return unchecked("the measured values could not be compared")
        if verdict.level is Level.REFUTED:
            return Verdict(Level.REFUTED, step.measured, verdict.evidence, verdict.counterexample)
    return Verdict(Level.NUMERIC, step.measured, "measured values compared", points=1)


def decide(step: Step) -> Verdict:
    """The verdict of one step from the stages, without memory (see :func:`dgmderive.checking.check`).
    An extremum's value, or a moment's over a law the text does not say, is not computed: where one
    is left in the claim, a verdict short of proof (which holds for every value it may take) says
    nothing."""
    opaque = _opaque_left(step)
    verdict = _check_claim(step, PROVING if opaque else None)
    if verdict.level is not Level.PROVED and opaque:
        return unchecked(f"it depends on the value of {', '.join(opaque)}, which is not computed")
    if step.instance and verdict.level is Level.PROVED:  # proved here, the general claim only at this instance
        return Verdict(Level.EXACT, verdict.method, f"{verdict.evidence}, at the instance {step.instance} only")
    return verdict


def _opaque_left(step: Step) -> list[str]:
    """The values not computed (see :func:`dgmderive.markers.is_opaque`) that remain in the
    difference of the sides."""
    if not holds_opaque(step.lhs, step.rhs, *(value for _, value in step.where)):
        return []
    try:
        lhs, rhs = step.resolved()
        difference = sympy.expand(lhs - rhs)
    except (TypeError, ValueError, sympy.ShapeError):
        lhs, rhs = step.lhs, step.rhs
        difference = sympy.Tuple(lhs, rhs)
    left = {call.func for call in difference.atoms(AppliedUndef) if is_opaque(call.func)}
    calls = {call for side in (lhs, rhs) if isinstance(side, sympy.Basic)
             for call in side.atoms(AppliedUndef) if call.func in left}
    return sorted(show(call) if call.args else call.func.__name__ for call in calls
                  if not any(other.args and other.args[0].has(call) for other in calls - {call}))


def _check_claim(step: Step, stages: tuple[Stage, ...] | None = None) -> Verdict:
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
        verdict = check_scalar(lhs, step.rel, rhs, step, stages)
        if verdict.level is Level.REFUTED:
            return verdict
        verdicts.append(verdict)
    return weakest(verdicts)
