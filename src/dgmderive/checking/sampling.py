"""Seeded random points that respect the symbols' assumptions and the stated conditions."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable

import sympy

from dgmderive.checking.sign import bounds_from

MAX_TRIES = 400


def seed_for(*objects) -> int:
    """A seed that depends only on the claim, so that every run draws the same points."""
    text = "|".join(sympy.srepr(o) if isinstance(o, sympy.Basic) else str(o) for o in objects)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _rational(x: float) -> sympy.Rational:
    return sympy.Rational(round(x * 10**6), 10**6)


def draw(symbol: sympy.Symbol, rng: random.Random) -> sympy.Expr:
    """One value for ``symbol``, in the set its assumptions describe."""
    if symbol.is_integer:
        if symbol.is_positive:
            return sympy.Integer(rng.randint(1, 8))
        if symbol.is_nonnegative:
            return sympy.Integer(rng.randint(0, 8))
        if symbol.is_negative:
            return sympy.Integer(rng.randint(-8, -1))
        if symbol.is_nonpositive:
            return sympy.Integer(rng.randint(-8, 0))
        return sympy.Integer(rng.choice([n for n in range(-8, 9) if n != 0 or not symbol.is_nonzero]))
    magnitude = _rational(rng.choice([rng.uniform(0.001, 1), rng.uniform(1, 5)]))
    if symbol.is_positive or symbol.is_nonnegative:
        return magnitude
    if symbol.is_negative or symbol.is_nonpositive:
        return -magnitude
    if symbol.is_real is False or symbol.is_extended_real is None and symbol.is_complex:
        return magnitude * rng.choice([1, -1]) + sympy.I * _rational(rng.uniform(-3, 3))
    return magnitude * rng.choice([1, -1])


def _satisfies(conditions: Iterable, point: dict) -> bool:
    for cond in conditions:
        value = cond.subs(point)
        if value != sympy.true:
            return False
    return True


def points(symbols: Iterable[sympy.Symbol], conditions: tuple, count: int, seed: int) -> list[dict]:
    """Up to ``count`` points satisfying every condition (fewer if rejection keeps failing). A real
    symbol that the conditions confine to a bounded interval (0 < L < 2) is drawn from all of it
    half of the time, so that no part of the interval is rarely visited."""
    symbols = sorted(symbols, key=sympy.default_sort_key)
    ranges = _bounded_ranges(symbols, conditions)
    rng = random.Random(seed)
    found: list[dict] = []
    for _ in range(MAX_TRIES):
        if len(found) == count:
            break
        point = {s: _within(ranges[s], rng) if s in ranges and rng.random() < 0.5 else draw(s, rng) for s in symbols}
        if _satisfies(conditions, point):
            found.append(point)
    return found


def _bounded_ranges(symbols, conditions) -> dict:
    """The real symbols with both ends bounded (bounds are numbers), as float intervals."""
    return {s: (float(interval.lo), float(interval.hi)) for s, interval in bounds_from(symbols, conditions).items()
            if s in symbols and not s.is_integer and interval.lo is not None and interval.hi is not None}


def _within(bounds: tuple[float, float], rng: random.Random) -> sympy.Rational:
    return _rational(rng.uniform(*bounds))
