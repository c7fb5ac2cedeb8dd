"""The project's one notation: every display of every document, the terminal and the notebook
print SymPy objects through :func:`expression`."""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter, accepted_latex_functions
from sympy.printing.precedence import precedence_traditional
from sympy.printing.str import StrPrinter

SETTINGS = {
    "order": "lex",  # then MathPrinter._as_ordered_terms: x^2 + 1, x - m, 1 - lambda, 1 + i alpha
    "mat_delim": "(",
    "imaginary_unit": "ri",  # an upright i, which the parser reads back as the imaginary unit
    "inv_trig_style": "full",  # arctan, not atan
}
SEMICOLON = {r"\mathcal{N}"}  # densities written N(x; m, v): the point, then the parameters


class ReadingOrder:
    """The order of the terms of a sum (of numbers or of matrices), shared by the LaTeX and the text
    printer."""

    def _as_ordered_terms(self, expr, order=None):
        """SymPy's order (highest degree first), except that a sum does not open with a minus sign
        or an imaginary term when another term could open it: x - m, 1 - lambda, 1 + i alpha."""
        terms = list(super()._as_ordered_terms(expr, order=order))
        opener = next((t for t in terms if not t.could_extract_minus_sign() and not t.has(sympy.I)), None)
        if opener is not None and terms[0] is not opener and (terms[0].could_extract_minus_sign() or terms[0].has(sympy.I)):
            terms.remove(opener)
            terms.insert(0, opener)
        return terms

    def _print_MatAdd(self, expr):
        """The terms that carry no minus sign first: A - lambda I."""
        terms = sorted(expr.args, key=_negative)
        shown = self._print(terms[0])
        for term in terms[1:]:
            shown += f" - {self.parenthesize(-term, precedence_traditional(expr))}" if _negative(term) \
                else f" + {self.parenthesize(term, precedence_traditional(expr))}"
        return shown


def entry_indices(element: sympy.MatrixElement) -> str:
    """The indices of a matrix entry as mathematics writes them: from 1, one index for a vector
    (u_2 for u[1, 0]), and joined without a comma when each is one character (psi_12)."""
    rows, cols = element.parent.shape
    indices = [i + 1 for i, size in zip(element.indices, (rows, cols)) if size != 1] or [1]
    shown = [str(i) for i in indices]
    return "".join(shown) if all(len(i) == 1 for i in shown) else ",".join(shown)


class MathPrinter(ReadingOrder, LatexPrinter):
    """SymPy's LaTeX printer as a mathematician writes: det(S) rather than |S|, I for the identity,
    S^T as S^\\top, A - lambda I rather than -lambda I + A, and a name of several letters (mean,
    var) upright rather than as a product of letters."""

    def __init__(self, settings: dict | None = None) -> None:
        super().__init__({**SETTINGS, **(settings or {})})

    def _print_MatrixElement(self, expr):
        return f"{self.parenthesize(expr.parent, sympy.printing.precedence.PRECEDENCE['Atom'], strict=True)}" \
               f"_{{{entry_indices(expr)}}}"

    def _print_Determinant(self, expr):
        """det S; det(A - lambda I); an explicit matrix keeps its own brackets: det (1 2; 3 4)."""
        if isinstance(expr.arg, (sympy.MatrixBase, sympy.MatrixSymbol)):
            return rf"\det {self._print(expr.arg)}"
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_Function(self, expr, exp=None):
        name = expr.func.__name__
        if name in SEMICOLON and len(expr.args) > 1:
            point, *parameters = (self._print(arg) for arg in expr.args)
            shown = rf"{name}\left({point}; {', '.join(parameters)}\right)"
            return shown if exp is None else rf"{shown}^{{{exp}}}"
        return super()._print_Function(expr, exp)

    def _print_log(self, expr, exp=None):
        """log x, log p(x): brackets around any argument other than a number, a letter or a call."""
        argument = expr.args[0]
        called = isinstance(argument, sympy.Function)
        if not called and (not argument.is_Atom or self._needs_function_brackets(argument)):
            return super()._print_log(expr, exp)
        return self._do_exponent(rf"\log {self._print(argument)}", exp)

    def _print_ExpBase(self, expr, exp=None):
        """e^x, but exp(...) for an exponent with a fraction or a sum, which a superscript makes too small."""
        power = self._print(expr.args[0])
        if "\\sum" in power or ("\\frac" in power and len(power) > 24):
            return self._do_exponent(rf"\exp\left({power}\right)", exp)
        return super()._print_ExpBase(expr, exp)

    def _print_Identity(self, expr):
        return "I"

    def _print_Transpose(self, expr):
        arg = expr.arg
        shown = self.parenthesize(arg, precedence_traditional(expr), True)
        if not isinstance(arg, sympy.MatrixSymbol) or "^" in shown:
            shown = rf"\left({self._print(arg)}\right)"
        return rf"{shown}^{{\top}}"

    def _deal_with_super_sub(self, string: str, style: str = "plain") -> str:
        """Names, sub- and superscripts of several letters upright: mean, ops_{diag}, F^{AB}."""
        name, supers, subs = self._split_super_sub(string)
        if style == "bold":
            name = rf"\mathbf{{{name}}}"
        shown = _upright(name, functions=True)
        if supers:
            shown += "^{%s}" % " ".join(_upright(part) for part in supers)
        if subs:
            shown += "_{%s}" % " ".join(_upright(part) for part in subs)
        return shown


def _upright(word: str, functions: bool = False) -> str:
    """A word of several letters as upright text (a known function name, such as arctan, as its command)."""
    if len(word) > 1 and word.isalpha():
        return rf"\{word}" if functions and word in accepted_latex_functions else rf"\mathrm{{{word}}}"
    return word


def _negative(term) -> bool:
    """Whether a term of a sum of matrices prints with a minus sign (-lambda I, -A)."""
    if isinstance(term, sympy.MatMul):
        return term.as_coeff_matrices()[0].could_extract_minus_sign()
    return term.could_extract_minus_sign()


class TextPrinter(ReadingOrder, StrPrinter):
    """The same notation as plain text, for the terminal: det(A - lambda*I), 1 + i*alpha, S^T."""

    def __init__(self) -> None:
        super().__init__({"order": SETTINGS["order"]})

    def _print_MatrixElement(self, expr):
        return f"{self._print(expr.parent)}_{entry_indices(expr)}"

    def _print_Determinant(self, expr):
        return f"det({self._print(expr.arg)})"

    def _print_ImaginaryUnit(self, expr):
        return "i"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_Identity(self, expr):
        return "I"

    def _print_Transpose(self, expr):
        shown = self._print(expr.arg)
        return f"{shown}^T" if isinstance(expr.arg, sympy.MatrixSymbol) else f"({shown})^T"


def text(obj) -> str:
    """``obj`` in the project's notation, as plain text."""
    return TextPrinter().doprint(obj)


def expression(obj, **settings) -> str:
    """``obj`` in the project's notation."""
    return MathPrinter(settings).doprint(obj)
