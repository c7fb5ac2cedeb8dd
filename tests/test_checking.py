"""The checker cascade: right steps pass at the right level, wrong steps are refuted."""

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings

from dgmderive import Derivation, Level, Step, check, verify
from dgmderive.checking import integrals
from tests.strategies import expressions, mutations, x, y

a = sympy.Symbol("alpha", positive=True)
n = sympy.Symbol("n", integer=True, positive=True)
lam = sympy.Symbol("lambda")
s = 1 / (1 + sympy.exp(-x))  # the logistic sigmoid at x


@pytest.mark.parametrize("lhs, rel, rhs, level", [
    ((x + 1) ** 2, "=", x**2 + 2 * x + 1, Level.PROVED),
    (sympy.log(y**3), "=", 3 * sympy.log(y), Level.PROVED),
    (sympy.sin(x) ** 2 + sympy.cos(x) ** 2, "=", 1, Level.PROVED),
    (sympy.Derivative(s, x), "=", s * (1 - s), Level.PROVED),
    (sympy.sqrt(1 + a**2), ">", 1, Level.PROVED),
    (x**2, ">=", 0, Level.PROVED),
    (s, "<", 1, Level.PROVED),
    (s * (1 - s), ">", 0, Level.PROVED),
    (sympy.exp(x) + y, ">", 0, Level.PROVED),
    (sympy.Sum(sympy.Symbol("j"), (sympy.Symbol("j"), 1, n)), "=", n * (n + 1) / 2, Level.PROVED),
    (sympy.Rational(1, 3) + sympy.Rational(1, 6), "=", sympy.Rational(1, 2), Level.PROVED),
    (sympy.Matrix([[1, a], [-a, 1]]) ** 2, "=", sympy.Matrix([[1 - a**2, 2 * a], [-2 * a, 1 - a**2]]), Level.PROVED),
])
def test_true_steps_pass(lhs, rel, rhs, level):
    verdict = check(Step(lhs, rel, rhs, "test"))
    assert verdict.level is level, verdict


def test_conditions_let_sign_rules_prove_what_needs_them():
    verdict = check(Step(a**2 * (a**2 - 4), "<", 0, "test", given=[a < 2]))
    assert verdict.level is Level.PROVED
    assert check(Step(a**2 * (a**2 - 4), "<", 0, "test")).level is Level.REFUTED


@pytest.mark.parametrize("lhs, rel, rhs", [
    ((x + 1) ** 2, "=", x**2 + 2 * x + 2),        # a changed constant
    ((x + 1) ** 2, "=", x**2 - 2 * x + 1),        # a flipped sign
    (sympy.Derivative(s, x), "=", s * (1 + s)),   # a flipped sign inside
    (sympy.log(y**3), "=", 2 * sympy.log(y)),     # a changed factor
    (sympy.Determinant(sympy.Matrix([[1 - lam, a], [-a, 1 - lam]])), "=", (1 - lam) ** 2 - a**2),
    (sympy.sqrt(1 + a**2), "<", 1),               # a swapped relation
    (sympy.sqrt(1 + a**2), "<=", 1),
    (x**2, "<", 0),
    (sympy.Rational(1, 3) + sympy.Rational(1, 6), "=", sympy.Rational(1, 3)),
    (sympy.Matrix([[1, a], [-a, 1]]) ** 2, "=", sympy.Matrix([[1 - a**2, 2 * a], [2 * a, 1 - a**2]])),
    (sympy.Matrix([1, 2]), "=", sympy.Matrix([1, 2, 3])),
])
def test_wrong_steps_are_refuted(lhs, rel, rhs):
    verdict = check(Step(lhs, rel, rhs, "test"))
    assert verdict.level is Level.REFUTED, verdict


def test_a_refutation_carries_a_counterexample_with_both_sides():
    verdict = check(Step((x + 1) ** 2, "=", x**2 + 1, "test"))
    names = dict(verdict.counterexample)
    assert {"x", "lhs", "rhs"} <= set(names)
    point = sympy.Rational(sympy.nsimplify(names["x"]))
    assert ((point + 1) ** 2 - point**2 - 1) != 0


