"""What the text has said so far: assumptions, definitions and conditions, in force for the links
after them until the next part of the text begins."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from dgmderive.parse import ParseError, parse_assumptions, parse_expression
from dgmderive.relation import Relation


@dataclass
class Context:
    """``assume`` comes from the command line and holds throughout; ``stated`` are the conditions
    the prose has stated (``\\sigma > 0``, read like ``--assume``), ``where`` the definitions (name,
    value) in force, ``given`` the conditions of the current display (the labels of its arrows),
    and ``densities`` the letters the text uses as densities (p, q)."""

    assume: tuple[str, ...]
    densities: frozenset[str] = frozenset()
    stated: list[str] = field(default_factory=list)
    where: list = field(default_factory=list)
    given: tuple = ()

    @property
    def assumptions(self) -> tuple[str, ...]:
        return self.assume + tuple(self.stated)

    def side(self, latex: str):
        """One side as SymPy, or None when it cannot be read."""
        try:
            return parse_expression(latex, parse_assumptions(self.assumptions))
        except ParseError:
            return None

    def value(self, name) -> sympy.Basic | None:
        """The value a name is defined as, or None."""
        return next((value for n, value in self.where if n == name), None)

    def define(self, name, value) -> None:
        self.where = [(n, v) for n, v in self.where if n != name]
        self.where.append((name, value))

    def state(self, left: str, rel: Relation, right: str) -> None:
        """A condition the text states, ``left rel right``, when both sides read as numbers and it
        reads as an assumption does (and is new)."""
        sides = [self.side(left), self.side(right)]
        if not all(isinstance(side, sympy.Expr) and not isinstance(side, sympy.MatrixBase) for side in sides) \
                or isinstance(rel.build(*sides), sympy.logic.boolalg.BooleanAtom):
            return
        condition = f"{left.strip()} {rel.value} {right.strip()}"
        try:
            parse_assumptions(self.assumptions + (condition,))
        except ParseError:
            return
        if condition not in self.stated:
            self.stated.append(condition)

    def new_part(self) -> None:
        """A new part of the text (a heading, a question, a numbered item): what was said before
        is no longer in force."""
        self.stated, self.where, self.given = [], [], ()
