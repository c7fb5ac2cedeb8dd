"""One checked derivation as LaTeX: align* rows with the verdict of each step in the margin."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy
from sympy.printing.latex import LatexPrinter

from dgmderive.derivation import (
    Answer,
    Chain,
    Definition,
    Figure,
    Formula,
    Growth,
    Labeled,
    Remark,
    Step,
    Table,
    Words,
)
from dgmderive.verdict import Verdict

class _Printer(LatexPrinter):
    """SymPy's LaTeX printer with the sheet's notation: det(S) rather than |S|, I for the identity."""

    def _print_Determinant(self, expr):
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_Identity(self, expr):
        return "I"


def expression(obj) -> str:
    """``obj`` in the sheet's notation; the imaginary unit is an upright i, which the parser reads back."""
    return _Printer({"mat_delim": "(", "imaginary_unit": "ri"}).doprint(obj)


LINE = 60  # visible characters of mathematics that fill the width left of the margin notes, roughly
MATRIX = re.compile(r"\\begin\{matrix\}(.*?)\\end\{matrix\}", re.DOTALL)
MARKUP = re.compile(r"\\(?:left|right)|[{}]|\\[A-Za-z]+|\\.")
SCRIPT = re.compile(r"[_^]\{([^{}]*)\}")


def width(latex: str) -> int:
    """Roughly how many characters wide ``latex`` prints: markup counts for nothing, a command for
    one character, a sub- or superscript for half its length, a matrix for its widest row, a fraction
    for the wider of its parts."""
    latex = MATRIX.sub(lambda m: "x" * max(width(row) + 3 * row.count("&") + 2 for row in m.group(1).split("\\\\")),
                       latex)
    latex = _fractions(latex)
    latex = SCRIPT.sub(lambda m: "x" * ((width(m.group(1)) + 1) // 2), latex)
    return len(MARKUP.sub(_printed, latex))


def _fractions(latex: str) -> str:
    """Each \\frac{a}{b} replaced by as many characters as the wider of a and b."""
    start = latex.find("\\frac{")
    while start >= 0:
        groups, i = [], start + len("\\frac")
        for _ in range(2):
            depth, j = 0, i
            while j < len(latex):
                depth += {"{": 1, "}": -1}.get(latex[j], 0)
                if depth == 0:
                    break
                j += 1
            groups.append(latex[i + 1:j])
            i = j + 1
        latex = latex[:start] + "x" * max(width(g) for g in groups) + latex[i:]
        start = latex.find("\\frac{")
    return latex


def _printed(match: re.Match) -> str:
    """What a piece of markup prints: nothing, an operator's name (sin, log), or one symbol."""
    text = match.group(0)
    if text in ("\\left", "\\right", "{", "}"):
        return ""
    return text[1:] if text[1:] in OPERATORS else "x"


OPERATORS = {"sin", "cos", "tan", "log", "exp", "det", "lim", "max", "min", "operatorname"}


def _lines(expr, taken: int = 0, whole: str | None = None) -> list[str]:
    """A sum too long for one line of the page as several lines, broken before a + or -, with
    the terms in SymPy's printing order and signs; ``taken`` is the width of the left-side column,
    which every line shares, and ``whole`` the expression printed on one line, when already known."""
    whole = expression(expr) if whole is None else whole
    if taken + width(whole) <= LINE or not isinstance(expr, sympy.Add):
        return [whole]
    printer = _Printer({"mat_delim": "("})
    lines, current = [], ""
    for i, term in enumerate(printer._as_ordered_terms(expr)):
        sign = ""
        if i and term.could_extract_minus_sign():
            sign, term = "- ", -term
        elif i:
            sign = "+ "
        text = printer._print(term)
        if printer._needs_add_brackets(term):
            text = rf"\left({text}\right)"
        if current and taken + width(current) + width(text) > LINE:
            lines.append(current)
            current = ""
        current += (" " if current else "") + sign + text
    return [*lines, current]


def verdict_mark(verdict: Verdict) -> str:
    return rf"\tag*{{\verdict{{{verdict.level.value}}}}}"


@dataclass(frozen=True)
class _Row:
    """One row of an align block: the left side's LaTeX ("" on a chain's later links), the relation,
    the right side (a SymPy expression, broken over lines when long, or LaTeX as written), and the
    margin (the reason and the verdict)."""

    left: str
    rel: str
    right: object
    margin: str = ""


def _chain_rows(chain: Chain, verdicts: list[Verdict]) -> list[_Row]:
    return [_Row(expression(step.lhs) if i == 0 else "", step.rel.latex, step.rhs,
                 rf"&& \why{{{step.why}}} {verdict_mark(verdict)}")
            for i, (step, verdict) in enumerate(zip(chain.steps, verdicts))]


def _align(rows: list[_Row]) -> str:
    """The rows as one align* block. The left sides share a column, so a long right side is broken
    to fit beside the widest of them; a left side too wide to share gets a line of its own."""
    printed = [row.right if isinstance(row.right, str) else expression(row.right) for row in rows]

    def alone(row: _Row, right: str) -> bool:  # too wide, and the right side cannot be broken instead
        unbreakable = isinstance(row.right, str) or not isinstance(row.right, sympy.Add)
        return width(row.left) > LINE // 2 or (unbreakable and width(row.left) + width(right) > LINE)

    own_line = {i for i, (row, right) in enumerate(zip(rows, printed)) if alone(row, right)}
    room = max((width(row.left) for i, row in enumerate(rows) if i not in own_line), default=0)
    lines = []
    for i, (row, right) in enumerate(zip(rows, printed)):
        if i in own_line:  # after the alignment point, so that it widens no column of its own
            lines.append(rf"&{row.left}")
        first, *rest = [right] if isinstance(row.right, str) else _lines(row.right, room, right)
        left = "" if i in own_line else row.left
        lines.append(rf"{left} &{row.rel} {first} {row.margin}".rstrip())
        lines += [rf"&\quad {line}" for line in rest]
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _table(table: Table) -> str:
    lines = [r"\begin{center}", r"\small", r"\begin{tabular}{" + "r" * len(table.header) + "}",
             " & ".join(table.header) + r" \\ \hline"]
    lines += [" & ".join(row) + r" \\" for row in table.rows]
    lines += [r"\end{tabular}", "", rf"{{\small {table.caption}}}", r"\end{center}"]
    return "\n".join(lines)


def _definition_latex(item: Definition) -> str:
    name, value = item.name, item.value
    if isinstance(value, sympy.Lambda):
        name, value = name(*value.variables), value.expr
    return f"{expression(name)} = {item.shown or expression(value)}"


def _piece_latex(piece, definitions: dict) -> str:
    if isinstance(piece, Step):
        return f"{expression(piece.lhs)} {piece.rel.latex} {expression(piece.rhs)}"
    if isinstance(piece, Words):
        return rf"\text{{{piece.text}}}"
    if isinstance(piece, Labeled):
        return f"{piece.label} = {expression(piece.value)}"
    if isinstance(piece, Growth):
        return rf"\mathcal{{O}}\left({expression(piece.variable ** piece.exponent)}\right)"
    if isinstance(piece, str):
        return piece
    return _definition_latex(definitions[piece])


def _definitions(derivation) -> dict:
    """The definitions by name, those left off the sheet (``quiet``) too."""
    shown = {item.name: item for item in derivation.items if isinstance(item, Definition)}
    return {name: shown.get(name, Definition(name, value)) for name, value in derivation.definitions.items()}


def answer_latex(answer: Answer, derivation) -> str:
    """An answer's LaTeX, made from its pieces: checked steps as ``lhs rel rhs`` (a step that goes on
    from the last one's right side as one chain), definitions as ``name = value``, words as text."""
    definitions = _definitions(derivation)
    shown: list[str] = []
    previous = None
    for piece in answer.pieces:
        if isinstance(piece, Step) and isinstance(previous, Step) and previous.rhs == piece.lhs:
            shown[-1] += f" {piece.rel.latex} {expression(piece.rhs)}"
        else:
            shown.append(_piece_latex(piece, definitions))
        previous = piece
    return r",\quad ".join(shown)


def render_derivation(checked) -> str:
    """The LaTeX body of one sub-question (no document preamble)."""
    d = checked.derivation
    parts = [rf"\subsection*{{{d.id}\quad {d.title}}}"]
    if d.statement:
        parts.append(rf"\statement{{{d.statement}}}")
    verdicts = iter(checked.verdicts)
    rows: list[_Row] = []
    for item in d.items:
        if isinstance(item, Chain):
            rows += _chain_rows(item, [next(verdicts) for _ in item.steps])
            continue
        if isinstance(item, Definition):
            why = rf"&& \why{{{item.why}}}" if item.why else ""
            name, value = item.name, item.value
            if isinstance(value, sympy.Lambda):
                name, value = name(*value.variables), value.expr
            if item.described:
                value = rf"{{}}^{{\described}}\, {item.described}"
            rows.append(_Row(expression(name), ":=", item.shown or value, why))
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
            parts.append(rf"\answer{{{answer_latex(item, d)}}}")
    if rows:
        parts.append(_align(rows))
    return "\n\n".join(parts)
