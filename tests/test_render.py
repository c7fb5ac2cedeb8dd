"""Rendering: long sums broken over lines of the page, each line part of the same expression."""

import sympy

from dgmderive.render.layout import LINE, lines as _lines, width
from dgmderive.parse import parse_expression

x, y, z = sympy.symbols("x y z", real=True)


def test_width_counts_what_prints():
    assert width(r"\frac{\log{\left(x \right)}}{2}") == len("log(x )")  # the wider part of a fraction
    assert width(r"x_{12}") == 2  # a subscript at half size
    assert width(r"\left(\begin{matrix}a & b\\c & d\end{matrix}\right)") == len("(a & b  )") + 3


def test_a_long_sum_is_broken_into_lines_that_add_up_to_it():
    expr = sum((k + 1) * x**k * y / (z + k) for k in range(12)) - sympy.log(x + 2)
    lines = _lines(expr, taken=20)
    assert len(lines) > 1
    assert all(width(line) <= LINE - 20 + 5 for line in lines)  # each beside a left column of width 20
    assert sympy.simplify(parse_expression(" ".join(lines)) - expr) == 0


def test_a_short_sum_or_a_product_stays_on_one_line():
    assert len(_lines(x + y)) == 1
    assert len(_lines(sympy.Mul(*(x + k for k in range(30)), evaluate=False))) == 1


def test_the_printer_writes_as_a_mathematician_does():
    from dgmderive.render.printer import expression, text

    a, m, x, y = sympy.symbols("alpha m x y", positive=True)
    lam = sympy.Symbol("lambda")
    A, S = sympy.MatrixSymbol("A", 2, 2), sympy.MatrixSymbol("S", 2, 2)
    normal = sympy.Function(r"\mathcal{N}")
    shown = {
        A - lam * sympy.Identity(2): r"A - \lambda I",     # not -lambda I + A
        1 + sympy.I * a: r"1 + \mathrm{i} \alpha",          # not i alpha + 1
        (x - m) ** 2: r"\left(x - m\right)^{2}",            # not (-m + x)^2
        x**2 + 1: r"x^{2} + 1",                             # the highest degree first, still
        normal(x, m, a): r"\mathcal{N}\left(x; m, \alpha\right)",
        sympy.log(x): r"\log x",
        sympy.log(x * y): r"\log{\left(x y \right)}",       # a product keeps its brackets
        sympy.Abs(sympy.Determinant(S)): r"\left|{\det S}\right|",
        S.T: r"S^{\top}",
        sympy.atan(a): r"\arctan{\left(\alpha \right)}",
        sympy.Symbol("mean"): r"\mathrm{mean}",
    }
    for obj, latex in shown.items():
        assert expression(obj) == latex, obj
    assert text(sympy.Determinant(A - lam * sympy.Identity(2))) == "det(A - lambda*I)" and text(1 + sympy.I * a) == "1 + i*alpha"


def test_a_matrix_too_wide_for_the_line_is_set_in_small_type_and_entries_count_from_one():
    from dgmderive.render.layout import Row, align
    from dgmderive.render.printer import expression

    a, b = sympy.symbols("alpha beta", positive=True)
    wide = sympy.Matrix(3, 3, lambda i, j: (a + i) ** (j + 2) / (b + j + 1) + sympy.sqrt(a * b + i + j))
    narrow = sympy.Matrix([[1, a], [-a, 1]])
    assert "smallmatrix" in align([Row("W", "=", wide)]) and "smallmatrix" not in align([Row("A", "=", narrow)])
    psi, u = sympy.MatrixSymbol("psi", 2, 2), sympy.MatrixSymbol("u", 2, 1)
    assert expression((psi * u).as_explicit()[0, 0]) == r"\psi_{11} u_{1} + \psi_{12} u_{2}"
    assert expression(sympy.MatrixSymbol("W", 12, 12)[10, 2]) == "W_{11,3}"
