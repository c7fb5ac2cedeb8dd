"""Derivation data: steps, chains, definitions, and how they show themselves."""

import dataclasses

import pytest
import sympy

from dgmderive import Derivation, Level, verify

x = sympy.Symbol("x", real=True)
A = sympy.MatrixSymbol("A", 2, 2)


def test_chain_links_each_left_side_to_the_previous_right_side():
    d = Derivation("0.1", "chain")
    returned = d.chain((x + 1) ** 2, (x**2 + 2 * x + 1, "expand"), ("<=", 2 * x**2 + 2 * x + 1, "add x^2"))
    first, second = d.steps
    assert returned == [first, second] and second.lhs == first.rhs and second.rhs == 2 * x**2 + 2 * x + 1
    assert (first.rel, second.rel) == ("=", "<=")


def test_definitions_are_substituted_before_checking():
    d = Derivation("0.2", "definitions")
    d.define(A, sympy.Matrix([[1, x], [0, 1]]))
    d.step(A * A, "=", sympy.Matrix([[1, 2 * x], [0, 1]]), "square")
    d.step(sympy.Determinant(A), "=", 2, "wrong on purpose")
    verdicts = verify(d).verdicts
    assert [v.level for v in verdicts] == [Level.PROVED, Level.REFUTED]
    assert d.steps[0].lhs == A * A  # shown with the name, checked with the value


def test_checked_derivation_reports_failures_and_renders():
    d = Derivation("0.3", "render", "A statement.")
    d.step(x**2, ">=", 0, "a square")
    d.step(x**2, ">", 1, "false")
    checked = verify(d)
    assert not checked.ok and len(checked.failures) == 1
    text = str(checked)
    assert "0.3  render" in text and "REFUTED" in text and "counterexample" in text
    from dgmderive.render.latex import record_latex

    latex = record_latex(checked)
    assert r"\verdict{PROVED}" in latex and r"\verdict{REFUTED}" in latex and r"\begin{align*}" in latex
    assert "0.3" in repr(d) and "verify" in repr(d)  # the data alone says how to check it


def test_derivation_is_plain_data_that_imports_no_checker_or_renderer():
    import ast

    import dgmderive.derivation as module

    tree = ast.parse(open(module.__file__).read())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert {name for name in imported if name.startswith("dgmderive")} == {"dgmderive.relation"}


def test_small_inverses_by_the_adjugate_agree_with_sympy_and_refuse_singular_matrices():
    from dgmderive.derivation import _adjugate_inverse

    a, b, c = sympy.symbols("a b c", real=True)
    m = sympy.Matrix([[a, b, 0], [c, 1, a], [0, b, 2]])
    assert sympy.simplify(_adjugate_inverse(m) - m.inv()) == sympy.zeros(3, 3)
    with pytest.raises(sympy.matrices.exceptions.NonInvertibleMatrixError):
        _adjugate_inverse(sympy.Matrix([[a, b], [2 * a, 2 * b]]))


def test_matrix_expressions_of_explicit_matrices_are_multiplied_out_as_sympy_would():
    from dgmderive.derivation import _explicit

    a, b, c = sympy.symbols("a b c", real=True)
    m = sympy.ImmutableMatrix([[a, b], [c, 1]])
    n = sympy.ImmutableMatrix([[1, a], [b**2, c]])
    for e in (sympy.MatMul(m, n, evaluate=False), sympy.MatAdd(m, n, evaluate=False),
              sympy.Transpose(sympy.MatMul(n, m, evaluate=False)), sympy.MatMul(m.T, sympy.MatAdd(m, n), n)):
        assert _explicit(e).expand() == sympy.ImmutableMatrix(e.as_explicit()).expand()
    s = sympy.MatrixSymbol("S", 2, 2)  # still symbolic: entries S[i, j]
    assert _explicit(sympy.MatMul(s, m)) == sympy.ImmutableMatrix(sympy.MatMul(s, m).as_explicit())


@pytest.mark.parametrize("given, expected", [("x>0", "not the string 'x>0'"), (x, "x is not one")])
def test_given_takes_relations_and_says_what_it_expected(given, expected):
    d = Derivation("0.5", "conditions")
    with pytest.raises(ValueError, match=expected):
        d.step(x + 1, ">", 0, "shifted", given=[given])
    d.step(x + 1, ">", 0, "shifted", given=[x > 0])  # a relation is taken


def test_a_definition_names_a_symbol_not_a_string():
    d = Derivation("0.6", "names")
    with pytest.raises(ValueError, match="define takes a SymPy symbol, matrix symbol or function as the name"):
        d.define("c", 1)
    assert d.define(sympy.Symbol("c"), 1) == sympy.Symbol("c")


def test_a_declared_part_fills_the_derivation_it_is_given():
    from dgmderive import Derivation, part

    x = sympy.Symbol("x")

    @part("9.1", "A title", "A statement.", extra=True)
    def filled(D: Derivation) -> None:
        D.step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")

    derived = filled()
    assert (derived.id, derived.title, derived.statement, derived.extra) == ("9.1", "A title", "A statement.", True)
    assert len(derived.steps) == 1

    @part("9.2", "Returns its own")
    def returning(D: Derivation) -> Derivation:
        return Derivation("9.3", "another")

    with pytest.raises(TypeError, match="fills the Derivation it is given and returns nothing"):
        returning()


@pytest.mark.parametrize("instances, expected", [(["x=1"], "takes mappings such as {K: 3}, one per instance"),
                                                 ([{"x": 1}], "the key 'x' is a str")])
def test_instances_are_mappings_from_symbols_and_say_what_was_expected(instances, expected):
    d = Derivation("0.7", "instances")
    with pytest.raises(ValueError, match=expected):
        d.step(x**2, ">=", 0, "a square", instances=instances)
    d.step(x**2, ">=", 0, "a square", instances=[{x: 1}, {x: -2}])  # mappings from symbols are taken


def test_a_side_written_as_a_string_is_refused_with_the_way_to_read_latex():
    from dgmderive import parse_expression

    d = Derivation("0.8", "sides")
    with pytest.raises(ValueError, match=r"not the string 'x \\cdot x': read LaTeX with dgmderive.parse_expression"):
        d.step(x**2, "=", r"x \cdot x", "a square")
    read = parse_expression(r"(x + 1) \cdot (x - 1)")
    d.step(x**2 - 1, "=", read, "a difference of squares")
    assert verify(d).verdicts[-1].level is Level.PROVED
    with pytest.raises(ValueError, match=r"not the string '\\alpha > 0'"):  # shown as typed: one backslash
        d.step(x + 1, ">", 0, "shifted", given=[r"\alpha > 0"])


@pytest.mark.parametrize("keywords, expected", [
    ({"given": "a>0"}, "given= takes a list of SymPy relations such as \\[alpha < 2\\], not 'a>0'"),
    ({"instances": {x: 1}}, "instances= takes a list of mappings"),
    ({"instances": "x=1"}, "instances= takes a list of mappings such as \\[{K: 3}\\], not 'x=1'"),
    ({"instance": {x: 3}}, "instance= takes the words naming the general claim"),
])
def test_a_step_s_keywords_of_the_wrong_kind_are_named_whole(keywords, expected):
    d = Derivation("0.9", "keywords")
    with pytest.raises(ValueError, match=expected):
        d.step(x**2, ">=", 0, "a square", **keywords)
    copied = dataclasses.replace(d.step(x**2, ">=", 0, "a square", instances=[{x: 2}]), why="copied")
    assert copied.instances == (((x, 2),),)  # a copy keeps its one instance
