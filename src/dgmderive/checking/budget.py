"""Budgets in CPU time for computations, so that no step can hang a build and no verdict depends on
how busy the machine is. Budgets nest: an inner budget never outlives the one around it.

A budget counts the CPU time of this process (``time.process_time``, enforced by ``ITIMER_PROF``),
not the time on the wall clock: another program running beside it slows the check down but does not
change its verdict. ``DGMDERIVE_BUDGET_SCALE`` multiplies every budget (``2`` doubles them, for a
slow machine; ``0.5`` halves them). Every budget that runs out is counted (:func:`exhausted`), so
that a verdict reached that way is never stored: a faster machine might have decided more.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")

_deadlines: list[float] = []
_exhausted = 0


class OutOfTime(Exception):
    """Raised inside a computation that ran past its budget."""


def scale() -> float:
    """The factor that ``DGMDERIVE_BUDGET_SCALE`` sets (1 when unset or unreadable)."""
    try:
        factor = float(os.environ.get("DGMDERIVE_BUDGET_SCALE", "1"))
    except ValueError:
        return 1.0
    return factor if 0 < factor < 1e6 else 1.0


def exhausted() -> int:
    """How many budgets have run out in this process so far."""
    return _exhausted


def can_interrupt() -> bool:
    """Budgets use SIGPROF, which only the main thread of a process can receive."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


REMINDER = 0.01  # CPU seconds between reminders, once a budget has run out


def _expire(signum, frame):
    """SIGPROF: raise OutOfTime when a deadline has passed. Until that budget's context ends, the
    signal comes back every REMINDER seconds, so that an OutOfTime raised where Python swallows
    exceptions (a garbage-collector callback, a ``__del__``) is raised again rather than lost."""
    if _deadlines and time.process_time() >= min(_deadlines) - 1e-3:
        signal.setitimer(signal.ITIMER_PROF, REMINDER)
        raise OutOfTime
    _arm()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGPROF held back while the budgets' bookkeeping changes (delivered after, if it came)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGPROF})


def _arm() -> None:
    if _deadlines:
        signal.setitimer(signal.ITIMER_PROF, max(min(_deadlines) - time.process_time(), 1e-4))
    else:
        signal.setitimer(signal.ITIMER_PROF, 0)


@contextlib.contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in the body once it (or an enclosing budget) has used ``seconds``
    of CPU time, scaled by :func:`scale`.

    Callers must check :func:`can_interrupt` first: without it there is no budget, and an
    unbounded computation must not run.
    """
    global _exhausted
    if not can_interrupt():
        raise RuntimeError("budgets need the main thread")
    with _signals_held():
        if not _deadlines:
            signal.signal(signal.SIGPROF, _expire)
        _deadlines.append(time.process_time() + seconds * scale())
        _arm()
    try:
        yield
    except OutOfTime:
        _exhausted += 1
        raise
    finally:
        with _signals_held():
            _deadlines.pop()
            _arm()


def within(seconds: float, compute: Callable[[], T]) -> T | None:
    """``compute()``, or None when it runs past ``seconds``; unbounded where budgets are impossible."""
    if not can_interrupt():
        return compute()
    try:
        with cpu_budget(seconds):
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
