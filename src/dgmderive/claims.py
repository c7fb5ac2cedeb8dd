"""Checking a claim given as LaTeX (or SymPy): the `check` command and `dgmderive.check`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import sympy
from sympy.core.function import UndefinedFunction

from dgmderive.checking import check as check_step
from dgmderive.derivation import Step
from dgmderive.markers import holds_opaque
from dgmderive.parse import ParseError, parse_assumptions, parse_conditions, read_claim
from dgmderive.probability import uses_probability
from dgmderive.probability_latex import DENSITY, GREEK_PARAMETER, ONE_MODEL, mentions_probability
from dgmderive.relation import Relation
from dgmderive.verdict import Level, Verdict


def claim_steps(lhs: Any, rhs: Any, rel: str = "=", assume: tuple[str, ...] | list[str] = (),
                given: tuple = (), where: tuple = ()) -> tuple[Step, ...]:
    """The readings of the claim as Steps: one, or two when a letter may be a function or a factor
    (``f(x+1)`` where f also stands alone; see :func:`dgmderive.parse.read_claim`), each step's
    ``why`` saying how it reads the letter. LaTeX strings are parsed, and ParseError (the only
    exception for unreadable input) says what could not be read. ``given`` adds conditions (SymPy
    relations) and ``where`` definitions (name, value) in force; a function it defines is a function,
    and a matrix it defines is read as that matrix."""
    try:
        rel = Relation.read(rel)
    except ValueError as error:
        raise ParseError(str(error)) from None
    assumptions = parse_assumptions(tuple(assume))
    texts = [side for side in (lhs, rhs) if isinstance(side, str)]
    functions = [name.__name__ for name, _ in where if isinstance(name, UndefinedFunction)]
    matrices = [(name.name, value) for name, value in where
                if isinstance(name, sympy.Symbol) and isinstance(value, sympy.MatrixBase)]
    models = MODELS if _parameters_differ(texts) else {True: ""}
    steps = []
    for one_model, said in models.items():
        token = ONE_MODEL.set(one_model)
        try:
            readings = read_claim(texts, assumptions, functions=functions, matrices=matrices)
            if _names_probability(readings, where):  # then p_\theta(x) beside the name is a density too
                readings = read_claim(texts, assumptions, True, functions=functions, matrices=matrices)
        finally:
            ONE_MODEL.reset(token)
        for reading in readings:
            written = iter(reading.sides)
            sides = [next(written) if isinstance(side, str) else sympy.sympify(side) for side in (lhs, rhs)]
            conditions = tuple(c for c in parse_conditions(assumptions, sides[0].free_symbols | sides[1].free_symbols)
                               if not holds_opaque(c))  # f(E[x]) >= E[f(x)] over an unsaid law: nothing to test with
            why = f"the claim, with {reading.description}" if reading.description else "the claim"
            steps.append(Step(sides[0], rel, sides[1], why + said, conditions + tuple(g for g in given if not holds_opaque(g)),
                              where=tuple(where)))
    return tuple(steps)


def _names_probability(readings, where: tuple) -> bool:
    """Whether a claim read without probability notation names something that ``where`` defines in
    it (``\\log p_\\theta(x) \\le \\mathcal{L}(\\phi)``, the ELBO defined as an expectation)."""
    if any(uses_probability(side) for reading in readings for side in reading.sides):
        return False
    named = {value for reading in readings for side in reading.sides
             for value in (*side.free_symbols, *(call.func for call in side.atoms(sympy.core.function.AppliedUndef)))}
    return any(name in named and isinstance(value, sympy.Basic) and uses_probability(value) for name, value in where)


# p_\theta beside p (or q_\phi beside q_\psi): one model at other parameters, or other densities.
# The claim is read both ways; it holds only if it holds in both, and is refuted only if both fail.
MODELS = {True: ", a Greek subscript naming parameters of one model",
          False: ", densities with other subscripts other densities"}
def _parameters_differ(texts: Sequence[str]) -> bool:
    """Whether a density letter is written with a Greek subscript and also without it, or with
    another one (p_\\theta(x) and p(x)), in probability notation."""
    if not any(mentions_probability(text) for text in texts):
        return False
    seen: dict[str, set[str]] = {}
    for match in DENSITY.finditer(" ".join(texts)):
        sub = (match.group("sub") or "").strip("{} ").lstrip("\\")
        if not sub or GREEK_PARAMETER.match(sub):
            seen.setdefault(match.group("letter"), set()).add(sub)
    return any(len(subs) > 1 for subs in seen.values())


def claim_step(lhs: Any, rhs: Any, rel: str = "=", assume: tuple[str, ...] | list[str] = (),
               given: tuple = (), where: tuple = ()) -> Step:
    """The claim's first reading as a Step (see :func:`claim_steps`)."""
    return claim_steps(lhs, rhs, rel, assume, given, where)[0]


