"""LaTeX in: expressions and assumptions read with SymPy's LaTeX parser (antlr backend, strict)."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import sympy
from sympy.core.function import AppliedUndef
from sympy.parsing.latex.errors import LaTeXParsingError

from dgmderive import markers
from dgmderive.antlr_latex import parse_strict
from dgmderive.families import FamilyError, with_families
from dgmderive.names import GREEK, LETTER, lift_names, undecorated, upright_functions, upright_labels
from dgmderive.probability import Density, uses_probability, with_parameters
from dgmderive.probability_latex import (
    BOLD,
    CLAIM,
    INTEGRAL,
    MEASURE,
    DensityUnknown,
    ONE_MODEL,
    NotationError,
    dependent_families,
    derivative_context,
    lift,
    mentions_probability,
)
from dgmderive.relation import LATEX_SPELLINGS, Relation
from dgmderive.tex import TeXError, group_end, plain_tex

# Commands that apply to what follows them (the argument in brackets, or else the product that
# follows): functions, and the determinant, which SymPy's grammar does not know.
FUNCTION_COMMANDS = {"log", "ln", "exp", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
                     "det", "tr", "diag"}
STRUCTURE = FUNCTION_COMMANDS | {
    "frac", "dfrac", "tfrac", "sqrt", "left", "right", "cdot", "times", "div", "pi", "sum", "prod", "int",
    "infty", "le", "leq", "ge", "geq", "lt", "gt", "neq", "partial", "binom",
    "lim", "to", "min", "max", "lfloor", "rfloor", "lceil", "rceil", "limits",
}
# Letters that name functions by convention: a call of one is a call unless the letter also
# stands alone in the claim, where it may be a factor too (then both readings are checked).
CONVENTIONAL_FUNCTIONS = {"f", "g", "h", "F", "G", "H", "p", "q", "phi", "varphi", "psi", "Phi", "Psi", "sigma"}
# names that SymPy parses as unknown functions but that mean one function (det: see _filled)
SPECIAL_FUNCTIONS = {"Gamma": sympy.gamma, "max": sympy.Max, "min": sympy.Min}
# an extremum over a name or a set, \max_D, \sup_{T \in \mathcal{T}}, and the point of one, arg min,
# \arg\max_\theta, \operatorname{arg\,max}_x (written in letters, SymPy would read a product)
UPRIGHT_ARG_EXTREMUM = re.compile(r"\\(?:operatorname|mathrm|text|textrm)\s*\*?\s*\{\s*arg\s*(?:\\[,;:! ]\s*)*(min|max)\s*\}")
EXTREMUM = re.compile(r"(?P<arg>(?<![A-Za-z])\\?arg\s*(?:\\[,;:! ]\s*)*\\?)?(?(arg)|\\)(?P<op>min|max|sup|inf)(?![A-Za-z])"
                      r"(?:\s*\\limits)?(?:\s*_\s*(?P<over>\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[A-Za-z0-9]))?")
SPACING = re.compile(r"(?:\s|\\[,;:! ])*")
# a function letter to the power -1 with no argument (a called one, f^{-1}(z), is the inverse by now)
BARE_INVERSE = re.compile(r"(?<![\\A-Za-z])[fghFGHT](?:\s*_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?\s*\^\s*(?:\{\s*-\s*1\s*\}|-\s*1)"
                          r"(?!\s*(?:\\left\s*)?\()")
PI_APPLIED = re.compile(r"\\pi\s*(?:\\left\s*)?\(\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?:[A-Za-z]|\\[A-Za-z]+)"
                        r"(?:_\{?[A-Za-z0-9]+\}?)?\s*\}?\s*(?:\\right\s*)?\)")  # \pi(z): pi times z, or a density?
KNOWN_FUNCTIONS = {"det", "tr", "diag", *SPECIAL_FUNCTIONS}
CONSTANTS = {"pi", "e"}  # a constant before a bracket is a factor, never a function
# Spacing and sizing that carry no meaning, removed before parsing.
NOISE = re.compile(r"\\[,;:!]|\\(nonumber|notag)\b|\\(label|tag)\{[^{}]*\}"
                   r"|\\(?:big|Big|bigg|Bigg)[lr]?(?![A-Za-z])")

# Bounds on what is read, so that hostile input gets a one-line answer in bounded time and memory.
MAX_LENGTH = 20_000  # characters of one expression
MAX_NESTING = 100  # levels of brackets and braces
MAX_DIGITS = 4000  # digits of a number (about the longest integer Python prints: sys.get_int_max_str_digits)
MAX_EXPONENT = 1000  # the magnitude of a power of an expression with variables (x^n is expanded, evaluated...)
SUM_CHUNK = 32  # a longer sum is parsed this many terms at a time (SymPy's converter recurses per term)


class ParseError(ValueError):
    """The one exception for input that dgmderive cannot read (any text given to ``parse_expression``,
    ``claim_step``, ``check``); the message says why in one line."""


class ContextNeeded(ParseError):
    """``E_q[...]`` whose q is a density of what the text around it says (see ``context``)."""


@dataclass(frozen=True)
class Assumptions:
    """Assumptions on symbols (``sigma>0`` makes sigma positive), conditions on them (``alpha<2``),
    and the letters declared functions (``f function``)."""

    facts: dict  # symbol name -> {"positive": True, ...}
    conditions: tuple[str, ...]  # relations other than against 0, kept as text until symbols exist
    relations: tuple[tuple[str, str, str], ...] = ()  # other conditions in LaTeX: (lhs, relation, rhs)
    functions: tuple[str, ...] = ()  # names declared functions: a bracket after one is a call


ASSUMPTION = re.compile(r"^\s*([A-Za-z\\][A-Za-z0-9_{}\\]*)\s*(>=|<=|>|<|!=)\s*(-?[0-9./]+)\s*$")
WORDS = {"integer", "positive", "negative", "nonnegative", "nonpositive", "real", "complex", "nonzero", "odd",
         "even", "rational"}
SIGN_FACTS = {">": "positive", ">=": "nonnegative", "<": "negative", "<=": "nonpositive", "!=": "nonzero"}


def parse_assumptions(texts: list[str] | tuple[str, ...]) -> Assumptions:
    """Read ``sigma>0``, ``k>=0``, ``n integer``, ``alpha<2`` (a condition), ``f function`` and the like."""
    facts: dict[str, dict] = {}
    conditions, relations, functions = [], [], []
    for text in texts:
        _bounded(text)
        words = text.split()
        if len(words) == 2 and words[1] == "function":
            functions.append(_name(words[0]))
            continue
        if len(words) == 2 and words[1] in WORDS:
            facts.setdefault(_name(words[0]), {})[words[1]] = True
            continue
        match = ASSUMPTION.match(text)
        if match:
            name, rel, number = match.groups()
            bound = _number(number, text)
            if bound == 0:
                facts.setdefault(_name(name), {})[SIGN_FACTS[rel]] = True
            else:
                conditions.append(f"{_name(name)} {rel} {bound}")
            continue
        relations.append(_latex_relation(text))
    return Assumptions(facts, tuple(conditions), tuple(relations), tuple(functions))


def _number(text: str, assumption: str) -> sympy.Rational:
    """A bound written as a decimal or a fraction, exactly (``0.5`` is 1/2)."""
    try:
        return sympy.Rational(text)
    except (TypeError, ValueError, ZeroDivisionError):
        raise ParseError(f"cannot read the number {text!r} in the assumption {assumption!r}") from None


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
    raise ParseError(f"cannot read the assumption {text!r}: write e.g. 'sigma>0', 'k>=0', 'n integer', "
                     "'f function' or a relation such as 'f'(z) >= -L'")


def _name(text: str) -> str:
    return text.lstrip("\\")


def _bounded(text: str) -> None:
    """Refuse a text longer than MAX_LENGTH or nested deeper than MAX_NESTING, before any work on it."""
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the text is {len(text)} characters long; at most {MAX_LENGTH} are read")
    if not markers.typed(text):
        raise ParseError("the text holds a character of Unicode's private use area, which is not read")
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise ParseError(f"the text nests brackets {deepest} deep; at most {MAX_NESTING} levels are read")


# relations that are not graded as equalities, and why (see dgmderive.proportional)
NOT_EQUALITIES = {"approx": "an approximation", "simeq": "an approximation", "sim": "a law or an order of growth",
                  "asymp": "an order of growth", "propto": "a proportionality, checked only as such"}


def _check_commands(latex: str) -> None:
    for command in re.findall(r"\\([A-Za-z]+)", latex):
        if command in NOT_EQUALITIES:
            raise ParseError(f"\\{command} is {NOT_EQUALITIES[command]}: not graded as an equality")
        if command not in GREEK and command not in STRUCTURE:
            raise ParseError(f"unsupported LaTeX command \\{command}")


NABLA = re.compile(r"\\nabla\s*_\s*(?:\{\s*(\\?[A-Za-z]+)\s*\}|(\\[A-Za-z]+|[A-Za-z]))")  # \nabla_\theta f: df/dtheta
DERIVATIVE = re.compile(r"\\frac\s*\{\s*(?:\\partial|d)\s*\}")  # the opening of d/dx or \partial/\partial x
# a derivative of a bracket, \nabla_x [f(x)] by now \frac{\partial}{\partial x} [f(x)]: not a functional applied
DERIVATIVE_OF_BRACKET = re.compile(rf"({DERIVATIVE.pattern}\s*\{{\s*(?:\\partial|d)\s*[^{{}}]*\}})\s*\[")
TRANSPOSE = re.compile(r"\^\s*(\{\s*)?(T\b|\\top\b|\\intercal\b|\\mathrm\s*\{\s*T\s*\})")  # T upright too
# L_K[q] applies a functional; SymPy would read it as a product with a bracketed factor.
APPLIED = re.compile(r"(?<!\\left)(?<!\\sqrt)(?<!\\big)(?<!\\Big)(?<!\\bigg)(?<!\\Bigg)(?<!\\bigl)"
                     r"(?<=[A-Za-z}])\s*\[")


def _prepare(latex: str) -> tuple[str, frozenset[str]]:
    """The text as SymPy's parser should see it, and the names it writes as functions (``f'(z)``,
    SymPy's ``f{(z)}``)."""
    if TRANSPOSE.search(latex):  # x^T would be read as x to the power T
        raise ParseError("transposes (^T) are not supported: write the scalar or matrix form")
    latex = _extrema(latex)
    if (inverse := BARE_INVERSE.search(latex)) is not None:
        raise ParseError(f"{inverse.group(0).strip()!r} without its argument may be the inverse function or a "
                         "reciprocal: write f^{-1}(z) or 1/f")
    if (applied := PI_APPLIED.search(latex)) is not None:
        raise ParseError(f"{applied.group(0).strip()!r} may be the constant pi times what it multiplies or a density "
                         "named pi: write \\pi \\cdot (...) or another letter for a density")
    latex = DERIVATIVE_OF_BRACKET.sub(r"\1 \\left[", NABLA.sub(r"\\frac{\\partial}{\\partial \1\2}", _operator_form(latex)))
    if APPLIED.search(latex):
        raise ParseError("a name applied to a bracket (a functional such as L[q]) cannot be checked")
    # "d \cdot g" would be read as a differential "d\cdot"; an explicit * is read as a product.
    latex = re.sub(r"\\(cdot|times)(?![A-Za-z])", " * ", NOISE.sub(" ", latex)).strip()
    # SymPy reads [ ] | | but not \left[ \right]; its lexer skips \left and \right before ( ), yet
    # its strict reading then refuses a text that begins with \left(: the bare brackets read the same
    latex = re.sub(r"\\(?:left|right)\s*([\[\]|()]|\\[lr](?:floor|ceil)(?![A-Za-z]))", r"\1", latex)
    if len(re.findall(r"(?<!\\)\|", latex)) % 2:
        raise ParseError("an absolute value's bar | is not closed (an odd number of bars)")
    latex = SCRIPT_DIGIT.sub(r"\1{\2}", latex)  # TeX's ^12 is ^{1}2: a script takes one token
    latex = SCRIPT_LETTER.sub(r"\1{\2}", latex)  # and \sum_{i=1}^d \log z_i sums log z_i up to d
    if not INTEGRAL_SIGN.search(latex):  # no differential to write: d g is the product d * g
        latex = SPACED_D.sub("d * ", latex)
    latex, functions = _calls_and_derivatives(latex)
    latex = _with_arguments(SUPERSCRIPT_FIRST.sub(_subscript_first, _names(latex)))
    if not latex:
        raise ParseError("empty expression")
    _check_commands(latex)
    return latex, functions


