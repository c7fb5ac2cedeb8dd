r"""Implications ``P = Q \to x = a, y = b``: the equation's roots against the values concluded."""

from __future__ import annotations

import sympy

from dgmderive.checking.solutions import check_solutions
from dgmderive.grading.context import Context
from dgmderive.grading.document import Statement, links
from dgmderive.grading.results import ChainResult, LinkResult


def implication(line: int, row: int, statement: str, rest: list[Statement], context: Context) -> ChainResult | None:
    r"""``P = Q \to x = a, y = b``: the equation, then an arrow, then assignments (up to the next arrow)."""
    parts, rels = links(statement)
    if rels != ["="] or not rest or not rest[0].after_arrow:
        return None
    conclusion = []
    for k, piece in enumerate(rest):
        if k and piece.after_arrow:
            break
        assignment = _assignment(piece.text, context)
        if assignment is None:
            return None
        conclusion.append(assignment)
    sides = [context.side(p) for p in parts]
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
