"""Wall-clock budgets for computations, so that no step can hang the build. Budgets nest: an inner
budget never outlives the one around it."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

_deadlines: list[float] = []


class OutOfTime(Exception):
    """Raised inside a computation that ran past its budget."""


def can_interrupt() -> bool:
    """Budgets use SIGALRM, which only the main thread of a process can receive."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(signum, frame):
    raise OutOfTime


def _arm() -> None:
    if _deadlines:
        signal.setitimer(signal.ITIMER_REAL, max(min(_deadlines) - time.monotonic(), 1e-4))
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in the body once ``seconds`` (or an enclosing budget) have passed.

    Callers must check :func:`can_interrupt` first: without it there is no budget, and an
    unbounded computation must not run.
    """
    if not can_interrupt():
        raise RuntimeError("time budgets need the main thread")
    if not _deadlines:
        signal.signal(signal.SIGALRM, _expire)
    _deadlines.append(time.monotonic() + seconds)
    _arm()
    try:
        yield
    finally:
        _deadlines.pop()
        _arm()


def within(seconds: float, compute: Callable[[], T]) -> T | None:
    """``compute()``, or None when it runs past ``seconds``; unbounded where budgets are impossible."""
    if not can_interrupt():
        return compute()
    try:
        with time_budget(seconds):
            return compute()
    except OutOfTime:
        return None


def attempt(seconds: float, compute: Callable[[], T]) -> T | None:
    """Like :func:`within`, and None too when the computation fails: a stage of the checker that
    breaks on an input it cannot handle has decided nothing (and so proved nothing)."""
    try:
        return within(seconds, compute)
    except Exception:  # noqa: BLE001 - any failure of a stage means "undecided", never a pass
        return None
