r"""Families written with an ellipsis or summed without bounds, as sums and products SymPy reads.

``x_1 + x_2 + \dots + x_K`` is ``\sum_{j=1}^{K} x_j`` and ``w_1 w_2 \cdots w_K`` (or ``w_1 \cdot
\ldots \cdot w_K``) ``\prod_{j=1}^{K} w_j``, but ``z_1 \dots z_K`` is a list (of draws, say), as is any
family in an expectation's subscript (``\mathbb{E}_{z_1, z_2 \cdots z_K \sim q}``); the
members written before the ellipsis must be consecutive. ``\sum_k w_k`` runs over the range
another sum over k in the text gives, or else from 1 to the capital of its index (k to K) when the
text names it; a sum whose range the text does not say runs to a count of its own, |k|, which is
never computed (see :func:`dgmderive.markers.is_opaque`). A sum over the variable of a density
in its summand (``\sum_x p(x) f(x)``) runs over every value of it: it is left to
:mod:`dgmderive.probability_latex`.
"""

from __future__ import annotations

import re

from dgmderive.markers import named
from dgmderive.probability_latex import UNBOUNDED_SUM, expectation_subscripts, sums_over_density

ELLIPSIS = r"\\(?:dots|cdots|ldots|dotsb|dotsm|dotsc)(?![A-Za-z])|\.\.\.|\u2026"
MEMBER = r"(?P<base{k}>[A-Za-z]|\\[A-Za-z]+)_\{{?\s*(?P<index{k}>[A-Za-z0-9]+)\s*\}}?"
TIMES = r"\s*(?:\\cdot|\\times)?\s*"
PRODUCT_SIGN = r"\s*(?:\\cdot|\\times)\s*"  # z_1 \dots z_K or z_2...z_K is a list, not a product
CHAINS = {
    "+": (re.compile(rf"{MEMBER.format(k=1)}(?P<middle>(?:\s*\+\s*{MEMBER.format(k='m')})*)\s*\+\s*(?:{ELLIPSIS})"
                     rf"\s*\+\s*{MEMBER.format(k=2)}"), r"\sum"),
    "*": (re.compile(rf"{MEMBER.format(k=1)}(?P<middle>(?:{TIMES}{MEMBER.format(k='m')})*)"
                     rf"(?:\s*\\cdots\s*|{PRODUCT_SIGN}(?:{ELLIPSIS}){PRODUCT_SIGN}){MEMBER.format(k=2)}"), r"\prod"),
}
BOUNDED = r"\\(?:sum|prod)\s*_\s*\{{\s*{index}\s*=\s*(?P<lower>[^{{}}]+?)\s*\}}\s*\^\s*(?P<upper>\{{[^{{}}]*\}}|\\[A-Za-z]+|[A-Za-z0-9])"
INDICES = "jiklmnrstuv"
UNBOUNDED_PRODUCT = re.compile(r"\\prod\s*_\s*(?:\{\s*(?P<braced>[A-Za-z])\s*\}|(?P<bare>[A-Za-z]))(?!\s*\^)")


class FamilyError(ValueError):
    """A family whose terms or range cannot be read."""


def with_families(latex: str) -> str:
    """The text with ellipses of members as sums or products, and sums without bounds bounded."""
    for chain, command in CHAINS.values():
        latex = chain.sub(lambda m, command=command: _closed(m, command, latex), latex)
    latex = UNBOUNDED_PRODUCT.sub(lambda m: _bounded(m, latex, r"\prod"), latex)
    return UNBOUNDED_SUM.sub(lambda m: m.group(0) if sums_over_density(latex, m) else _bounded(m, latex), latex)


def _closed(match: re.Match, command: str, latex: str) -> str:
    base, first, last = match.group("base1"), match.group("index1"), match.group("index2")
    if match.group("base2") != base or not first.isdigit() \
            or any(start <= match.start() < end for start, end in expectation_subscripts(latex)):
        return match.group(0)  # E_{z_1, z_2 \cdots z_K \sim q}: a list of draws
    members = [(m.group("basem"), m.group("indexm")) for m in re.finditer(MEMBER.format(k="m"), match.group("middle"))]
    if members != [(base, str(int(first) + k)) for k in range(1, len(members) + 1)]:
        raise FamilyError(f"the members before the ellipsis in {match.group(0)!r} are not consecutive")
    index = _fresh_index(latex)
    return f" {command}_{{{index}={first}}}^{{{last}}} {base}_{{{index}}} "


def _fresh_index(latex: str) -> str:
    for letter in INDICES:
        if not re.search(rf"(?<![\\A-Za-z]){letter}(?![A-Za-z])", latex):
            return letter
    raise FamilyError("no letter is free to index the family")


def _bounded(match: re.Match, latex: str, command: str = r"\sum") -> str:
    """A sum (or product) over an index without bounds, bounded as the text says (see the module)."""
    index = match.group("braced") or match.group("bare")
    written = re.search(BOUNDED.format(index=index), latex)
    if written:
        return rf"{command}_{{{index}={written.group('lower')}}}^{written.group('upper')}"
    capital = index.upper()
    if capital != index and re.search(rf"(?<![\\A-Za-z]){capital}(?![A-Za-z])", latex):
        return rf"{command}_{{{index}=1}}^{{{capital}}}"
    return rf"{command}_{{{index}=1}}^{{{named(f'|{index}|', call=False)}}}"  # a count the text does not say
