"""Claims in probability notation (densities, expectations, KL) checked in random finite models.

Each family of densities (p, q, q_i...) becomes a random positive table over the random variables it
mentions, each variable taking the values 0, 1, 2; marginals and conditionals follow from the table,
and an expectation is a finite sum. A claim that holds for every model must hold in these: one where
it fails refutes it, with the model as the counterexample. Agreement in every model is evidence
(NUMERIC). Before sampling, the rules of :func:`dgmderive.probability.normal_form` may prove it.
"""

from __future__ import annotations

import itertools
import random

import sympy

from dgmderive.checking.sampling import points, seed_for
from dgmderive.probability import Density, Expectation, normal_form, slot
from dgmderive.verdict import Level, Verdict, show, unchecked

VALUES = 3
MODELS = 12
DIGITS = 30
TOLERANCE = sympy.Float(10) ** -20
METHOD = f"random finite models ({MODELS}, {VALUES} values per variable)"


class Model:
    """One random joint table per family; densities read off it."""

    def __init__(self, families: dict[str, tuple[str, ...]], rng: random.Random):
        self.slots = families
        self.tables = {family: {cell: sympy.Integer(rng.randint(1, 9))
                                for cell in itertools.product(range(VALUES), repeat=len(slots))}
                       for family, slots in families.items()}

    def _mass(self, family: str, fixed: dict[str, int]) -> sympy.Rational:
        slots = self.slots[family]
        table = self.tables[family]
        total = sum(table.values())
        return sum((v for cell, v in table.items() if all(cell[slots.index(s)] == x for s, x in fixed.items())),
                   sympy.Integer(0)) / total

    def density(self, d: Density, env: dict) -> sympy.Rational:
        family = d.family.name
        joint = _fixed(d.variables + d.given, env)
        return self._mass(family, joint) / self._mass(family, _fixed(d.given, env))

    def describe(self) -> str:
        return "; ".join(f"{family}({', '.join(slots)}) proportional to {_table(self.tables[family])}"
                         for family, slots in self.slots.items())


def _fixed(variables, env: dict) -> dict[str, int]:
    fixed: dict[str, int] = {}
    for v in variables:
        if fixed.setdefault(slot(v), env[v]) != env[v]:
            raise _Unreadable(f"two draws of {slot(v)} in one density")
    return fixed


def _table(table: dict) -> str:
    return "[" + " ".join(str(v) for v in table.values()) + "]"


class _Unreadable(ValueError):
    """The claim uses probability notation that a finite model cannot give a value."""


def families(*exprs) -> dict[str, tuple[str, ...]]:
    found: dict[str, set] = {}
    for e in exprs:
        for d in e.atoms(Density):
            found.setdefault(d.family.name, set()).update(slot(v) for v in d.variables + d.given)
    return {family: tuple(sorted(slots)) for family, slots in sorted(found.items())}


def value(expr: sympy.Expr, model: Model, env: dict) -> sympy.Expr:
    """The expression's value in the model, with the free variables and parameters set by env."""
    if isinstance(expr, Expectation):
        bound = expr.density.variables
        total = sympy.Integer(0)
        for values in itertools.product(range(VALUES), repeat=len(bound)):
            inner = {**env, **dict(zip(bound, map(sympy.Integer, values)))}
            total += model.density(expr.density, inner) * value(expr.body, model, inner)
        return total
    if isinstance(expr, Density):
        return model.density(expr, env)
    if not expr.args:
        return env.get(expr, expr)
    return expr.func(*(value(a, model, env) for a in expr.args))


def check(claim) -> Verdict:
    """PROVED by the probability rules, REFUTED by a model, NUMERIC when every model agrees."""
    return check_scalar(claim.lhs, claim.rel, claim.rhs, claim.given)


def check_scalar(lhs: sympy.Expr, rel: str, rhs: sympy.Expr, given: tuple = ()) -> Verdict:
    """PROVED by the probability rules, REFUTED by a model, NUMERIC when every model agrees; the
    parameters (symbols that are not random variables) are drawn where the conditions ``given`` hold."""
    if rel == "=" and normal_form(lhs - rhs) == 0:
        return Verdict(Level.PROVED, "probability rules",
                       "product rule, logarithms of positive densities, linearity of expectation")
    variables = {v for e in (lhs, rhs) for d in e.atoms(Density) for v in d.variables + d.given}
    parameters = (lhs.free_symbols | rhs.free_symbols) - variables
    free = sorted(variables, key=sympy.default_sort_key)  # values for all; expectations rebind theirs
    rng = random.Random(seed_for(lhs, rel, rhs))
    try:
        for _ in range(MODELS):
            model = Model(families(lhs, rhs), rng)
            env = {v: sympy.Integer(rng.randrange(VALUES)) for v in free}
            drawn = points(parameters, given, 1, rng.getrandbits(64))
            if not drawn:
                return unchecked("no values of the parameters satisfy the conditions")
            env.update(drawn[0])
            left, right = (sympy.N(value(side, model, env), DIGITS) for side in (lhs, rhs))
            if not (left.is_number and right.is_number and left.is_real and right.is_real):
                return unchecked("a side has no real value in a finite model")
            if not _holds(left, rel, right):
                shown = lhs.free_symbols | rhs.free_symbols
                point = tuple((show(k), show(v)) for k, v in env.items() if k in shown)
                return Verdict(Level.REFUTED, METHOD, f"in the model {model.describe()}: "
                               f"{show(left.round(12))} vs {show(right.round(12))}", point)
    except _Unreadable as error:
        return unchecked(str(error))
    return Verdict(Level.NUMERIC, METHOD, "the claim holds in every model", points=MODELS)


def _holds(left, rel: str, right) -> bool:
    scale = max(abs(left), abs(right), sympy.Integer(1))
    close = abs(left - right) <= TOLERANCE * scale
    return {"=": close, "!=": not close, "<=": left <= right or close, ">=": left >= right or close,
            "<": left < right and not close, ">": left > right and not close}[rel]
