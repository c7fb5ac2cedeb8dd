"""Checking a claim given as LaTeX (or SymPy): the `check` command and `dgmderive.check`."""

from __future__ import annotations

from typing import Any

import sympy

from dgmderive.checking import check as check_step
from dgmderive.derivation import Step
from dgmderive.parse import (
    ContextNeeded,
    ParseError,
    parse_assumptions,
    parse_conditions,
    parse_expression,
)
from dgmderive.probability_latex import mentions_probability
from dgmderive.relation import Relation
from dgmderive.verdict import Verdict

def claim_step(lhs: Any, rhs: Any, rel: str = "=", assume: tuple[str, ...] | list[str] = (),
               given: tuple = (), where: tuple = ()) -> Step:
    """The claim as a Step; LaTeX strings are parsed, and ParseError says what could not be read.
    ``given`` adds conditions (SymPy relations) and ``where`` definitions (name, value) in force."""
    try:
        rel = Relation.read(rel)
    except ValueError as error:
        raise ParseError(str(error)) from None
    assumptions = parse_assumptions(tuple(assume))
    probability = any(isinstance(side, str) and mentions_probability(side) for side in (lhs, rhs))
    sides = [_read(side, assumptions, probability, other) if isinstance(side, str) else sympy.sympify(side)
             for side, other in ((lhs, rhs), (rhs, lhs))]
    symbols = sides[0].free_symbols | sides[1].free_symbols
    conditions = parse_conditions(assumptions, symbols)
    return Step(sides[0], rel, sides[1], "the claim", conditions + tuple(given), where=tuple(where))


def _read(side: str, assumptions, probability: bool, other) -> sympy.Expr:
    """One side; ``E_q`` on it may learn what q is a density of from the other side."""
    try:
        return parse_expression(side, assumptions, probability)
    except ContextNeeded:
        return parse_expression(side, assumptions, probability, context=str(other))


def check(claim: Any, rhs: Any = None, rel: str = "=", assume: tuple[str, ...] | list[str] = ()) -> Verdict:
    """The verdict of a claim: a Step, or ``lhs rel rhs`` as LaTeX strings or SymPy expressions.

    >>> check(r"\\log(e^{x})", "x").level.value
    'PROVED'
    """
    if isinstance(claim, Step):
        return check_step(claim)
    if rhs is None:
        raise TypeError("check(lhs, rhs, rel='=', assume=()) needs both sides")
    return check_step(claim_step(claim, rhs, rel, assume))
