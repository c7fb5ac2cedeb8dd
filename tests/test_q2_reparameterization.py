"""Q2: densities against plain-float and mpmath computations, op counts against closed forms."""

import math
import random

import mpmath
import pytest
import sympy

from dgmderive.assignment import q2_reparameterization as q2
from dgmderive import Level
from dgmderive.checked import displayed_matches
from tests.mutants import levels


def test_one_dimensional_density_matches_the_textbook_formula():
    density = q2.diagonal_gaussian().answers[0].value["density_1d"]
    for z, mu, sigma in [(0.3, -1.0, 0.5), (2.0, 2.5, 3.0)]:
        by_change = math.exp(-(((z - mu) / sigma) ** 2) / 2) / math.sqrt(2 * math.pi) / sigma
        value = float(density.subs({q2.z: z, q2.mu: mu, q2.sigma: sigma}))
        assert value == pytest.approx(by_change)


def test_density_integrates_to_one():
    density = q2.normal_pdf(q2.z, q2.mu, q2.sigma**2).subs({q2.mu: 1, q2.sigma: sympy.Rational(3, 2)})
    assert sympy.integrate(density, (q2.z, -sympy.oo, sympy.oo)) == 1


def lu_count(n):
    """Operations of LU elimination written out: a division and n-k-1 multiply-subtracts per row,
    then n-1 multiplications and one absolute value."""
    return sum((n - c - 1) * (1 + 2 * (n - c - 1)) for c in range(n)) + (n - 1) + 1


@pytest.mark.parametrize("n", [1, 2, 3, 7, 16, 64])
def test_operation_counts_match_closed_forms(n):
    assert q2.ops("diagonal", n) == n - 1
    assert q2.ops("triangular", n) == n - 1
    assert q2.ops("dense LU", n) == lu_count(n)
    assert q2.count_formula("dense LU").subs(q2.K, n) == lu_count(n)


def test_growth_exponents():
    assert q2.growth_exponent("diagonal") == pytest.approx(1, abs=0.1)
    assert q2.growth_exponent("triangular") == pytest.approx(1, abs=0.1)
    assert q2.growth_exponent("dense LU") == pytest.approx(3, abs=0.1)


def test_general_linear_density_against_mpmath():
    """The derivation's textbook density at N(mu, S S^T), against the change of variables done in mpmath."""
    rng = random.Random(7)
    mpmath.mp.dps = 30
    for n in (2, 3, 5):
        S = [[sympy.Rational(rng.randint(-20, 20), 10) + (3 if i == j else 0) for j in range(n)] for i in range(n)]
        mu = [sympy.Rational(rng.randint(-10, 10), 10) for _ in range(n)]
        z = [sympy.Rational(rng.randint(-10, 10), 10) for _ in range(n)]
        S_, mu_, z_ = sympy.Matrix(S), sympy.Matrix(mu), sympy.Matrix(z)
        derived = mpmath.mpf(sympy.N(q2.gaussian_pdf(z_, mu_, S_ * S_.T).doit(), 30))
        Sm = mpmath.matrix([[mpmath.mpf(x.p) / x.q for x in row] for row in S])
        z0 = mpmath.inverse(Sm) * (mpmath.matrix([mpmath.mpf(x.p) / x.q for x in z]) - mpmath.matrix([mpmath.mpf(x.p) / x.q for x in mu]))
        by_change = (2 * mpmath.pi) ** (-n / 2) * mpmath.exp(-(z0.T * z0)[0] / 2) / abs(mpmath.det(Sm))
        assert mpmath.almosteq(derived, by_change, rel_eps=mpmath.mpf(10) ** -25)


def test_every_step_of_q2_holds_and_most_are_proved():
    found = levels(q2.QUESTION)
    assert all(level in (Level.PROVED, Level.EXACT) for level in found)
    steps = [step for part in q2.QUESTION.derive() for step in part.steps]
    assert all(step.instance or step.instances for step, level in zip(steps, found) if level is Level.EXACT)
    assert not any(step.instance for step, level in zip(steps, found) if level is Level.PROVED)  # never PROVED



@pytest.mark.parametrize("typo", [("-K/2", "-1/2"), (r"2\sigma_k^2", r"\sigma_k^2"), ("^{-1}", "")])
def test_the_answer_formula_is_what_was_checked_and_a_typo_is_caught(typo):
    density = q2.diagonal_gaussian().answers[0].value["density"]
    formula = (r"(2\pi)^{-K/2} \Big(\prod_{k=1}^K \sigma_k\Big)^{-1} \exp\Big(-\sum_{k=1}^K "
               r"\frac{(z_k - \mu_k)^2}{2\sigma_k^2}\Big)")
    assert displayed_matches(formula, density).level is Level.PROVED
    assert displayed_matches(formula.replace(*typo), density).level is Level.REFUTED