def _extrema(latex: str) -> str:
    r"""Each extremum over a name or a set (``\max_D V(D, G)``, ``\sup_{T \in \mathcal{T}} (...)``) and
    each point of one (``\arg\max_\theta L(\theta)``, ``argmin\, f``) as an opaque function, named by
    the operator and what it is over, of what it applies to: up to the next + or - outside brackets.
    Its value is not computed, so a claim about it holds only where it holds for every value (see
    markers.is_opaque). ``\max(a, b)`` of its arguments stays SymPy's Max."""
    latex = UPRIGHT_ARG_EXTREMUM.sub(r"\\arg\\\1", latex)
    match = next((m for m in EXTREMUM.finditer(latex) if m.group("arg") is not None or m.group("over")), None)
    if match is None:
        return latex
    start = SPACING.match(latex, match.end()).end()
    end = _integrand_end(latex, start)
    if not latex[start:end].strip():
        raise ParseError(f"{match.group(0).strip()!r} applies to nothing")
    over = (match.group("over") or "").strip()
    label = ("\\arg\\" if match.group("arg") is not None else "\\") + match.group("op") + (
        f"_{{{' '.join(markers.spelled(over[1:-1] if over.startswith('{') else over).split())}}}" if over else "")
    return (f"{latex[:match.start()]}{markers.named(label, call=True)}({_extrema(latex[start:end])})"
            f"{_extrema(latex[end:])}")


NUMERATOR_DIFFERENTIAL = re.compile(r"\\[dt]?frac\s*\{\s*(d|\\partial)(?![A-Za-z^])")  # \frac{d f(x)}{...
DENOMINATOR_DIFFERENTIAL = re.compile(r"\{\s*(d|\\partial)\s*((?:\\[A-Za-z]+|[A-Za-z]|" + markers.NAMED.pattern
                                      + r")(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?)\s*\}")


