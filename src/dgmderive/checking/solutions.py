"""Implications from an equation to its solutions, ``P = 0  =>  x = a, y = b``, or to another
equation, ``P = 0  =>  Q = 0`` (each step of solving one).

The conclusion gives each variable one value or several alternatives (``x = 1, x = -1``). The
unknown (the variable the equation has the highest degree in; the last one named on a tie) is solved
for over the complex numbers, and the other variables are drawn at random from their domains: every
solution found must satisfy the conclusion. A real solution that does not refutes the implication;
solutions that fail it only off the real line are reported as left out, since whether they count
depends on what the unknown is (an eigenvalue is complex, a length is not).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from dgmderive.checking.sampling import draw, seed_for
from dgmderive.verdict import Level, Verdict, show, unchecked

DRAWS = 6
METHOD = "roots of the equation"


@dataclass(frozen=True)
class Outcome:
    """The verdict over the reals, and the complex solutions the conclusion leaves out."""

    verdict: Verdict
    unknown: sympy.Symbol | None = None
    complex_roots: tuple = ()


def check_solutions(equation: sympy.Expr, conclusion: list[tuple[sympy.Symbol, sympy.Expr]]) -> Outcome:
    """Does every solution of ``equation = 0`` satisfy the conclusion?"""
    alternatives: dict = {}
    for variable, value in conclusion:
        alternatives.setdefault(variable, []).append(value)
    named = list(alternatives)
    try:
        unknown = max(reversed(named), key=lambda v: sympy.degree(equation, v))
    except sympy.PolynomialError:
        return Outcome(unchecked("the equation is not a polynomial in the variables it is solved for"))
    free = sympy.Symbol(unknown.name)
    roots = sympy.solve(equation.xreplace({unknown: free}), free)
    if not roots:
        return Outcome(unchecked(f"no root of the equation in {unknown} was found"))
    others = sorted(equation.free_symbols - {unknown}, key=sympy.default_sort_key)
    rng = random.Random(seed_for(equation, *conclusion))
    left_out, tested = [], 0
    for _ in range(DRAWS):
        point = {s: draw(s, rng) for s in others}
        for root in roots:
            value = root.xreplace(point)
            solution = {**point, unknown: value}
            satisfied = _satisfies(solution, alternatives, point)
            if satisfied is None:
                continue  # neither shown to satisfy the conclusion nor to break it
            if satisfied:
                tested += value.is_real is True
            elif value.is_real:
                found = tuple((str(k), show(v)) for k, v in solution.items())
                return Outcome(Verdict(Level.REFUTED, METHOD, "a real solution of the equation breaks the "
                                       "conclusion", found), unknown)
            elif value.is_real is False:
                left_out.append(root)
    if tested:
        verdict = Verdict(Level.NUMERIC, METHOD, f"the {tested} real solutions found satisfy it", points=tested)
    else:
        verdict = unchecked("no real solution turned up in the draws")
    return Outcome(verdict, unknown, tuple(dict.fromkeys(left_out)))


def _satisfies(solution: dict, alternatives: dict, point: dict) -> bool | None:
    """Whether the solution gives every named variable one of its values: True, False, or None
    when an equality could be decided neither way."""
    outcome: bool | None = True
    for variable, values in alternatives.items():
        equal = [(solution.get(variable, variable) - value.xreplace(point)).equals(0) for value in values]
        if any(e is True for e in equal):
            continue
        if all(e is False for e in equal):
            return False
        outcome = None
    return outcome


def check_consequence(first: sympy.Expr, second: sympy.Expr) -> Verdict:
    """Does every solution of ``first = 0`` solve ``second = 0``? The first is solved for one of its
    variables (one it has the highest degree in, after clearing denominators), the others drawn
    at random: a real solution where the second is not 0 refutes it."""
    numerator = sympy.together(first).as_numer_denom()[0]
    variables = sorted(first.free_symbols, key=sympy.default_sort_key)
    if not variables:
        return unchecked("the first equation has no unknown")
    try:
        unknown = max(reversed(variables), key=lambda v: sympy.degree(numerator, v))
    except sympy.PolynomialError:
        return unchecked("the first equation is not a polynomial once its denominators are cleared")
    free = sympy.Symbol(unknown.name)
    roots = sympy.solve(first.xreplace({unknown: free}), free)
    if not roots:
        return unchecked(f"no root of the first equation in {unknown} was found")
    others = sorted(first.free_symbols - {unknown}, key=sympy.default_sort_key)
    rng, tested = random.Random(seed_for(first, second)), 0
    for _ in range(DRAWS):
        point = {s: draw(s, rng) for s in others}
        for root in roots:
            value = sympy.nsimplify(root.xreplace(point)) if root.xreplace(point).is_number else None
            if value is None or value.is_real is not True:
                continue
            solution = {**point, unknown: value}
            if first.xreplace(solution).equals(0) is not True:
                continue  # a root SymPy found where the equation is undefined
            rest = second.xreplace(solution)
            if rest.equals(0) is True:
                tested += 1
            elif rest.is_finite and rest.equals(0) is False:
                found = tuple((str(k), show(v)) for k, v in solution.items())
                return Verdict(Level.REFUTED, METHOD, "a real solution of the first equation does not solve the "
                               "second", found)
    if tested:
        return Verdict(Level.NUMERIC, METHOD, f"the {tested} real solutions found solve it", points=tested)
    return unchecked("no real solution turned up in the draws")