def test_numeric_evidence_says_how_much():
    hard = sympy.besselj(0, x) ** 2 + 2 * sympy.besselj(1, x) ** 2  # stays <= 1, beyond the sign rules
    verdict = check(Step(hard, "<=", 1, "test"))
    assert verdict.level is Level.NUMERIC
    assert verdict.points >= 24 and "special values" in verdict.evidence and "random" in verdict.evidence


def test_claims_about_every_function_are_tested_on_concrete_ones():
    f = sympy.Function("f")
    assert check(Step(f(x), "=", f(x) + 0 * x, "test")).level is Level.PROVED
    refuted = check(Step(f(x), "=", f(-x), "f is not even in general"))
    assert refuted.level is Level.REFUTED and refuted.counterexample[0][0] == "f"
    assert check(Step(sympy.Derivative(f(x) ** 2, x), "=", 2 * f(x) * sympy.Derivative(f(x), x), "chain")).holds


def test_what_nothing_can_check_stays_unchecked():
    S = sympy.MatrixSymbol("S", 2, 2)
    assert check(Step(S[0, 0] * S[1, 1], "=", S[0, 1] ** 2, "test")).level is Level.UNCHECKED


@pytest.mark.parametrize("rel, level", [("=", Level.PROVED), ("<=", Level.PROVED), (">=", Level.PROVED),
                                        ("<", Level.REFUTED), (">", Level.REFUTED), ("!=", Level.REFUTED)])
def test_identical_sides_decide_every_relation(rel, level):
    assert check(Step(sympy.log(3), rel, sympy.log(3), "test")).level is level
    assert check(Step(x**2 + 1, rel, x**2 + 1, "test")).level is level


def test_unknown_relation_is_rejected():
    with pytest.raises(ValueError, match="unknown relation"):
        Step(x, "~", x, "test")


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_correct_steps_are_never_refuted(expr):
    verdict = check(Step(expr, "=", sympy.expand(expr), "expanded"))
    assert verdict.level is not Level.REFUTED, verdict


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, mutations)
def test_every_mutant_is_refuted(expr, mutation):
    name, mutate = mutation
    wrong = mutate(sympy.expand(expr))
    assume(sympy.N((wrong - expr).subs({x: sympy.Rational(3, 7), y: sympy.Rational(5, 3)})) != 0)
    verdict = check(Step(expr, "=", wrong, name))
    assert verdict.level is Level.REFUTED, (name, verdict)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_a_square_plus_a_positive_is_positive_and_never_negative(expr):
    positive = expr**2 + y
    assert check(Step(positive, ">", 0, "sign rules")).level is Level.PROVED
    assert check(Step(positive, "<=", 0, "swapped")).level is Level.REFUTED


@pytest.mark.parametrize("n", range(5))
def test_gaussian_moments_in_closed_form_agree_with_sympy(n):
    t, m = sympy.Symbol("t", real=True), sympy.Symbol("m", real=True)
    v, c = sympy.Symbol("v", positive=True), sympy.Symbol("c", real=True)
    integrand = t**n * sympy.exp(-(t - m) ** 2 / (2 * v) + c)
    closed = integrals.gaussian_moment(integrand, (t, -sympy.oo, sympy.oo))
    by_sympy = sympy.integrate(integrand, (t, -sympy.oo, sympy.oo), conds="none")
    assert sympy.simplify(closed - by_sympy) == 0
    # a density of no fixed sign of curvature, or a finite range, is left to SymPy
    a = sympy.Symbol("a", real=True)
    assert integrals.gaussian_moment(t**n * sympy.exp(-a * t**2), (t, -sympy.oo, sympy.oo)) is None
    assert integrals.gaussian_moment(integrand, (t, 0, sympy.oo)) is None


k = sympy.Symbol("k", integer=True)
u, v = sympy.symbols("u v", real=True)


@pytest.mark.parametrize("lhs, rhs, method", [
    # expand with every hint at once: the argument (k + 1) x is expanded before the angle is split
    (sympy.cos((k + 1) * x), sympy.cos(k * x) * sympy.cos(x) - sympy.sin(k * x) * sympy.sin(x), "expand_trig"),
    # a square root needs no sign of its own once its square is the square of a non-negative side
    (sympy.Abs(u * v), sympy.sqrt(sympy.expand((u * v) ** 2)), "squares"),
])
def test_rewrites_prove_by_the_named_method(lhs, rhs, method):
    from dgmderive.checking.symbolic import check_every_stage

    verdict = check_every_stage(lhs, "=", rhs, ())
    assert verdict.level is Level.PROVED and verdict.method.startswith(method), verdict
    assert check(Step(lhs, "=", rhs, "test")).level is Level.PROVED


