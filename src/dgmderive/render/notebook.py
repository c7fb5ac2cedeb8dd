"""A checked derivation as Markdown for a notebook, whose LaTeX MathJax 3 renders: only standard
TeX and AMS macros (no \\why, \\verdict, \\answer or TikZ), prose outside the formulas in
Markdown."""

from __future__ import annotations

import re

from dgmderive.derivation import Answer, Chain, Definition, Figure, Remark, Table
from dgmderive.render.answers import answer_latex, called, left_latex, right_latex
from dgmderive.render.printer import expression
from dgmderive.render.walk import DisplayRenderer

PROSE = (  # LaTeX text-mode markup and its Markdown
    (re.compile(r"\\emph\{([^{}]*)\}|\\textit\{([^{}]*)\}"), lambda m: f"*{m.group(1) or m.group(2)}*"),
    (re.compile(r"\\textbf\{([^{}]*)\}"), lambda m: f"**{m.group(1)}**"),
    (re.compile(r"\\text(?:rm|sf)?\{([^{}]*)\}"), lambda m: m.group(1)),
    (re.compile(r"---"), lambda m: "\u2014"),
    (re.compile(r"--"), lambda m: "\u2013"),
    (re.compile(r"~"), lambda m: "\u00a0"),
    (re.compile(r"\\([%&#_$])"), lambda m: m.group(1)),
    (re.compile(r"``|''"), lambda m: '"'),
)
MATH = re.compile(r"(\$\$.*?\$\$|\$[^$]*\$)", re.DOTALL)


def markdown(latex: str, emphasis: bool = True) -> str:
    """LaTeX prose as Markdown; the formulas in it ($...$) are kept for MathJax. Without
    ``emphasis`` (for prose inside a formula's \\text{}), emphasised words lose their markup."""
    pieces = MATH.split(latex)
    for i in range(0, len(pieces), 2):  # the prose between the formulas
        for pattern, replacement in PROSE:
            pieces[i] = pattern.sub(replacement, pieces[i])
        if not emphasis:
            pieces[i] = pieces[i].replace("*", "")
    return "".join(pieces)


def _in_text(latex: str) -> str:
    return markdown(latex, emphasis=False)


class NotebookRenderer(DisplayRenderer):
    ending = "\n"

    def heading(self) -> list[str]:
        d = self.derivation
        return [f"### {d.id} {markdown(d.title)}", *([f"*{markdown(d.statement).strip()}*"] if d.statement else [])]

    def display(self, rows: list[str]) -> str:
        return "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$"

    def chain(self, item: Chain) -> None:
        """One display per chain: MathJax refuses a formula longer than its buffer (5 kB)."""
        self._flush()
        for i, step in enumerate(item.steps):
            _, verdict = self.numbered[id(step)]
            left = left_latex(step) if i == 0 else ""
            self.rows.append(rf"{left} &{step.rel.latex} {right_latex(step)} && \text{{{_in_text(step.why)}}}"
                             rf"\quad \textsf{{{verdict.level.value}}}")

    def definition(self, item: Definition) -> None:
        name, value = called(item)
        right = rf"{{}}^{{\dagger}}\, {item.described}" if item.described else item.shown or expression(value)
        why = rf" && \text{{{_in_text(item.why)}}}" if item.why else ""
        self.rows.append(rf"{expression(name)} &:= {right}{why}")

    def remark(self, item: Remark) -> None:
        self._block(markdown(item.text))

    def figure(self, item: Figure) -> None:
        self._block(f"*Figure (in the PDF documents):* {markdown(item.caption)}")

    def table(self, item: Table) -> None:
        rows = [item.header, tuple("---" for _ in item.header), *item.rows]
        self._block("\n".join("| " + " | ".join(markdown(cell) for cell in row) + " |" for row in rows)
                    + f"\n\n{markdown(item.caption)}")

    def answer(self, item: Answer) -> None:
        self._block(f"**Answer.** $$\\boxed{{{answer_latex(item, self.derivation)}}}$$")


def notebook_markdown(checked) -> str:
    return NotebookRenderer(checked).render()
