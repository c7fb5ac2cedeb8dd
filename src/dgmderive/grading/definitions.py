r"""Definitions in the text: ``f(x) = value``, ``name := value``, a vector of names, and densities
(``p = \mathcal{N}(0, 1)``, ``q(z) = \mathcal{N}(z; \mu, \sigma^2)``), each in force from there on.

A row that opens ``p(x) = ...`` is a claim, not a definition, when p is a density of the text
(written elsewhere as ``p(x|z)``, ``p_\theta(x)`` or at another variable) or when the name is
already defined as something else.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef

from dgmderive.grading.context import Context
from dgmderive.grading.laws import state_law
from dgmderive.probability_latex import family_of

NORMAL = r"(?:\\(?:mathcal|mathscr|mathrm|operatorname|text)\s*\{?\s*N\s*\}?|(?<![\\A-Za-z])N)"  # \mathcal{N}, N
GAUSSIAN = re.compile(rf"^{NORMAL}\s*(?:\\left)?\((?P<inside>.*?)(?:\\right)?\)$", re.DOTALL)
DENSITY_CALL = re.compile(r"(?<![\\A-Za-z])(?P<letter>[pq])(?P<sub>_(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?"
                          r"\s*(?:\\left)?\((?P<inside>[^()]*)\)")
DISTRIBUTION = re.compile(rf"(?<![\\A-Za-z])(?P<letter>[pq])\s*(?:\([^()]*\))?\s*(?:=|\\sim)\s*{NORMAL}\s*(?:\\left)?\(")
GREEK = re.compile(r"^_\{?\\[A-Za-z]+\}?$")
VARIABLE = re.compile(r"^\s*(?:[A-Za-z]|\\[A-Za-z]+)(?:_(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*$")  # x, z_0, x_{n}, \omega
BOLD = re.compile(r"\\(?:boldsymbol|mathbf|bm)\{([^{}]*)\}")
VECTORS = re.compile(r"\\(?:mathbf|boldsymbol|bm)(?![A-Za-z])|(?<![A-Za-z])I_|diag|\^\s*\{?\s*(?:T|\\top)\b")
DENSITY_NAME = re.compile(r"^(?P<letter>[A-Za-z]|\\[A-Za-z]+)(?:_(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?"
                          r"(?:\^\{?\*\}?)?\s*(?:\(.*\))?$", re.DOTALL)
SQUARE = re.compile(r"^(\\?[A-Za-z]+(?:_(?:\{[^{}]*\}|\\?[A-Za-z0-9]+))?)\s*\^\s*\{?\s*2\s*\}?$")  # sigma_q^2
PLACEHOLDER = sympy.Symbol("t", real=True)  # the variable of a density defined without one (p = N(0, 1))


def densities(text: str) -> frozenset[str]:
    """The letters p and q where the text uses them as densities: conditioned (``p(x|z)``), with a
    parameter (``p_\\theta(x)``), at two different variables (``p(x)`` and ``p(z)``; ``p(2)`` is a
    value), or given a distribution."""
    found, variables = set(), {}
    for match in DENSITY_CALL.finditer(text):
        letter, inside = match.group("letter"), " ".join(match.group("inside").split())
        if "|" in inside or r"\mid" in inside or (match.group("sub") and GREEK.match(match.group("sub"))):
            found.add(letter)
        if VARIABLE.match(BOLD.sub(r"\1", inside)):
            variables.setdefault(letter, set()).add(BOLD.sub(r"\1", inside))
    found |= {letter for letter, seen in variables.items() if len(seen) > 1}
    found |= {match.group("letter") for match in DISTRIBUTION.finditer(text)}
    return frozenset(found)


def is_definition(expr) -> bool:
    """What a chain's first left side names when the chain defines it: f(x, y) of plain variables,
    a name (y in y = x^2 = ...), a vector of plain symbols such as (d_{k+1}, g_{k+1}), or a member
    w_k of a family at an index that is a variable (w_k = \\tilde w_k / \\sum_i \\tilde w_i)."""
    if isinstance(expr, sympy.MatrixBase):
        return all(isinstance(entry, sympy.Symbol) for entry in expr)
    if isinstance(expr, sympy.Indexed):
        return all(isinstance(i, sympy.Symbol) for i in expr.indices)
    if isinstance(expr, sympy.Symbol):  # a name of its own: y = x^2 = ..., the first link names y
        return True
    return (isinstance(expr, AppliedUndef)
            and all(isinstance(a, sympy.Symbol) for a in expr.args) and len(set(expr.args)) == len(expr.args))


def define(left, right: str, context: Context) -> None:
    """``f(x) = value`` or ``name := value``, in force from here on; a value that cannot be read
    defines nothing."""
    value = context.side(right)
    if isinstance(left, AppliedUndef) and is_definition(left) and isinstance(value, sympy.Expr):
        context.define(left.func, sympy.Lambda(left.args, value))
    elif isinstance(left, sympy.Symbol) and isinstance(value, (sympy.Expr, sympy.MatrixBase)):
        context.define(left, value)


def defines(left, right: str, context: Context) -> bool:
    """Whether the first link ``left = right`` of a chain defines its left side (and then it is
    defined): not when the left side's letter is a density of the text, nor when it is already
    defined as something else (a second definition is a claim, checked against the first), nor when
    the value of a function cannot be read (the link is reported as unparsed, with the reason)."""
    if not is_definition(left):
        return False
    if isinstance(left, (sympy.Symbol, sympy.Indexed)):
        value = context.side(right)
        if context.value(left) is not None or not isinstance(value, sympy.Basic) or value.has(left):
            return False  # defined before (a second definition is a claim), or named by itself
    if isinstance(left, AppliedUndef):
        known, value = context.value(left.func), context.side(right)
        if str(left.func) in context.densities or not isinstance(value, sympy.Expr):
            return False  # a density's value is a claim; so is a value that cannot be read (it is reported)
        if known is not None and not _same(known, left.args, value):
            return False
    define(left, right, context)
    return True


def _same(function: sympy.Lambda, args: tuple, value: sympy.Expr) -> bool:
    return sympy.expand(function(*args) - value) == 0


def distribution(left: str, right: str, context: Context) -> bool:
    r"""``p = \mathcal{N}(\mu, \sigma^2)``, ``q(z) = \mathcal{N}(z; \mu, \sigma^2)`` or
    ``q_\phi(z|x) = \mathcal{N}(...)``: the letter is a density, and the normal density defines it
    where it is a letter or a call at one variable and the mean and variance read as numbers (a
    mean vector, a covariance matrix or a conditional density defines the letter as a density
    only). False when the right side is no distribution or the left side names no density."""
    match = GAUSSIAN.match(right.strip())
    named = DENSITY_NAME.match(re.sub(r"\\(?:left|right)\b", "", left.strip()))
    if match is None or named is None:
        return False
    context.densities = context.densities | {named.group("letter")}
    function = context.side(left)
    variables = function.args if isinstance(function, AppliedUndef) else (PLACEHOLDER,)
    parameters = _split(match.group("inside"))
    moments = [context.side(p) for p in parameters[-2:]] if len(parameters) in (2, 3) else []
    if len(parameters) == 3 and context.side(parameters[0]) != variables[0]:  # N(x; ...) of another variable
        moments = []
    law = None
    if isinstance(function, (sympy.Symbol, AppliedUndef)) and not VECTORS.search(left + right) \
            and len(variables) == 1 and isinstance(variables[0], sympy.Symbol) and len(moments) == 2 \
            and all(isinstance(m, sympy.Expr) and not isinstance(m, sympy.MatrixBase) for m in moments):
        (mean, variance), (x,) = moments, variables
        law = sympy.Lambda((x,), sympy.exp(-(x - mean) ** 2 / (2 * variance)) / sympy.sqrt(2 * sympy.pi * variance))
        context.define(function.func if isinstance(function, AppliedUndef) else sympy.Function(function.name), law)
    deviation = SQUARE.match(parameters[-1]) if len(moments) == 2 else None  # N(mu, sigma^2): sigma > 0
    if (family := family_of(left)) is not None:
        state_law(family, law, f"{left.strip()} = {right.strip()}", context,
                  (f"{deviation.group(1)}>0",) if deviation else ())
    return True


def law_given(left: str, rel: str, right: str, context: Context) -> bool:
    r"""Whether ``left rel right`` gives a density its law (see :func:`distribution`): with = or :=,
    or with \sim when the left side is a density (``q(z) \sim N(0, 1)``; ``z \sim N(0, 1)`` is a
    draw, and gives no letter a law)."""
    if rel == "\\sim" and family_of(left) is None or rel not in ("=", ":=", "\\sim"):
        return False
    return distribution(left, right, context)


def _split(inside: str) -> list[str]:
    """The arguments of N(x; mean, variance) or N(mean, variance), split at ; | and , outside brackets."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(inside):
        depth += c in "({[" and inside[i - 1:i] != "\\"
        depth -= c in ")}]" and inside[i - 1:i] != "\\"
        if depth == 0 and c in ",;|":
            parts.append(inside[start:i])
            start = i + 1
    return [p.strip() for p in [*parts, inside[start:]] if p.strip()]
