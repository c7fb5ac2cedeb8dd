r"""The laws a text gives its densities, in force for the links after them: ``q = \mathcal{N}(\mu,
\sigma^2)`` in prose, or a row ``q(x) = \frac{1}{\sqrt{2\pi}\sigma} e^{...}`` that writes a density's
formula. A link about such a density is checked with its formula (an expectation over it becomes the
integral over the line); one that the formula cannot be put into (a density conditioned, or mixed
with densities the text leaves open) is never refuted by models in which that density is arbitrary.
"""

from __future__ import annotations

import dataclasses

import sympy
from sympy.core.function import AppliedUndef, UndefinedFunction

from dgmderive.grading.context import Context, Law
from dgmderive.probability import Density, normal_form, uses_probability, with_laws
from dgmderive.verdict import Level, Verdict


def state_law(family: str, value: sympy.Lambda | None, source: str, context: Context,
              conditions: tuple[str, ...] = ()) -> None:
    r"""The law of a density family, from here on: its formula (a function of one variable), or None
    when the text names a law that is not written out here (a conditional normal density), with
    the assumptions it takes for granted (``\sigma>0``)."""
    context.laws = {**context.laws, family: Law(value, source, conditions)}


def formula_row(left, right, source: str, context: Context) -> None:
    r"""After a link ``q(x) = formula`` (a density of one variable, conditioned on nothing, against a
    formula with no probability notation that depends on x): the text has said what q is, and the
    links after it are checked with that formula (a first such row, while q has no law yet)."""
    family = _family(left, context)
    if family is None or family in context.laws or not isinstance(right, sympy.Expr) or uses_probability(right):
        return
    variable = left.args[0] if isinstance(left, AppliedUndef) else left.variables[0]
    if variable in right.free_symbols:
        state_law(family, sympy.Lambda((variable,), right), source, context)


def unread_formula(left, source: str, context: Context) -> None:
    """After a link ``q(x) = ...`` whose right side cannot be read: the text may have said what q is,
    so q has a law from here on that the check cannot put in (see :func:`guarded`)."""
    family = _family(left, context)
    if family is not None and family not in context.laws:
        state_law(family, None, source, context)


def _family(left, context: Context) -> str | None:
    """The family of a density of one variable conditioned on nothing (``q(x)``, read as a density
    or as a call of a letter the text uses as a density), or None."""
    if isinstance(left, Density) and len(left.variables) == 1 and not left.given:
        return left.family.name
    if isinstance(left, AppliedUndef) and len(left.args) == 1 and isinstance(left.args[0], sympy.Symbol) \
            and left.func.__name__ in context.densities:
        return left.func.__name__
    return None


def written_out(steps: tuple, context: Context) -> tuple[tuple, frozenset[str]]:
    """The readings of a link with the formulas of the laws in force put in (and the definitions in
    force written in the link's own symbols), and the families with
    a law that are left in them as densities (their models would be arbitrary densities) once the
    rules that hold for every density have been applied (E_q[c] = c leaves no q)."""
    out, left = [], set()
    for step in steps:
        sides = [side for side in (step.lhs, step.rhs) if isinstance(side, sympy.Basic)]
        named = {s.name: s for side in sides for s in side.free_symbols if isinstance(s, sympy.Symbol)}
        formulas = {family: _renamed(value, named) for family, value in _formulas(context).items()}
        lhs, rhs = (with_laws(side, formulas) if isinstance(side, sympy.Expr) else side
                    for side in (step.lhs, step.rhs))
        where = tuple((name, _renamed(value, named)) for name, value in step.where)
        out.append(dataclasses.replace(step, lhs=lhs, rhs=rhs, where=where))
        left |= {d.family.name for side in (lhs, rhs) if isinstance(side, sympy.Expr)
                 for d in normal_form(side).atoms(Density) if d.family.name in context.laws}
    return tuple(out), frozenset(left)


def _formulas(context: Context) -> dict[str, sympy.Lambda]:
    """The formula of each density family that has one: from its law, or from a definition of the
    letter as a function of one variable (``q(x) = ...`` before q is used as a density)."""
    defined = {name.__name__: value for name, value in context.where
               if isinstance(name, UndefinedFunction) and isinstance(value, sympy.Lambda) and len(value.variables) == 1}
    return {**defined, **{family: law.value for family, law in context.laws.items() if law.value is not None}}


def _renamed(value, named: dict):
    """A formula or definition whose symbols are the link's own of the same name (the link may read
    a name with assumptions, such as sigma > 0, that the text stated after the formula)."""
    if not isinstance(value, sympy.Basic):
        return value
    return value.xreplace({s: named[s.name] for s in value.free_symbols
                           if isinstance(s, sympy.Symbol) and s.name in named and named[s.name] != s})


def guarded(verdict: Verdict, families: frozenset[str], context: Context) -> Verdict:
    """A refutation that treats densities with a law in the text as arbitrary does not stand."""
    if verdict.level is not Level.REFUTED or not families:
        return verdict
    said = "; ".join(f"{family}: {context.laws[family].source}" for family in sorted(families))
    return Verdict(Level.UNCHECKED, "none", f"it fails for some densities, but the text gives {', '.join(sorted(families))} "
                   f"a law ({said}) that the check cannot put in", notes=verdict.notes)