def best_reading(steps: Sequence[Step], verdict_of: Callable[[Step], Verdict] = check_step) -> tuple[Step, Verdict]:
    """The reading with the strongest verdict (each judged by ``verdict_of``), and that verdict: a
    claim is refuted only when every reading is. With several readings, the verdict's notes say which one it is. Where the claim is
    read with Greek subscripts naming one model and naming other densities (see :data:`MODELS`), it
    holds only if it holds both ways: otherwise it is undecided, with a note saying how it reads."""
    groups = {said: [s for s in steps if s.why.endswith(said)] for said in MODELS.values()}
    if all(groups.values()):
        results = [_best_of(group, verdict_of) for group in groups.values()]
        verdicts = [verdict for _, verdict in results]
        note = "; ".join(f"{said.lstrip(', ')}: {verdict.level.value}"
                         for said, verdict in zip(MODELS.values(), verdicts))
        if all(v.holds for v in verdicts) or all(v.level is Level.REFUTED for v in verdicts):
            step, verdict = min(results, key=lambda result: result[1].level.rank)
            return step, dataclasses.replace(verdict, notes=(*verdict.notes, note))
        return results[0][0], Verdict(Level.UNCHECKED, "none", "it holds read one way and not the other, and the "
                                      "text does not say which it means", notes=(note,))
    return _best_of(steps, verdict_of)


def _best_of(steps: Sequence[Step], verdict_of: Callable[[Step], Verdict]) -> tuple[Step, Verdict]:
    verdicts: list[Verdict] = []
    for step in steps:
        verdicts.append(verdict_of(step))
        if verdicts[-1].level is Level.PROVED:
            break
    if len(steps) == 1:
        return steps[0], verdicts[0]
    best = max(range(len(verdicts)), key=lambda k: verdicts[k].level.rank)
    if verdicts[best].level is Level.REFUTED:
        note = "refuted in every reading: " + "; ".join(step.why for step in steps)
    else:
        order = [best] + [k for k in range(len(verdicts)) if k != best]
        note = "; ".join(f"{steps[k].why}: {verdicts[k].level.value}" for k in order)
    return steps[best], dataclasses.replace(verdicts[best], notes=(*verdicts[best].notes, note))


def check(claim: Any, rhs: Any = None, rel: str = "=", assume: tuple[str, ...] | list[str] = ()) -> Verdict:
    """The verdict of a claim: a Step, or ``lhs rel rhs`` as LaTeX strings or SymPy expressions,
    refuted only when every reading of it is (see :func:`claim_steps`). Unreadable input raises
    ParseError.

    >>> check(r"\\log(e^{x})", "x").level.value
    'PROVED'
    """
    if isinstance(claim, Step):
        return check_step(claim)
    if rhs is None:
        raise TypeError("check(lhs, rhs, rel='=', assume=()) needs both sides")
    return best_reading(claim_steps(claim, rhs, rel, assume))[1]
