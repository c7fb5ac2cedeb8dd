"""LaTeX in: strict parsing, the meaning of e, pi and log, assumptions, and one-line errors."""

import pytest
import sympy

from dgmderive.parse import ParseError, parse_assumptions, parse_expression


@pytest.mark.parametrize("latex, expected", [
    (r"\log x", sympy.log(sympy.Symbol("x", real=True))),
    (r"e^{x}", sympy.exp(sympy.Symbol("x", real=True))),
    (r"\pi", sympy.pi),
    (r"\frac{n(n+1)}{2}", sympy.Symbol("n", real=True) * (sympy.Symbol("n", real=True) + 1) / 2),
    (r"n(n+1)^2", sympy.Symbol("n", real=True) * (sympy.Symbol("n", real=True) + 1) ** 2),  # the bracket's power
    (r"v (s s)^{-1} v", sympy.Symbol("v", real=True) ** 2 / sympy.Symbol("s", real=True) ** 2),
    # a number as superscript before a subscript, as TeX typesets it: x^{2}_{1} is (x_1)^2 (SymPy
    # dropped the _1); y^{A}_{34} may be a label, and is refused (see below)
    (r"x^{2}_{1} + w^{1}_{21}", sympy.Symbol("x_{1}", real=True) ** 2 + sympy.Symbol("w_{21}", real=True)),
    (r"\sigma^2_k", sympy.Symbol("sigma_{k}", real=True) ** 2),
    (r"\sqrt{1 + \alpha^2}", sympy.sqrt(1 + sympy.Symbol("alpha", real=True) ** 2)),
    (r"\displaystyle x \, y", sympy.Symbol("x", real=True) * sympy.Symbol("y", real=True)),
    (r"\left(\frac{a}{b}\right)^2", (sympy.Symbol("a", real=True) / sympy.Symbol("b", real=True)) ** 2),
    (r"\left(\begin{matrix}1 & a\\- a & 1\end{matrix}\right)",
     sympy.ImmutableMatrix([[1, sympy.Symbol("a", real=True)], [-sympy.Symbol("a", real=True), 1]])),
    # an upright i is the imaginary unit (as the sheet prints it); an italic i is a letter
    (r"\left|\mathrm{i} a + 1\right|", sympy.sqrt(sympy.Symbol("a", real=True) ** 2 + 1)),
    (r"e^{\mathrm{i} \pi} + i", -1 + sympy.Symbol("i", real=True)),
])
def test_meaning(latex, expected):
    assert parse_expression(latex) == expected


def test_matrices_and_their_products():
    d, g = (sympy.Symbol(n, real=True) for n in ("d", "g"))
    product = parse_expression(r"\begin{bmatrix} 1, \alpha \\ -\alpha, 1 \end{bmatrix} \begin{bmatrix} d \\ g \end{bmatrix}")
    alpha = sympy.Symbol("alpha", real=True)
    assert product == sympy.ImmutableMatrix([d + alpha * g, -alpha * d + g])
    assert parse_expression(r"\begin{pmatrix} d \cdot g & 2 \end{pmatrix}") == sympy.ImmutableMatrix([[d * g, 2]])
    with pytest.raises(ParseError, match="do not combine"):
        parse_expression(r"\begin{bmatrix} 1 \\ 2 \end{bmatrix} \begin{bmatrix} 1 \\ 2 \end{bmatrix}")


def test_assumptions_become_symbol_facts_or_conditions():
    a = parse_assumptions(["sigma>0", "k>=0", "n integer", "alpha<2"])
    assert a.facts == {"sigma": {"positive": True}, "k": {"nonnegative": True}, "n": {"integer": True}}
    assert a.conditions == ("alpha < 2",)
    assert parse_expression(r"\sigma", a).is_positive


@pytest.mark.parametrize("latex, message", [
    (r"\frac{1}{", "cannot parse"),
    (r"p(x|z|w) + 1", "more than one bar"),
    (r"L_K[q(z|x)]", "functional"),
    (r"x + 1 )", "cannot parse"),
    (r"\mu + \sigma \odot z", r"unsupported LaTeX command \\odot"),
    (r"x = 1", "not a single expression"),
    (r"z_0^T z_0", "transposes"),
    (r"v^{\top} v", "transposes"),
    ("  ", "empty expression"),
])
def test_bad_input_is_one_clear_error(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex)


def test_bad_assumption():
    with pytest.raises(ParseError, match="cannot read the assumption"):
        parse_assumptions(["sigma >> 0"])
    with pytest.raises(ParseError, match="cannot read the assumption"):
        parse_assumptions(["x < y < z"])


def test_an_assumption_may_be_any_relation_in_latex():
    from dgmderive import Level
    from dgmderive.claims import check, claim_step

    a = parse_assumptions(["f'(z) >= -L", r"x \ge y", "L>0", "L<1"])
    assert a.relations == (("f'(z)", ">=", "-L"), ("x", ">=", "y"))
    lipschitz = ["f'(z) >= -L", "L>0"]
    assert check(claim_step("1 + f'(z)", "0", ">", [*lipschitz, "L<1"])).level is Level.PROVED
    assert check(claim_step("1 + f'(z)", "0", ">", [*lipschitz, "L<2"])).level is Level.REFUTED
    assert check(claim_step("x^2", "y^2", ">=", [r"x \ge y", "y>=0"])).level is Level.PROVED


def test_primes_are_derivatives_at_a_variable():
    z = sympy.Symbol("z", real=True)
    f = sympy.Function("f")
    assert parse_expression("1 + f'(z)") == 1 + sympy.Derivative(f(z), z)
    assert parse_expression("f''(z)^2") == sympy.Derivative(f(z), (z, 2)) ** 2
    with pytest.raises(ParseError, match="only at a variable"):
        parse_expression("f'(2z)")


def test_members_of_a_family_inside_sums_and_products():
    expr = parse_expression(r"\prod_{k=1}^{K} \sigma_k \sum_{j=1}^{n} w_{j} x", parse_assumptions(["sigma>0"]))
    sigma, w = sympy.IndexedBase("sigma", real=True, positive=True), sympy.IndexedBase("w", real=True)
    j, k = (s for s in sorted(expr.atoms(sympy.Symbol), key=str) if s.name in "jk")
    assert expr.atoms(sympy.Indexed) == {sigma[k], w[j]}
    assert sympy.Symbol("x", real=True) in expr.free_symbols  # x carries no index: not a member


def test_what_sympy_prints_of_functions_and_derivatives_reads_back():
    from dgmderive.latex.render import expression

    z, t = sympy.Symbol("z", real=True), sympy.Symbol("t", real=True)
    f = sympy.Function("f")
    for e in (sympy.Derivative(f(z), z) + 1, f(z) ** 2 + z, sympy.log(z) * f(z + 1), 1 / f(z),
              sympy.Derivative(f(z), (z, 2)), sympy.Derivative(-t * sympy.log(t), (t, 2))):
        assert parse_expression(expression(e)) == e, expression(e)


@pytest.mark.parametrize("latex", [r"\frac{d^2 y}{dx^2}", r"\frac{\partial^{2}}{\partial x \partial y} u"])
def test_other_higher_derivatives_are_refused_not_misread(latex):
    with pytest.raises(ParseError, match="higher derivative"):
        parse_expression(latex)


@pytest.mark.parametrize("latex", [r"y^{A}_{34}", r"w^{(l)}_{ij} x_j", r"F^{AB}_{k} = 1"])
def test_a_superscript_before_a_subscript_that_may_be_a_label_is_refused(latex):
    with pytest.raises(ParseError, match="label or a power"):
        parse_expression(latex)
