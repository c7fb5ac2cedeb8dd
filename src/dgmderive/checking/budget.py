"""A wall-clock budget for one computation, so that no step can hang the build."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class OutOfTime(Exception):
    """Raised inside a computation that ran past its budget."""


def can_interrupt() -> bool:
    """Budgets use SIGALRM, which only the main thread of a process can receive."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in the body once ``seconds`` have passed.

    Callers must check :func:`can_interrupt` first: without it there is no budget, and an
    unbounded computation must not run.
    """
    if not can_interrupt():
        raise RuntimeError("time budgets need the main thread")

    def expire(signum, frame):
        raise OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
