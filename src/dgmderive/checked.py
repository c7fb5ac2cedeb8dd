"""A derivation together with the verdict of each of its steps."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from dgmderive.checking import check
from dgmderive.derivation import Derivation, Step
from dgmderive.parse import ParseError, parse_expression
from dgmderive.verdict import Level, Verdict


def displayed_matches(fragment: str, expr) -> Verdict:
    """Whether hand-written LaTeX says what was checked: parsed back, it must equal ``expr``."""
    try:
        parsed = parse_expression(fragment)
    except ParseError as error:
        return Verdict(Level.UNCHECKED, "parse back", str(error))
    by_name = {s.name: s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    parsed = parsed.xreplace({s: by_name[s.name] for s in parsed.free_symbols
                              if isinstance(s, sympy.Symbol) and s.name in by_name})
    return check(Step(parsed, "=", expr, f"the display {fragment!r}"))


@dataclass(frozen=True)
class CheckedDerivation:
    derivation: Derivation
    verdicts: tuple[Verdict, ...]  # one per step, in the order of ``derivation.steps``
    displays: tuple[tuple[str, Verdict], ...] = ()  # hand-written fragments of answers, parsed back

    @classmethod
    def of(cls, derivation: Derivation) -> CheckedDerivation:
        displays = tuple((fragment, displayed_matches(fragment, expr))
                         for answer in derivation.answers for fragment, expr in answer.shows)
        return cls(derivation, tuple(check(step) for step in derivation.steps), displays)

    @property
    def pairs(self) -> list[tuple[Step, Verdict]]:
        return list(zip(self.derivation.steps, self.verdicts))

    @property
    def failures(self) -> list[tuple[Step, Verdict]]:
        """Steps that were refuted or that nothing could check."""
        return [(s, v) for s, v in self.pairs if not v.holds]

    @property
    def display_failures(self) -> list[tuple[str, Verdict]]:
        """Hand-written displays that do not parse back to what was checked."""
        return [(fragment, v) for fragment, v in self.displays if not v.holds]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.display_failures

    def __str__(self) -> str:
        from dgmderive.text import render_text

        return render_text(self)

    def _repr_latex_(self) -> str:
        from dgmderive.latex.render import render_derivation

        return render_derivation(self)
