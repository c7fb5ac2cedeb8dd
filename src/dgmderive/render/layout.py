"""The layout of LaTeX displays: how wide a formula prints, long sums broken over lines, and rows
aligned at their relations in one align* block."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from dgmderive.render.printer import MathPrinter, expression

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


def lines(expr, taken: int = 0, whole: str | None = None, line: int = LINE) -> list[str]:
    """A sum too long for one line of the page as several lines, broken before a + or -, with
    the terms in SymPy's printing order and signs; ``taken`` is the width of the left-side column,
    which every line shares, ``whole`` the expression printed on one line, when already known, and
    ``line`` the width of a line."""
    whole = expression(expr) if whole is None else whole
    if taken + width(whole) <= line or not isinstance(expr, sympy.Add):
        return [whole]
    printer = MathPrinter()
    done, current = [], ""
    for i, term in enumerate(printer._as_ordered_terms(expr)):
        sign = ""
        if i and term.could_extract_minus_sign():
            sign, term = "- ", -term
        elif i:
            sign = "+ "
        text = printer._print(term)
        if printer._needs_add_brackets(term):
            text = rf"\left({text}\right)"
        if current and taken + width(current) + width(text) > line:
            done.append(current)
            current = ""
        current += (" " if current else "") + sign + text
    return [*done, current]


@dataclass(frozen=True)
class Row:
    """One row of an align block: the left side's LaTeX ("" on a chain's later links), the relation,
    the right side (a SymPy expression, broken over lines when long, or LaTeX as written), and the
    margin (the reason and the verdict)."""

    left: str
    rel: str
    right: object
    margin: str = ""


def _fitted(expr, line: int) -> str:
    """``expr`` printed; a matrix too wide for the line in the small type of ``smallmatrix``."""
    shown = expression(expr)
    if width(shown) > line and isinstance(expr, (sympy.MatrixBase, sympy.MatrixExpr)):
        return expression(expr, mat_str="smallmatrix")
    return shown


def align(rows: list[Row], line: int = LINE) -> str:
    """The rows as one align* block, ``line`` characters wide. The left sides share a column, so a
    long right side is broken to fit beside the widest of them; a left side too wide to share gets a
    line of its own."""
    printed = [row.right if isinstance(row.right, str) else _fitted(row.right, line) for row in rows]

    def alone(row: Row, right: str) -> bool:  # too wide, and the right side cannot be broken instead
        unbreakable = isinstance(row.right, str) or not isinstance(row.right, sympy.Add)
        return width(row.left) > line // 2 or (unbreakable and width(row.left) + width(right) > line)

    own_line = {i for i, (row, right) in enumerate(zip(rows, printed)) if alone(row, right)}
    room = max((width(row.left) for i, row in enumerate(rows) if i not in own_line), default=0)
    shown = []
    for i, (row, right) in enumerate(zip(rows, printed)):
        if i in own_line:  # after the alignment point, so that it widens no column of its own
            shown.append(rf"&{row.left}")
        first, *rest = [right] if isinstance(row.right, str) else lines(row.right, room, right, line)
        left = "" if i in own_line else row.left
        shown.append(rf"{left} &{row.rel} {first} {row.margin}".rstrip())
        shown += [rf"&\quad {line}" for line in rest]
        if rest:  # a row broken over lines stays on one page: no break before its continuations
            shown[-len(rest) - 1:] = [" \\\\*\n".join(shown[-len(rest) - 1:])]
    return "\\begin{align*}\n" + " \\\\\n".join(shown) + "\n\\end{align*}"


