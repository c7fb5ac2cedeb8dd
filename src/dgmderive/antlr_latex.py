"""SymPy's strict LaTeX parser, with ANTLR's two-stage prediction.

SymPy runs its ANTLR parser in full LL mode. ANTLR's SLL mode ignores the parser's context when
predicting, which is about ten times faster here, and is guaranteed either to build the tree that LL
would build or to report a syntax error; only then is the text parsed again in LL mode, so every
text gets LL's tree or LL's error. SymPy's own lexer, parser, error listener and conversion to
expressions do the rest, as in ``sympy.parsing.latex.parse_latex(text, strict=True)``.
"""

from __future__ import annotations

import contextlib
import sys
import types

import sympy
from sympy.parsing.latex import check_matrix_delimiters, parse_latex
from sympy.parsing.latex.errors import LaTeXParsingError


def parse_strict(text: str) -> sympy.Basic:
    """``parse_latex(text, strict=True)``, two-stage; SymPy's own call where its parser's internals
    are not what this module expects."""
    glue = _glue()
    if glue is None:
        return parse_latex(text, strict=True)
    check_matrix_delimiters(text)
    text = text.strip()
    try:
        relation = _relation(glue, text, sll=True)
    except LaTeXParsingError:
        relation = _relation(glue, text, sll=False)
    return glue.convert_relation(relation)


def _glue():
    """SymPy's ANTLR glue module (imported on first use), or None when it lacks what is needed
    here. It imports ``Bra`` and ``Ket`` from ``sympy.physics.quantum.state``, and with them all of
    ``sympy.physics`` (its units), which costs about a quarter of ``import sympy``; bra-ket notation
    is no claim dgmderive checks, so unless ``sympy.physics`` is loaded already, the glue gets
    stand-ins that refuse it (see :func:`_without_physics`)."""
    with _without_physics():
        from sympy.parsing.latex import _parse_latex_antlr as glue

    needed = ("LaTeXLexer", "LaTeXParser", "MathErrorListener", "convert_relation")
    return glue if all(getattr(glue, name, None) is not None for name in needed) else None


PHYSICS = ("sympy.physics", "sympy.physics.quantum", "sympy.physics.quantum.state")


@contextlib.contextmanager
def _without_physics():
    """While the glue is imported, ``sympy.physics.quantum.state`` is a module whose ``Bra`` and
    ``Ket`` refuse to be built; the three stand-in modules are gone afterwards, so that importing
    ``sympy.physics`` later gives SymPy's own."""
    if any(name in sys.modules for name in PHYSICS):
        yield
        return
    stand_ins = {name: types.ModuleType(name) for name in PHYSICS}
    stand_ins["sympy.physics.quantum.state"].Bra = stand_ins["sympy.physics.quantum.state"].Ket = _BraKet
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


class _BraKet:
    """What the glue builds for bra-ket notation: nothing, a refusal that the parser reports."""

    def __init__(self, *args) -> None:
        raise LaTeXParsingError("bra-ket notation is not read")


def _relation(glue, text: str, sll: bool):
    import antlr4
    from antlr4.atn.PredictionMode import PredictionMode

    listener = glue.MathErrorListener(text)  # raises LaTeXParsingError at the first syntax error
    lexer = glue.LaTeXLexer(antlr4.InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(listener)
    parser = glue.LaTeXParser(antlr4.CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(listener)
    parser._interp.predictionMode = PredictionMode.SLL if sll else PredictionMode.LL
    relation = parser.math().relation()
    if relation.start.start != 0 or relation.stop.stop != len(text) - 1:
        raise LaTeXParsingError("Invalid LaTeX")
    return relation
