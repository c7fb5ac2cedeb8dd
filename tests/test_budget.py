"""CPU budgets: they end what runs past them, even where an exception was swallowed once."""

import time

import pytest

from dgmderive.checking.budget import OutOfTime, cpu_budget, within


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_budget_ends_a_computation_that_runs_past_it():
    start = time.process_time()
    assert within(0.05, lambda: _spin(5)) is None
    assert time.process_time() - start < 1


def test_an_out_of_time_that_is_swallowed_is_raised_again():
    """As when the signal lands in a garbage-collector callback, whose exceptions Python ignores."""
    swallowed, start = 0, time.process_time()
    with pytest.raises(OutOfTime):
        with cpu_budget(0.05):
            while True:
                try:
                    _spin(5)
                except OutOfTime:
                    swallowed += 1
                    if swallowed > 1:
                        raise
    assert swallowed == 2 and time.process_time() - start < 1


def test_a_budget_that_ended_leaves_no_signal_behind():
    assert within(0.02, lambda: _spin(1)) is None
    _spin(0.2)  # an OutOfTime here would fail the test
    assert within(1, lambda: 7) == 7
