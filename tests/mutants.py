"""Wrong versions of true steps: a changed constant, a flipped sign, a doubled side, a changed matrix
entry, a swapped relation. Every one must be REFUTED."""

from __future__ import annotations

import pytest
import sympy

from dgmderive import Question, Step, verify

SWAPPED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def mutants(step: Step):
    lhs, rhs = step.resolved()
    if isinstance(rhs, sympy.MatrixBase):
        for i in range(len(rhs)):
            changed = sympy.Matrix(rhs)
            changed[i] += 1
            yield "=", lhs, changed
    elif isinstance(rhs, sympy.Expr) and rhs.is_finite is not False:
        if step.rel == "=":
            yield "=", lhs, rhs + 1
            if rhs != 0:
                yield "=", lhs, -rhs
                yield "=", lhs, 2 * rhs
        elif step.rel in SWAPPED:
            yield SWAPPED[step.rel], lhs, rhs


def levels(question: Question) -> list:
    """The level of every step of every part of ``question``."""
    return [v.level for part in question.derive() for v in verify(part).verdicts]


def all_mutants(question: Question) -> list:
    """pytest parameters: one mutant of every step of ``question`` (the kind taken in turn, step by
    step, so that every kind is tried across the sheet), named by part and step."""
    params = []
    for part in question.derive():
        for n, step in enumerate(part.steps, start=1):
            found = list(mutants(step))
            if found:
                rel, lhs, rhs = found[n % len(found)]
                params.append(pytest.param(Step(lhs, rel, rhs, step.why, step.given, step.instances),
                                           id=f"{part.id}-step{n}-{n % len(found)}"))
    return params


def every_mutant() -> list:
    """All mutants of all questions of the sheet."""
    from dgmderive.questions import load_questions

    params = []
    for question in load_questions():
        params += all_mutants(question)
    return params
