"""What the text has said so far: assumptions, definitions and conditions, in force for the links
after them until the next part of the text begins."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from dgmderive.parse import ParseError, parse_assumptions, parse_expression
from dgmderive.relation import Relation


@dataclass(frozen=True)
class Stated:
    """A condition the prose stated: as ``--assume`` reads it, as a relation, and the formula that
    said it."""

    text: str
    relation: sympy.Basic
    source: str


@dataclass(frozen=True)
class Law:
    """What the text says a density family is: its formula (a function of one variable), or None
    for a law it names without one here, the formula that said it, and what the law takes for
    granted of its parameters (a standard deviation is positive), as assumptions."""

    value: sympy.Lambda | None
    source: str
    conditions: tuple[str, ...] = ()


@dataclass
class Context:
    """``assume`` comes from the command line and holds throughout; ``stated`` are the conditions
    the prose has stated, ``where`` the definitions (name, value) in force, ``given`` the
    conditions of the current display (the labels of its arrows), ``densities`` the letters
    the text uses as densities (p, q), and ``laws`` what it says some of them are (by family)."""

    assume: tuple[str, ...]
    densities: frozenset[str] = frozenset()
    stated: list[Stated] = field(default_factory=list)
    where: list = field(default_factory=list)
    given: tuple = ()
    laws: dict[str, Law] = field(default_factory=dict)

    @property
    def assumptions(self) -> tuple[str, ...]:
        return self.assume + tuple(s.text for s in self.stated) \
            + tuple(dict.fromkeys(c for law in self.laws.values() for c in law.conditions))

    def side(self, latex: str, assumptions: tuple[str, ...] | None = None):
        """One side as SymPy, or None when it cannot be read."""
        try:
            return parse_expression(latex, parse_assumptions(self.assumptions if assumptions is None else assumptions))
        except ParseError:
            return None

    def value(self, name) -> sympy.Basic | None:
        """The value a name is defined as, or None."""
        return next((value for n, value in self.where if n == name), None)

    def define(self, name, value) -> None:
        self.where = [(n, v) for n, v in self.where if n != name]
        self.where.append((name, value))

    def state(self, left: str, rel: Relation, right: str, source: str = "") -> None:
        """A condition the text states, ``left rel right``, when both sides read as numbers and it
        reads as an assumption does. It replaces what an earlier formula said of the same variable
        that cannot hold with it (``for x > 0`` ... ``for x < 0``: another case)."""
        sides = [self.side(left, self.assume), self.side(right, self.assume)]
        if not all(isinstance(side, sympy.Expr) and not isinstance(side, sympy.MatrixBase) for side in sides):
            return
        relation = rel.build(*sides)
        text = f"{left.strip()} {rel.value} {right.strip()}"
        if isinstance(relation, sympy.logic.boolalg.BooleanAtom) or any(s.text == text for s in self.stated):
            return
        try:
            parse_assumptions(self.assume + (text,))
        except ParseError:
            return
        kept = [s for s in self.stated if s.source == source or not _exclusive(s.relation, relation)]
        self.stated = [*kept, Stated(text, relation, source)]

    def new_part(self, item: bool = False) -> None:
        """A new part of the text (a heading, a question; or a numbered ``item``): what was said
        before is no longer in force, but for the laws of the densities within a list of items
        (a numbered remark in a derivation keeps its setting)."""
        self.stated, self.where, self.given = [], [], ()
        if not item:
            self.laws = {}


def _exclusive(first: sympy.Basic, second: sympy.Basic) -> bool:
    """Whether two conditions on one and the same variable cannot both hold."""
    if len(first.free_symbols) != 1 or first.free_symbols != second.free_symbols:
        return False
    try:
        return sympy.Intersection(first.as_set(), second.as_set()) is sympy.S.EmptySet
    except (NotImplementedError, TypeError, ValueError):
        return False
