"""Every step of every derivation, mutated (a changed constant, a flipped sign, a doubled side, a
changed matrix entry, a swapped relation), must be REFUTED."""

import pytest

from dgmderive import Level, check
from tests.mutants import every_mutant


@pytest.mark.parametrize("mutant", every_mutant())
def test_every_mutated_step_is_refuted(mutant):
    assert check(mutant).level is Level.REFUTED, str(mutant)
