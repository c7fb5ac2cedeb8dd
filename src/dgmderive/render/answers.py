"""An answer's LaTeX, made from its checked pieces; the same in every document and view."""

from __future__ import annotations

import sympy

from dgmderive.derivation import Answer, Definition, Growth, Labeled, Step, Words
from dgmderive.render.printer import expression


def called(item: Definition) -> tuple:
    """A definition's name and value, a function's as its call and body: f(x), and the body."""
    if isinstance(item.value, sympy.Lambda):
        return item.name(*item.value.variables), item.value.expr
    return item.name, item.value


def left_latex(step: Step) -> str:
    """A step's left side as the documents show it: as written (:class:`Written`), else printed."""
    return step.written[0] or expression(step.lhs)


def right_latex(step: Step) -> str:
    return step.written[1] or expression(step.rhs)


def _step(step: Step) -> str:
    return f"{left_latex(step)} {step.rel.latex} {right_latex(step)}"


PIECES = {
    Step: _step,
    Words: lambda piece: rf"\text{{{piece.text}}}",
    Labeled: lambda piece: f"{piece.label} = {_pair(piece.value)}",
    Growth: lambda piece: rf"\mathcal{{O}}\left({expression(piece.variable ** piece.exponent)}\right)",
    str: lambda piece: piece,
}


def _pair(value) -> str:
    """A column of numbers as the tuple it names, (0, 0); anything else as it prints."""
    if isinstance(value, sympy.MatrixBase) and value.cols == 1:
        return r"\left(" + ", ".join(expression(x) for x in value) + r"\right)"
    return expression(value)


def _definitions(derivation) -> dict:
    """The definitions by name, those left off the sheet (``quiet``) too."""
    shown = {item.name: item for item in derivation.items if isinstance(item, Definition)}
    return {name: shown.get(name, Definition(name, value)) for name, value in derivation.definitions.items()}


def answer_latex(answer: Answer, derivation) -> str:
    """An answer's LaTeX on one line (see :func:`answer_pieces`)."""
    return r",\quad ".join(answer_pieces(answer, derivation))


def answer_pieces(answer: Answer, derivation) -> list[str]:
    """An answer's LaTeX, made from its pieces: checked steps as ``lhs rel rhs`` (a step that goes on
    from the last one's right side as one chain), definitions as ``name = value``, words as text."""
    definitions = _definitions(derivation)
    shown: list[str] = []
    previous = None
    for piece in answer.pieces:
        if isinstance(piece, Step) and isinstance(previous, Step) and previous.rhs == piece.lhs:
            shown[-1] += f" {piece.rel.latex} {right_latex(piece)}"
        elif type(piece) in PIECES:
            shown.append(PIECES[type(piece)](piece))
        else:  # a name the derivation defines
            item = definitions[piece]
            name, value = called(item)
            shown.append(f"{expression(name)} = {item.shown or expression(value)}")
        previous = piece
    return shown
