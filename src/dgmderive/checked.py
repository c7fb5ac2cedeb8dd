"""A derivation together with the verdict of each of its steps."""

from __future__ import annotations

from dataclasses import dataclass

from dgmderive.checking import check
from dgmderive.derivation import Derivation, Step
from dgmderive.verdict import Verdict


@dataclass(frozen=True)
class CheckedDerivation:
    derivation: Derivation
    verdicts: tuple[Verdict, ...]  # one per step, in the order of ``derivation.steps``

    @classmethod
    def of(cls, derivation: Derivation) -> CheckedDerivation:
        return cls(derivation, tuple(check(step) for step in derivation.steps))

    def verdict(self, step: Step) -> Verdict:
        return self.verdicts[self.derivation.steps.index(step)]

    @property
    def pairs(self) -> list[tuple[Step, Verdict]]:
        return list(zip(self.derivation.steps, self.verdicts))

    @property
    def failures(self) -> list[tuple[Step, Verdict]]:
        """Steps that were refuted or that nothing could check."""
        return [(s, v) for s, v in self.pairs if not v.holds]

    @property
    def ok(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        from dgmderive.text import render_text

        return render_text(self)

    def _repr_latex_(self) -> str:
        from dgmderive.latex.render import render_derivation

        return render_derivation(self)
