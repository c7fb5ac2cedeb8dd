"""One checked derivation as LaTeX: align* rows with the verdict of each step in the margin."""

from __future__ import annotations

import sympy

from dgmderive.derivation import Answer, Chain, Definition, Figure, Formula, Remark
from dgmderive.verdict import Verdict

RELATION_LATEX = {"=": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}


def expression(obj) -> str:
    return sympy.latex(obj, mat_delim="(")


def verdict_mark(verdict: Verdict) -> str:
    return rf"\tag*{{\verdict{{{verdict.level.value}}}}}"


def _chain_rows(chain: Chain, verdicts: list[Verdict]) -> list[str]:
    rows = []
    for i, (step, verdict) in enumerate(zip(chain.steps, verdicts)):
        left = expression(step.lhs) if i == 0 else ""
        rows.append(rf"{left} &{RELATION_LATEX[step.rel]} {expression(step.rhs)} "
                    rf"&& \why{{{step.why}}} {verdict_mark(verdict)}")
    return rows


def _align(rows: list[str]) -> str:
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def render_derivation(checked) -> str:
    """The LaTeX body of one sub-question (no document preamble)."""
    d = checked.derivation
    parts = [rf"\subsection*{{{d.id}\quad {d.title}}}"]
    if d.statement:
        parts.append(rf"\statement{{{d.statement}}}")
    verdicts = iter(checked.verdicts)
    rows: list[str] = []
    for item in d.items:
        if isinstance(item, Chain):
            rows += _chain_rows(item, [next(verdicts) for _ in item.steps])
            continue
        if isinstance(item, Definition):
            why = rf"&& \why{{{item.why}}}" if item.why else ""
            rows.append(rf"{expression(item.name)} &:= {item.shown or expression(item.value)} {why}")
            continue
        if rows:
            parts.append(_align(rows))
            rows = []
        if isinstance(item, Remark):
            parts.append(item.text)
        elif isinstance(item, Formula):
            parts.append((item.caption + "\n" if item.caption else "") + rf"\[ {item.latex} \]")
        elif isinstance(item, Figure):
            parts.append("\\begin{center}\n" + item.tikz + "\n\n" + rf"{{\small {item.caption}}}" + "\n\\end{center}")
        elif isinstance(item, Answer):
            parts.append(rf"\answer{{{item.latex}}}")
    if rows:
        parts.append(_align(rows))
    return "\n\n".join(parts)
