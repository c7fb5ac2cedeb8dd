"""SymPy's strict LaTeX parser, with ANTLR's two-stage prediction.

SymPy runs its ANTLR parser in full LL mode. ANTLR's SLL mode ignores the parser's context when
predicting, which is about ten times faster here, and is guaranteed either to build the tree that LL
would build or to report a syntax error; only then is the text parsed again in LL mode, so every
text gets LL's tree or LL's error. SymPy's own lexer, parser, error listener and conversion to
expressions do the rest, as in ``sympy.parsing.latex.parse_latex(text, strict=True)``.
"""

from __future__ import annotations

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
    """SymPy's ANTLR glue module (imported on first use: it imports ``sympy.physics``, which takes
    a tenth of a second), or None when it lacks what is needed here."""
    from sympy.parsing.latex import _parse_latex_antlr as glue

    needed = ("LaTeXLexer", "LaTeXParser", "MathErrorListener", "convert_relation")
    return glue if all(getattr(glue, name, None) is not None for name in needed) else None


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