def _operator_form(latex: str) -> str:
    r"""A derivative written as a fraction of differentials, ``\frac{d f(\tilde x)}{d \tilde x}`` or
    ``\frac{\partial f}{\partial z}``, as the operator before what it differentiates,
    ``\frac{d}{d \tilde x}(f(\tilde x))``: SymPy would read the first as a ratio of products of d, and
    reads the numerator of the second on its own."""
    out, i = [], 0
    for match in NUMERATOR_DIFFERENTIAL.finditer(latex):
        if match.start() < i:
            continue
        opening = latex.index("{", match.start())
        closing = group_end(latex, opening)
        numerator = latex[match.end():closing - 1]
        below = DENOMINATOR_DIFFERENTIAL.match(latex, closing)
        if not numerator.strip() or below is None or below.group(1) != match.group(1):
            continue
        out.append(f"{latex[i:match.start()]}\\frac{{{match.group(1)}}}{{{match.group(1)} {below.group(2)}}}"
                   f" \\left({numerator}\\right)")
        i = below.end()
    return "".join(out) + latex[i:]


def applies_to_all(body: str) -> bool:
    """Whether an extremum written before ``body`` applies to all of it (no + or - outside brackets
    ends what it applies to; see :func:`_extrema`)."""
    start = SPACING.match(body).end()
    return _integrand_end(body, start) >= len(body.rstrip())


SCRIPT_DIGIT = re.compile(r"([_^])\s*(\d)(?=\s*\d)")  # a digit after ^ or _ that another digit follows
SCRIPT_LETTER = re.compile(r"([_^])\s*([A-Za-z])(?=\s*\\[A-Za-z])")  # a letter after ^ or _ that a command follows
INTEGRAL_SIGN = re.compile(r"\\[io]+nt(?![A-Za-z])")
# d, a space, then a letter: SymPy's lexer reads a differential (d g as the symbol dg), except where
# it opens a derivative's numerator or denominator (\frac{d}{d t}, \frac{d f}{d z})
SPACED_D = re.compile(r"(?<![\\A-Za-z{^_])(?<!\{ )(?<![_^] )d\s+(?=[A-Za-z]|\\[A-Za-z])")  # not a script's d: \sum^d \log


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
# the head of a call as SymPy prints it, with braces around the bracket: g{\left(z_{1} \right)} (by then
# g{(z_{1} )}), \psi{\left(r \right)}, \varphi{\left(\frac{z - \mu}{\sigma} \right)}
SYMPY_BRACED_CALL = re.compile(r"(?<![\\A-Za-z])((?:[A-Za-z]|\\(?:" + "|".join(sorted(GREEK, key=len, reverse=True))
                               + r"))(?![A-Za-z])(?:_\{[^{}]*\}|_[A-Za-z0-9])?)\{\s*\(")
PRIME = re.compile(rf"({LETTER}(?:_(?:\{{[^{{}}]*\}}|[A-Za-z0-9]))?)('+)"  # f'(z), f_k''(z), \phi'(z)
                   r"\s*\(\s*([A-Za-z]|\\[A-Za-z]+)\s*\)")
PRIMED_GREEK = re.compile(r"\\(" + "|".join(sorted(GREEK, key=len, reverse=True)) + r")(?![A-Za-z])"
                          r"(?:\s*_\s*(?:\{([^{}]*)\}|([A-Za-z0-9])))?\s*('+)")  # \theta', \theta_1'
PRIMED_MARKER = re.compile(markers.NAMED.pattern + r"\s*'")  # \hat{x}', \mathcal{L}' (SymPy drops the prime)
SYMPY_POWER_OF_CALL = re.compile(FUNCTION_NAME + r"\^\{([^{}]*)\}" + ARGUMENTS)  # f^{2}{(z)}
HIGHER_DERIVATIVE = re.compile(r"\\frac\s*\{\s*(d|\\partial)\s*\^\s*\{?\s*(\d)\s*\}?\s*\}"
                               r"\s*\{\s*\1\s*([A-Za-z]|\\[A-Za-z]+)\s*\^\s*\{?\s*\2\s*\}?\s*\}")


def _calls_and_derivatives(latex: str) -> tuple[str, frozenset[str]]:
    """What SymPy's parser would misread: a call f{(z)} as SymPy prints it (read as f times z), a
    power of a call f^{2}{(z)}, the n-th derivative d^n/dx^n (read as a fraction), which becomes n
    first derivatives, f'(z) (read as a function named f'), and a primed Greek letter alone (read as
    the letter): a name of its own, as x' is; other higher derivatives, and primes at anything but a
    variable, are refused. Returns the text and the names so called."""
    functions = {m.group(1).lstrip("\\") for pattern in (PRIME, SYMPY_POWER_OF_CALL, SYMPY_CALL)
                 for m in pattern.finditer(latex)}
    latex = PRIME.sub(lambda m: "(" + rf"\frac{{d}}{{d {m.group(3)}}} " * len(m.group(2)) + f"{m.group(1)}({m.group(3)}))",
                      latex)
    if re.search(r"[A-Za-z]'+\s*\(", latex):
        raise ParseError("a derivative f'(...) is read only at a variable, as in f'(z): write \\frac{d}{dz} f(...)")
    latex = PRIMED_GREEK.sub(_primed_greek, latex)
    if PRIMED_MARKER.search(latex):
        raise ParseError("a prime on an accented, starred or calligraphic name is not read: name it with a letter")
    latex = SYMPY_POWER_OF_CALL.sub(r"(\1(\3))^{\2}", latex)
    latex = SYMPY_CALL.sub(r"\1(\2)", latex)
    latex, called = _braced_calls(latex)
    functions |= called
    latex = HIGHER_DERIVATIVE.sub(lambda m: " ".join([rf"\frac{{{m.group(1)}}}{{{m.group(1)} {m.group(3)}}}"]
                                                       * int(m.group(2))), latex)
    if re.search(r"\\frac\s*\{\s*(?:d|\\partial)\s*\^", latex):
        raise ParseError("a higher derivative is read only as \\frac{d^n}{dx^n}")
    return latex, frozenset(re.sub(r"_\{?([^{}]*)\}?$", r"_{\1}", name) for name in functions)


def _primed_greek(match: re.Match) -> str:
    """A primed Greek letter as a name of its own (SymPy's parser drops the prime)."""
    letter, braced, single, primes = match.groups()
    index = braced if braced is not None else single
    return markers.named(letter + (f"_{{{index.strip()}}}" if index is not None else "") + primes)


def _braced_calls(latex: str) -> tuple[str, set[str]]:
    """SymPy's printed calls whose argument has braces of its own, ``g{(z_{1})}``, as the calls
    ``g(z_{1})``: the braces around the bracket dropped, when they hold one bracketed group."""
    called, out, i = set(), [], 0
    while (match := SYMPY_BRACED_CALL.search(latex, i)) is not None:
        brace = match.end(1)
        end = group_end(latex, brace)
        inner = latex[brace + 1:end - 1].strip()
        if not (inner.endswith(")") and _past_bracket(inner) == len(inner)):
            out.append(latex[i:match.end()])
            i = match.end()
            continue
        out.append(latex[i:match.start()] + match.group(1) + inner)
        called.add(match.group(1).lstrip("\\"))
        i = end
    return "".join(out) + latex[i:], called


