r"""Implications ``P = Q \to x = a, y = b``: the equation's roots against the values concluded."""

from __future__ import annotations

import sympy
from sympy.core.function import UndefinedFunction

from dgmderive.checking.budget import within
from dgmderive.checking.solutions import check_consequence, check_solutions
from dgmderive.grading.chains import LINK_SECONDS
from dgmderive.grading.context import Context
from dgmderive.grading.document import Statement, links
from dgmderive.grading.results import ChainResult, LinkResult
from dgmderive.verdict import unchecked


def implication(line: int, row: int, statement: str, rest: list[Statement], context: Context) -> ChainResult | None:
    r"""``P = Q \to x = a, y = b``: the equation, then an arrow, then assignments (up to the next arrow);
    or ``P = Q \to R = S``, a step of solving it: every solution of the first solves the second."""
    parts, rels = links(statement)
    if rels != ["="] or not rest or not rest[0].after_arrow:
        return None
    if _assignment(rest[0].text, context) is None:
        return _consequence(line, row, statement, rest[0].text, context)
    conclusion = []
    for k, piece in enumerate(rest):
        if k and piece.after_arrow:
            break
        assignment = _assignment(piece.text, context)
        if assignment is None:
            return None
        conclusion.append(assignment)
    sides = [_defined(context.side(p), context) for p in parts]
    if any(not isinstance(s, sympy.Expr) for s in sides):
        return None
    outcome = check_solutions(sides[0] - sides[1], conclusion)
    text = ", ".join(piece.text.strip() for piece in rest[:len(conclusion)])
    link = LinkResult(statement.strip(), "=>", text, outcome.verdict, line=line, row=row)
    if outcome.complex_roots:
        roots = " or ".join(f"{outcome.unknown} = {sympy.sstr(r)}" for r in outcome.complex_roots)
        link.note = f"the equation is also solved by {roots}, which the conclusion leaves out"
    return ChainResult(line, f"{statement.strip()} => {text}", [link])


def _assignment(text: str, context: Context) -> tuple | None:
    parts, rels = links(text)
    if rels != ["="]:
        return None
    variable, value = (context.side(p) for p in parts)
    if isinstance(variable, sympy.Symbol) and isinstance(value, sympy.Expr) and variable not in value.free_symbols:
        return variable, value
    return None


def _consequence(line: int, row: int, statement: str, then: str, context: Context) -> ChainResult | None:
    """``P = 0 \\to R = 0``, two equations to solve: does every solution of the first solve the second?"""
    first, second = links(statement)[0], links(then)
    if second[1] != ["="]:
        return None
    sides = [_defined(context.side(p), context) for p in (*first, *second[0])]
    if any(not isinstance(s, sympy.Expr) or isinstance(s, sympy.MatrixBase) for s in sides) \
            or not all(isinstance(a, sympy.Number) or isinstance(b, sympy.Number) for a, b in (sides[:2], sides[2:])):
        return None  # equations to solve, each against a number (f'(y) = 0); g(z) = z + f(z) defines g
    verdict = within(LINK_SECONDS, lambda: check_consequence(sides[0] - sides[1], sides[2] - sides[3]))
    if verdict is None:
        verdict = unchecked(f"solving the first equation ran past the {LINK_SECONDS:g} CPU seconds a link may take")
    link = LinkResult(statement.strip(), "=>", then.strip(), verdict, line=line, row=row)
    return ChainResult(line, f"{statement.strip()} => {then.strip()}", [link])


def _defined(side, context: Context):
    """A side with the functions the text defines put in (f(y) := a log y: f'(y) is a/y)."""
    if not isinstance(side, sympy.Expr):
        return side
    for name, value in context.where:
        if isinstance(name, UndefinedFunction) and isinstance(value, sympy.Lambda):
            side = side.replace(name, value)
    return side.doit() if side.has(sympy.Derivative) else side