@pytest.mark.parametrize("lhs, rhs", [
    (u * v, sympy.sqrt(sympy.expand((u * v) ** 2))),  # u v may be negative: the squares agree, the sides do not
    (-sympy.Abs(u), sympy.sqrt(u**2 + 0 * v)),
    (sympy.Abs(u), sympy.sqrt(sympy.expand((u + 1) ** 2))),
    (sympy.cos((k + 1) * x), sympy.cos(k * x) * sympy.cos(x) + sympy.sin(k * x) * sympy.sin(x)),
])
def test_wrong_radicals_and_angles_are_refuted(lhs, rhs):
    assert check(Step(lhs, "=", rhs, "test")).level is Level.REFUTED


def test_definitions_that_do_not_fit_the_claim_leave_it_unchecked():
    v = sympy.Symbol("v", real=True)
    column = sympy.Matrix([1, 2])
    verdict = check(Step(v**2, "=", 5, "a vector squared as if it were a number", where=[(v, column)]))
    assert verdict.level is Level.UNCHECKED and "do not fit" in verdict.evidence


def test_values_of_an_unknown_function_at_one_point_are_drawn_directly():
    z, L = sympy.Symbol("z", real=True), sympy.Symbol("L", positive=True)
    f = sympy.Function("f")
    slope = sympy.Derivative(f(z), z)
    # false: f' = -0.9 with L = 0.95 gives 0.1; a random polynomial for f rarely has such a slope
    verdict = check(Step(1 + slope, ">", sympy.Rational(1, 2), "test", given=[slope >= -L, L < 1]))
    assert verdict.level is Level.REFUTED
    assert any(key.startswith("Derivative(f(z), z)") for key, _ in verdict.counterexample)
    # near the bound: f' = -L + e with a small slack e is drawn as often as a large one
    assert check(Step(1 + slope, ">", 0, "test", given=[slope >= -L, L < 2])).level is Level.REFUTED
    assert check(Step(slope**2 + f(z), ">=", 0, "test")).level is Level.REFUTED
    # called at two points, the values are not free: random polynomials are used instead
    assert check(Step(f(z) - f(z + 1), "=", 0, "test")).level is Level.REFUTED


def test_free_values_only_for_functions_at_a_single_point():
    from dgmderive.checking.unknowns import free_values as values_at_one_point

    z = sympy.Symbol("z", real=True)
    f, g = sympy.Function("f"), sympy.Function("g")
    slope = sympy.Derivative(f(z), z)
    assert set(values_at_one_point((f(z) + slope, slope > -1))) == {f(z), slope}
    assert values_at_one_point((f(z) - f(z + 1),)) == {}  # two points
    assert values_at_one_point((f(g(z)) + g(z),)) == {}  # at another function's value
    assert values_at_one_point((sympy.Integral(f(z), (z, 0, 1)),)) == {}  # under an integral


def test_a_symbol_confined_to_an_interval_is_drawn_across_all_of_it():
    from dgmderive.checking.sampling import points

    L = sympy.Symbol("L", positive=True)
    drawn = [float(point[L]) for point in points({L}, (L < 2,), 24, seed=7)]
    assert len(drawn) == 24 and all(0 < v < 2 for v in drawn)
    assert sum(1 < v < 2 for v in drawn) >= 6  # the far half of (0, 2) is visited, not only (0, 1)


@pytest.mark.parametrize("rel, rhs, level", [("=", 5, "PROVED"), ("=", 6, "REFUTED"), (">", 4, "PROVED"),
                                             ("<", 5, "REFUTED")])
def test_a_one_by_one_matrix_compares_with_a_scalar(rel, rhs, level):
    u = sympy.MatrixSymbol("u", 2, 1)
    d = Derivation("9.1", "one by one")
    d.define(u, sympy.Matrix([[1], [2]]))
    d.step(u.T * u, rel, rhs, "the squared norm")
    assert verify(d).verdicts[-1].level.value == level