def _past_bracket(text: str) -> int:
    """The index just past the parenthesis that closes the one ``text`` opens with."""
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return i + 1
    return len(text) + 1


SYMPY_NAMES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan"}  # as SymPy's printer writes them upright
UPRIGHT = re.compile(r"\\(mathrm|mathit|operatorname)\s*\{\s*([^{}]*?)\s*\}")
IMAGINARY_UNIT = markers.name(markers.IMAGINARY_UNIT)  # the name of the upright i's marker


def _names(latex: str) -> str:
    """``\\mathrm{x}`` is the letter x, except that an upright i is the imaginary unit (as the sheet
    prints it); an upright function name (``\\operatorname{det}``, SymPy's ``\\operatorname{atan}``) is
    its command. Another longer upright word, which SymPy would read as a product (``diag`` as
    d*i*a*g), names a quantity (``\\mathrm{ELBO}(x)``, ``\\mathrm{IW-ELBO}_K``), with its subscript;
    as a superscript or subscript (``e^{\\mathrm{const}}``) it is refused."""
    out, i = [], 0
    for match in UPRIGHT.finditer(latex):
        kind, name = match.group(1), match.group(2).lstrip("\\")  # a bare det is \det by now
        out.append(latex[i:match.start()])
        i = match.end()
        if kind == "mathrm" and name == "i":
            out.append(markers.marker(markers.IMAGINARY_UNIT))
        elif len(name) == 1:
            out.append(name)
        elif SYMPY_NAMES.get(name, name) in FUNCTION_COMMANDS:
            out.append(f"\\{SYMPY_NAMES.get(name, name)} ")
        elif WORD.fullmatch(name) and not SCRIPTED.search(latex, 0, match.start()):
            sub = NAME_SUBSCRIPT.match(latex, i)
            i = sub.end() if sub else i
            label = f"\\mathrm{{{name}}}" + (f"_{{{sub.group(1) or sub.group(2)}}}" if sub else "")
            out.append(markers.named(label, call=latex[i:].lstrip().startswith("(")))
        else:
            raise ParseError(f"unknown operator {match.group(0)}")
    return "".join(out) + latex[i:]


WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]")  # ELBO, IW-ELBO: an upright name
SCRIPTED = re.compile(r"[_^]\s*\{?\s*\Z")  # what ends just before a superscript or subscript
NAME_SUBSCRIPT = re.compile(r"\s*_\s*(?:\{([^{}]*)\}|([A-Za-z0-9]))")


APPLIED_COMMAND = re.compile(r"\\(" + "|".join(sorted(FUNCTION_COMMANDS, key=len, reverse=True)) + r")(?![A-Za-z])"
                             r"((?:\s*[_^]\s*(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))*)\s*")
COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)


def _with_arguments(latex: str) -> str:
    r"""The argument of a function written without brackets, bracketed: it extends over the product
    that follows, up to the next + or - (or relation, comma, bar or closing bracket) outside
    brackets, or the next function command or derivative: ``\log 2x`` is log(2x), ``\log \frac{1}{K}\sum_i w_i``
    is log of (1/K times the sum), ``\log x \sin x`` is log(x) sin(x), ``\log p(x) \nabla_\theta \log q(x)``
    is log p(x) times the derivative. Once a sum or product is
    inside the argument, its body runs to the next + or -, as it would on its own."""
    out, i = [], 0
    while (match := APPLIED_COMMAND.search(latex, i)) is not None:
        start = match.end()
        if start == len(latex) or latex[start] == "(":
            out.append(latex[i:start])
            i = start
            continue
        end = _argument_end(latex, start)
        out.append(f"{latex[i:start]}({_with_arguments(latex[start:end])})")
        i = end
    return "".join(out) + latex[i:]


def _argument_end(latex: str, start: int) -> int:
    """Where the unbracketed argument that begins at ``start`` ends (see :func:`_with_arguments`)."""
    depth, i, started, in_sum = 0, start, False, False
    while i < len(latex):
        char = latex[i]
        if char == "\\":
            command = COMMAND.match(latex, i)
            word = command.group(1)
            if depth == 0 and started and not in_sum and (word in FUNCTION_COMMANDS or DERIVATIVE.match(latex, i)):
                return i
            in_sum = in_sum or (depth == 0 and word in ("sum", "prod"))
            started, i = True, command.end()
            continue
        if depth == 0 and started and not in_sum and markers.DERIVATIVE.match(latex, i):
            return i
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and char == "|" and not started:  # an absolute value as the first factor
            closing = latex.find("|", i + 1)
            i = len(latex) if closing < 0 else closing
        elif depth == 0 and (char in "=<>,&|" or (char in "+-" and started)):
            return i
        started = started or not char.isspace()
        i += 1
    return len(latex)


MATRIX = re.compile(r"\\begin\{(?P<kind>[bpvBV]?matrix)\}(?P<body>.*?)\\end\{(?P=kind)\}", re.DOTALL)


def _entries(row: str) -> list[str]:
    """The entries of one matrix row: separated by & (trailing commas dropped) or by commas."""
    if "&" in row:
        return [entry.strip().rstrip(",").strip() for entry in row.split("&")]
    return [entry.strip() for entry in row.split(",")]


def _lift_matrices(latex: str, assumptions: Assumptions, defined: dict[str, sympy.ImmutableMatrix]) -> tuple[str, dict]:
    """Each matrix environment, and each letter that ``defined`` names a matrix, replaced by a
    placeholder symbol, numbered in reading order (so that SymPy's ordering of a product keeps their
    order), with the matrices it stands for."""
    matrices: dict = {}

    def lift(match) -> str:
        if match.groupdict().get("name"):
            matrix = defined[match.group("name").lstrip("\\")]
        else:
            rows = [r for r in re.split(r"\\\\", match.group("body")) if r.strip()]
            cells = [[parse_expression(entry, assumptions) for entry in _entries(row)] for row in rows]
            if len({len(r) for r in cells}) != 1:
                raise ParseError(f"the rows of {match.group(0)!r} have different lengths")
            matrix = sympy.ImmutableMatrix(cells)
        number = markers.MATRICES + len(matrices)
        matrices[markers.name(number)] = matrix
        return markers.marker(number)

    names = [re.escape("\\" * (name in GREEK) + name) for name in defined if len(name) == 1 or name in GREEK]
    if not names:
        return MATRIX.sub(lift, latex), matrices
    pattern = re.compile(f"{MATRIX.pattern}|(?<![\\\\A-Za-z])(?P<name>{'|'.join(names)})(?![A-Za-z_'])", re.DOTALL)
    return pattern.sub(lift, latex), matrices


@dataclass(frozen=True)
class Reading:
    """One way to read a claim: its sides as SymPy, and how the letters that may be either a
    function or a factor (f(x+1) beside a lone f) are read in it ("" when no letter may)."""

    sides: tuple
    description: str = ""


@dataclass(frozen=True, eq=False)
class _Parsed:
    """One text as SymPy's parser reads it, before the rest of the claim says what its names mean."""

    expr: sympy.Expr
    placeholders: dict  # placeholder name -> the matrix or probability object it stands for
    functions: frozenset[str]  # names the text writes as functions (f'(z), SymPy's f{(z)})
    shown: str  # the text as written, for messages


