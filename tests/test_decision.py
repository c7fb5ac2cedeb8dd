"""The decision procedure: claims of polynomial arithmetic decided by z3, refutations confirmed exactly."""

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dgmderive.checking import decision
from dgmderive.checking.claim import Claim
from dgmderive.relation import Relation
from dgmderive.verdict import Level

x, y = sympy.symbols("x y", real=True)
a = sympy.Symbol("a", positive=True)
n = sympy.Symbol("n", integer=True)
m = sympy.Symbol("m", integer=True, nonnegative=True)
z = sympy.Symbol("z")  # complex


def decide(lhs, rel, rhs, given=()):
    return decision.decide(Claim(sympy.sympify(lhs), Relation.read(rel), sympy.sympify(rhs), tuple(given)))


@pytest.mark.parametrize("lhs, rel, rhs, given", [
    (x**2 + 1, ">", 2 * x - 1, ()),
    ((x - y) ** 2, ">=", 0, ()),
    (x**2 + y**2, ">=", 2 * x * y, ()),
    (sympy.Abs(x + y), "<=", sympy.Abs(x) + sympy.Abs(y), ()),
    (sympy.sqrt(x**2), "=", sympy.Abs(x), ()),
    (sympy.sqrt(2) + sympy.sqrt(3), "=", sympy.sqrt(5 + 2 * sympy.sqrt(6)), ()),
    (sympy.floor(x), "<=", x, ()),
    (sympy.ceiling(x) - sympy.floor(x), "<=", 1, ()),
    (n**2 - n, ">=", 0, ()),
    ((-1) ** (2 * n), "=", 1, ()),
    (1 / a, ">", 0, ()),
    (x, "<", 3, (x < 2,)),
    (x * (1 - x), "<=", sympy.Rational(1, 4), ()),
    (sympy.Max(x, y), ">=", (x + y) / 2, ()),
])
def test_true_claims_of_the_fragment_are_proved(lhs, rel, rhs, given):
    verdict = decide(lhs, rel, rhs, given)
    assert verdict is not None and verdict.level is Level.PROVED, verdict


@pytest.mark.parametrize("lhs, rel, rhs, given, witness", [
    (x**2, ">", 0, (), {"x": "0"}),                                   # strictness: only the equality case fails
    (x, "<", 6, (), None),                                            # beyond any sampling range
    (x, "!=", 0, (), {"x": "0"}),
    (m, "<", 9, (), None),
    ((x - 1) * (x - sympy.Rational(1001, 1000)), ">=", 0, (), None),  # negative only in a narrow interval
    (x + sympy.Rational(1, 10**31) * x, "=", x, (), None),            # a tiny difference
    (x**2, "!=", 2, (), None),                                        # fails only at an irrational point
    (sympy.Abs(x + y), "=", sympy.Abs(x) + sympy.Abs(y), (), None),
    (n**3 - n, ">", 0, (n > 0,), {"n": "1"}),
])
def test_false_claims_of_the_fragment_are_refuted_at_an_exact_point(lhs, rel, rhs, given, witness):
    verdict = decide(lhs, rel, rhs, given)
    assert verdict is not None and verdict.level is Level.REFUTED, verdict
    found = dict(verdict.counterexample)
    for name, value in (witness or {}).items():
        assert found[name] == value
    point = {s: sympy.sympify(found[s.name]) for s in (sympy.sympify(lhs) - sympy.sympify(rhs)).free_symbols}
    assert Relation.read(rel).build(sympy.sympify(lhs).xreplace(point), sympy.sympify(rhs).xreplace(point)) in (
        sympy.false, False) or sympy.simplify(Relation.read(rel).build(sympy.sympify(lhs).xreplace(point),
                                                                        sympy.sympify(rhs).xreplace(point))) is sympy.false


@pytest.mark.parametrize("lhs, rel, rhs, given", [
    (z**2 + 1, "!=", 0, ()),                          # complex: outside the fragment
    (sympy.sqrt(x - 1), ">=", 0, ()),                 # sqrt of a possibly negative number is complex there
    (sympy.sqrt(x * y), "=", sympy.sqrt(x) * sympy.sqrt(y), ()),
    (sympy.exp(x), ">", x, ()),                       # transcendental
    (sympy.Function("f")(x) * sympy.Function("f")(y), ">=", 0, ()),
])
def test_claims_outside_the_fragment_are_left_to_other_stages(lhs, rel, rhs, given):
    assert decide(lhs, rel, rhs, given) is None


def test_a_radicand_made_negative_by_a_condition_is_not_proved_vacuously():
    """sqrt(a^2 - 4) is imaginary for a < 2: its defining facts cannot hold, which proves nothing."""
    root = sympy.sqrt(a**2 - 4)
    product = (1 - a**2 / 2 - a * root / 2) * (1 - a**2 / 2 + a * root / 2)
    assert decide(product, "=", 2, (a < 2,)) is None


def test_contradictory_assumptions_hold_vacuously_and_say_so():
    verdict = decide(x, ">", 5, (x < 1, x > 2))
    assert verdict.level is Level.PROVED and "vacuously" in verdict.evidence


@pytest.mark.parametrize("lhs, rel, rhs, given, proved", [
    (sympy.exp(x), ">=", 1 + x, (), True),
    (sympy.log(x), "<=", x - 1, (x > 0,), True),
    (sympy.sin(x) ** 2 + sympy.cos(x) ** 2, "<=", 1, (), True),
    (sympy.pi, ">", 3, (), True),
    (sympy.exp(x), ">", 2 * x, (), False),            # true, but not from the facts used: no proof, no refutation
    (sympy.exp(x), "<", x, (), False),                # false: abstraction never refutes
])
def test_abstraction_proves_only_from_true_facts(lhs, rel, rhs, given, proved):
    verdict = decision.prove_by_abstraction(Claim(lhs, Relation.read(rel), sympy.sympify(rhs), given))
    assert (verdict is not None and verdict.level is Level.PROVED) is proved


def test_conditions_are_implied_or_not():
    assert decision.implies((x > 0, x < 1), sympy.Abs(x) < 1)
    assert not decision.implies((x > -2,), x > -1)
    assert decision.implies((x > -1,), sympy.Ne(x, -1))


coefficients = st.integers(-4, 4)


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(coefficients, min_size=2, max_size=5), st.sampled_from([">", ">=", "<", "<=", "!="]))
def test_a_verdict_agrees_with_exact_evaluation(coeffs, rel):
    """Whatever z3 says of a random polynomial claim p(x) rel 0 is right at 0, ±1, ±1/2 and ±2."""
    p = sum(c * x**k for k, c in enumerate(coeffs))
    verdict = decide(p, rel, 0)
    if verdict is None:
        return
    values = [Relation.read(rel).build(p.subs(x, v), 0) for v in (0, 1, -1, sympy.Rational(1, 2), -sympy.Rational(1, 2), 2, -2)]
    if verdict.level is Level.PROVED:
        assert all(v is sympy.true for v in values)
    else:
        point = sympy.sympify(dict(verdict.counterexample)["x"]) if p.has(x) else 0
        assert Relation.read(rel).build(p.subs(x, point), 0) is sympy.false
