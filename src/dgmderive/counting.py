"""Counting arithmetic: run an algorithm on counting numbers, and see the count as a SymPy function."""

from __future__ import annotations

import functools
import operator
from collections import Counter
from collections.abc import Callable

import sympy


class Tally:
    """The operations performed so far, by kind (+, -, *, /, abs)."""

    def __init__(self) -> None:
        self.ops: Counter = Counter()

    @property
    def total(self) -> int:
        return sum(self.ops.values())

    def number(self, value: float) -> Counted:
        return Counted(value, self)


class Counted:
    """A real number that records every arithmetic operation on it in its tally."""

    __slots__ = ("value", "tally")

    def __init__(self, value: float, tally: Tally) -> None:
        self.value, self.tally = value, tally

    def _op(self, kind: str, other, fn) -> Counted:
        self.tally.ops[kind] += 1
        return Counted(fn(self.value, other.value if isinstance(other, Counted) else other), self.tally)

    def __add__(self, other): return self._op("+", other, operator.add)
    def __radd__(self, other): return self._op("+", other, _swapped(operator.add))
    def __sub__(self, other): return self._op("-", other, operator.sub)
    def __rsub__(self, other): return self._op("-", other, _swapped(operator.sub))
    def __mul__(self, other): return self._op("*", other, operator.mul)
    def __rmul__(self, other): return self._op("*", other, _swapped(operator.mul))
    def __truediv__(self, other): return self._op("/", other, operator.truediv)
    def __rtruediv__(self, other): return self._op("/", other, _swapped(operator.truediv))
    def __abs__(self): return self._op("abs", None, lambda a, _: abs(a))
    def __neg__(self): return self._op("-", None, lambda a, _: -a)


@functools.cache
def _swapped(fn: Callable) -> Callable:
    return lambda a, b: fn(b, a)


def count_ops(algorithm: Callable[[Tally, int], object], n: int) -> int:
    """How many arithmetic operations ``algorithm(tally, n)`` performs."""
    tally = Tally()
    algorithm(tally, n)
    return tally.total


def counted_function(name: str, algorithm: Callable[[Tally, int], object]) -> type[sympy.Function]:
    """A SymPy function ``name(n)`` that stays symbolic for symbolic ``n`` and, at a positive integer,
    evaluates to the operation count of ``algorithm`` at that size (counted once per size: the
    count is deterministic, and checking evaluates it many times)."""
    count = functools.lru_cache(maxsize=None)(lambda n: count_ops(algorithm, n))

    def eval(cls, n):
        if n.is_Integer and n > 0:
            return sympy.Integer(count(int(n)))
        return None

    return type(name, (sympy.Function,), {"eval": classmethod(eval), "nargs": 1})
