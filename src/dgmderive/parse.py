"""LaTeX in: expressions and assumptions read with SymPy's LaTeX parser (antlr backend, strict)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy
from sympy.parsing.latex.errors import LaTeXParsingError

from dgmderive.antlr_latex import parse_strict
from dgmderive.probability_latex import (
    BOLD,
    DensityUnknown,
    NotationError,
    lift,
    mentions_probability,
)
from dgmderive.relation import LATEX_SPELLINGS, Relation

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
STRUCTURE = {
    "frac", "dfrac", "tfrac", "sqrt", "left", "right", "cdot", "times", "div", "log", "ln", "exp", "sin", "cos",
    "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "pi", "sum", "prod", "int", "infty", "le",
    "leq", "ge", "geq", "lt", "gt", "neq", "det", "partial", "binom",
    "lim", "to", "min", "max", "lfloor", "rfloor", "lceil", "rceil", "limits",
}
# Spacing and sizing that carry no meaning, removed before parsing.
NOISE = re.compile(r"\\[,;:!]|\\(displaystyle|textstyle|nonumber|notag)\b|\\(label|tag)\{[^{}]*\}"
                   r"|\\(?:big|Big|bigg|Bigg)[lr]?(?![A-Za-z])")


class ParseError(ValueError):
    """The input is not LaTeX that dgmderive can read; the message says why in one line."""


class ContextNeeded(ParseError):
    """``E_q[...]`` whose q is a density of what the text around it says (see ``context``)."""


@dataclass(frozen=True)
class Assumptions:
    """Assumptions on symbols (``sigma>0`` makes sigma positive) and conditions on them (``alpha<2``)."""

    facts: dict  # symbol name -> {"positive": True, ...}
    conditions: tuple[str, ...]  # relations other than against 0, kept as text until symbols exist
    relations: tuple[tuple[str, str, str], ...] = ()  # other conditions in LaTeX: (lhs, relation, rhs)


ASSUMPTION = re.compile(r"^\s*([A-Za-z\\][A-Za-z0-9_{}\\]*)\s*(>=|<=|>|<|!=)\s*(-?[0-9./]+)\s*$")
WORDS = {"integer", "positive", "negative", "nonnegative", "nonpositive", "real", "complex", "nonzero", "odd",
         "even", "rational"}
SIGN_FACTS = {">": "positive", ">=": "nonnegative", "<": "negative", "<=": "nonpositive", "!=": "nonzero"}


def parse_assumptions(texts: list[str] | tuple[str, ...]) -> Assumptions:
    """Read ``sigma>0``, ``k>=0``, ``n integer``, ``alpha<2`` (a condition) and the like."""
    facts: dict[str, dict] = {}
    conditions, relations = [], []
    for text in texts:
        words = text.split()
        if len(words) == 2 and words[1] in WORDS:
            facts.setdefault(_name(words[0]), {})[words[1]] = True
            continue
        match = ASSUMPTION.match(text)
        if match:
            name, rel, number = match.groups()
            if sympy.Rational(number) == 0:
                facts.setdefault(_name(name), {})[SIGN_FACTS[rel]] = True
            else:
                conditions.append(f"{_name(name)} {rel} {number}")
            continue
        relations.append(_latex_relation(text))
    return Assumptions(facts, tuple(conditions), tuple(relations))


RELATION = re.compile("|".join(re.escape(spelling) + ("(?![A-Za-z])" if spelling[0] == "\\" else "")
                               for spelling, relation in LATEX_SPELLINGS if relation.is_order))


def _latex_relation(text: str) -> tuple[str, str, str]:
    """A condition in LaTeX such as ``f'(z) \\ge -L`` or ``x > y``: one relation between two sides
    that parse."""
    found = RELATION.findall(text)
    if len(found) == 1:
        lhs, rhs = RELATION.split(text)
        try:
            parse_expression(lhs), parse_expression(rhs)
        except ParseError:
            pass
        else:
            return lhs.strip(), Relation.read(found[0]), rhs.strip()
    raise ParseError(f"cannot read the assumption {text!r}: write e.g. 'sigma>0', 'k>=0', 'n integer' "
                     "or a relation such as 'f'(z) >= -L'")


def _name(text: str) -> str:
    return text.lstrip("\\")


def _check_commands(latex: str) -> None:
    for command in re.findall(r"\\([A-Za-z]+)", latex):
        if command not in GREEK and command not in STRUCTURE:
            raise ParseError(f"unsupported LaTeX command \\{command}")


TRANSPOSE = re.compile(r"\^\s*(\{\s*)?(T|\\top|\\intercal)\b")
# L_K[q] applies a functional; SymPy would read it as a product with a bracketed factor.
APPLIED = re.compile(r"(?<!\\left)(?<!\\sqrt)(?<!\\big)(?<!\\Big)(?<!\\bigg)(?<!\\Bigg)(?<!\\bigl)"
                     r"(?<=[A-Za-z}])\s*\[")


def _prepare(latex: str) -> str:
    if TRANSPOSE.search(latex):  # x^T would be read as x to the power T
        raise ParseError("transposes (^T) are not supported: write the scalar or matrix form")
    if APPLIED.search(latex):
        raise ParseError("a name applied to a bracket (a functional such as L[q]) cannot be checked")
    # "d \cdot g" would be read as a differential "d\cdot"; an explicit * is read as a product.
    latex = re.sub(r"\\(cdot|times)(?![A-Za-z])", " * ", NOISE.sub(" ", latex)).strip()
    # SymPy reads [ ] | | but not \left[ \right]; its lexer skips \left and \right before ( ), yet
    # its strict reading then refuses a text that begins with \left(: the bare brackets read the same
    latex = re.sub(r"\\(?:left|right)\s*([\[\]|()])", r"\1", latex)
    latex = _calls_and_derivatives(latex)
    latex = SUPERSCRIPT_FIRST.sub(_subscript_first, latex)
    latex = re.sub(r"\\det\s*([A-Za-z])(?![A-Za-z])", r"\\det(\1)", _names(latex))
    if not latex:
        raise ParseError("empty expression")
    _check_commands(latex)
    return latex


# a superscript before a subscript: SymPy's parser would drop the subscript (x^{2}_{1} read as x^2)
SUPERSCRIPT_FIRST = re.compile(r"((?<![\\A-Za-z])[A-Za-z]|\\(?:" + "|".join(sorted(GREEK)) + r")(?![A-Za-z]))"
                               r"\s*\^\s*(\{[^{}]*\}|[A-Za-z0-9])\s*_\s*(\{[^{}]*\}|[A-Za-z0-9])")
def _subscript_first(match: re.Match) -> str:
    """x^{2}_{1} is (x_1)^2, as TeX typesets it. A superscript that is not a number may be a label
    (y^{A}_{34}, w^{(l)}_{ij}) as well as a power, so it is refused rather than guessed."""
    base, sup, sub = match.groups()
    if not re.fullmatch(r"\{?\s*-?\d+\s*\}?", sup):
        raise ParseError(f"{match.group(0)!r} may be a label or a power: write {base}_{sub}^{sup} for a power")
    return f"{base}_{sub}^{sup}"


FUNCTION_NAME = r"(?<![\\A-Za-z])([A-Za-z](?:_\{[^{}]*\}|_[A-Za-z0-9])?)"
ARGUMENTS = r"\{\s*\(((?:[^(){}]|\([^(){}]*\))*)\)\s*\}"
SYMPY_CALL = re.compile(FUNCTION_NAME + ARGUMENTS)  # f{(z)}
PRIME = re.compile(r"(?<![\\A-Za-z])([A-Za-z])('+)\s*\(\s*([A-Za-z]|\\[A-Za-z]+)\s*\)")  # f'(z), f''(z)
SYMPY_POWER_OF_CALL = re.compile(FUNCTION_NAME + r"\^\{([^{}]*)\}" + ARGUMENTS)  # f^{2}{(z)}
HIGHER_DERIVATIVE = re.compile(r"\\frac\s*\{\s*(d|\\partial)\s*\^\s*\{?\s*(\d)\s*\}?\s*\}"
                               r"\s*\{\s*\1\s*([A-Za-z]|\\[A-Za-z]+)\s*\^\s*\{?\s*\2\s*\}?\s*\}")


def _calls_and_derivatives(latex: str) -> str:
    """What SymPy's parser would misread: a call f{(z)} as SymPy prints it (read as f times z), a
    power of a call f^{2}{(z)}, the n-th derivative d^n/dx^n (read as a fraction), which becomes n
    first derivatives, and f'(z) (read as a function named f'); other higher derivatives, and
    primes at anything but a variable, are refused."""
    latex = PRIME.sub(lambda m: "(" + rf"\frac{{d}}{{d {m.group(3)}}} " * len(m.group(2)) + f"{m.group(1)}({m.group(3)}))",
                      latex)
    if re.search(r"[A-Za-z]'+\s*\(", latex):
        raise ParseError("a derivative f'(...) is read only at a variable, as in f'(z): write \\frac{d}{dz} f(...)")
    latex = SYMPY_POWER_OF_CALL.sub(r"(\1(\3))^{\2}", latex)
    latex = SYMPY_CALL.sub(r"\1(\2)", latex)
    latex = HIGHER_DERIVATIVE.sub(lambda m: " ".join([rf"\frac{{{m.group(1)}}}{{{m.group(1)} {m.group(3)}}}"]
                                                       * int(m.group(2))), latex)
    if re.search(r"\\frac\s*\{\s*(?:d|\\partial)\s*\^", latex):
        raise ParseError("a higher derivative is read only as \\frac{d^n}{dx^n}")
    return latex


UPRIGHT = re.compile(r"\\(mathrm|mathit|operatorname)\s*\{\s*([^{}]*?)\s*\}")
IMAGINARY_UNIT = "Xi_{899}"  # a placeholder name (beside the matrices' Xi_{900}, ...) for the upright i


def _names(latex: str) -> str:
    """``\\mathrm{x}`` is the letter x, except that an upright i is the imaginary unit (as the sheet
    prints it); SymPy would read ``\\operatorname{diag}`` as d*i*a*g, so a longer upright name is
    refused."""
    def letter(match) -> str:
        if match.group(1) == "mathrm" and match.group(2) == "i":
            return f" \\{IMAGINARY_UNIT} "
        if len(match.group(2)) == 1:
            return match.group(2)
        raise ParseError(f"unknown operator {match.group(0)}")

    return UPRIGHT.sub(letter, latex)


MATRIX = re.compile(r"\\begin\{([bpvBV]?matrix)\}(.*?)\\end\{\1\}", re.DOTALL)


def _entries(row: str) -> list[str]:
    """The entries of one matrix row: separated by & (trailing commas dropped) or by commas."""
    if "&" in row:
        return [entry.strip().rstrip(",").strip() for entry in row.split("&")]
    return [entry.strip() for entry in row.split(",")]


def _lift_matrices(latex: str, assumptions: Assumptions) -> tuple[str, dict]:
    """Each matrix environment replaced by a placeholder symbol, numbered in reading order (so that
    SymPy's ordering of a product keeps their order), with the matrices it stands for."""
    matrices: dict = {}

    def lift(match) -> str:
        rows = [r for r in re.split(r"\\\\", match.group(2)) if r.strip()]
        cells = [[parse_expression(entry, assumptions) for entry in _entries(row)] for row in rows]
        if len({len(r) for r in cells}) != 1:
            raise ParseError(f"the rows of {match.group(0)!r} have different lengths")
        name = f"Xi_{{{900 + len(matrices)}}}"
        matrices[name] = sympy.ImmutableMatrix(cells)
        return f" \\Xi_{{{900 + len(matrices) - 1}}} "

    return MATRIX.sub(lift, latex), matrices


def parse_expression(latex: str, assumptions: Assumptions | None = None,
                     probability: bool | None = None, context: str = "") -> sympy.Expr:
    """One LaTeX expression as SymPy: strict parsing, symbols real unless assumed otherwise,
    ``e`` the base of the natural logarithm, ``\\pi`` pi, ``\\log`` the natural logarithm; bold
    letters are plain; matrix environments become matrices, and juxtaposed matrices are multiplied.
    With ``probability`` (by default: when the text uses expectations, KL or conditional densities),
    p(...) and q(...) are densities (see :mod:`dgmderive.probability_latex`); ``context`` is the text
    around it (the other side of a claim)."""
    assumptions = assumptions or Assumptions({}, ())
    if probability is None:
        probability = mentions_probability(_plain_letters(latex))
    key = (latex, repr(assumptions), probability, context)
    if key not in _parsed:
        if len(_parsed) > MEMORY:
            _parsed.clear()
        try:
            _parsed[key] = _parse_expression(latex, assumptions, probability, context)
        except ParseError as error:
            _parsed[key] = error
    if isinstance(_parsed[key], ParseError):
        raise type(_parsed[key])(str(_parsed[key])) from None
    return _parsed[key]


MEMORY = 4096
_parsed: dict = {}  # a text met again is read once (grading re-reads sides): expression or error


def _parse_expression(latex: str, assumptions: Assumptions, probability: bool, context: str) -> sympy.Expr:
    original = latex
    latex = _plain_letters(latex)
    latex, placeholders = _lift_matrices(latex, assumptions)
    if probability:
        try:
            latex, lifted = lift(latex, lambda body: parse_expression(body, assumptions, True, context), context)
        except DensityUnknown as error:
            raise ContextNeeded(str(error)) from None
        except NotationError as error:
            raise ParseError(str(error)) from None
        placeholders.update(lifted)
    if not placeholders:
        return _parse_plain(latex, assumptions)
    expr = _parse_plain(latex, assumptions, shown=original)
    try:
        return expr.xreplace({s: placeholders[s.name] for s in expr.free_symbols if s.name in placeholders})
    except (sympy.ShapeError, TypeError, ValueError) as error:
        raise ParseError(f"the matrices in {latex.strip()!r} do not combine: {error}") from None


BARE_FUNCTION = re.compile(r"(?<![\\A-Za-z])(log|ln|exp)(?![A-Za-z])")
SLASHED_DERIVATIVE = re.compile(r"(?<![\\A-Za-z])d([A-Za-z])\s*/\s*d([A-Za-z])(?![A-Za-z])")


def _plain_letters(latex: str) -> str:
    """Bold letters (vectors, in most texts) read as plain ones; ``log`` written without its
    backslash as ``\\log``; ``df/dz`` as the derivative ``\\frac{df}{dz}``."""
    latex = BARE_FUNCTION.sub(r"\\\1", BOLD.sub(r"\1", latex))
    return SLASHED_DERIVATIVE.sub(r"\\frac{d\1}{d\2}", latex)


def _parse_plain(latex: str, assumptions: Assumptions, shown: str | None = None) -> sympy.Expr:
    """``latex`` parsed; errors quote ``shown``, the text as the user wrote it."""
    shown = latex if shown is None else shown
    try:
        expr = parse_strict(_prepare(latex))
    except LaTeXParsingError as error:
        raise ParseError(f"cannot parse {shown!r}: {str(error).splitlines()[0]}") from None
    except (TypeError, ValueError, AttributeError, NotImplementedError) as error:
        raise ParseError(f"cannot parse {shown!r}: {error}") from None
    if isinstance(expr, sympy.core.relational.Relational) or not isinstance(expr, sympy.Expr):
        raise ParseError(f"{shown!r} is not a single expression")
    return _with_meaning(expr, assumptions)


def _products_not_calls(expr: sympy.Expr, assumptions: Assumptions) -> sympy.Expr:
    """``n(n+1)`` is parsed as a call of a function n; when n is also a variable (it occurs on its own,
    or an assumption names it), it is a product. A power written after the bracket belongs to the
    bracket: ``n(n+1)^2`` is n (n+1)^2, where SymPy raises the call to the power."""
    names = {s.name for s in expr.free_symbols if isinstance(s, sympy.Symbol)} | set(assumptions.facts)

    def is_variable_call(e) -> bool:
        return isinstance(e, sympy.core.function.AppliedUndef) and e.func.__name__ in names

    def product(call, power=sympy.S.One):
        return sympy.Symbol(call.func.__name__) * sympy.Mul(*call.args) ** power

    expr = expr.replace(lambda e: isinstance(e, sympy.Pow) and is_variable_call(e.base),
                        lambda e: product(e.base, e.exp))
    return expr.replace(is_variable_call, product)


def _functions_of_variables(expr: sympy.Expr) -> sympy.Expr:
    """In ``\frac{dg}{dz}``, g is a function of z: a plain symbol differentiated becomes g(z)."""
    def plain(e) -> bool:
        return isinstance(e, sympy.Derivative) and isinstance(e.expr, sympy.Symbol) and \
            e.expr not in e.variables

    return expr.replace(plain, lambda e: sympy.Derivative(sympy.Function(e.expr.name)(*e.variables), *e.variable_count))


def _with_meaning(expr: sympy.Expr, assumptions: Assumptions) -> sympy.Expr:
    expr = _functions_of_variables(_products_not_calls(expr, assumptions))
    replacements = {}
    for s in expr.free_symbols:
        if not isinstance(s, sympy.Symbol):
            continue
        if s.name == "pi":
            replacements[s] = sympy.pi
        elif s.name == "e":
            replacements[s] = sympy.E
        elif s.name == IMAGINARY_UNIT:
            replacements[s] = sympy.I
        else:
            replacements[s] = sympy.Symbol(s.name, **_facts(s.name, assumptions))
    return _families_in_sums(expr.xreplace(replacements), assumptions)


def _facts(name: str, assumptions: Assumptions) -> dict:
    facts = {"real": True, **assumptions.facts.get(name, {})}
    if facts.get("complex"):
        facts.pop("real")
    return facts


def _families_in_sums(expr: sympy.Expr, assumptions: Assumptions) -> sympy.Expr:
    r"""Inside ``\sum_k`` or ``\prod_k``, ``x_k`` is the k-th member of a family x (a SymPy
    ``Indexed``), with the assumptions made on x."""
    def rewrite(node):
        body = node.function
        for index in (limit[0] for limit in node.limits):
            members = re.compile(rf"^(.+)_\{{?{re.escape(index.name)}\}}?$")
            found = {s: members.match(s.name) for s in body.free_symbols if isinstance(s, sympy.Symbol)}
            body = body.xreplace({s: sympy.IndexedBase(m.group(1), **_facts(m.group(1), assumptions))[index]
                                  for s, m in found.items() if m})
        return node.func(body, *node.limits)

    return expr.replace(lambda e: isinstance(e, (sympy.Sum, sympy.Product)), rewrite)


def parse_conditions(assumptions: Assumptions, symbols: set) -> tuple:
    """The conditions as SymPy relations on the symbols the expressions use."""
    relations = tuple(sympy.core.relational.Relational(parse_expression(lhs, assumptions),
                                                       parse_expression(rhs, assumptions), rel)
                      for lhs, rel, rhs in assumptions.relations)
    known = set(symbols).union(*(r.free_symbols for r in relations))
    by_name = {s.name: s for s in known if isinstance(s, sympy.Symbol)}
    for text in assumptions.conditions:  # a symbol the claim does not use has its assumed facts too
        name = text.split()[0]
        by_name.setdefault(name, sympy.Symbol(name, **_facts(name, assumptions)))
    return tuple(sympy.sympify(text, locals=by_name) for text in assumptions.conditions) + relations
