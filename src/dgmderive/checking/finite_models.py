"""Claims in probability notation (densities, expectations, KL) checked in finite models.

Each family of densities (p, q, q_i...) becomes a table over the random variables it mentions, each
variable taking a few values; marginals and conditionals follow from the table, and an expectation
is a finite sum over the cells where its density is positive. The models are of several kinds, so
that a claim true only for some distributions meets one where it fails: random positive tables with
2, 3 or 4 values per variable; densities of continuous variables (each value a cell of width 1/4,
so that a density exceeds 1 where a mass function cannot); uniform tables (every family the same,
every variable independent: q = p, KL = 0); and peaked tables, with one cell ten thousand times
the others (near point masses). Densities are positive everywhere, as the rules of probability
read them (log p(x, z) = log p(z|x) + log p(x)). A claim that holds for every model must hold in these:
one where it fails refutes it, with the model as the counterexample. Agreement in every model is
evidence (NUMERIC). Before the models, the rules of :func:`dgmderive.probability.normal_form` may
prove it. A named law (the normal N(0, I)) is a table like any other: a claim that holds in every
model holds of it, but one that fails may hold of the normal law alone, so it is undecided.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

import sympy

from dgmderive.checking.sampling import points, seed_for
from dgmderive.probability import NAMED_LAW, Density, Draws, Expectation, Summed, normal_form, slot, uses_probability
from dgmderive.relation import Relation
from dgmderive.verdict import Level, Verdict, show, unchecked

DIGITS = 30
TOLERANCE = sympy.Float(10) ** -20


@dataclass(frozen=True)
class Kind:
    """A kind of model: values per variable, the width of a value's cell (1 for a mass function),
    and how the tables are filled."""

    name: str
    values: int
    width: sympy.Rational
    fill: str  # "random", "uniform" or "peaked"


KINDS = (
    *(Kind("random", 3, sympy.S.One, "random") for _ in range(6)),
    Kind("random, 2 values", 2, sympy.S.One, "random"), Kind("random, 4 values", 4, sympy.S.One, "random"),
    Kind("uniform", 3, sympy.S.One, "uniform"), *(Kind("peaked", 3, sympy.S.One, "peaked") for _ in range(3)),
    Kind("uniform density", 3, sympy.Rational(1, 4), "uniform"),
    *(Kind("density", 3, sympy.Rational(1, 4), "random") for _ in range(2)),
    Kind("peaked density", 3, sympy.Rational(1, 4), "peaked"),
)
METHOD = f"finite models ({len(KINDS)}: random, continuous, uniform and peaked)"
PEAK = 10_000


class _Undefined(ValueError):
    """A value the model leaves undefined (a density conditioned on an event of probability 0)."""


class Model:
    """One table per family; densities read off it."""

    def __init__(self, families: dict[str, tuple[str, ...]], rng: random.Random, kind: Kind = KINDS[0]):
        self.slots, self.kind = families, kind
        self.tables = {family: self._table(len(slots), rng) for family, slots in families.items()}

    def _table(self, arity: int, rng: random.Random) -> dict:
        cells = list(itertools.product(range(self.kind.values), repeat=arity))
        if self.kind.fill == "uniform":
            return {cell: sympy.S.One for cell in cells}
        table = {cell: sympy.Integer(rng.randint(1, 9)) for cell in cells}
        if self.kind.fill == "peaked":
            table[rng.choice(cells)] *= PEAK
        return table

    def _mass(self, family: str, fixed: dict[str, int]) -> sympy.Rational:
        slots = self.slots[family]
        table = self.tables[family]
        total = sum(table.values())
        if total == 0:
            raise _Undefined("an empty table")
        return sum((v for cell, v in table.items() if all(cell[slots.index(s)] == x for s, x in fixed.items())),
                   sympy.Integer(0)) / total

    def density(self, d: Density, env: dict) -> sympy.Rational:
        family = d.family.name
        condition = self._mass(family, _fixed(d.given, env))
        if condition == 0:
            raise _Undefined(f"{family} conditioned on an event of probability 0")
        mass = self._mass(family, _fixed(d.variables + d.given, env)) / condition
        return mass / self.kind.width ** len({slot(v) for v in d.variables})

    def describe(self) -> str:
        tables = "; ".join(f"{family}({', '.join(slots)}) proportional to {_table(self.tables[family])}"
                           for family, slots in self.slots.items())
        cells = "" if self.kind.width == 1 else f", densities of cells of width {self.kind.width}"
        return f"{self.kind.name} ({self.kind.values} values per variable{cells}): {tables}"


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
    """The expression's value in the model, with the free variables and parameters set by env. An
    expectation sums over the cells where its density is positive, each weighted by its mass."""
    if isinstance(expr, Expectation):
        bound = expr.density.variables
        total = sympy.Integer(0)
        cell = model.kind.width ** len({slot(v) for v in bound})
        for values in itertools.product(range(model.kind.values), repeat=len(bound)):
            inner = {**env, **dict(zip(bound, map(sympy.Integer, values)))}
            weight = model.density(expr.density, inner) * cell
            if weight != 0:
                total += weight * value(expr.body, model, inner)
        return total
    if isinstance(expr, Draws):
        if not (expr.count.is_Integer and expr.count > 0):
            raise _Unreadable(f"an expectation over {show(expr.count)} draws")
        if max(expr.written(), default=0) > expr.count:
            raise _Undefined(f"z_{max(expr.written())} among {expr.count} draws")
        return value(_unrolled(expr.at(int(expr.count))), model, env)
    if isinstance(expr, Density):
        return model.density(expr, env)
    if not expr.args or expr in env:  # a member z[1] of a family of draws is set as a whole
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
    rng = random.Random(seed_for(lhs, rel, rhs))
    kinds, counts = _kinds(lhs, rhs), _counts(lhs, rhs)
    tried = 0
    try:
        for number, kind in enumerate(kinds):
            at = {count: sympy.Integer(1 + (number + k) % 3) for k, count in enumerate(counts)}  # K = 1, 2, 3
            conditions = tuple(condition.xreplace(at) for condition in given)
            if sympy.false in conditions:
                continue
            sides = [_unrolled(side.xreplace(at)) for side in (lhs, rhs)]
            variables = {v for e in sides for d in e.atoms(Density) for v in d.variables + d.given}
            parameters = {s for s in sides[0].free_symbols | sides[1].free_symbols
                          if isinstance(s, (sympy.Symbol, sympy.Indexed))} - variables
            if members := sorted((p for p in parameters if isinstance(p, sympy.Indexed)), key=sympy.default_sort_key):
                raise _Unreadable(f"{show(members[0])} is a member of a family that a model would give a value of its "
                                  "own, though it may stand for a function of the draws (w_k of z_k)")
            model = Model(families(*sides), rng, kind)
            # values for all the variables; expectations rebind theirs
            env = {v: sympy.Integer(rng.randrange(kind.values)) for v in sorted(variables, key=sympy.default_sort_key)}
            drawn = points(parameters, tuple(c for c in conditions if c is not sympy.true), 1, rng.getrandbits(64))
            if not drawn:
                return unchecked("no values of the parameters satisfy the conditions")
            env.update({**drawn[0], **at})
            try:
                left, right = (sympy.N(value(side, model, env), DIGITS) for side in sides)
            except _Undefined:
                continue
            if not (left.is_number and right.is_number and left.is_finite and right.is_finite):
                continue  # a logarithm of a density that vanishes: outside the claim in this model
            if not (left.is_real and right.is_real):
                return unchecked("a side has no real value in a finite model")
            tried += 1
            if not _holds(left, rel, right) and (named := sorted(f for f in model.slots if f.startswith(NAMED_LAW))):
                return unchecked(f"it fails in a model where the law {named[0]} is another distribution "
                                 f"({show(left.round(12))} vs {show(right.round(12))}): it may hold of that law alone")
            if not _holds(left, rel, right):
                shown = lhs.free_symbols | rhs.free_symbols
                point = tuple((show(k), show(v)) for k, v in env.items() if k in shown)
                return Verdict(Level.REFUTED, METHOD, f"in the model {model.describe()}: "
                               f"{show(left.round(12))} vs {show(right.round(12))}", point)
    except _Unreadable as error:
        return unchecked(str(error))
    if tried < len(kinds) // 2:
        return unchecked(f"the claim has a value in only {tried} of {len(kinds)} finite models")
    return Verdict(Level.NUMERIC, METHOD, f"the claim holds in every model where it has a value ({tried})",
                   points=tried)


def _counts(*exprs) -> list[sympy.Symbol]:
    """The counts of draws: the symbols that are the upper bound of a sum or product from 0 or 1 of
    probability notation (\\sum_{k=1}^K \\log q(z_k|x)), or the number of draws of an expectation
    over several, which the models set to 1, 2 and 3."""
    bounds = {limit[2] for e in exprs for node in e.atoms(sympy.Sum, sympy.Product) if uses_probability(node.function)
              for limit in node.limits if limit[1] in (0, 1)}
    bounds |= {draws.count for e in exprs for draws in e.atoms(Draws)}
    return sorted((bound for bound in bounds if isinstance(bound, sympy.Symbol)), key=sympy.default_sort_key)


def _unrolled(expr: sympy.Expr) -> sympy.Expr:
    """The sums and products of probability notation over a range of numbers written out term by
    term, each term with its own draw (z[1], z[2]); a model has no value for one over any other range."""
    expr = expr.replace(lambda e: isinstance(e, (sympy.Sum, sympy.Product)) and uses_probability(e.function)
                        and all(bound.is_Integer for limit in e.limits for bound in limit[1:]), lambda e: e.doit())
    if any(uses_probability(node.function) for node in expr.atoms(sympy.Sum, sympy.Product)):
        raise _Unreadable("a sum of probability notation over a range that no model gives")
    return expr


def _kinds(*exprs) -> tuple[Kind, ...]:
    """The kinds of model for the claim: those of mass functions only where it sums over a variable
    (a sum over every value says the variable is discrete)."""
    if any(e.has(Summed) for e in exprs):
        return tuple(kind for kind in KINDS if kind.width == 1)
    return KINDS


def _holds(left, rel, right) -> bool:
    """The relation between two values, with sides within the tolerance counted as equal."""
    scale = max(abs(left), abs(right), sympy.Integer(1))
    if abs(left - right) <= TOLERANCE * scale:
        return Relation.read(rel).holds(0)
    return Relation.read(rel).holds(1 if left > right else -1)
