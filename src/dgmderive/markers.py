"""Markers for what is lifted out of a text before SymPy's parser reads it (matrices, probability
notation, the upright i): private-use characters, which no typed text holds, given names that are
fresh for the text only at the parser's door."""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef

OPEN, CLOSE = "\ue000", "\ue001"
MARKER = re.compile(f"{OPEN}(\\d+){CLOSE}")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
IMAGINARY_UNIT = 1  # the marker of the upright i; matrices and probability notation number from 1000 and 2000
MATRICES, PROBABILITY = 1000, 2000


def marker(number: int) -> str:
    """The marker of one lifted object, with spaces that keep it apart from its neighbours."""
    return f" {OPEN}{number:04d}{CLOSE} "


def name(number: int) -> str:
    """The name of the symbol that stands for the marker ``number`` once the text is parsed."""
    return f"{OPEN}{number:04d}{CLOSE}"


def typed(text: str) -> bool:
    """Whether the text holds no private-use character (so that no marker can have been typed)."""
    return PRIVATE_USE.search(text) is None


def lexable(text: str) -> tuple[str, dict[str, str]]:
    r"""The text with each marker as a name SymPy's parser reads, ``\Xi_{99...9NNNN}``, whose run of
    nines is longer than any run of digits in the text (so that no name written in it is the same),
    and the parsed names mapped back to the markers' names."""
    nines = "9" * (1 + max((len(run) for run in re.findall(r"\d+", MARKER.sub(" ", text))), default=0))
    back = {}

    def lexed(match: re.Match) -> str:
        back[f"Xi_{{{nines}{match.group(1)}}}"] = f"{OPEN}{match.group(1)}{CLOSE}"
        return rf"\Xi_{{{nines}{match.group(1)}}}"

    return MARKER.sub(lexed, text), back


def renamed(expr: sympy.Basic, back: dict[str, str]) -> sympy.Basic:
    """The parsed expression with the markers' symbols (and the calls SymPy made of a marker before
    a bracket) given the markers' names."""
    if not back:
        return expr
    expr = expr.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in back,
                        lambda e: sympy.Function(back[e.func.__name__])(*e.args))
    return expr.xreplace({s: sympy.Symbol(back[s.name]) for s in expr.free_symbols
                          if isinstance(s, sympy.Symbol) and s.name in back})
