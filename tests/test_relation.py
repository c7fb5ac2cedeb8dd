"""Relation: one table of spellings, LaTeX and SymPy forms, shared by check, --assume, grade and Step."""

import pytest
import sympy

from dgmderive import Step
from dgmderive.reading import split_chain
from dgmderive.claims import claim_step
from dgmderive.parse import ParseError, parse_assumptions, parse_conditions
from dgmderive.relation import Relation

x = sympy.Symbol("x", real=True)


@pytest.mark.parametrize("spelling, relation", [
    ("=", Relation.EQ), ("==", Relation.EQ), ("!=", Relation.NE), (r"\neq", Relation.NE), (r"\ne", Relation.NE),
    ("≠", Relation.NE), ("<", Relation.LT), (r"\lt", Relation.LT), ("<=", Relation.LE), (r"\le", Relation.LE),
    (r"\leq", Relation.LE), (r"\leqslant", Relation.LE), ("≤", Relation.LE), ("⩽", Relation.LE),
    (">", Relation.GT), (">=", Relation.GE), (r"\ge", Relation.GE), (r"\geq", Relation.GE),
    (r"\geqslant", Relation.GE), ("≥", Relation.GE),
])
def test_every_spelling_reads_as_its_relation(spelling, relation):
    assert Relation.read(spelling) is relation
    assert claim_step("x", "1", spelling).rel is relation
    assert Step(x, spelling, 1, "test").rel is relation


@pytest.mark.parametrize("spelling", ["~", "=>", "<>", "", "approx", r"\approx", "=<"])
def test_an_unknown_spelling_is_refused(spelling):
    with pytest.raises(ValueError, match="unknown relation"):
        Relation.read(spelling)
    with pytest.raises(ParseError, match="unknown relation"):
        claim_step("x", "1", spelling)


def test_a_relation_equals_its_symbol_and_knows_its_forms():
    assert Relation.LE == "<=" and str(Relation.LE) == "<=" and f"{Relation.LE}" == "<="
    assert Relation.LE.latex == r"\leq" and Relation.NE.latex == r"\neq"
    assert Relation.LE.strict is Relation.LT and Relation.GT.weak is Relation.GE
    assert Relation.LT.converse is Relation.GT and Relation.EQ.converse is Relation.EQ
    assert Relation.GT.is_strict and not Relation.GE.is_strict and not Relation.EQ.is_order
    assert Relation.of(x < 2) is Relation.LT and Relation.GE.build(x, 2) == (x >= 2)
    assert Relation.GE.holds(0) and not Relation.GT.holds(0) and Relation.NE.holds(-1)


@pytest.mark.parametrize("text", [r"x \leqslant 2", "x ≤ 2", r"x \le 2", "x <= 2"])
def test_assumptions_take_every_spelling(text):
    (condition,) = parse_conditions(parse_assumptions([text]), {x})
    assert condition == sympy.LessThan(sympy.Symbol("x", real=True), 2)


def test_grade_splits_at_every_spelling():
    assert split_chain(r"a \leqslant b ≤ c \geqslant d")[1] == ["<=", "<=", ">="]