def parse_expression(latex: str, assumptions: Assumptions | None = None,
                     probability: bool | None = None, context: str = "") -> sympy.Expr:
    """One LaTeX expression as SymPy: strict parsing, symbols real unless assumed otherwise,
    ``e`` the base of the natural logarithm, ``\\pi`` pi, ``\\log`` the natural logarithm, decimals
    exact; bold letters are plain; matrix environments become matrices, juxtaposed matrices are
    multiplied, and ``\\det`` of a matrix is its determinant. A letter before a bracket is a factor
    unless it names a function (see :func:`read_claim`). With ``probability`` (by default: when the
    text uses expectations, KL or conditional densities), p(...) and q(...) are densities (see
    :mod:`dgmderive.probability_latex`); ``context`` is the text around it (the other side of a claim).
    Raises ParseError, and nothing else, for a text it cannot read."""
    return read_claim((latex,), assumptions, probability, context=context)[0].sides[0]


def read_claim(texts: Sequence[str], assumptions: Assumptions | None = None, probability: bool | None = None,
               functions: Sequence[str] = (), matrices: Sequence[tuple[str, sympy.ImmutableMatrix]] = (),
               context: str = "") -> tuple[Reading, ...]:
    """The readings of a claim whose sides are ``texts``, read together: a letter before a bracket
    is a factor (``a(b+c)``, ``k(k+1)``, ``\\pi(1+x)``) unless it is a known function (``\\det``),
    is declared one (``functions``, or ``f function`` among the assumptions), is written as one
    somewhere in the claim (``f'(z)``, ``df/dz``, ``V(d, g)``), or is a conventional function
    letter (f, g, h, F, G, H, p, q, phi, psi, Phi, Psi, sigma). A conventional letter that also
    stands alone in the claim may be either, and gives a second reading where it is a factor.
    Subscripted names x_1, x_{n} are the members x[1], x[n] of a family x that a sum or product of
    the claim runs over. A letter that ``matrices`` defines is that matrix, multiplied in the order
    written. Raises ParseError, and nothing else, for a text it cannot read."""
    assumptions = assumptions or Assumptions({}, ())
    for text in texts:
        _bounded(text)
    if probability is None:
        probability = any(mentions_probability(_plain_letters(text)) for text in texts)
    token = CLAIM.set(CLAIM.get() or " ".join(texts))  # a text read inside a claim is read as part of it
    try:
        key = (tuple(texts), repr(assumptions), probability, tuple(functions), tuple(matrices), context, ONE_MODEL.get(),
               derivative_context(texts))
        return _remembered(_claims, key, lambda: _bounded_readings(texts, assumptions, probability, frozenset(functions),
                                                                   dict(matrices), context))
    finally:
        CLAIM.reset(token)


MEMORY = 4096
_claims: dict = {}  # a claim met again is read once: its readings, or the error
_texts: dict = {}  # and so is a text (grading re-reads each side of a chain a = b = c)


def _remembered(memory: dict, key, compute):
    """``compute()``, or what it gave (a value, or a ParseError raised again) when asked before."""
    if key not in memory:
        if len(memory) > MEMORY:
            memory.clear()
        try:
            memory[key] = compute()
        except ParseError as error:
            memory[key] = error
    if isinstance(memory[key], ParseError):
        raise type(memory[key])(str(memory[key])) from None
    return memory[key]


def _bounded_readings(texts: Sequence[str], *args) -> tuple[Reading, ...]:
    """:func:`_readings`, with running out of stack or memory reported as a ParseError."""
    try:
        return _readings(texts, *args)
    except RecursionError:
        raise ParseError(f"{_shown(texts)} is too long or nested too deeply to be read") from None
    except MemoryError:
        raise ParseError(f"{_shown(texts)} is too large to be read") from None


def _shown(texts: Sequence[str]) -> str:
    text = " , ".join(texts)
    return repr(text if len(text) < 60 else text[:57] + "...")


def _readings(texts: Sequence[str], assumptions: Assumptions, probability: bool, declared: frozenset[str],
              matrices: dict, context: str) -> tuple[Reading, ...]:
    parsed = []
    for k, text in enumerate(texts):
        try:
            parsed.append(_parse_text(text, assumptions, probability, matrices, context))
        except ContextNeeded:
            others = " ".join(texts[:k] + texts[k + 1:])
            if context or not others:
                raise
            parsed.append(_parse_text(text, assumptions, probability, matrices, others))
    _refuse_permuted_indices(parsed)
    _refuse_inverse_beside_function(parsed)
    factors, functions_first, factors_first = _factors_before_brackets(parsed, assumptions, declared)
    choices = [(factors | factors_first, "")]
    if functions_first or factors_first:
        choices = [(factors | factors_first, _as_read(functions_first, factors_first)),
                   (factors | functions_first, _as_read(factors_first, functions_first))]
    readings = []
    for products, description in choices:
        sides = _members_of_families([_meaning(p, assumptions, products) for p in parsed], assumptions)
        filled = [_filled(side, p) for side, p in zip(sides, parsed)]
        if any(uses_probability(side) for side in filled):  # q(z_k|x) in a sum over k: a density of the member z[k]
            filled = _members_of_families([_families_in_sums(side, assumptions) for side in filled], assumptions)
        readings.append(Reading(tuple(filled), description))
    return tuple(readings)


INDEXED_NAME = re.compile(r"^(.+)_\{([A-Za-z0-9,]*[A-Za-z][A-Za-z0-9,]*)\}$")  # an index with a letter: w_{ij}


def _refuse_permuted_indices(parsed: list[_Parsed]) -> None:
    """A claim that writes one name with its index letters in two orders (``w_{ij}`` and ``w_{ji}``)
    is refused: whether the order matters (a symmetric matrix, mixed partial derivatives f_{xy}) is
    what the claim is about, and the text does not say."""
    bodies = [p.expr for p in parsed] + [value for p in parsed for value in p.placeholders.values()
                                         if isinstance(value, sympy.Basic)]
    names = {s.name for body in bodies for s in body.atoms(sympy.Symbol)} \
        | {call.func.__name__ for body in bodies for call in body.atoms(AppliedUndef)}
    orders: dict[tuple, set[str]] = {}
    for name in names:
        if match := INDEXED_NAME.match(name):
            orders.setdefault((match.group(1), "".join(sorted(match.group(2).replace(",", "")))), set()).add(name)
    if written := next((sorted(found) for found in orders.values() if len(found) > 1), None):
        raise ParseError(f"{' and '.join(written)} write one name with its indices in two orders: whether the "
                         "order matters (a symmetric matrix, mixed partial derivatives) is not read")


def _refuse_inverse_beside_function(parsed: list[_Parsed]) -> None:
    """A claim that applies both f and its inverse f^{-1} is refused: they would be read as two
    unrelated functions, and f^{-1}(f(x)) = x refuted."""
    called = {call.func.__name__ for p in parsed for call in p.expr.atoms(AppliedUndef)}
    called |= {call.func.__name__ for p in parsed for value in p.placeholders.values()
               if isinstance(value, sympy.Basic) for call in value.atoms(AppliedUndef)}
    plain = {re.sub(r"[\\{}\s]", "", name) for name in called if "^{-1}" not in name}
    for name in called:
        if "^{-1}" in name and re.sub(r"[\\{}\s]", "", name.replace("^{-1}", "")) in plain:
            raise ParseError(f"{name} beside the function it inverts: the inverse is not modelled, so such a "
                             "claim is not read")


