"""A checked derivation as plain text, for the terminal: every item, each step with its verdict."""

from __future__ import annotations

import re
import textwrap

import sympy

from dgmderive.derivation import Answer, Chain, Definition, Figure, Remark, Table
from dgmderive.render.answers import answer_latex, called
from dgmderive.render.printer import text
from dgmderive.render.walk import Renderer

WIDTH = 96


def plain(latex: str) -> str:
    """LaTeX prose with its markup thinned out, for reading in a terminal."""
    text = re.sub(r"\\(emph|textbf|textit|text)\{([^{}]*)\}", r"\2", latex)
    return text.replace("$", "").replace("~", " ")


def text_of(obj) -> str:
    """One line per expression, in the project's term order; matrices as nested lists."""
    if isinstance(obj, sympy.MatrixBase):
        return "[" + ", ".join("[" + ", ".join(text(x) for x in row) + "]" for row in obj.tolist()) + "]"
    shown = text(obj)
    return re.sub(r"Matrix\(\[\s*(.*?)\]\)", r"[\1]", re.sub(r"\s*\n\s*", " ", shown))


class TerminalRenderer(Renderer):
    def begin(self) -> None:
        d = self.derivation
        self.lines = [f"{d.id}  {d.title}"]
        if d.statement:
            self._wrapped(d.statement, "    ")

    def finish(self) -> str:
        return "\n".join(self.lines)

    def _wrapped(self, latex: str, indent: str) -> None:
        self.lines += textwrap.wrap(plain(latex), WIDTH, initial_indent=indent, subsequent_indent=indent)

    def chain(self, item: Chain) -> None:
        for i, step in enumerate(item.steps):
            _, verdict = self.numbered[id(step)]
            left = text_of(step.lhs) if i == 0 else ""
            self.lines.append(f"  [{verdict.level.value:>9}] {left} {step.rel} {text_of(step.rhs)}")
            self.lines.append(f"              because {plain(step.why)}; {verdict.method}"
                              + (f": {verdict.evidence}" if verdict.evidence else ""))
            if verdict.counterexample:
                shown = ", ".join(f"{k} = {v}" for k, v in verdict.counterexample)
                self.lines.append(f"              counterexample: {shown}")

    def remark(self, item: Remark) -> None:
        self._wrapped(item.text, "  ")

    def definition(self, item: Definition) -> None:
        name, value = called(item)
        if item.described:
            shown = f"(described) {plain(item.described)}"
        else:
            shown = plain(item.shown) if item.shown else text_of(value)
        self.lines.append(f"  let {text_of(name)} := {shown}" + (f"  ({plain(item.why)})" if item.why else ""))


    def figure(self, item: Figure) -> None:
        self.lines.append(f"  (figure: {plain(item.caption)})")

    def table(self, item: Table) -> None:
        self.lines.append(f"  table: {plain(item.caption)}")
        self.lines += ["    " + " | ".join(plain(c) for c in row) for row in (item.header, *item.rows)]

    def answer(self, item: Answer) -> None:
        self.lines.append(f"  Answer: {answer_latex(item, self.derivation)}")


def terminal_text(checked) -> str:
    return TerminalRenderer(checked).render()
