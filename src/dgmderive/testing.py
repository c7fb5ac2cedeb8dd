"""Assertions for ordinary tests: ``assert_holds`` and ``assert_refuted`` check one claim and fail
with the verdict and its counterexample as the message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dgmderive.verdict import Level, Verdict


def _verdict(lhs: Any, rel: str, rhs: Any, assume: Iterable[str]) -> tuple[str, Verdict]:
    """The claim as it was read, and its verdict. Sides are SymPy objects or LaTeX strings;
    ``assume`` takes what ``dgmderive check --assume`` takes ("sigma > 0", "n integer")."""
    from dgmderive.claims import best_reading, claim_steps

    step, verdict = best_reading(claim_steps(lhs, rhs, rel, tuple(assume)))
    return str(step), verdict


def _message(claim: str, verdict: Verdict, expected: str) -> str:
    lines = [f"{claim}: expected {expected}, got {verdict}"]  # the verdict carries its counterexample
    lines += [f"note: {note}" for note in verdict.notes]
    return "\n".join(lines)


def assert_holds(lhs: Any, rel: str, rhs: Any, *, assume: Iterable[str] = (), at_least: str = "NUMERIC") -> Verdict:
    """Fail unless ``lhs rel rhs`` is established at least as strongly as ``at_least`` (PROVED, EXACT
    or NUMERIC); returns the verdict."""
    __tracebackhide__ = True
    floor = Level(at_least.upper())
    if not floor.holds:
        raise ValueError(f"at_least must be PROVED, EXACT or NUMERIC, not {at_least!r}")
    claim, verdict = _verdict(lhs, rel, rhs, assume)
    if not verdict.holds or verdict.level.rank < floor.rank:
        raise AssertionError(_message(claim, verdict, f"{floor.value} or stronger"))
    return verdict


def assert_refuted(lhs: Any, rel: str, rhs: Any, *, assume: Iterable[str] = ()) -> Verdict:
    """Fail unless ``lhs rel rhs`` is REFUTED (for tests of one's own mistakes); returns the verdict,
    whose counterexample says where the claim fails."""
    __tracebackhide__ = True
    claim, verdict = _verdict(lhs, rel, rhs, assume)
    if verdict.level is not Level.REFUTED:
        raise AssertionError(_message(claim, verdict, "REFUTED"))
    return verdict
