"""Exact checking on instances: the claim evaluated with exact arithmetic on concrete values."""

from __future__ import annotations

import sympy

from dgmderive.checking import symbolic
from dgmderive.checking.claim import Claim
from dgmderive.verdict import Level, Verdict, show

METHOD = "exact arithmetic on instances"


def _describe(instance: tuple) -> str:
    return ", ".join(f"{s}={show(v)}" for s, v in instance)


def on_instances(claim: Claim) -> Verdict | None:
    """EXACT when every instance the script gave is decided true, REFUTED on the first false one,
    else None."""
    return check_scalar(claim.lhs, claim.rel, claim.rhs, claim.instances, claim.given)


def check_scalar(lhs: sympy.Expr, rel: str, rhs: sympy.Expr, instances: tuple,
                 conditions: tuple) -> Verdict | None:
    """EXACT when every instance is decided true, REFUTED on the first false one, else None."""
    if not instances:
        return None
    for instance in instances:
        subs = dict(instance)
        lhs_at, rhs_at = lhs.subs(subs).doit(), rhs.subs(subs).doit()
        verdict = symbolic.check_every_stage(lhs_at, rel, rhs_at, tuple(c.subs(subs) for c in conditions),
                                             closed=(lhs_at - rhs_at).is_number)
        if verdict is None:
            return None
        if verdict.level is Level.REFUTED:
            return Verdict(Level.REFUTED, METHOD, f"fails on the instance {_describe(instance)}",
                           counterexample=(*((str(s), show(v)) for s, v in instance),
                                           ("lhs - rhs", verdict.counterexample[0][1] if verdict.counterexample else "?")))
    shown = "; ".join(_describe(i) for i in instances[:4]) + ("; ..." if len(instances) > 4 else "")
    return Verdict(Level.EXACT, METHOD, f"holds exactly on {len(instances)} instance(s): {shown}",
                   points=len(instances))
