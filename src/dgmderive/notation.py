"""Symbols whose name is their LaTeX, for notation such as D_KL(q || p) or log p(x)."""

from __future__ import annotations

import sympy


class TeX(sympy.Symbol):
    """A symbol printed verbatim in LaTeX: ``TeX(r"D_{\\mathrm{KL}}(q \\| p)")``."""

    def _latex(self, printer) -> str:
        return self.name


def tex_symbols(*names: str, **assumptions) -> tuple[TeX, ...]:
    return tuple(TeX(name, **assumptions) for name in names)
