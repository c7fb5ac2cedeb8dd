r"""Vector notation read in one dimension: ``(z - \mu)^\top \Sigma^{-1} (z - \mu)`` as ``(z - \mu)^2 / \Sigma``.

With K = 1 vectors and matrices are numbers: a transpose does nothing, ``\odot`` is a product, and
``\det`` and ``\mathrm{diag}`` return their argument. A claim made for every dimension K must hold
for K = 1, so a link that fails in this reading is wrong; one that holds in it is not thereby right.
"""

from __future__ import annotations

import re

VECTOR_NOTATION = re.compile(r"\^\s*\{?\s*-?\s*(?:T|\\top|\\intercal)\b|\\odot|diag|\\det")
_REWRITES = [
    (re.compile(r"\^\s*\{\s*-\s*(?:T|\\top|\\intercal)\s*\}"), "^{-1}"),
    (re.compile(r"\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T\b|\\top\b|\\intercal\b)"), ""),
    (re.compile(r"\\odot"), r"\\cdot"),
    (re.compile(r"\\(?:mathrm|operatorname)\s*\{\s*diag\s*\}|(?<![\\A-Za-z])diag(?=\s*\()"), ""),
    (re.compile(r"\\det(?![A-Za-z])"), ""),
    (re.compile(r"\\\|"), "|"),
]


def uses_vectors(latex: str) -> bool:
    return bool(VECTOR_NOTATION.search(latex))


def in_one_dimension(latex: str) -> str:
    """The text with vector and matrix notation rewritten for K = 1."""
    for pattern, replacement in _REWRITES:
        latex = pattern.sub(replacement, latex)
    return latex
