"""Hypothesis strategies: random expressions, and mutations that make a true step false."""

from __future__ import annotations

import sympy
from hypothesis import strategies as st

x = sympy.Symbol("x", real=True)
y = sympy.Symbol("y", positive=True)

leaves = st.sampled_from([x, y, sympy.Integer(2), sympy.Rational(1, 3), sympy.Integer(-1)])


def _combine(children):
    return st.one_of(
        st.tuples(children, children).map(lambda ab: ab[0] + ab[1]),
        st.tuples(children, children).map(lambda ab: ab[0] * ab[1]),
        st.tuples(children, st.integers(2, 3)).map(lambda ab: ab[0] ** ab[1]),
        children.map(sympy.sin),
        children.map(lambda a: sympy.exp(a / 4)),
    )


expressions = st.recursive(leaves, _combine, max_leaves=6)

# A mutation maps the right side of a true identity to something unequal to it.
mutations = st.sampled_from([
    ("add a constant", lambda e: e + sympy.Rational(1, 7)),
    ("flip the sign", lambda e: -e),
    ("double it", lambda e: 2 * e),
    ("add a term", lambda e: e + x**2 + 1),
])
