"""Markers for what is lifted out of a text before SymPy's parser reads it (matrices, probability
notation, the upright i, names such as x-hat): private-use characters, which no typed text holds,
given names that are fresh for the text only at the parser's door."""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef

OPEN, CLOSE = "\ue000", "\ue001"
MARKER = re.compile(f"{OPEN}(\\d+){CLOSE}")
NAME_OPEN, NAME_CLOSE = "\ue002", "\ue003"
NAMED = re.compile(f"{NAME_OPEN}([sfq])(\\d*){NAME_CLOSE}")  # the name as code points, 7 digits each
ANY = re.compile(f"{MARKER.pattern}|{NAMED.pattern}")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
IMAGINARY_UNIT = 1  # the marker of the upright i; matrices and probability notation number from 1000 and 2000,
MATRICES, PROBABILITY, DERIVATIVES = 1000, 2000, 3000  # and derivatives of probability notation from 3000
DERIVATIVE = re.compile(f"{OPEN}3\\d{{3}}{CLOSE}")


def marker(number: int) -> str:
    """The marker of one lifted object, with spaces that keep it apart from its neighbours."""
    return f" {OPEN}{number:04d}{CLOSE} "


def name(number: int) -> str:
    """The name of the symbol that stands for the marker ``number`` once the text is parsed."""
    return f"{OPEN}{number:04d}{CLOSE}"


def named(text: str, call: bool | None = None) -> str:
    """The marker of a name: a symbol (``call`` None), a function called with the bracket that
    follows (True), or a quantity alone, a function of nothing (False)."""
    kind = {None: "s", True: "f", False: "q"}[call]
    return f" {NAME_OPEN}{kind}{''.join(f'{ord(char):07d}' for char in text)}{NAME_CLOSE} "


# an extremum or the point of one (see dgmderive.parse._extrema), and a moment over a law the text
# does not say (E[x] with no subscript, see dgmderive.probability_latex.UNSTATED_MOMENTS), and the count
# of a sum whose range it does not say (|k|, see dgmderive.families)
OPAQUE_NAME = re.compile(r"\\(?:arg\\)?(?:min|max|sup|inf)(?![A-Za-z])|\\mathbb\{E\}$|\|[^|]+\|$")


def is_opaque(function) -> bool:
    """Whether a function stands for a value that is not computed: an extremum, the point of one,
    a moment over a law the text does not say, or the count of a sum whose range it does not say."""
    return OPAQUE_NAME.match(getattr(function, "__name__", "")) is not None


def holds_opaque(*exprs) -> bool:
    """Whether any of the expressions writes a value that is not computed (see :func:`is_opaque`)."""
    return any(is_opaque(call.func) for expr in exprs if isinstance(expr, sympy.Basic) for call in expr.atoms(AppliedUndef))


def spelled(text: str) -> str:
    """The text with each name's marker as the name it stands for."""
    return NAMED.sub(lambda match: _decoded(match.group(2)), text)


def _decoded(digits: str) -> str:
    return "".join(chr(int(digits[k:k + 7])) for k in range(0, len(digits), 7))


def typed(text: str) -> bool:
    """Whether the text holds no private-use character (so that no marker can have been typed)."""
    return PRIVATE_USE.search(text) is None


def lexable(text: str) -> tuple[str, dict[str, tuple[str, str]]]:
    r"""The text with each marker as a name SymPy's parser reads, ``\Xi_{99...9NNNN}``, whose run of
    nines is longer than any run of digits in the text (so that no name written in it is the same),
    and the parsed names mapped to what they stand for: (kind, name), the kind "s" for a symbol, "f"
    for a function called, "q" for a function of nothing."""
    nines = "9" * (1 + max((len(run) for run in re.findall(r"\d+", ANY.sub(" ", text))), default=0))
    back: dict[str, tuple[str, str]] = {}

    def lexed(match: re.Match) -> str:
        number = match.group(1) or f"{9000 + len(back)}"
        kind, digits = match.group(2), match.group(3)
        back[f"Xi_{{{nines}{number}}}"] = (kind, _decoded(digits)) if kind else ("s", f"{OPEN}{number}{CLOSE}")
        # in braces unless it is called: SymPy would read a symbol before a bracket as a call, and
        # q(z) (z - mu)^2 as (q (z - mu))^2
        lexed_name = rf"\Xi_{{{nines}{number}}}"
        return f" {lexed_name} " if kind == "f" else f" {{{lexed_name}}} "

    return ANY.sub(lexed, text), back


def renamed(expr: sympy.Basic, back: dict[str, tuple[str, str]]) -> sympy.Basic:
    """The parsed expression with the markers' symbols (and the calls SymPy made of a marker before
    a bracket) as what they stand for."""
    if not back:
        return expr
    expr = expr.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in back,
                        lambda e: sympy.Function(back[e.func.__name__][1])(*e.args))
    return expr.xreplace({s: _standing(*back[s.name]) for s in expr.atoms(sympy.Symbol)  # bound ones too: d/d\tilde{x}
                          if s.name in back})


def _standing(kind: str, name: str) -> sympy.Basic:
    return sympy.Symbol(name) if kind == "s" else sympy.Function(name)()


def functions(back: dict[str, tuple[str, str]]) -> frozenset[str]:
    """The names that the markers make functions."""
    return frozenset(name for kind, name in back.values() if kind != "s")
