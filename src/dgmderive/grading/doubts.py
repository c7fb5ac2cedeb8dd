r"""Readings of a link under which a refutation does not stand: the link fails as the checker reads
it, but the text may well mean something that holds. Each doubt looks at the link's readings and
says why, or nothing; a refuted link with a doubt is undecided, with the doubt as its evidence.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy.core.function import AppliedUndef

from dgmderive.grading.context import Context
from dgmderive.probability import Density


def _sides(steps) -> list[sympy.Basic]:
    """Both sides of each reading, with the definitions in force put in."""
    return [side for step in steps for side in _resolved(step) if isinstance(side, sympy.Basic)]


def _resolved(step) -> tuple:
    try:
        return step.resolved()
    except (TypeError, ValueError, sympy.ShapeError):  # a definition that does not fit the claim
        return step.lhs, step.rhs


def capitals_of_densities(steps, context: Context) -> str:
    """Distributions named by a capital (P, Q_\\phi) whose small letter the text uses for densities:
    the link may mean those densities."""
    capitals = sorted({d.family.name for side in _sides(steps) for d in side.atoms(Density)
                       if d.family.name[:1].isupper() and d.family.name[:1].lower() in context.densities})
    return (f"it fails for arbitrary distributions {', '.join(capitals)}, but the text writes their densities with "
            "small letters, which this link does not tie them to") if capitals else ""


def unused_index(steps, context: Context) -> str:
    """A sum whose terms have variables but not its index (``\\sum_{d=1}^D (1 + \\log \\sigma^2)``,
    where the text means \\sigma_d)."""
    for side in _sides(steps):
        for node in side.atoms(sympy.Sum):
            for limit in node.limits:
                if not node.function.has(limit[0]) and node.function.free_symbols:  # not a count: 1
                    index = limit[0]
                    return (f"it fails as written, but its sum over {index} does not use {index}: its terms may be "
                            f"quantities indexed by {index} written without the index")
    return ""


def components_beside_vector(steps, context: Context) -> str:
    """Members x_j of a sum beside a free x of the same letter (``\\log g(x|z) = \\sum_j \\log
    g(x_j|z)``): they may be x's components, which the checker reads as other draws."""
    outside = [side.replace(lambda e: isinstance(e, sympy.Indexed), lambda e: sympy.Dummy()) for side in _sides(steps)]
    letters = {s.name for side in outside for s in side.free_symbols if isinstance(s, sympy.Symbol)}
    for side in _sides(steps):
        for node in side.atoms(sympy.Sum):
            members = {i.base.label.name for i in node.atoms(sympy.Indexed) if i.free_symbols & set(node.variables)}
            if both := sorted(members & letters):
                return (f"it fails reading {both[0]} and its members {both[0]}_j as different variables, but they "
                        f"may be the vector {both[0]} and its components")
    return ""


def aggregate_marginal(steps, context: Context) -> str:
    """A family's conditional density q(z|x) beside its marginal q(z), where x is drawn from another
    family's p(x) and q(x) is not written: q(z) may be the marginal of p(x) q(z|x) (the aggregate
    posterior), which the checker, giving q a law of x of its own, does not read."""
    densities = {d for side in _sides(steps) for d in side.atoms(Density)}
    for conditional in sorted(densities, key=str):
        family, variables = conditional.family, conditional.variables
        if not any(d.family == family and d.variables == variables and not d.given for d in densities):
            continue
        for given in conditional.given:
            own = any(d.family == family and given in d.variables for d in densities)
            other = next((d for d in densities if d.family != family and d.variables == (given,)), None)
            if other is not None and not own:
                return (f"it fails when {family} has a law of {given} of its own, but {family}"
                        f"({', '.join(map(str, variables))}) may be the marginal of {other} {conditional}")
    return ""


def constant_under_derivative(steps, context: Context) -> str:
    """A derivative of a named quantity whose arguments do not hold its variable (``\\nabla_\\theta
    \\text{ELBO}(q)``, q a density with parameter theta): the checker takes it for 0, though the
    quantity may depend on the variable through what it names."""
    for side in _sides(steps):  # with the definitions in force put in: a function the text defines is known
        for derivative in side.atoms(sympy.Derivative):
            variables = set(derivative.variables)
            for call in derivative.expr.atoms(AppliedUndef):
                if not call.free_symbols & variables:
                    return (f"it fails taking the derivative of {call} in {', '.join(map(str, variables))} as 0, "
                            "but what it names may depend on it")
    return ""


def change_of_base(steps, context: Context) -> str:
    """A claim with the logarithm of 10 or 2 beside logarithms of what varies (``A \\frac{1}{\\ln 10}
    \\frac{1}{x}`` for the derivative of ``A \\log x``): its ``\\log`` may be to that base, which the
    checker reads as the natural logarithm."""
    logs = set().union(*(side.atoms(sympy.log) for side in _sides(steps)))
    bases = sorted({node.args[0] for node in logs if node.args[0] in (2, 10)})
    if bases and any(not node.args[0].is_number for node in logs):
        return (f"it fails reading \\log as the natural logarithm, but the claim's ln {bases[0]} suggests "
                f"logarithms to base {bases[0]}")
    return ""


DOUBTS: tuple[Callable, ...] = (capitals_of_densities, unused_index, components_beside_vector, aggregate_marginal,
                                constant_under_derivative, change_of_base)


def doubted(steps, context: Context) -> str:
    """The first doubt about refuting a link read as ``steps``, or nothing."""
    return next((reason for doubt in DOUBTS if (reason := doubt(steps, context))), "")
