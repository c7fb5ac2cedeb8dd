"""answers.json: one entry per sub-question, with machine-readable values and every verdict."""

from __future__ import annotations

import json
from typing import Any

import sympy

from dgmderive.derivation import Growth, Step
from dgmderive.render.answers import answer_latex
from dgmderive.render.printer import expression


def to_json(value: Any) -> Any:
    """SymPy values as JSON: integers stay integers, matrices become nested lists, the rest strings."""
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, Step):  # a truth value, said by that checked step
        return True
    if isinstance(value, Growth):
        return to_json(value.exponent)
    if isinstance(value, (int, sympy.Integer)):
        return int(value)
    if isinstance(value, float):
        return value
    if isinstance(value, sympy.MatrixBase):
        return [[to_json(x) for x in value.row(i)] for i in range(value.rows)]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, sympy.Tuple, set, frozenset)):
        items = sorted(value, key=sympy.default_sort_key) if isinstance(value, (set, frozenset)) else value
        return [to_json(v) for v in items]
    if isinstance(value, sympy.Basic):
        return sympy.sstr(value)
    raise TypeError(f"cannot write {type(value).__name__} to answers.json")


def entry(checked) -> dict:
    d = checked.derivation
    return {
        "id": d.id,
        "title": d.title,
        "answers": [{"latex": answer_latex(a, d), "value": to_json(a.value), "traced": t.sources}
                    for a, t in zip(d.answers, checked.answers)],
        "steps": [
            {
                "claim": f"{expression(s.lhs)} {s.rel.latex} {expression(s.rhs)}",
                "why": s.why,
                "verdict": v.to_json(),
            }
            for s, v in checked.pairs
        ],
        "displays": [{"where": place, "latex": fragment, "verdict": v.to_json()}
                     for place, fragment, v in checked.displays],
    }


def render_answers(entries: list[dict]) -> str:
    return json.dumps(entries, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
