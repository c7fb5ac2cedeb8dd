r"""Relations that are not equalities: ``\propto`` checked as equality up to a factor free of the
named variables; ``\approx``, ``\sim`` and their kin not graded, each with the reason.

Where a display is split into links, a link whose relation is ``\propto`` goes to
:func:`check_proportional`, and one whose relation is in :data:`dgmderive.relation.NOT_GRADED` is
reported with its reason rather than checked.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from dgmderive.claims import best_reading
from dgmderive.derivation import Step
from dgmderive.parse import GREEK, ParseError, parse_assumptions, parse_conditions, read_claim
from dgmderive.probability import Density, uses_probability
from dgmderive.verdict import Verdict

def check_proportional(lhs: str, rhs: str, variables: Sequence[str] | None = None,
                       assume: Sequence[str] = ()) -> Verdict:
    r"""The verdict of ``lhs \propto rhs`` as functions of ``variables`` (by default the variables
    that the densities of lhs are densities of, such as z in p(z|x); without densities, the Latin
    letters of both sides, Greek ones being parameters): lhs / rhs takes one value wherever the
    variables are, so for a copy v' of each variable v, L(v) R(v') = L(v') R(v), with logarithms
    of the densities when both sides are densities. Refuted only when every reading is."""
    assumptions = parse_assumptions(tuple(assume))
    steps = []
    for reading in read_claim((lhs, rhs), assumptions):
        left, right = reading.sides
        if not all(isinstance(side, sympy.Expr) for side in (left, right)):
            raise ParseError(r"\propto is read between expressions")
        named = _variables(left, right, variables)
        if not named:
            raise ParseError(rf"{lhs} \propto {rhs}: no variable to be proportional in")
        copy = {v: sympy.Symbol(_copy(v.name), **v.assumptions0) for v in named}
        moved = lambda e: e.xreplace(copy)  # noqa: E731
        if uses_probability(left) and uses_probability(right):
            claim = (sympy.log(left) + sympy.log(moved(right)), sympy.log(moved(left)) + sympy.log(right))
        else:
            claim = (left * moved(right), moved(left) * right)
        conditions = parse_conditions(assumptions, left.free_symbols | right.free_symbols)
        why = f"proportional in {', '.join(v.name for v in named)}" + (f", {reading.description}"
                                                                       if reading.description else "")
        steps.append(Step(*claim[:1], "=", claim[1], why, conditions))
    return best_reading(steps)[1]


def _copy(name: str) -> str:
    """The name of a copy of a variable: another draw of it (z_′ beside z), which no text types."""
    return f"{name}′" if "_" in name else f"{name}_′"


def _variables(left: sympy.Expr, right: sympy.Expr, names: Sequence[str] | None) -> list[sympy.Symbol]:
    symbols = left.free_symbols | right.free_symbols
    if names is not None:
        return sorted((s for s in symbols if s.name in names), key=sympy.default_sort_key)
    densities = left.atoms(Density)
    if densities:
        return sorted({v for d in densities for v in d.variables}, key=sympy.default_sort_key)
    return sorted((s for s in symbols if isinstance(s, sympy.Symbol) and s.name.split("_")[0] not in GREEK),
                  key=sympy.default_sort_key)
