"""Verdicts met again: this process's memory, then the store on disk, then the cascade.

The cascade (and the SymPy, z3 and mpmath machinery behind it) is imported only when a step is not
remembered, so a command whose verdicts are all stored starts quickly.
"""

from __future__ import annotations

from dgmderive.checking import store
from dgmderive.checking.budget import exhausted
from dgmderive.derivation import Step
from dgmderive.verdict import Verdict

_known: dict[Step, Verdict] = {}


def check(step: Step) -> Verdict:
    """The verdict of one step. REFUTED and UNCHECKED are never upgraded to a pass.

    Checking is deterministic (seeded points, budgets in CPU time), so a step met again is answered
    from memory: this process's, or the store on disk (see :mod:`dgmderive.checking.store`). A
    verdict reached after some budget ran out is kept for this process only.
    """
    if step not in _known:
        verdict = store.load(step)
        if verdict is None:
            from dgmderive.checking.cascade import decide

            before = exhausted()
            verdict = decide(step)
            if exhausted() == before:
                store.save(step, verdict)
        _known[step] = verdict
    return _known[step]
