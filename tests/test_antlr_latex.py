"""The two-stage parser gives SymPy's strict LL parse, tree for tree and error for error."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.parsing.latex import parse_latex

from dgmderive import antlr_latex
from dgmderive.antlr_latex import parse_strict

TOKENS = ["x", "y", "2", "k", "+", "-", "^", "_", "{", "}", "(", ")", "|", "!", "=", "<", ",", " ",
          r"\frac{", r"\sqrt{", r"\sum_{k=1}^{K}", r"\prod_{k=1}^{K}", r"\log", r"\exp", r"\left(", r"\right)",
          r"\cdot", r"\sigma_k", r"\mu", r"\int", r"dx", r"\pi", r"\det", r"\mathrm{d}"]


def outcome(parse, text: str) -> str:
    try:
        return "tree " + sympy.srepr(parse(text))
    except Exception as error:  # noqa: BLE001 - the error itself is what is compared
        return f"error {type(error).__name__}: {error}"


def sympy_ll(text: str):
    return parse_latex(text, strict=True)


@pytest.mark.parametrize("text", [
    r"(2\pi)^{-K/2} \left(\prod_{k=1}^K \sigma_k\right)^{-1} \exp\left(-\sum_{k=1}^K \frac{(z_k - \mu_k)^2}{2\sigma_k^2}\right)",
    r"\frac{1}{\sqrt{2\pi}\sigma} e^{-\frac{(x-\mu)^2}{2\sigma^2}}",
    r"\int_0^1 x^2 dx", r"|x| + |y|", r"x = y", r"\frac{d}{dz} g(z)", r"n!", r"a_{ij} b",
    r"x +", r"\frac{1}{", r"(x", r"x ) + 1", "",
])
def test_the_sheet_s_kind_of_text(text):
    assert outcome(parse_strict, text) == outcome(sympy_ll, text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map("".join))
def test_random_texts_read_as_sympy_reads_them(text):
    assert outcome(parse_strict, text) == outcome(sympy_ll, text)


def test_a_text_sll_cannot_read_is_read_again_in_ll(monkeypatch):
    relation = antlr_latex._relation

    def sll_fails(glue, text, sll):
        if sll:
            raise antlr_latex.LaTeXParsingError("as if SLL had met a conflict")
        return relation(glue, text, sll)

    monkeypatch.setattr(antlr_latex, "_relation", sll_fails)
    assert parse_strict(r"\frac{x}{2} + 1") == parse_latex(r"\frac{x}{2} + 1", strict=True)


def test_the_parser_loads_without_sympy_physics_which_stays_importable():
    import subprocess
    import sys

    code = ("import sys; from dgmderive.parse import parse_expression; print(parse_expression('x^2 + 1'));"
            "print('sympy.physics' in sys.modules);"
            "from sympy.physics.quantum.state import Bra; from sympy.physics import units; print(Bra('x'), units.meter)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:3] == ["x**2 + 1", "False", "<x| meter"]
