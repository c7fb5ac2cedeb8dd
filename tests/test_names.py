"""Names and decorations: accented letters are symbols of their own, calligraphic letters named
quantities, upright names functions; braces and labels over relations carry no meaning."""

import pytest
import sympy

from dgmderive import Level, check
from dgmderive.grading import grade_text
from dgmderive.names import plain_relation
from dgmderive.parse import parse_expression

x, y = sympy.symbols("x y", real=True)


@pytest.mark.parametrize("latex, name", [
    (r"\hat x", r"\hat{x}"), (r"\hat{x}", r"\hat{x}"), (r"\widehat{x}", r"\hat{x}"), (r"\tilde{z}_i", r"\tilde{z}_{i}"),
    (r"\bar{x}", r"\bar{x}"), (r"\hat{\boldsymbol{\mu}}", r"\hat{\mu}"),
])
def test_an_accented_letter_is_a_symbol_of_its_own(latex, name):
    assert parse_expression(latex) == sympy.Symbol(name, real=True) != x


@pytest.mark.parametrize("lhs, rhs, level", [
    (r"\hat x + x", r"x + \hat{x}", Level.PROVED),
    (r"\hat x - x", "0", Level.REFUTED),                     # x-hat is not x
    (r"(\bar{x} - x)^2", r"\bar{x}^2 - 2\bar{x} x + x^2", Level.PROVED),
    (r"\tilde{z}_1 \tilde{z}_2", r"\tilde{z}_1^2", Level.REFUTED),
    (r"\mathbf{x} + \boldsymbol{\mu}", r"\mu + x", Level.PROVED),
])
def test_names_in_claims(lhs, rhs, level):
    assert check(lhs, rhs).level is level


def test_calligraphic_letters_are_named_quantities():
    L = sympy.Function(r"\mathcal{L}")
    assert parse_expression(r"\mathcal{L}") == L()
    assert parse_expression(r"\mathcal{L}(\theta, \phi; x)") == L(*sympy.symbols("theta phi x", real=True))
    assert parse_expression(r"\mathcal{L}_{\text{ELBO}}") == sympy.Function(r"\mathcal{L}_{ELBO}")()
    assert parse_expression(r"\mathcal{D}(x)") == sympy.Function(r"\mathcal{D}")(x)  # a function, never a product
    assert check(r"\mathcal{L}_K[q(z|x)] + 1", r"1 + \mathcal{L}_K[q(z|x)]").level is Level.PROVED
    assert not check(r"\mathcal{L}_K[q(z|x)] + 1", r"\mathcal{L}_K[q(z|x)]").holds
    assert check(r"\mathcal{L}(\theta, \phi; x) + 1", r"\mathcal{L}(\theta, \phi; x)").level is Level.REFUTED


def test_a_named_quantity_is_defined_not_refuted_in_a_text():
    results = grade_text("$$ \\mathcal{L} = a + b = b + a = 2a $$\n$$ \\mathcal{L}_K[q] = x^2 $$")
    assert [[link.status for link in chain.links] for chain in results] == [["holds", "refuted"], []]
    assert results[1].taken == r"defines \mathcal{L}_K[q]"


@pytest.mark.parametrize("latex, read", [
    (r"\mathrm{ELBO}(x; \theta, \phi)", r"\mathrm{ELBO}(x, theta, phi)"),   # an upright word names a quantity
    (r"\textrm{IW-ELBO}_K(x)", r"\mathrm{IW-ELBO}_{K}(x)"),
    (r"\mathrm{ELBO} + 1", r"\mathrm{ELBO}() + 1"),
    (r"D^{opt}_{G}(x)", r"D^{opt}_{G}(x)"),                                   # a word as superscript labels
    (r"\mathcal{L}^{\text{recon}}_n", r"\mathcal{L}^{recon}_{n}"),
    (r"\mathrm{K L}(p(x) \| q(x))", "KL(p(x) || q(x))"),                    # math mode drops the space
])
def test_upright_words_name_quantities_and_a_word_as_superscript_labels(latex, read):
    assert str(parse_expression(latex)) == read


def test_a_named_word_is_defined_and_another_definition_of_it_is_a_claim():
    text = ("$$ \\mathrm{ELBO}(x) = x^2 + 1 $$\n$$ \\mathrm{ELBO}(x) = (x + 1)^2 - 2x $$\n"
            "$$ \\mathrm{ELBO}(x) = (x + 1)^2 $$\n$$ e^{\\mathrm{const}} = 1 $$")
    assert [[link.status for link in chain.links] for chain in grade_text(text)] == [[], [], ["refuted"], ["unparsed"]]


@pytest.mark.parametrize("latex, expected", [
    (r"\operatorname{tr}\begin{pmatrix}1&2\\3&4\end{pmatrix}", 5),
    (r"\mathrm{tr}(\begin{pmatrix}1&2\\3&4\end{pmatrix}) + \text{det}(\begin{pmatrix}1&2\\3&4\end{pmatrix})", 3),
    (r"\mathrm{diag}(\begin{pmatrix}1\\2\end{pmatrix})", sympy.ImmutableMatrix([[1, 0], [0, 2]])),
    (r"\operatorname{tr}(A)", sympy.Function("tr")(sympy.Symbol("A", real=True))),  # of a letter: unknown
])
def test_upright_function_names(latex, expected):
    assert parse_expression(latex) == expected


@pytest.mark.parametrize("latex, expected", [
    (r"\underbrace{x^2}_{\text{square}} + y", x**2 + y),
    (r"\overbrace{x + y}^{(a)}", x + y),
    (r"\underbrace{\underbrace{x}_{a} y}_{b}", x * y),
])
def test_braces_under_and_over_are_what_they_brace(latex, expected):
    assert parse_expression(latex) == expected


@pytest.mark.parametrize("text, plain", [
    (r"a \overset{(a)}{=} b", "a = b"),
    (r"\log p(x) \stackrel{\text{Jensen}}{\geq} \mathcal{L}", r"\log p(x) \geq \mathcal{L}"),
    (r"x \underset{x > 0}{<} y", "x < y"),
])
def test_a_label_over_a_relation_leaves_the_relation(text, plain):
    assert " ".join(plain_relation(text).split()) == plain


def test_the_bar_over_a_complex_letter_is_refused_not_guessed():
    from dgmderive.parse import ParseError, parse_assumptions

    with pytest.raises(ParseError, match="conjugate or another name"):
        parse_expression(r"z \bar{z}", parse_assumptions(["z complex"]))