def _parse_text(latex: str, assumptions: Assumptions, probability: bool, matrices: dict, context: str) -> _Parsed:
    """The text as SymPy's parser reads it, with its matrices and probability notation lifted out."""
    key = (latex, repr(assumptions), probability, tuple(matrices.items()), context, ONE_MODEL.get(),
           derivative_context([latex]))
    return _remembered(_texts, key, lambda: _lifted_and_parsed(latex, assumptions, probability, matrices, context))


def _lifted_and_parsed(latex: str, assumptions: Assumptions, probability: bool, matrices: dict,
                       context: str) -> _Parsed:
    original = latex
    latex = _plain_letters(latex)
    latex, placeholders = _lift_matrices(latex, assumptions, matrices)
    if probability:
        try:
            latex, lifted = lift(latex, lambda body: parse_expression(body, assumptions, True, context), context)
        except DensityUnknown as error:
            raise ContextNeeded(str(error)) from None
        except NotationError as error:
            raise ParseError(str(error)) from None
        placeholders.update(lifted)
    complex_names = frozenset(name for name, facts in assumptions.facts.items() if facts.get("complex"))
    expr, functions = _parse_plain(latex, original if placeholders else latex, complex_names)
    return _Parsed(expr, placeholders, functions, original)


BARE_FUNCTIONS = {"log": "log", "ln": "ln", "exp": "exp", "det": "det", "Log": "log"}  # Log: some texts' log
BARE_FUNCTION = re.compile(r"(?<![\\A-Za-z])(" + "|".join(BARE_FUNCTIONS) + r")(?![A-Za-z])")
MEASURE_FIRST = re.compile(INTEGRAL.pattern + f"(?P<measure>{MEASURE.pattern})")  # \int dz\, f(z)
MEASURE_AT_END = re.compile(MEASURE.pattern + r"(?:\s|\\[,;:!])*$")
SLASHED_DERIVATIVE = re.compile(r"(?<![\\A-Za-z])d([A-Za-z])\s*/\s*d([A-Za-z])(?![A-Za-z])")


def _plain_letters(latex: str) -> str:
    """Bold letters (vectors, in most texts) read as plain ones, and upright labels
    (:func:`dgmderive.names.upright_labels`); ``log`` (or ``Log``) written without
    its backslash as ``\\log``; ``df/dz`` as the derivative ``\\frac{df}{dz}``; decorations dropped
    (:func:`dgmderive.names.undecorated`); families with ellipses as sums and products
    (:mod:`dgmderive.families`); TeX's own rules first (:func:`dgmderive.tex.plain_tex`)."""
    try:
        latex = with_families(plain_tex(latex))
    except (TeXError, FamilyError) as error:
        raise ParseError(str(error)) from None
    latex = BOLD.sub(r"\1", upright_labels(upright_functions(undecorated(latex))))
    latex = BARE_FUNCTION.sub(lambda m: f"\\{BARE_FUNCTIONS[m.group(1)]}", latex)
    return _measures_last(SLASHED_DERIVATIVE.sub(r"\\frac{d\1}{d\2}", latex))


def _measures_last(latex: str) -> str:
    r"""An integral whose measure is written first, ``\int dz\, f(z)``, as ``\int f(z)\, dz``: the
    integrand runs to the end of the integral's group, or to a relation or comma. One that a + or -
    would cut (it may or may not run over the sum) is refused, and so is one with a second measure
    (not an inner integral's)."""
    for match in reversed(list(MEASURE_FIRST.finditer(latex))):
        variable = re.sub(r"_.*", "", match.group("variable")).lstrip("\\")
        end = _integrand_end(latex, match.end())
        integrand = latex[match.end():end]
        if not integrand.strip(" \t\n\\,;:!") or (len(variable) > 1 and variable not in GREEK):
            continue  # \int_0^1 dz is the integral of 1
        ends_measured = MEASURE_AT_END.search(integrand) and not INTEGRAL_SIGN.search(integrand)
        if MEASURE.match(integrand) or ends_measured or re.match(r"(?:\s|\\[,;:!])*[-+]", latex[end:]):
            raise ParseError(f"cannot tell where the integrand after the measure {match.group('measure').strip()!r} "
                             "ends: write the measure after it")
        latex = f"{latex[:match.start('measure')]} {integrand} \\, {match.group('measure')} {latex[end:]}"
    return latex


SIZED_CLOSINGS = {"right", "bigr", "Bigr", "biggr", "Biggr"}


def _integrand_end(latex: str, start: int) -> int:
    """Where the integrand that begins at ``start`` ends: at the bracket that closes its group, or at
    a relation, comma, & or (after its first factor) a + or - outside brackets."""
    depth, i, started = 0, start, False
    while i < len(latex):
        char = latex[i]
        if char == "\\":
            command = COMMAND.match(latex, i)
            if depth == 0 and command.group(1) in SIZED_CLOSINGS:
                return i
            started, i = started or command.group(1).isalpha(), command.end()
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and (char in "=<>,&" or (char in "+-" and started)):
            return i
        started, i = started or not char.isspace(), i + 1
    return len(latex)


UNREADABLE = (TypeError, ValueError, AttributeError, NotImplementedError)  # SymPy's errors for a text it cannot read


def _parse_plain(latex: str, shown: str, complex_names: frozenset[str] = frozenset()) -> tuple[sympy.Expr, frozenset[str]]:
    """``latex`` parsed, with its decimals exact, and the names it writes as functions; errors quote
    ``shown``, the text as the user wrote it. ``complex_names`` are the letters assumed complex."""
    try:
        prepared, functions = _prepare(lift_names(latex, complex_names))
        prepared, back = markers.lexable(prepared)
        functions |= markers.functions(back)
        prepared, variables = _plain_differentials(prepared)
        parts = [parse_strict(part) for part in _sum_in_parts(prepared)]
    except LaTeXParsingError as error:
        raise ParseError(f"cannot parse {shown!r}: {str(error).splitlines()[0]}") from None
    except UNREADABLE as error:
        raise ParseError(f"cannot parse {shown!r}: {error}") from None
    if any(isinstance(p, sympy.core.relational.Relational) or not isinstance(p, sympy.Expr) for p in parts):
        raise ParseError(f"{shown!r} is not a single expression")
    _check_sizes(parts[0] if len(parts) == 1 else sympy.Add(*parts, evaluate=False), shown)
    try:  # after the sizes: renaming rebuilds the tree, and so evaluates its powers
        parts = [markers.renamed(part.xreplace(variables), back) for part in parts]
    except UNREADABLE as error:
        raise ParseError(f"cannot parse {shown!r}: {error}") from None
    expr = parts[0] if len(parts) == 1 else sympy.Add(*parts, evaluate=False)
    return expr.xreplace({f: sympy.Rational(str(f)) for f in expr.atoms(sympy.Float)}), functions


# a derivative's variable with a subscript (z_{0}, \theta_1, a marker's \Xi_{...}): SymPy reads only a
# letter or a command there, and would read \frac{\partial}{\partial z_{0}} as a fraction
SUBSCRIPTED_DIFFERENTIAL = re.compile(r"(\\frac\s*\{\s*(?:\\partial|d)\s*\}\s*\{\s*(\\partial|d)\s*)"
                                      r"(?:\{\s*)?((?:\\[A-Za-z]+|[A-Za-z])\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))\s*\}?\s*\}")


