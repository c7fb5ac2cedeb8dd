"""The two LaTeX documents' bodies: the students' sheet (the solution as a reference gives it, each
checked formula marked with its step in the record) and the verification record (every step, its
reason, verdict and method)."""

from __future__ import annotations

from abc import abstractmethod

from dgmderive.derivation import Answer, Chain, Definition, Figure, Remark, Table
from dgmderive.render.answers import answer_pieces, called, left_latex
from dgmderive.render.layout import LINE, Row, align, width
from dgmderive.render.printer import expression
from dgmderive.render.walk import DisplayRenderer


class LatexRenderer(DisplayRenderer):
    """Rows of consecutive steps and definitions share one align* block; every other item is a
    block of its own."""

    line = LINE

    def heading(self) -> list[str]:
        d = self.derivation
        return [rf"\subsection*{{{d.id}\quad {d.title}}}", *([rf"\statement{{{d.statement}}}"] if d.statement else [])]

    def display(self, rows: list[Row]) -> str:
        return align(rows, self.line)

    def chain(self, item: Chain) -> None:
        for i, step in enumerate(item.steps):  # the right side as an expression, so that a long sum can break
            self.rows.append(Row(left_latex(step) if i == 0 else "", step.rel.latex, step.written[1] or step.rhs,
                                 self.margin(step)))

    def definition(self, item: Definition) -> None:
        name, value = called(item)
        right = self.described(item) if item.described else item.shown or value
        self.rows.append(Row(expression(name), ":=", right, rf"&& \why{{{item.why}}}" if item.why else ""))

    def remark(self, item: Remark) -> None:
        self._block(item.text)

    def figure(self, item: Figure) -> None:
        self._block("\\begin{center}\n" + item.tikz + "\n\n" + rf"{{\small {item.caption}}}" + "\n\\end{center}")

    def table(self, item: Table) -> None:
        lines = [r"\begin{center}", r"\small", r"\begin{tabular}{" + "r" * len(item.header) + "}",
                 " & ".join(item.header) + r" \\ \hline"]
        lines += [" & ".join(row) + r" \\" for row in item.rows]
        lines += [r"\end{tabular}", "", rf"{{\small {item.caption}}}", r"\end{center}"]
        self._block("\n".join(lines))

    def answer(self, item: Answer) -> None:
        """The pieces on one line when they fit, else one piece a line, and words too long for a line
        as a paragraph."""
        pieces = answer_pieces(item, self.derivation)
        joined = r",\quad ".join(pieces)
        if width(joined) <= self.line:
            self._block(rf"\answer{{{joined}}}")
            return
        lines = [_paragraph(piece) if piece.startswith(r"\text{") and width(piece) > self.line else piece
                 for piece in pieces]
        self._block(r"\answer{\begin{gathered}" + r" \\ ".join(lines) + r"\end{gathered}}")

    @abstractmethod
    def margin(self, step) -> str:
        """What stands right of a step: its reason, and how it was checked."""

    def described(self, item: Definition) -> str:
        """A value that no formula shows, as the document describes it."""
        return rf"{{}}^{{\described}}\, {item.described}"


def _paragraph(text: str) -> str:
    r"""``\text{words}`` as a centred paragraph that may break over lines."""
    return r"\parbox{0.9\linewidth}{\centering " + text[len(r"\text{"):-1] + "}"


class RecordRenderer(LatexRenderer):
    """The verification record: every item, each step with its reason, number and verdict."""

    def margin(self, step) -> str:
        _, verdict = self.numbered[id(step)]
        return rf"&& \why{{{step.why}}} \tag*{{\verdict{{{verdict.level.value}}}\,\stepno{{{self.step_label(step)}}}}}"


SET_SHOWN = 2 * LINE  # a set whose members print within this width is listed on the sheet


class SheetRenderer(LatexRenderer):
    """The students' sheet: the items a reference solution shows, each step with its reason and a
    discreet mark, its number in the record."""

    shows_record = False
    line = 68  # the sheet's margin notes are narrower than the record's

    def margin(self, step) -> str:
        return rf"&& \why{{{step.why}}} \tag*{{\stepno{{{self.step_label(step)}}}}}"

    def figure(self, item: Figure) -> None:
        """A figure right after a display stands beside it, which saves the page a figure's height."""
        if not self.rows:
            super().figure(item)
            return
        display = align(self.rows, self.line * 3 // 4)
        self.rows = []
        self._block("\\noindent\\begin{minipage}[c]{0.72\\linewidth}\n" + display + "\n\\end{minipage}\\hfill"
                    "\\begin{minipage}[c]{0.26\\linewidth}\\centering\n" + item.tikz + "\n\n"
                    + rf"{{\footnotesize {item.caption}}}" + "\n\\end{minipage}")

    def described(self, item: Definition) -> str:
        """A set small enough to list is listed (its members printed from the value itself)."""
        listed = expression(item.value)
        return listed if width(listed) <= SET_SHOWN else super().described(item)


def record_latex(checked) -> str:
    return RecordRenderer(checked).render()


def sheet_latex(checked) -> str:
    return SheetRenderer(checked).render()
