"""One checked derivation as LaTeX: align* rows with the verdict of each step in the margin."""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter

from dgmderive.derivation import (
    Answer,
    Chain,
    Definition,
    Figure,
    Formula,
    Remark,
    Table,
)
from dgmderive.verdict import Verdict

RELATION_LATEX = {"=": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}


class _Printer(LatexPrinter):
    """SymPy's LaTeX printer with the sheet's notation: det(S) rather than |S|, I for the identity."""

    def _print_Determinant(self, expr):
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_Identity(self, expr):
        return "I"


def expression(obj) -> str:
    return _Printer({"mat_delim": "("}).doprint(obj)


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


def _table(table: Table) -> str:
    lines = [r"\begin{center}", r"\small", r"\begin{tabular}{" + "r" * len(table.header) + "}",
             " & ".join(table.header) + r" \\ \hline"]
    lines += [" & ".join(row) + r" \\" for row in table.rows]
    lines += [r"\end{tabular}", "", rf"{{\small {table.caption}}}", r"\end{center}"]
    return "\n".join(lines)


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
            name, value = item.name, item.value
            if isinstance(value, sympy.Lambda):
                name, value = name(*value.variables), value.expr
            shown = item.shown or expression(value)
            if item.described:
                shown = rf"{{}}^{{\described}}\, {item.described}"
            rows.append(rf"{expression(name)} &:= {shown} {why}")
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
        elif isinstance(item, Table):
            parts.append(_table(item))
        elif isinstance(item, Answer):
            parts.append(rf"\answer{{{item.latex}}}")
    if rows:
        parts.append(_align(rows))
    return "\n\n".join(parts)
