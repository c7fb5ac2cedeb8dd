"""Points to test a claim at: where claims break first, then seeded random ones; all of them respect
the symbols' assumptions and the stated conditions.

Where claims break: the special values 0, +-1 and +-1/2; the bounds of the assumptions and
conditions (exactly on a non-strict bound, just inside a strict one); large magnitudes of both
signs; integers from a wide range; complex values on both sides of the negative real axis (the
branch cut of log and of non-integer powers) and with imaginary parts beyond +-pi. Every value is an
exact rational (or a Gaussian rational), so that rational expressions are evaluated exactly.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Iterable

import sympy
from sympy.printing.repr import ReprPrinter

from dgmderive.checking.sign import Interval, bounds_from

MAX_TRIES = 400
SPECIAL = tuple(sympy.Rational(v) for v in ("0", "1", "-1", "1/2", "-1/2"))
LARGE = tuple(sympy.Integer(10) ** k for k in (3, 9, 30))
INSIDE = (sympy.Rational(1, 1000), sympy.Rational(1, 10**9))  # how far inside a strict bound
WIDE_INTEGERS = 10**6
MAX_STRUCTURED = 120  # structured points at most, before the random ones
GRID = 8  # the special values of each of two symbols combined in pairs


class _SeedPrinter(ReprPrinter):
    """``srepr``, with integers in hexadecimal (Python refuses to print huge ones in decimal)."""

    def _print_Integer(self, expr):
        return f"Integer({expr.p:#x})"

    def _print_Rational(self, expr):
        return f"Rational({expr.p:#x}, {expr.q:#x})"


def seed_for(*objects) -> int:
    """A seed that depends only on the claim, so that every run draws the same points."""
    printer = _SeedPrinter()
    text = "|".join(printer.doprint(o) if isinstance(o, sympy.Basic) else str(o) for o in objects)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _rational(x: float) -> sympy.Rational:
    return sympy.Rational(round(x * 10**6), 10**6)


def _is_complex(symbol) -> bool:
    """Whether the symbol may take non-real values: it is not known to be real (a Symbol without
    assumptions may be complex)."""
    return symbol.is_extended_real is not True


def _integer(symbol, rng: random.Random, small: bool = False) -> sympy.Integer:
    """An integer in the symbol's sign range, small or (a third of the time, unless ``small``) from
    a wide range."""
    top = WIDE_INTEGERS if not small and rng.random() < 1 / 3 else 8
    lo = 1 if symbol.is_positive else 0 if symbol.is_nonnegative else -top
    hi = -1 if symbol.is_negative else 0 if symbol.is_nonpositive else top
    value = rng.randint(lo, hi)
    if value == 0 and symbol.is_nonzero:
        value = hi if hi > 0 else lo
    return sympy.Integer(value)


def draw(symbol: sympy.Symbol, rng: random.Random, small: bool = False) -> sympy.Expr:
    """One random value for ``symbol``, in the set its assumptions describe; of at most moderate
    size when ``small``."""
    if symbol.is_integer:
        return _integer(symbol, rng, small)
    largest = 0.7 if small else 4
    magnitude = _rational(rng.choice([rng.uniform(0.001, 1), rng.uniform(1, 5), 10 ** rng.uniform(0.7, largest)]))
    if _is_complex(symbol):
        return magnitude * rng.choice([1, -1]) + sympy.I * _rational(rng.uniform(-10, 10))
    if symbol.is_positive or symbol.is_nonnegative:
        return magnitude
    if symbol.is_negative or symbol.is_nonpositive:
        return -magnitude
    return magnitude * rng.choice([1, -1])


def _admissible(symbol, value) -> bool:
    """Whether ``value`` lies in the set the symbol's assumptions describe."""
    if _is_complex(symbol):
        return True
    if not value.is_real:
        return False
    facts = (("integer", value.is_integer), ("positive", value > 0), ("nonnegative", value >= 0),
             ("negative", value < 0), ("nonpositive", value <= 0), ("nonzero", value != 0),
             ("even", value.is_integer and value % 2 == 0), ("odd", value.is_integer and value % 2 == 1))
    return all(bool(holds) for name, holds in facts if getattr(symbol, f"is_{name}"))


def _bound_values(interval: Interval, integer: bool) -> list:
    """Values at the ends of an interval: on a closed end, just inside an open one."""
    values = []
    for end, is_open, inward in ((interval.lo, interval.lo_open, 1), (interval.hi, interval.hi_open, -1)):
        if end is None or not end.is_number or not end.is_real:
            continue
        if integer:  # the first integer inside
            first = sympy.floor(end) + 1 if inward > 0 else sympy.ceiling(end) - 1
            values.append(end if end.is_integer and not is_open else first)
        elif is_open:
            values += [end + inward * step for step in INSIDE]
        else:
            values.append(end)
    return values


