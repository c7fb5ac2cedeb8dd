"""Relation: the one table of relations, with every spelling, their LaTeX and their SymPy forms."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sympy


@dataclass(frozen=True)
class _Row:
    aliases: tuple[str, ...]  # every spelling read as this relation, besides its own symbol
    latex: str
    sympy_class: type
    signs: frozenset  # the signs of lhs - rhs at which the relation holds
    strict: str  # the strict counterpart (itself when there is none)
    weak: str  # the non-strict counterpart (itself when there is none)
    converse: str  # the relation with its sides swapped


class Relation(str, enum.Enum):
    """A relation between two sides, such as ``<=``. A member equals its symbol (``Relation.LE ==
    "<="``), so it can stand wherever a relation was written as text; :meth:`read` accepts every
    alias (``\\le``, ``\\leqslant``, ``≤``, ``le``...)."""

    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    __str__ = str.__str__
    __format__ = str.__format__

    @classmethod
    def read(cls, text: str | Relation) -> Relation:
        """The relation spelled ``text``; ValueError naming the known spellings otherwise."""
        found = _BY_SPELLING.get(str(text).strip())
        if found is None:
            raise ValueError(f"unknown relation '{text}'; use one of {', '.join(r.value for r in cls)}")
        return found

    @classmethod
    def of(cls, relational: sympy.core.relational.Relational) -> Relation:
        """The relation of a SymPy relational (``x < 2`` gives ``<``)."""
        for relation in cls:
            if type(relational) is _TABLE[relation].sympy_class:
                return relation
        raise ValueError(f"{relational} is not a relation between two sides")

    @property
    def latex(self) -> str:
        return _TABLE[self].latex

    @property
    def signs(self) -> frozenset:
        """The signs of lhs - rhs (-1, 0, 1) at which the relation holds."""
        return _TABLE[self].signs

    @property
    def is_strict(self) -> bool:
        """True for < and >, which exclude equality."""
        return self in (Relation.LT, Relation.GT)

    @property
    def is_order(self) -> bool:
        """True for <, <=, >, >=: relations that need real sides."""
        return self not in (Relation.EQ, Relation.NE)

    @property
    def strict(self) -> Relation:
        return Relation(_TABLE[self].strict)

    @property
    def weak(self) -> Relation:
        return Relation(_TABLE[self].weak)

    @property
    def converse(self) -> Relation:
        return Relation(_TABLE[self].converse)

    def build(self, lhs, rhs) -> sympy.Basic:
        """The SymPy relational ``lhs self rhs`` (it may evaluate to true or false)."""
        return _TABLE[self].sympy_class(lhs, rhs)

    def holds(self, sign: int) -> bool:
        """Whether the relation holds when lhs - rhs has the sign ``sign``."""
        return sign in self.signs


_TABLE = {
    Relation.EQ: _Row(("==", "eq", r"\eq"), "=", sympy.Eq, frozenset({0}), "=", "=", "="),
    Relation.NE: _Row(("≠", r"\neq", r"\ne", "ne"), r"\neq", sympy.Ne, frozenset({-1, 1}),
                      "!=", "!=", "!="),
    Relation.LT: _Row(("lt", r"\lt", r"\textless"), "<", sympy.StrictLessThan, frozenset({-1}), "<", "<=", ">"),
    Relation.LE: _Row(("≤", "⩽", r"\le", r"\leq", r"\leqslant", "le"), r"\leq", sympy.LessThan,
                      frozenset({-1, 0}), "<", "<=", ">="),
    Relation.GT: _Row(("gt", r"\gt", r"\textgreater"), ">", sympy.StrictGreaterThan, frozenset({1}), ">", ">=", "<"),
    Relation.GE: _Row(("≥", "⩾", r"\ge", r"\geq", r"\geqslant", "ge"), r"\geq", sympy.GreaterThan,
                      frozenset({0, 1}), ">", ">=", "<="),
}
_BY_SPELLING = {spelling: relation for relation, row in _TABLE.items() for spelling in (relation.value, *row.aliases)}

# The spellings that can stand between two sides of a LaTeX formula, longest first (so that \leqslant
# is found before \le, and <= before <).
LATEX_SPELLINGS: tuple[tuple[str, Relation], ...] = tuple(sorted(
    ((s, r) for s, r in _BY_SPELLING.items() if s.startswith("\\") or not s.isalpha()),
    key=lambda pair: -len(pair[0])))

# Relations between two sides that are not claims of equality or order, which keep their LaTeX
# spelling: proportionality, checked as equality up to a factor (dgmderive.proportional), and those
# not graded, each with the reason.
PROPORTIONAL = r"\propto"
NOT_GRADED = {
    r"\approx": "an approximation, which says nothing exact to check",
    r"\simeq": "an approximation or an isomorphism, which says nothing exact to check",
    r"\sim": "a law (x ~ N(0, 1)) or an order of growth, not an equality",
    r"\asymp": "an order of growth, not an equality",
}
OTHER_RELATIONS = (PROPORTIONAL, *NOT_GRADED)