def _plain_differentials(latex: str) -> tuple[str, dict]:
    """The text with each subscripted variable of a derivative written as a command of letters
    SymPy reads there, and the symbols those commands become mapped to the variables' own."""
    variables: dict[sympy.Symbol, sympy.Basic] = {}

    def plain(match: re.Match) -> str:
        stand_in = "dgmwrt" + "".join(chr(ord("a") + int(d)) for d in str(len(variables)))
        variables[sympy.Symbol(stand_in)] = parse_strict(match.group(3))
        return f"{match.group(1)}\\{stand_in}}}"

    return SUBSCRIPTED_DIFFERENTIAL.sub(plain, latex), variables


def _sum_in_parts(latex: str) -> list[str]:
    """A sum of more than SUM_CHUNK terms split, at + and - outside brackets, into parts of SUM_CHUNK
    terms, each beginning with its sign (SymPy's converter would recurse once per term). A text
    with an integral (whose integrand runs over + and -) or bars is left whole."""
    if latex.count("+") + latex.count("-") < SUM_CHUNK or "|" in latex or r"\int" in latex:
        return [latex]
    cuts, depth, operand = [], 0, False
    for i, char in enumerate(latex):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if depth == 0 and char in "+-" and operand:
            cuts.append(i)
        if not char.isspace():
            operand = char.isalnum() or char in ")]}!'."
    starts = [0] + cuts[SUM_CHUNK - 1::SUM_CHUNK]
    return [latex[a:b] for a, b in zip(starts, starts[1:] + [len(latex)])]