ANGLES = tuple(k * sympy.pi for k in (sympy.Rational(v) for v in
                                      ("1/6", "1/4", "1/3", "1/2", "2/3", "3/4", "1", "3/2", "2")) for k in (k, -k))


def special_values(symbol, interval: Interval | None, small: bool = False, angles: bool = False) -> list:
    """The values of ``symbol`` where claims break first, within its assumptions; no large
    magnitudes when ``small``; with ``angles``, the multiples of pi/6 and pi/4 where trigonometric
    functions vanish or peak."""
    if _is_complex(symbol):
        cut = [sympy.Integer(-2) + sign * sympy.I * step for step in INSIDE for sign in (1, -1)]
        return [*SPECIAL, sympy.I, -sympy.I, sympy.Integer(-2), *cut, 4 * sympy.I, -4 * sympy.I,
                1 + 7 * sympy.I, -1 - 7 * sympy.I]
    large = [] if small else [sign * big for big in LARGE for sign in (1, -1)]
    if symbol.is_integer:
        large = [sympy.Integer(v) for v in (2, 3, 4, 5, 6, 7, 10, 11, -2, -3, -4, -5)] + large
    bounds = _bound_values(interval, bool(symbol.is_integer)) if interval is not None else []
    turning = ANGLES if angles and not symbol.is_integer else ()
    values = [v for v in (*SPECIAL, *bounds, *turning, *large) if _admissible(symbol, v)]
    return list(dict.fromkeys(values))


def _satisfies(conditions: Iterable, point: dict) -> bool:
    for cond in conditions:
        value = cond.xreplace(point)
        if value != sympy.true:
            return False
    return True


def structured_points(symbols: list, conditions: tuple, rng: random.Random, small: frozenset,
                      angles: bool = False) -> list[dict]:
    """Points where claims break: every symbol at the same kind of special value, then each symbol
    at each of its special values with the others drawn at random."""
    intervals = bounds_from(symbols, conditions)
    specials = {s: special_values(s, intervals.get(s), s in small, angles) for s in symbols}
    found: list[dict] = []
    longest = max((len(v) for v in specials.values()), default=0)
    for k in range(longest):
        found.append({s: values[k % len(values)] if values else draw(s, rng, s in small)
                      for s, values in specials.items()})
    for s in symbols:
        for value in specials[s]:
            point = {t: draw(t, rng, t in small) for t in symbols}
            point[s] = value
            found.append(point)
    if len(symbols) == 2:  # two symbols: every pair of their first special values (n = 5 with x = -3)
        first, second = (specials[s][:GRID] for s in symbols)
        found += [dict(zip(symbols, pair)) for pair in itertools.product(first, second)]
    unique = list({tuple(sorted((str(k), v) for k, v in p.items())): p for p in found}.values())
    return [p for p in unique if _satisfies(conditions, p)][:MAX_STRUCTURED]


def points(symbols: Iterable[sympy.Symbol], conditions: tuple, count: int, seed: int,
           structured: bool = False, small: frozenset = frozenset(), angles: bool = False) -> list[dict]:
    """Up to ``count`` random points satisfying every condition (fewer if rejection keeps failing),
    after the structured ones when ``structured`` (with ``angles``, multiples of pi among them); the
    symbols in ``small`` stay of moderate size.
    A real symbol that the conditions confine to a bounded interval (0 < L < 2) is drawn from all of
    it half of the time, so that no part of the interval is rarely visited."""
    symbols = sorted(symbols, key=sympy.default_sort_key)
    rng = random.Random(seed)
    found: list[dict] = structured_points(symbols, conditions, rng, small, angles) if structured else []
    ranges = _bounded_ranges(symbols, conditions)
    wanted = len(found) + count
    for _ in range(MAX_TRIES):
        if len(found) == wanted:
            break
        point = {s: _within(ranges[s], rng) if s in ranges and rng.random() < 0.5 else draw(s, rng, s in small)
                 for s in symbols}
        if _satisfies(conditions, point):
            found.append(point)
    return found


def _bounded_ranges(symbols, conditions) -> dict:
    """The real symbols with both ends bounded (bounds are numbers), as float intervals."""
    return {s: (float(interval.lo), float(interval.hi)) for s, interval in bounds_from(symbols, conditions).items()
            if s in symbols and not s.is_integer and interval.lo is not None and interval.hi is not None}


def _within(bounds: tuple[float, float], rng: random.Random) -> sympy.Rational:
    return _rational(rng.uniform(*bounds))
