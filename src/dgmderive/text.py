"""A checked derivation as plain text, for the terminal."""

from __future__ import annotations

import re
import textwrap

import sympy

from dgmderive.latex.render import answer_latex

from dgmderive.derivation import (
    Answer,
    Chain,
    Definition,
    Figure,
    Formula,
    Remark,
    Table,
)


def _plain(latex: str) -> str:
    """LaTeX prose with its markup thinned out, for reading in a terminal."""
    text = re.sub(r"\\(emph|textbf|textit|text)\{([^{}]*)\}", r"\2", latex)
    return text.replace("$", "").replace("~", " ")


def _expr(obj) -> str:
    """One line per expression; matrices as nested lists."""
    if isinstance(obj, sympy.MatrixBase):
        return sympy.sstr(obj.tolist())
    return re.sub(r"Matrix\(\[\s*(.*?)\]\)", r"[\1]", re.sub(r"\s*\n\s*", " ", sympy.sstr(obj)))


def render_text(checked) -> str:
    d = checked.derivation
    lines = [f"{d.id}  {d.title}"]
    if d.statement:
        lines += textwrap.wrap(_plain(d.statement), 96, initial_indent="    ", subsequent_indent="    ")
    verdicts = iter(checked.verdicts)
    for item in d.items:
        if isinstance(item, Chain):
            for i, step in enumerate(item.steps):
                verdict = next(verdicts)
                left = _expr(step.lhs) if i == 0 else ""
                lines.append(f"  [{verdict.level.value:>9}] {left} {step.rel} {_expr(step.rhs)}")
                lines.append(f"              because {_plain(step.why)}; {verdict.method}"
                             + (f": {verdict.evidence}" if verdict.evidence else ""))
                if verdict.counterexample:
                    shown = ", ".join(f"{k} = {v}" for k, v in verdict.counterexample)
                    lines.append(f"              counterexample: {shown}")
        elif isinstance(item, Remark):
            lines += textwrap.wrap(_plain(item.text), 96, initial_indent="  ", subsequent_indent="  ")
        elif isinstance(item, Definition):
            lines.append(f"  let {_expr(item.name)} := {_definition_text(item)}"
                         + (f"  ({_plain(item.why)})" if item.why else ""))
        elif isinstance(item, Formula):
            lines.append(f"  {item.caption}: {item.latex}" if item.caption else f"  {item.latex}")
        elif isinstance(item, Figure):
            lines.append(f"  (figure: {_plain(item.caption)})")
        elif isinstance(item, Table):
            lines.append(f"  table: {_plain(item.caption)}")
            lines += ["    " + " | ".join(_plain(c) for c in row) for row in (item.header, *item.rows)]
        elif isinstance(item, Answer):
            lines.append(f"  Answer: {answer_latex(item, d)}")
    return "\n".join(lines)


def _definition_text(item) -> str:
    if item.described:
        return f"(described) {_plain(item.described)}"
    return _plain(item.shown) if item.shown else _expr(item.value)
