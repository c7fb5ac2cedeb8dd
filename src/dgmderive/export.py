"""answers.json: the checked answers and steps of a question set, for programs.

The schema (``dgmderive.answers/1``, documented in README.md) is::

    {"schema": "dgmderive.answers/1",
     "tool": {"name": "dgmderive", "version": ...},
     "question_set": {"title": ..., "source": ...},
     "parts": [{"id", "title", "extra",
                "answers": [{"latex", "value", "traced"}],
                "steps": [{"index", "label", "lhs", "relation", "rhs", "why", "verdict"}],
                "displays": [{"where", "latex", "verdict"}]}]}

An answer's ``value`` (null when the script gives none) keeps the shape the script gave it (objects
and lists of names), and each leaf is ``{"latex": ..., "value": JSON}`` where the value fits JSON
exactly (integers, floats, truth values, strings, and matrices of integers), else ``{"latex": ...,
"srepr": ...}``, SymPy's ``srepr``, which ``sympy.parse_expr`` reads back; a leaf that names a
definition of the part is its value, with ``"name"`` beside it. A step's ``index`` is the N of
"step N" in the build's messages; its ``label`` is the one the sheet and the record show.
"""

from __future__ import annotations

import json
from typing import Any

import sympy
from sympy.printing.repr import ReprPrinter

from dgmderive.derivation import Growth, Metadata, Step
from dgmderive.render.answers import answer_latex
from dgmderive.render.printer import expression
from dgmderive.render.walk import step_labels
from dgmderive.version import tool_version

SCHEMA = "dgmderive.answers/1"
DOUBLE_PRECISION = 53  # bits of a JSON number (an IEEE double)


def value_json(value: Any, definitions: dict) -> Any:
    """An answer's value: its objects and lists kept, each leaf as LaTeX and a machine form; a leaf
    that is a name the part defines is its value, with the name beside it."""
    if isinstance(value, dict):
        return {str(k): value_json(v, definitions) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return [value_json(v, definitions) for v in sorted(value, key=sympy.default_sort_key)]
    if isinstance(value, (list, tuple, sympy.Tuple)):
        return [value_json(v, definitions) for v in value]
    if isinstance(value, sympy.Symbol) and value in definitions:
        return {"name": expression(value), **value_json(definitions[value], {})}
    return {"latex": _leaf_latex(value), **machine_form(value)}


def machine_form(value: Any) -> dict:
    """``{"value": JSON}`` where the value fits JSON exactly, else ``{"srepr": ...}``. A step is the
    truth value it says; a :class:`Growth` is its exponent."""
    if isinstance(value, Step):
        return {"value": True}
    if isinstance(value, Growth):
        return machine_form(value.exponent)
    if isinstance(value, (bool, str, int)) or value is None:
        return {"value": value}
    if isinstance(value, float):
        return {"value": value}
    if isinstance(value, sympy.logic.boolalg.BooleanAtom):
        return {"value": bool(value)}
    if isinstance(value, sympy.Integer):
        return {"value": int(value)}
    if isinstance(value, sympy.Float) and value._prec <= DOUBLE_PRECISION:
        return {"value": float(value)}
    if isinstance(value, sympy.MatrixBase):
        if all(isinstance(x, sympy.Integer) for x in value):
            return {"value": [[int(x) for x in value.row(i)] for i in range(value.rows)]}
        return {"srepr": srepr(sympy.ImmutableMatrix(value))}
    if isinstance(value, sympy.Basic):
        return {"srepr": srepr(value)}
    raise TypeError(f"cannot write {type(value).__name__} to answers.json")


FACTS = ("integer", "rational", "real", "positive", "negative", "nonnegative", "nonpositive", "nonzero")
IMPLIED = {"real": ("integer", "rational", "positive", "negative", "nonnegative", "nonpositive"),
           "rational": ("integer",), "nonzero": ("positive", "negative"), "nonnegative": ("positive",),
           "nonpositive": ("negative",)}


class _Repr(ReprPrinter):
    """SymPy's srepr, with each symbol's assumptions said the same way whatever the process made
    first: SymPy keeps one symbol for K(integer, positive) and K(real, integer, positive), and its
    srepr repeats the assumptions of whichever was made first."""

    def _print_Symbol(self, expr, **kwargs):
        holds = {fact for fact in FACTS if expr.assumptions0.get(fact)}
        said = [fact for fact in FACTS if fact in holds and not any(f in holds for f in IMPLIED.get(fact, ()))]
        return f"{type(expr).__name__}({expr.name!r}" + "".join(f", {fact}=True" for fact in said) + ")"


def srepr(value: sympy.Basic) -> str:
    return _Repr().doprint(value)


def _leaf_latex(value: Any) -> str:
    if isinstance(value, Step):
        return f"{expression(value.lhs)} {value.rel.latex} {expression(value.rhs)}"
    if isinstance(value, Growth):
        return rf"\mathcal{{O}}\left({expression(value.variable ** value.exponent)}\right)"
    if isinstance(value, str):
        return rf"\text{{{value}}}"
    return expression(sympy.sympify(value))


def entry(checked) -> dict:
    """One part: its answers, its steps with their verdicts, and its hand-written displays."""
    d = checked.derivation
    labels = step_labels(d)
    return {
        "id": d.id,
        "title": d.title,
        "extra": d.extra,
        "answers": [{"latex": answer_latex(a, d), "value": None if a.value is None else value_json(a.value, d.definitions),
                     "traced": t.sources}
                    for a, t in zip(d.answers, checked.answers)],
        "steps": [
            {
                "index": index,
                "label": f"{d.id}.{labels[id(s)]}",
                "lhs": expression(s.lhs),
                "relation": s.rel.value,
                "rhs": expression(s.rhs),
                "why": s.why,
                "verdict": v.to_json(),
            }
            for index, (s, v) in enumerate(checked.pairs, start=1)
        ],
        "displays": [{"where": place, "latex": fragment, "verdict": v.to_json()}
                     for place, fragment, v in checked.displays],
    }


def render_answers(entries: list[dict], metadata: Metadata = Metadata(), source: str = "") -> str:
    document = {
        "schema": SCHEMA,
        "tool": {"name": "dgmderive", "version": tool_version()},
        "question_set": {"title": metadata.title, "source": source},
        "parts": entries,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
