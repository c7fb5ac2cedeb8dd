"""Verdicts: how a step was checked, and the evidence for it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import mpmath
import sympy
from sympy.printing.str import StrPrinter


class Level(enum.Enum):
    """How strongly a claim was established, strongest first."""

    PROVED = "PROVED"
    EXACT = "EXACT"
    NUMERIC = "NUMERIC"
    UNCHECKED = "UNCHECKED"
    REFUTED = "REFUTED"

    @property
    def holds(self) -> bool:
        """True when the claim was established (proved, or supported by evidence)."""
        return self in (Level.PROVED, Level.EXACT, Level.NUMERIC)

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.PROVED: 4, Level.EXACT: 3, Level.NUMERIC: 2, Level.UNCHECKED: 1, Level.REFUTED: 0}


class Kind(enum.Enum):
    """What an entry of a counterexample gives a value to."""

    SYMBOL = "symbol"  # a variable of the claim
    FUNCTION = "function"  # a function chosen for an unknown one (f = Lambda(t, t**2))
    CALL = "call"  # an unknown function's value or derivative at a point (f(z), Derivative(f(z), z))
    SIDE = "side"  # a side's value there (lhs, rhs)
    UNSTATED = "unstated"  # a stage that did not say (a pair), or an entry read back from the store


@dataclass(frozen=True)
class Entry:
    """One entry of a counterexample: ``name = value`` as text, and what it is. It unpacks as the
    pair ``(name, value)``, so ``dict(verdict.counterexample)`` maps names to values."""

    name: str
    value: str
    kind: Kind = Kind.UNSTATED

    def __iter__(self):
        return iter((self.name, self.value))

    def __getitem__(self, index: int) -> str:
        return (self.name, self.value)[index]

    def __len__(self) -> int:
        return 2

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


def _entry(item) -> Entry:
    return item if isinstance(item, Entry) else Entry(*item)


@dataclass(frozen=True, repr=False)
class Verdict:
    """The outcome of checking one claim.

    ``method`` names what decided it (``"expand"``, ``"sign rules"``, ``"mpmath, 50 digits"``...);
    ``evidence`` says what was seen; ``counterexample`` gives, when refuted, the entries of the point
    where the claim fails (each an :class:`Entry`; a pair ``(name, value)`` given here becomes one
    whose kind is unstated).
    """

    level: Level
    method: str
    evidence: str = ""
    counterexample: tuple[Entry, ...] = ()
    points: int = 0
    max_error: str = ""
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "counterexample", tuple(_entry(item) for item in self.counterexample))

    @property
    def holds(self) -> bool:
        return self.level.holds

    def __str__(self) -> str:
        text = f"{self.level.value} ({self.method})"
        if self.evidence:
            text += f": {self.evidence}"
        if self.counterexample:
            text += "; counterexample: " + ", ".join(map(str, self.counterexample))
        return text

    __repr__ = __str__

    def _repr_latex_(self) -> str:
        return r"$\textsf{" + self.level.value + r"}\ \text{" + _escape(str(self)[len(self.level.value):]) + "}$"

    def to_json(self) -> dict:
        data: dict = {"level": self.level.value, "method": self.method}
        if self.evidence:
            data["evidence"] = self.evidence
        if self.counterexample:
            data["counterexample"] = dict(self.counterexample)
        if self.points:
            data["points"] = self.points
        if self.max_error:
            data["max_error"] = self.max_error
        return data


def _escape(text: str) -> str:
    for char in "\\{}$&%#_^~":
        text = text.replace(char, "\\" + char if char not in "\\^~" else " ")
    return text


def unchecked(reason: str) -> Verdict:
    return Verdict(Level.UNCHECKED, "none", reason)


def weakest(verdicts: list[Verdict]) -> Verdict:
    """The verdict of a conjunction: a refutation wins, otherwise the weakest support."""
    if not verdicts:
        return unchecked("nothing to check")
    return min(verdicts, key=lambda v: v.level.rank)


class _ShortPrinter(StrPrinter):
    """SymPy's str printer, with integers of more than :data:`LONGEST` digits shown in scientific
    notation (Python refuses to print integers of more than 4300 digits, and nobody reads them)."""

    LONGEST = 40

    def _print_Integer(self, expr):
        return super()._print_Integer(expr) if abs(expr.p) < 10**self.LONGEST else _scientific(expr)

    def _print_Rational(self, expr):
        if abs(expr.p) < 10**self.LONGEST and expr.q < 10**self.LONGEST:
            return super()._print_Rational(expr)
        return _scientific(expr)


def _scientific(number: sympy.Rational) -> str:
    return mpmath.nstr(mpmath.mpf(int(number.p)) / int(number.q), 6)


def show(expr) -> str:
    """An expression as text for evidence and counterexamples (``sympy.sstr``, with huge numbers
    abbreviated)."""
    return _ShortPrinter().doprint(expr)
