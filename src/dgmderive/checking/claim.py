"""Claim: one scalar claim as the stages of the cascade see it."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from dgmderive.relation import Relation


@dataclass(frozen=True)
class Claim:
    """``lhs rel rhs`` under the conditions ``given``, with both sides evaluated (closed forms of
    sums and integrals that checked out, see :mod:`dgmderive.checking.closed_forms`).

    ``instances`` are the script's concrete substitutions for exact checking; ``closed`` says
    whether the claim was about numbers before evaluation (no free symbols).
    """

    lhs: sympy.Expr
    rel: Relation
    rhs: sympy.Expr
    given: tuple = ()
    instances: tuple = ()
    closed: bool = False

    @property
    def difference(self) -> sympy.Expr:
        return self.lhs - self.rhs

    @property
    def probability(self) -> bool:
        """Whether the claim is in probability notation (densities, expectations, KL)."""
        from dgmderive.probability import uses_probability

        return uses_probability(self.lhs) or uses_probability(self.rhs)
