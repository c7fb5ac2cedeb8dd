"""Claims about unknown functions: a claim about f is a claim for every f.

Where f is used at a single point, its value and slopes there are free numbers (:func:`free_values`):
a smooth function can take any value and any derivatives at one point, so both a proof and a
refutation over those numbers speak for every f. Elsewhere the claim is tried on concrete functions
from several families (:func:`concrete_functions`): polynomials up to degree 6, exponentials and
trigonometric mixtures; agreement on a few of them is evidence, never proof.
"""

from __future__ import annotations

import random

import sympy
from sympy.core.function import AppliedUndef

BINDING = (sympy.Integral, sympy.Sum, sympy.Product, sympy.Lambda, sympy.Subs, sympy.Limit)
FAMILIES = 4  # distinct functions a claim is tried on before it counts as supported


def free_values(exprs) -> dict:
    """For claims about unknown functions at a single point, such as 1 + f'(z) > 0: a real variable
    for each of f(z), f'(z), ... (keyed by the function value it stands for). Empty when some
    function is called at two points, or at another function's value, or under an integral, sum,
    product or limit (its values there are not free)."""
    calls = {call for e in exprs for call in e.atoms(AppliedUndef)}
    if not calls or len({call.func for call in calls}) != len(calls) or any(e.has(*BINDING) for e in exprs) \
            or any(arg.has(AppliedUndef) for call in calls for arg in call.args):
        return {}
    derivatives = {d for e in exprs for d in e.atoms(sympy.Derivative)}
    if any(d.expr not in calls for d in derivatives):
        return {}
    return {value: sympy.Dummy(sympy.sstr(value), real=True)
            for value in sorted(calls | derivatives, key=sympy.default_sort_key)}


def _arities(exprs) -> dict | None:
    calls = {call for e in exprs for call in e.atoms(AppliedUndef)}
    arity: dict = {}
    for call in sorted(calls, key=sympy.default_sort_key):
        if arity.setdefault(call.func, len(call.args)) != len(call.args):
            return None  # one name called with different numbers of arguments
    return arity


def _coefficient(rng: random.Random) -> sympy.Rational:
    return sympy.Rational(rng.randint(-30, 30), rng.randint(1, 10))


def _small(rng: random.Random) -> sympy.Rational:
    return sympy.Rational(rng.choice([-1, 1]) * rng.randint(1, 12), rng.randint(4, 8))


def _polynomial(args, degree: int, rng: random.Random) -> sympy.Expr:
    monomials = sorted(sympy.itermonomials(args, degree), key=sympy.default_sort_key)
    return sum(_coefficient(rng) * m for m in monomials)


def _linear(args, rng: random.Random) -> sympy.Expr:
    return sum(_small(rng) * a for a in args) + _small(rng)


def _family(k: int, args, rng: random.Random) -> sympy.Expr:
    """The k-th family: a polynomial of high degree, an exponential, a trigonometric mixture, a
    polynomial of low degree."""
    one = len(args) == 1
    if k == 0:
        return _polynomial(args, 6 if one else 3, rng)
    if k == 1:
        return _coefficient(rng) * sympy.exp(_linear(args, rng)) + _coefficient(rng)
    if k == 2:
        return (_coefficient(rng) * sympy.sin(_linear(args, rng)) + _coefficient(rng) * sympy.cos(_linear(args, rng))
                + _coefficient(rng) * args[0])
    return _polynomial(args, 2, rng)


def concrete_functions(exprs, rng: random.Random) -> list[dict]:
    """:data:`FAMILIES` choices of a concrete function for every undefined one, each choice from
    another family; an empty list when there are no unknown functions (or one name is called with
    different numbers of arguments, which leaves the claim undecided)."""
    arity = _arities(exprs)
    if not arity:
        return []
    choices = []
    for k in range(FAMILIES):
        chosen = {}
        for f, n in sorted(arity.items(), key=lambda kv: str(kv[0])):
            args = sympy.symbols(f"t_1:{n + 1}", cls=sympy.Dummy)
            chosen[f] = sympy.Lambda(args, _family(k, args, rng))
        choices.append(chosen)
    return choices


def substitute(expr: sympy.Expr, functions: dict) -> sympy.Expr:
    """``expr`` with each unknown function replaced by its concrete choice, derivatives taken."""
    for f, body in functions.items():
        expr = expr.replace(f, body)
    return expr.doit()


def python_calls(expr: sympy.Basic) -> set:
    """The calls of functions whose behaviour is Python code outside SymPy (an operation counter,
    say): their cost may grow with their arguments, and their source is no part of a claim's text."""
    return {f for f in expr.atoms(sympy.Function)
            if not (type(f).__module__ or "").startswith("sympy") and not isinstance(type(f), sympy.core.function.UndefinedFunction)}