def _check_sizes(expr: sympy.Expr, shown: str) -> None:
    """Refuse, before SymPy evaluates anything, a number of more than MAX_DIGITS digits (10^{10^{10}}
    would be computed in full) and a power above MAX_EXPONENT of an expression with variables
    ((x+1)^{10^{10}} would be expanded). The digits of each node of the unevaluated tree are
    estimated bottom up, as the logarithm of the numbers it comes to: a product adds its factors',
    a power multiplies its base's by the exponent."""
    digits: dict[int, float] = {}
    stack = [(expr, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((arg, False) for arg in node.args)
            continue
        size = _digits(node, [digits[id(arg)] for arg in node.args])
        if size > MAX_DIGITS:
            raise ParseError(f"{shown!r} would hold a number of about {size:.2g} digits; numbers of more "
                             f"than {MAX_DIGITS} digits are not read")
        if isinstance(node, sympy.Pow) and _magnitude(node.exp) > MAX_EXPONENT and _has_variables(node.base):
            raise ParseError(f"{shown!r} raises {node.base} to a power of magnitude {_magnitude(node.exp):.3g}; "
                             f"powers above {MAX_EXPONENT} of an expression with variables are not read")
        digits[id(node)] = size


def _has_variables(expr: sympy.Basic) -> bool:
    """Whether ``expr`` has symbols other than those that will be the constants pi and e."""
    return any(s.name not in CONSTANTS for s in expr.free_symbols)


@functools.lru_cache(maxsize=1024)
def _magnitude(number: sympy.Basic) -> float:
    """|number| as a float (inf when too large for one); 0 for what is not a number."""
    try:
        if isinstance(number, sympy.Rational):
            return abs(float(number))
        return float(abs(complex(number.evalf(15)))) if number.is_number else 0.0
    except (TypeError, ValueError, OverflowError):
        return math.inf


def _power_digits(node: sympy.Pow, base: float, exponent: float) -> float:
    if not node.exp.is_number:
        return base + exponent
    return base * _magnitude(node.exp) if base else 0.0


def _factorial_digits(node: sympy.factorial, n: float) -> float:
    value = _magnitude(node.args[0])
    return value * math.log10(value) if value > 1 else n


def _binomial_digits(node: sympy.binomial, n: float, k: float) -> float:
    return _magnitude(node.args[0]) * math.log10(2) or n + k


# The digits of the numbers a node comes to, from its children's (by default, the largest child's).
SIZE_RULES = {
    sympy.Add: lambda node, *terms: max(terms) + math.log10(len(terms)),
    sympy.Mul: lambda node, *factors: sum(factors),
    sympy.Pow: _power_digits,
    sympy.factorial: _factorial_digits,
    sympy.binomial: _binomial_digits,
}


def _digits(node: sympy.Basic, children: list[float]) -> float:
    if isinstance(node, sympy.Float):  # it will be read as the decimal written
        node = sympy.Rational(str(node))
    if isinstance(node, sympy.Rational):
        return math.log10(abs(node.p) or 1) + math.log10(node.q)
    rule = SIZE_RULES.get(type(node))
    return rule(node, *children) if rule else max(children, default=0.0)


def _as_read(functions: frozenset[str], factors: frozenset[str]) -> str:
    """How a reading takes the letters before brackets that may be either."""
    said = [f"{', '.join(sorted(names))} read as a {kind}" for names, kind in ((functions, "function"), (factors, "factor"))
            if names]
    return " and ".join(said)


def _factors_before_brackets(parsed: list[_Parsed], assumptions: Assumptions, declared: frozenset[str]) \
        -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    r"""The names whose call ``a(b+c)`` is a product in every reading, and those called in one reading
    and factors in the other: conventional function letters that also stand alone (called in the
    first reading), and other letters that never do (``t_\theta(\epsilon)``, a factor in the first
    reading; a letter standing alone, as in ``n(n+1)``, is a number)."""
    calls = [call for p in parsed for call in p.expr.atoms(AppliedUndef)]
    derivatives = [d for p in parsed for d in p.expr.atoms(sympy.Derivative)]
    differentiated = {d.expr.name for d in derivatives
                      if isinstance(d.expr, sympy.Symbol) and d.expr not in d.variables}
    lifted = [value for p in parsed for value in p.placeholders.values() if isinstance(value, sympy.Basic)]
    alone = ({s.name for e in [*(p.expr for p in parsed), *lifted] for s in e.atoms(sympy.Symbol)} - differentiated
             | set(assumptions.facts))  # a letter standing alone inside a matrix stands alone too
    functions = (declared | set(assumptions.functions) | KNOWN_FUNCTIONS | differentiated
                 | {name for p in parsed for name in p.functions} | {c.func.__name__ for c in calls if len(c.args) > 1})
    factors, functions_first, factors_first = set(), set(), set()
    for name in {c.func.__name__ for c in calls if len(c.args) == 1}:
        if name in CONSTANTS or name == IMAGINARY_UNIT:
            factors.add(name)
        elif name in functions:
            continue
        elif name.split("_")[0] not in CONVENTIONAL_FUNCTIONS:
            (factors if name in alone else factors_first).add(name)
        elif name in alone:
            functions_first.add(name)
    return frozenset(factors), frozenset(functions_first), frozenset(factors_first)


def _meaning(parsed: _Parsed, assumptions: Assumptions, factors: frozenset[str]) -> sympy.Expr:
    """The text's expression with its names given their meaning: the calls of ``factors`` as products,
    pi, e and the upright i as numbers, other symbols real (or as assumed), x_k inside a sum over k
    as a member of the family x."""
    expr = _functions_of_variables(_products_not_calls(parsed.expr, factors, _powered_brackets(parsed.shown)))
    expr = expr.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in SPECIAL_FUNCTIONS,
                        lambda e: SPECIAL_FUNCTIONS[e.func.__name__](*e.args))
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


CALL_OPENING = re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*\(|\\([A-Za-z]+)\s*\(")


def _powered_brackets(text: str) -> frozenset[str]:
    """The names written before a bracket that a power follows, as in ``n(n+1)^2`` (or
    ``v \\left(S S\\right)^{-1}``: sized brackets read as brackets)."""
    found = set()
    text = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)[lr]?\s*(?=[()])", "", text)
    for match in CALL_OPENING.finditer(text):
        if text[match.end() - 1 + _past_bracket(text[match.end() - 1:]):].lstrip().startswith("^"):
            found.add(match.group(1) or match.group(2))
    return frozenset(found)


def _products_not_calls(expr: sympy.Expr, factors: frozenset[str], powered: frozenset[str]) -> sympy.Expr:
    """``a(b+c)``, which SymPy parses as a call of a function a, as the product a (b+c) when a is in
    ``factors``. A power written after the bracket (a name in ``powered``) belongs to the bracket:
    ``n(n+1)^2`` is n (n+1)^2, where SymPy raises the call to the power; any other power of the call
    is SymPy's, and belongs to the whole product (``\frac{1}{k(k+1)}``)."""
    def is_factor_call(e) -> bool:
        return isinstance(e, AppliedUndef) and len(e.args) == 1 and e.func.__name__ in factors

    def product(call, power=sympy.S.One):
        return sympy.Symbol(call.func.__name__) * call.args[0] ** power

    expr = expr.replace(lambda e: isinstance(e, sympy.Pow) and is_factor_call(e.base) and e.base.func.__name__ in powered,
                        lambda e: product(e.base, e.exp))
    return expr.replace(is_factor_call, product)


def _functions_of_variables(expr: sympy.Expr) -> sympy.Expr:
    """In ``\frac{dg}{dz}``, g is a function of z: a plain symbol differentiated becomes g(z)."""
    def plain(e) -> bool:
        return isinstance(e, sympy.Derivative) and isinstance(e.expr, sympy.Symbol) and \
            e.expr not in e.variables and markers.typed(e.expr.name)  # a marker stands for what it lifted

    expr = expr.replace(plain, lambda e: sympy.Derivative(sympy.Function(e.expr.name)(*e.variables), *e.variable_count))
    return _parameters_as_arguments(expr)


def _parameters_as_arguments(expr: sympy.Expr) -> sympy.Expr:
    r"""A function written with a variable of a derivative as its subscript depends on it:
    in ``\frac{\partial}{\partial\theta} f_\theta(z)``, f_theta(z) is f_theta(z, theta), not a
    function of z alone whose derivative in theta would be 0 (see :func:`with_parameters`)."""
    variables = {v.name: v for d in expr.atoms(sympy.Derivative) for v in d.variables if isinstance(v, sympy.Symbol)}
    return with_parameters(expr, variables) if variables else expr


def _facts(name: str, assumptions: Assumptions) -> dict:
    facts = {"real": True, **assumptions.facts.get(name, {})}
    if facts.get("complex"):
        facts.pop("real")
    return facts


def _family(name: str, assumptions: Assumptions) -> sympy.IndexedBase:
    return sympy.IndexedBase(name, **_facts(name, assumptions))


def _families_in_sums(expr: sympy.Expr, assumptions: Assumptions) -> sympy.Expr:
    r"""Inside ``\sum_k`` or ``\prod_k``, ``x_k`` is the k-th member of a family x (a SymPy
    ``Indexed``), with the assumptions made on x."""
    def rewrite(node):
        body = node.function
        for index in (limit[0] for limit in node.limits):
            members = re.compile(rf"^(.+)_\{{?{re.escape(index.name)}\}}?$")
            found = {s: members.match(s.name) for s in body.free_symbols if isinstance(s, sympy.Symbol)}
            body = body.xreplace({s: _family(m.group(1), assumptions)[index] for s, m in found.items() if m})
        return node.func(body, *node.limits)

    return expr.replace(lambda e: isinstance(e, (sympy.Sum, sympy.Product)), rewrite)


MEMBER = re.compile(r"^(.+)_\{(\d+|[A-Za-z]|\\?[A-Za-z]+)\}$")


def _members_of_families(sides: list[sympy.Expr], assumptions: Assumptions) -> list[sympy.Expr]:
    r"""``x_1`` and ``x_{n}`` are the members x[1] and x[n] of a family x that a sum or product of the
    claim runs over (``\sum_{k=1}^{3} x_k = x_1 + x_2 + x_3``)."""
    families = {i.base.label.name for side in sides for i in side.atoms(sympy.Indexed)}

    def member(symbol: sympy.Symbol):
        match = MEMBER.match(symbol.name)
        if not match or match.group(1) not in families:
            return None
        index = match.group(2).lstrip("\\")
        position = sympy.Integer(index) if index.isdigit() else sympy.Symbol(index, **_facts(index, assumptions))
        return _family(match.group(1), assumptions)[position]

    if not families:
        return sides
    return [side.xreplace({s: m for s in side.free_symbols if isinstance(s, sympy.Symbol)
                           if (m := member(s)) is not None}) for side in sides]


# functions whose value at a matrix is known (of anything else they stay unknown functions)
OF_MATRICES = {"det": lambda m: m.det(), "tr": lambda m: m.trace(), "diag": lambda m: sympy.diag(*m)}


def _filled(expr: sympy.Expr, parsed: _Parsed) -> sympy.Expr:
    """The placeholders of matrices and probability notation replaced by what they stand for, and
    ``\\det`` of a matrix by its determinant (of anything else it stays an unknown function)."""
    if not parsed.placeholders:
        return expr
    try:
        expr = expr.xreplace({s: parsed.placeholders[s.name] for s in expr.free_symbols
                              if s.name in parsed.placeholders})
        expr = expr.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in OF_MATRICES
                            and len(e.args) == 1 and isinstance(e.args[0], sympy.MatrixBase),
                            lambda e: OF_MATRICES[e.func.__name__](e.args[0]))
    except (sympy.ShapeError, TypeError, ValueError) as error:
        raise ParseError(f"the matrices in {parsed.shown.strip()!r} do not combine: {error}") from None
    # a derivative in a parameter of densities that do not carry it (\nabla_\theta \log p(x, z) beside q_\theta), of
    # what does not name the parameter either, is zero
    expr = expr.xreplace({d: sympy.Integer(0) for d in expr.atoms(sympy.Derivative) if uses_probability(d.expr)
                          and not any(v in d.expr.free_symbols or {str(f.family) for f in d.expr.atoms(Density)}
                                      & dependent_families(str(v), CLAIM.get() or parsed.shown)
                                      for v, _ in d.variable_count)})
    if any(uses_probability(d.expr) for d in expr.atoms(sympy.Derivative)):  # one the densities' parameters escaped
        raise ParseError(f"cannot read the derivative in {parsed.shown.strip()!r}: write it as \\nabla_\\theta "
                         "or \\frac{\\partial}{\\partial \\theta} before what it differentiates")
    return expr


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
