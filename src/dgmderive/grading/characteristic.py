r"""A square matrix, an arrow, then an equation: the matrix's characteristic equation, checked
against its determinant."""

from __future__ import annotations

import sympy

from dgmderive.grading.context import Context
from dgmderive.grading.document import Statement, links
from dgmderive.grading.results import ChainResult, LinkResult
from dgmderive.verdict import Entry, Kind, Level, Verdict


def characteristic(line: int, row: int, statement: str, rest: list[Statement], context: Context) -> ChainResult | None:
    r"""A square matrix, an arrow, then an equation (``A - \lambda I \to (1-\lambda)^2 + \alpha^2 = 0``):
    the equation must be the matrix's determinant set to zero, up to a constant factor."""
    if links(statement)[1] or not rest or not rest[0].after_arrow:
        return None
    matrix = context.side(statement)
    parts, rels = links(rest[0].text)
    if not (isinstance(matrix, sympy.MatrixBase) and matrix.is_square and rels == ["="]):
        return None
    sides = [context.side(p) for p in parts]
    if any(not isinstance(side, sympy.Expr) for side in sides):
        return None
    det = sympy.expand(matrix.det())
    factor = sympy.cancel((sides[0] - sides[1]) / det) if det != 0 else sympy.nan
    if factor.is_number and factor.is_finite and factor != 0:
        verdict = Verdict(Level.PROVED, "determinant", f"the equation is det = 0 times {sympy.sstr(factor)}")
    else:
        verdict = _root_off_determinant(sides[0] - sides[1], det) or Verdict(
            Level.UNCHECKED, "determinant", f"the determinant is {sympy.sstr(det)}, of which the equation is no "
            "constant multiple")
    link = LinkResult(statement.strip(), "=>", rest[0].text.strip(), verdict, line=line, row=row)
    return ChainResult(line, f"{statement.strip()} => {rest[0].text.strip()}", [link])


def _root_off_determinant(equation: sympy.Expr, det: sympy.Expr) -> Verdict | None:
    """A solution of the equation where the determinant does not vanish, as a refutation."""
    symbols = sorted(equation.free_symbols, key=sympy.default_sort_key)
    if not symbols:
        return None
    unknown = max(symbols, key=lambda v: sympy.degree(equation, v) if equation.is_polynomial(v) else 0)
    others = {s: sympy.Integer(k + 2) for k, s in enumerate(symbols) if s != unknown}
    for root in sympy.solve(equation.xreplace(others), unknown):
        point = {**others, unknown: root}
        value = sympy.simplify(det.xreplace(point))
        if value.equals(0) is False:
            return Verdict(Level.REFUTED, "determinant", f"a solution of the equation where the determinant is "
                           f"{sympy.sstr(value)}",
                           tuple(Entry(str(k), sympy.sstr(v), Kind.SYMBOL) for k, v in point.items()))
    return None
