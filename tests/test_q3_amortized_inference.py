"""Q3: closed forms against mpmath quadrature, and the amortisation gap against a direct search."""

import mpmath
import pytest

from dgmderive.assignment import q3_amortized_inference as q3
from dgmderive import Level
from tests.mutants import levels

POINT = {q3.x: 0.7, q3.w: 1.3, q3.b: -0.4, q3.s: 0.8, q3.m: 0.2, q3.v: 0.5}


def gaussian(t, mean, var):
    return mpmath.exp(-(t - mean) ** 2 / (2 * var)) / mpmath.sqrt(2 * mpmath.pi * var)


def test_decomposition_against_quadrature():
    x, w, b, s, m, v = (mpmath.mpf(POINT[k]) for k in (q3.x, q3.w, q3.b, q3.s, q3.m, q3.v))
    q = lambda z: gaussian(z, m, v)  # noqa: E731
    joint = lambda z: gaussian(x, w * z + b, s**2) * gaussian(z, 0, 1)  # noqa: E731
    marginal = mpmath.quad(joint, [-mpmath.inf, mpmath.inf])
    posterior = lambda z: joint(z) / marginal  # noqa: E731
    ecll = mpmath.quad(lambda z: q(z) * mpmath.log(joint(z)), [-mpmath.inf, mpmath.inf])
    kl = mpmath.quad(lambda z: q(z) * mpmath.log(q(z) / posterior(z)), [-mpmath.inf, mpmath.inf])
    entropy = -mpmath.quad(lambda z: q(z) * mpmath.log(q(z)), [-mpmath.inf, mpmath.inf])
    value = q3.ecll_decomposition().answers[0].value
    assert float(value["ecll"].subs(POINT)) == pytest.approx(float(ecll))
    assert float(value["entropy"].subs(POINT)) == pytest.approx(float(entropy))
    assert float(value["kl"].subs(POINT).subs({q3.Symbol("mu_p", real=True): q3.posterior_mean,
                                               q3.Symbol("v_p", positive=True): q3.posterior_variance})
                 .subs(POINT)) == pytest.approx(float(kl))
    assert float(ecll) == pytest.approx(float(mpmath.log(marginal) - kl - entropy))


def test_amortised_optimum_against_a_grid_search():
    value = q3.amortisation_gap().answers[0].value
    posterior_means = [(xi - q3.OFFSET) / 2 for xi in q3.DATA]

    def objective(a):  # with c = 1/2 the KL is (a x - mean)^2
        return sum((a * xi - mu) ** 2 for xi, mu in zip(q3.DATA, posterior_means))

    best = min((objective(k / 10000), k / 10000) for k in range(-10000, 10001))[1]
    assert float(value["a_star"]) == pytest.approx(best, abs=1e-4)
    assert float(value["c_star"]) == 0.5
    assert float(value["total_gap"]) == pytest.approx(objective(float(value["a_star"])))
    assert all(g > 0 for g in value["gaps"])


def test_gradient_steps_are_counted():
    assert q3.gradient_steps_to_converge(q3.Fraction(0)) == 0
    assert q3.gradient_steps_to_converge(q3.Fraction(1)) == 20  # the error halves each step: 2^-20 < 1e-6


def test_every_step_of_q3_is_proved():
    assert set(levels(q3.QUESTION)) == {Level.PROVED}



def test_the_prior_written_p_of_z_reads_back_as_the_models_and_a_wrong_density_does_not():
    from dgmderive.checked import displayed_matches
    from dgmderive.verdict import Level

    (step,) = [s for s in q3.ecll_decomposition().steps if s.written[0]]
    assert r"p(z)" in step.written[0]
    assert displayed_matches(step.written[0], step.lhs, step.where).level is Level.PROVED
    wrong = step.written[0].replace("p(z)", "q(z)")
    assert displayed_matches(wrong, step.lhs, step.where).level is Level.REFUTED
