"""Probability notation: densities, expectations and KL read from LaTeX, proved by the rules of
probability or refuted in random finite models."""

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dgmderive import Level, check
from dgmderive.checking import finite_models
from dgmderive.claims import claim_step
from dgmderive.parse import ParseError, parse_expression
from dgmderive.probability import Density, Expectation, density, kl, normal_form, uses_probability

x, z, z1 = sympy.symbols("x z z_{1}", real=True)
q = density("q", [z], [x])
ECLL = r"\mathbb{E}_{q(z|x)}[\log p_\theta(x|z) p(z)]"
ELBO = r"\mathbb{E}_{q(z|x)}\left[\log \frac{p(x, z)}{q(z|x)}\right]"


def test_notation_is_read():
    expr = parse_expression(r"\mathbb{E}_{q_\phi(\boldsymbol{z}|\boldsymbol{x})}[\log p_{\theta}(x|z)]")
    assert expr == Expectation(sympy.log(density("p", [x], [z])), q)
    assert parse_expression(r"D_{\mathrm{KL}}(q(z|x) \| p(z))") == kl(q, density("p", [z]))
    assert parse_expression(r"KL(q(z|x)||p(z))") == kl(q, density("p", [z]))
    # a draw named in the subscript, and a bare family whose variables the body shows
    assert parse_expression(r"E_{z_1 \sim q(z|x)}[\log q(z_1|x)]").args[1] == density("q", [z1], [x])
    assert parse_expression(r"\mathbb{E}_{q}[\log q(z|x)]").args[1] == q
    # Latin subscripts and stars name other families; Greek ones name parameters
    assert parse_expression(r"q_i(z|x) q^*(z|x) q_\phi(z|x)") == \
        density("q_i", [z], [x]) * density("q*", [z], [x]) * q


@pytest.mark.parametrize("lhs, rhs, level", [
    (r"\mathbb{E}_{\epsilon \sim p(\epsilon)}[\epsilon^2]", r"\int p(\epsilon) \epsilon^2 \, d\epsilon", Level.PROVED),
    (r"\mathbb{E}_{p(\varepsilon)}[\log p(\varepsilon)]", r"-\mathbb{E}_{p(\varepsilon)}[\log p(\varepsilon)]", Level.REFUTED),
    (r"\mathbb{E}_{\xi_1 \sim p(\xi)}[\xi_1]", r"\mathbb{E}_{\xi \sim p(\xi)}[\xi]", Level.NUMERIC),
    (r"\mathbb{E}_{p(\eta|x)}[\log p(x|\eta)]", r"\mathbb{E}_{p(\eta|x)}[\log p(\eta|x)] + \log p(x) - \mathbb{E}_{p(\eta|x)}[\log p(\eta)]",
     Level.PROVED),
    (r"\mathbb{E}_{z_1 \sim q(z)}[z_1]", "z_1", Level.REFUTED),           # the draw in the body is the one bound
])
def test_greek_letters_and_indexed_draws_are_random_variables(lhs, rhs, level):
    """A draw's symbol is the one the parser makes of the same text elsewhere in the claim."""
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("latex, message", [
    (r"E_{z_1, z_3 \sim q(z|x)}[\log q(z_1|x)]", "several draws of one are read only as"),
    (r"E_{z_1, \dots, z_K}[\log q(z_1|x)]", "several draws need their law"),
    (r"E_{z_1, \dots, z_K \sim q(z|x)}[\log q(z|x)]", "beside the draws"),          # which draw is z?
    (r"\nabla_\phi E_{z_1, \dots, z_K \sim q_\phi(z|x)}[\log q_\phi(z_1|x)]", "over several draws is not read"),
    # Theta for all the parameters, though no density is written with it: by the letter, a derivative of 0
    (r"\nabla_\Theta \mathbb{E}_{q(z|x)}[\log p(x|z)]", "only under its derivatives"),
    (r"\mathbb{E}_{q}[\log p(x|z)]", "never says what q is a density of"),
    (r"KL(q(z|x))", "divergence"),
    (r"\mathbb{E}_{q(z|x)}[\log p(x|z)", "unbalanced"),
])
def test_unreadable_notation_is_one_clear_error(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex)


@pytest.mark.parametrize("lhs, rhs", [
    (ECLL.replace(r"p_\theta", "p"), r"\log p(x) + \mathbb{E}_{q(z|x)}[\log p(z|x)]"),   # product rule
    (r"\log p(x) - D_{KL}(q(z|x) || p(z|x))", ELBO),                                     # ELBO identity
    (ELBO, r"\mathbb{E}_{q(z|x)}[\log p(x|z)] - KL(q(z|x)||p(z))"),                      # the VAE form
    (r"\mathbb{E}_{q(z|x)}[\log p(x) + 3]", r"\log p(x) + 3"),                          # E of a constant
])
def test_identities_are_proved_by_the_rules(lhs, rhs):
    verdict = check(lhs, rhs)
    assert verdict.level is Level.PROVED and verdict.method == "probability rules"


@pytest.mark.parametrize("lhs, rhs", [
    (ECLL, r"\mathbb{E}_{q(z|x)}[\log \frac{p(z|x) p(x)}{p(z)}]"),                       # a density in the wrong place
    (r"\log p(x) - D_{KL}(q(z|x) || p(z|x))", r"-" + ELBO),                              # a sign
    (r"\log p(x) + D_{KL}(q(z|x) || p(z|x))", ELBO),                                     # a sign
    (r"\log p(x) - D_{KL}(q(z|x) || p(x|z))", ELBO),                                     # the wrong conditional
    (r"\log p(x) - D_{KL}(q(z|x) || p(z|x))", r"2 \mathbb{E}_{q(z|x)}[\log \frac{p(x, z)}{q(z|x)}]"),  # a factor
    (r"\log p(x)", r"\mathbb{E}_{q(z|x)}[\log p(x, z)]"),
])
def test_mutated_identities_are_refuted_with_a_model(lhs, rhs):
    verdict = check(lhs, rhs)
    assert verdict.level is Level.REFUTED
    assert "in the model random" in verdict.evidence and " p(" in verdict.evidence \
        and dict(verdict.counterexample)["x"] in "012"


def test_bounds_are_evidence_and_wrong_bounds_are_refuted():
    assert check(r"\log p(x)", ELBO, ">=").level is Level.NUMERIC  # Jensen: holds in every model
    assert check(r"\log p(x)", ELBO, "<").level is Level.REFUTED
    assert check(r"D_{KL}(q(z|x) \| p(z))", "0", ">=").level is Level.NUMERIC
    assert check(r"D_{KL}(q(z|x) \| p(z))", "0", "<=").level is Level.REFUTED


def test_a_model_value_is_the_finite_sum():
    """The expectation in a model is the weighted sum, computed here by hand from the tables."""
    claim = Expectation(sympy.log(density("p", [z])), q)
    model = finite_models.Model({"p": ("z",), "q": ("x", "z")}, __import__("random").Random(1))
    p_table, q_table = model.tables["p"], model.tables["q"]
    at_x = 1
    weights = [q_table[(at_x, v)] for v in range(3)]
    by_hand = sum(w / sum(weights) * sympy.log(p_table[(v,)] / sum(p_table.values()))
                  for w, v in zip(weights, range(3)))
    assert sympy.simplify(finite_models.value(claim, model, {x: sympy.Integer(at_x)}) - by_hand) == 0


def test_normal_form_keeps_what_it_cannot_split():
    inner = Expectation(sympy.log(density("p", [z], [x])) ** 2, q)
    assert isinstance(normal_form(inner), sympy.Expr) and normal_form(inner).has(Expectation)
    assert Density(sympy.Symbol("p"), sympy.Tuple(x), sympy.Tuple()).free_symbols == {x}


DENSITIES = [density("p", [x]), density("p", [z]), density("p", [x, z]), density("p", [x], [z]),
             density("p", [z], [x]), q, density("r", [z])]
logs = st.sampled_from(DENSITIES).map(sympy.log)
terms = st.one_of(
    st.tuples(st.integers(-3, 3), logs).map(lambda cl: cl[0] * cl[1]),
    st.lists(st.sampled_from(DENSITIES), min_size=1, max_size=3).map(
        lambda ds: Expectation(sympy.log(sympy.Mul(*ds[:2]) / ds[2:][0] if len(ds) == 3 else sympy.Mul(*ds)), q)),
)
combinations = st.lists(terms, min_size=1, max_size=4).map(lambda ts: sympy.Add(*ts))


@settings(max_examples=30, deadline=None)
@given(combinations, st.integers(0, 10**6))
def test_the_rules_keep_the_value_in_every_model(expr, seed):
    """The normal form (product rule, logarithms split, linearity) has the value of the expression
    in random finite models: the rules that prove claims are sound."""
    rng = __import__("random").Random(seed)
    model = finite_models.Model(finite_models.families(expr), rng)
    env = {x: sympy.Integer(rng.randrange(3)), z: sympy.Integer(rng.randrange(3))}
    before, after = (sympy.N(finite_models.value(e, model, env), 30) for e in (expr, normal_form(expr)))
    assert abs(before - after) < 1e-20


@settings(max_examples=15, deadline=None)
@given(combinations, st.sampled_from([1, -1, 2]))
def test_a_claim_plus_a_nonzero_term_is_refuted(expr, coefficient):
    step = claim_step(expr, expr + coefficient * sympy.log(density("p", [x])))
    assert check(step).level is Level.REFUTED
    assert check(claim_step(expr, normal_form(expr))).level is Level.PROVED


def test_only_logarithms_of_positive_factors_are_split():
    """log(ab) = log a + log b fails for a, b < 0: the rules must not prove it for real a, b."""
    claim = (r"\mathbb{E}_{q(z|x)}[\log(a b)] + \log p(x)", r"\log a + \log b + \log p(x)")
    assert check(*claim).level is not Level.PROVED and not check(*claim).holds
    assert check(*claim, assume=["a>0", "b>0"]).level is Level.PROVED


def test_parameters_are_drawn_where_the_conditions_hold():
    claim = (r"\mathbb{E}_{q(z|x)}[\log q(z|x)] + a", r"\mathbb{E}_{q(z|x)}[\log q(z|x)] + 1")
    assert check(*claim, rel=">", assume=["a>1"]).level is Level.NUMERIC
    assert check(*claim, rel=">").level is Level.REFUTED  # without the condition, a = -1 refutes it


@pytest.mark.parametrize("lhs, rel, rhs, kind", [
    (r"D_{\mathrm{KL}}(q(z|x) \| p(z))", ">", "0", "uniform"),                 # q = p: KL is 0
    (r"\mathbb{E}_{q(z|x)}[\log q(z|x)]", "<=", "0", "density"),               # true of mass functions only
    (r"p(x|z)", "<=", "1", "density"),
    (r"-\mathbb{E}_{p(x)}[\log p(x)]", ">=", "0", "density"),                  # entropy of a density may be negative
    (r"\mathbb{E}_{q(z|x)}[q(z|x)]", "<=", "0.95", "peaked"),                   # near a point mass
])
def test_claims_true_only_for_some_distributions_meet_a_model_where_they_fail(lhs, rel, rhs, kind):
    verdict = check(lhs, rhs, rel)
    assert verdict.level is Level.REFUTED and kind in verdict.evidence.split(":")[0], verdict


@pytest.mark.parametrize("lhs, rel, rhs", [
    (r"D_{\mathrm{KL}}(q(z|x) \| p(z))", ">=", "0"),
    (r"\log p(x)", ">=", r"\mathbb{E}_{q(z|x)}[\log \frac{p(x,z)}{q(z|x)}]"),
    (r"\mathbb{E}_{q(z|x)}\left[\frac{p(x,z)}{q(z|x)}\right]", "<=", "p(x)"),
    (r"\mathbb{E}_{p(x)}[1]", "=", "1"),
    (r"\mathbb{E}_{q(z|x)}\left[\frac{p(x,z)}{q(z|x)}\right]", "=", "p(x)"),  # importance sampling: densities are positive
])
def test_what_holds_for_every_distribution_holds_in_every_kind_of_model(lhs, rel, rhs):
    assert check(lhs, rhs, rel).holds


@pytest.mark.parametrize("spelling", [
    r"\mathbb{E}_{z \sim q(z|x)}[{}]", r"E_{q(z|x)}\left[{}\right]", r"\mathbb{E}\,_{q(z|x)}\big[{}\big]",
    r"\mathbb{E}_{q}\{{}\}", r"\mathbb{E}_{z \sim q}\left\{{}\right\}", r"\mathbb{E}_{q(z|x)}({})",
    r"\operatorname{E}_{q(z|x)} \Big[{}\Big]",
])
def test_expectations_in_every_spelling_are_read(spelling):
    """Each spelling of E_q[log p(x, z) - log q(z|x)], against the ELBO's form (holds) and a sign error."""
    side = spelling.replace("{}", r"\log p(x, z) - \log q(z|x)", 1) + r" + \log q(z|x)"
    assert check(side, r"\mathbb{E}_{q(z|x)}[\log p(x|z)] - D_{KL}(q(z|x) \| p(z)) + \log q(z|x)").holds
    assert check(side, ELBO + r" + \log q(z|x)").level is Level.PROVED
    assert check(side, "-" + ELBO + r" + \log q(z|x)").level is Level.REFUTED


def test_variance_and_covariance_are_moments_of_the_law():
    var = r"\mathrm{Var}_{q(z|x)}[\log p(x|z)]"
    second = r"\mathbb{E}_{q(z|x)}[(\log p(x|z))^2] - \mathbb{E}_{q(z|x)}[\log p(x|z)]^2"
    assert check(var, second).level is Level.PROVED
    assert check(var, r"\mathbb{E}_{q(z|x)}[(\log p(x|z))^2]").level is Level.REFUTED
    assert check(var, "0", ">=").level is Level.NUMERIC
    cov = r"\operatorname{Cov}_{q(z|x)}[\log p(x|z), \log p(x|z)]"
    assert check(cov, r"\text{Var}_{q(z|x)}[\log p(x|z)]").level is Level.PROVED
    assert check(cov, r"-\text{Var}_{q(z|x)}[\log p(x|z)]").level is Level.REFUTED


@pytest.mark.parametrize("lhs, rhs, level", [
    # E without a subscript: over a law the text does not say, a value of its own, never computed
    (r"\mathbb{E}[\log R]", r"\mathbb{E}[\log(p(x) + R - p(x))]", Level.PROVED),  # the same expectation
    (r"\mathrm{Var}[x]", r"E[x^2] - E[x]^2", Level.PROVED),
    (r"\mathbb{V}[x]", r"E[x^2] - E[x]^2", Level.PROVED),
    (r"E[x] + 1", r"E[x] + 2", Level.REFUTED),                                     # it cancels
    (r"E[x]", "x", Level.UNCHECKED),
    (r"\log p(x)", r"\mathbb{E}[\log R] + \mathbb{E}[\log p(x) - \log R]", Level.UNCHECKED),
    (r"\mathbb{E}[\log p(x|z)]", r"\log p(x|z)", Level.UNCHECKED),
])
def test_an_expectation_over_a_law_the_text_does_not_say_is_not_computed(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("latex", [r"E_z[\log p(z) + \log q(z)]", r"E_\epsilon[\epsilon^2]"])
def test_an_expectation_whose_law_the_claim_does_not_give_is_refused(latex):
    with pytest.raises(ParseError):
        parse_expression(latex)


@pytest.mark.parametrize("left, right, wrong", [
    (r"KL(P\|Q)", r"D_{KL}(P \| Q)", r"KL(Q\|P)"),                              # letters alone: distributions
    (r"KL(p||q)", r"\mathrm{KL}\left[p \| q\right]", r"KL(q||p)"),
    (r"D_{KL}(q(z|x) \| p(z))", r"D_{\mathrm{KL}}[q(z|x), p(z)]", r"D_{\mathrm{KL}}[p(z), q(z|x)]"),
    (r"\mathrm{KL}[q(z|x) \| p(z)]", r"\mathbb{E}_{q(z|x)}[\log q(z|x) - \log p(z)]", r"\mathbb{E}_{p(z)}[\log q(z|x) - \log p(z)]"),
    (r"D_{JSD}(p \| q)", r"JSD(q, p)", r"\frac{1}{2} KL(p \| q) + \frac{1}{2} KL(q \| p)"),
])
def test_divergences_in_every_spelling(left, right, wrong):
    assert check(left, right).holds
    assert check(left, wrong).level is Level.REFUTED


@pytest.mark.parametrize("lhs, rhs, level", [
    # an even mixture of two distributions named by letters, and families named by a word
    (r"JSD(p,q)", r"\frac{1}{2}KL(p, \frac{p+q}{2}) + \frac{1}{2} KL (q, \frac{p+q}{2})", Level.PROVED),
    (r"JSD(p,q)", r"\frac{1}{2}KL(p, \frac{p+q}{2}) - \frac{1}{2} KL (q, \frac{p+q}{2})", Level.REFUTED),
    (r"KL(\frac{p_{data} + p_G}{2} \| p_G)",
     r"\frac{1}{2} E_{p_{\text{data}}(x)}[\log\frac{p_{data}(x) + p_G(x)}{2 p_G(x)}] + \frac{1}{2} E_{p_G(x)}[\log\frac{p_{data}(x) + p_G(x)}{2 p_G(x)}]",
     Level.PROVED),
    (r"KL(p_{\textrm{data}}, \frac{p_{data} + p_G}{2})", r"KL(p_{data}, p_G)", Level.REFUTED),
    # capitals name the distributions whose densities the small letters are
    (r"\mathrm{KL}(P \| Q)", r"\int p(x) \log \frac{p(x)}{q(x)} dx", Level.PROVED),
    (r"\mathrm{KL}(P \| Q)", r"\int p(x) \log \frac{q(x)}{p(x)} dx", Level.REFUTED),
    (r"\mathrm{KL}(P \| Q)", r"\int q(x) \log \frac{q(x)}{p(x)} dx", Level.REFUTED),
])
def test_mixtures_and_named_families_in_divergences(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("latex, message", [
    (r"JSD(p, \frac{p+q}{2})", "Jensen-Shannon divergence of a mixture"),
    (r"KL(p \| \frac{p+q}{3})", "as a density"),                             # not a mixture
])
def test_what_is_no_even_mixture_of_letters_is_refused(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex, context="p(x) q(x)")


def test_the_jensen_shannon_divergence_is_bounded_by_log_2():
    assert check(r"JSD(P, Q)", r"\log 2", "<=").level is Level.NUMERIC
    assert check(r"JSD(P, Q)", "0", ">=").level is Level.NUMERIC
    assert check(r"JSD(P, Q)", r"\frac{1}{2}\log 2", "<=").level is Level.REFUTED


GAUSSIAN = r"\frac{1}{\sqrt{2\pi}\sigma} e^{-\frac{(x-\mu)^2}{2\sigma^2}}"


@pytest.mark.parametrize("spelling", [r"\mathcal{N}(x \mid \mu, \sigma^2)", r"\mathcal{N}(x | \mu, \sigma^2)",
                                      r"\mathcal{N}(x; \mu, \sigma^2)"])
def test_a_normal_density_is_its_value(spelling):
    assert check(spelling, GAUSSIAN, assume=["sigma>0"]).level is Level.PROVED
    assert check(spelling, GAUSSIAN.replace("2\\sigma^2", "\\sigma^2"), assume=["sigma>0"]).level is Level.REFUTED
    assert check(rf"\log {spelling}", r"-\frac12 \log(2\pi\sigma^2) - \frac{(x-\mu)^2}{2\sigma^2}",
                 assume=["sigma>0"]).level is Level.PROVED


def test_a_normal_distribution_is_a_named_quantity():
    assert parse_expression(r"\mathcal{N}(\mu, \sigma^2)") == sympy.Function(r"\mathcal{N}")(
        sympy.Symbol("mu", real=True), sympy.Symbol("sigma", real=True) ** 2)
    assert check(r"\mathcal{N}(\mu, \sigma^2)", r"\mathcal{N}(\mu, (-\sigma)^2)").level is Level.PROVED
    with pytest.raises(ParseError, match="not graded as an equality"):
        parse_expression(r"z \sim \mathcal{N}(0, 1)")


@pytest.mark.parametrize("lhs, rhs, level", [
    (r"\int p(x, z) dz", "p(x)", Level.PROVED),                                   # the sum rule
    (r"\int p(x, z) \, \mathrm{d}z", "p(z)", Level.REFUTED),
    (r"\int_{-\infty}^{\infty} p(z|x) \textrm{d} z", "1", Level.PROVED),
    (r"\int_z p(x|z) p(z) \,dz", "p(x)", Level.PROVED),
    (r"\int \int p(x, z) \, dz \, dx", "2", Level.REFUTED),
    (r"\int q(z|x) \log \frac{p(x, z)}{q(z|x)} dz", ELBO, Level.PROVED),                # a change of measure
    (r"\int q(z|x) \log \frac{p(x, z)}{q(z|x)} dz", r"-" + ELBO, Level.REFUTED),
])
def test_integrals_of_densities_follow_the_rules_of_probability(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rel, rhs, level", [
    (r"\sum_x p(x)", "=", "1", Level.PROVED),
    (r"\sum_x p(x)", "=", "2", Level.REFUTED),
    (r"\sum_z q(z)\log\frac{q(z)}{p(z)}", "=", r"D_{KL}(q \| p)", Level.PROVED),
    (r"\sum_z q(z)\log\frac{p(z)}{q(z)}", "=", r"D_{KL}(q\|p)", Level.REFUTED),
    (r"\sum_{z} q(z|x) \log p(x|z) + c", "=", r"\mathbb{E}_{q(z|x)}[\log p(x|z)] + c", Level.PROVED),  # the summand ends at +
    (r"\sum_{z} q(z|x) \log p(x|z) + c", "=", r"\mathbb{E}_{q(z|x)}[\log p(x|z) + 2c]", Level.REFUTED),
    (r"\sum_x p(x, z)", "=", "p(z)", Level.PROVED),
    (r"\nabla_\theta \sum_x p_\theta(x)", "=", "0", Level.PROVED),
    # a sum says the variable is discrete: its densities are mass functions, so these hold
    (r"\sum_x p(x)^2", "<=", "1", Level.NUMERIC),
    (r"-\sum_x p(x) \log p(x)", ">=", "0", Level.NUMERIC),
    (r"-\sum_x p(x) \log p(x)", ">=", r"\log 3", Level.REFUTED),
])
def test_a_sum_over_the_variable_of_a_density_runs_over_all_its_values(lhs, rel, rhs, level):
    assert check(lhs, rhs, rel).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # in a sum over k, q(z_k|x) is a density of the k-th draw: the terms are of different draws
    (r"\sum_{k=1}^{2} \log q(z_k|x)", r"\log q(z_1|x) + \log q(z_2|x)", Level.PROVED),
    (r"\sum_{k=1}^{2} \log q(z_k|x)", r"2 \log q(z_1|x)", Level.REFUTED),              # it was proved
    (r"\frac{1}{K}\sum_{k=1}^{K} \log q(z_k|x)", r"\log q(z_1 | x)", Level.REFUTED),
    # a count K of draws is set to 1, 2 and 3 in the models
    (r"\frac{1}{K}\sum_{k=1}^{K} E_{q(z_k|x)}[\log q(z_k|x)]", r"E_{q(z|x)}[\log q(z | x)]", Level.NUMERIC),
    (r"\sum_{k=1}^{K} E_{q(z_k|x)}[\log q(z_k|x)]", r"E_{q(z|x)}[\log q(z | x)]", Level.REFUTED),
    # weights w_k beside the draws z_k may be functions of them: no model gives them values of their own
    (r"\frac{w_k}{\sum_{i=1}^K w_i}", r"\frac{p(x,z_k) / q(z_k|x)}{\sum_{i=1}^K p(x,z_i) / q(z_i|x)}", Level.UNCHECKED),
])
def test_densities_of_the_members_of_a_family_of_draws(lhs, rhs, level):
    assert check(lhs, rhs).level is level


IWAE = r"\mathbb{E}_{z_1, z_2 \cdots z_K \sim q(z\mid x)} \left[\log \frac{1}{K}\sum_{k=1}^K \frac{p(x,z_k)}{q(z_k\mid x)}\right]"


@pytest.mark.parametrize("lhs, rel, rhs, level", [
    # K independent draws, checked at K = 1, 2 and 3: the importance-weighted bound lies between the
    # ELBO and log p(x), and its average weight is p(x)
    (IWAE, "<=", r"\log p(x)", Level.NUMERIC),
    (IWAE, ">=", ELBO, Level.NUMERIC),
    (IWAE, ">=", r"\log p(x)", Level.REFUTED),
    (IWAE, "=", ELBO, Level.REFUTED),                                          # equal at K = 1 only
    (r"E_{z_{1:K} \sim q(z|x)}[\frac{1}{K}\sum_{k=1}^K \log \frac{p(x, z_k)}{q(z_k|x)}]", "=", ELBO, Level.NUMERIC),
    (r"E_{z_1, \dots, z_K \sim q(z|x)}[\frac{1}{K}\sum_{k=1}^K \frac{p(x, z_k)}{q(z_k|x)}]", "=", "p(x)", Level.NUMERIC),
    (r"E_{z_1, \dots, z_K \sim q(z|x)}[\sum_{k=1}^K \frac{p(x, z_k)}{q(z_k|x)}]", "=", "p(x)", Level.REFUTED),
    (r"E_{z_1, z_2 \sim q(z)}[\log q(z_1) + \log q(z_2)]", "=", r"2 E_{q(z)}[\log q(z)]", Level.NUMERIC),
    (r"E_{z_1, z_2 \sim q(z)}[\log q(z_1) q(z_2)]", "=", r"E_{q(z)}[\log q(z)]", Level.REFUTED),   # never one draw
    # z_2 is a draw only where there are two: the models with K = 1 have no value
    (r"E_{z_1, \dots, z_K \sim q(z)}[\log q(z_2)]", "=", r"E_{q(z)}[\log q(z)]", Level.NUMERIC),
])
def test_expectations_over_several_independent_draws(lhs, rel, rhs, level):
    assert check(lhs, rhs, rel).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # a draw of several variables from a product of densities: each conditioned on those before it
    (r"E_{x, z \sim p(x) q(z|x)}[f(x, z)]", r"E_{x \sim p(x)}[E_{z \sim q(z|x)}[f(x, z)]]", Level.PROVED),
    (r"E_{z, x \sim q(z \mid x) p(x)}[\log q(z|x)]", r"E_{x \sim p(x)}[E_{q(z|x)}[\log q(z|x)]]", Level.PROVED),
    (r"E_{x, z \sim p(x) q(z|x)}[\log q(z|x)]", r"E_{x \sim p(x)}[\log p(x)]", Level.REFUTED),
    (r"E_{p(x|y) p(y)}[\log q(y|x)]", r"E_{y \sim p(y)}[E_{x \sim p(x|y)}[\log q(y|x)]]", Level.PROVED),
    (r"E_{p(x|y) p(y)}[\log q(y|x)]", r"E_{y \sim p(y)}[E_{x \sim p(x|y)}[\log q(x|y)]]", Level.REFUTED),
])
def test_a_joint_draw_is_the_nested_expectations(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("latex, message", [
    (r"E_{x, y \sim p(x) q(z|x)}[f(x)]", "one density of each variable"),   # y is drawn by none
    (r"E_{x, z \sim p(x) + q(z|x)}[f(x)]", "one density of each variable"),  # not their product
    (r"E_{x, z \sim q(z|x) q(x|z)}[f(x)]", "in a circle"),
])
def test_a_joint_draw_that_is_no_product_of_its_densities_is_refused(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex)


@pytest.mark.parametrize("lhs, rhs, level", [
    # parameters after a semicolon: p(x; \theta) is p_\theta(x), q(z; \mu, \sigma^2) a family of its own
    (r"E_{x \sim p(x; \theta)}[\log p(x; \theta)]", r"E_{p_\theta(x)}[\log p_\theta(x)]", Level.PROVED),
    (r"\int q(z; \mu, \sigma^2) \, dz", "1", Level.PROVED),
    (r"E_{z \sim q(z; \mu, \sigma^2)}[\log q(z; \mu, \sigma^2)]", r"E_{z \sim q(z; \mu, \sigma^2)}[\log q(z; 0, 1)]",
     Level.REFUTED),
])
def test_a_density_with_parameters_after_a_semicolon(lhs, rhs, level):
    assert check(lhs, rhs).level is level


def test_a_sum_over_an_index_that_no_density_is_of_runs_to_a_count_never_computed():
    assert check(r"\sum_k p(x) w_k", r"p(x) \sum_k w_k").level is Level.PROVED
    assert check(r"\sum_k p(x) w_k", r"p(x)").level is Level.UNCHECKED


def test_an_integral_of_densities_over_part_of_the_line_is_refused():
    with pytest.raises(ParseError, match="whole line"):
        parse_expression(r"\int_0^1 p(x, z) dz")


@pytest.mark.parametrize("lhs, rhs, level", [
    (r"p(z|x)", r"p(x|z)p(z)", Level.PROVED),
    (r"p(z|x)", r"p(x|z)", Level.REFUTED),                     # p(z) is not constant in z
    (r"e^{-(x-\mu)^2/2}", r"e^{-x^2/2}", Level.REFUTED),        # the factor depends on x
    (r"e^{-(x-\mu)^2/2}", r"e^{-x^2/2 + \mu x}", Level.PROVED),
    (r"\mathcal{N}(x; \mu, \sigma^2)", r"e^{-\frac{(x - \mu)^2}{2\sigma^2}}", Level.PROVED),
])
def test_proportionality_is_equality_up_to_a_factor_free_of_the_variable(lhs, rhs, level):
    from dgmderive.proportional import check_proportional

    assert check_proportional(lhs, rhs, assume=["sigma>0"]).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # the score-function identity, for any f, and differentiation under the integral (Leibniz's rule)
    (r"\nabla_\theta \mathbb{E}_{q_\theta}[f(z)]", r"\mathbb{E}_{q_\theta}[f(z) \nabla_\theta \log q_\theta(z)]", Level.PROVED),
    (r"\nabla_{\theta} \mathbb{E}_{q_\theta(z)}[\theta z]", r"\mathbb{E}_{q_\theta(z)}[z + \theta z \nabla_\theta \log q_\theta(z)]",
     Level.PROVED),
    (r"\frac{\partial}{\partial \theta} \int q_\theta(z) z^2 dz", r"\int z^2 \frac{\partial}{\partial \theta} q_\theta(z) dz",
     Level.PROVED),
    (r"\mathbb{E}_{q_\theta(z|x)}[\nabla_\theta \log q_\theta(z|x)]", "0", Level.PROVED),    # the score has mean 0
    # wrong: the gradient taken inside, the log left out, the product rule forgotten, a score of mean 1
    (r"\nabla_\theta \mathbb{E}_{z \sim q_\theta}[z^2]", r"\mathbb{E}_{z \sim q_\theta}[\nabla_\theta z^2]", Level.REFUTED),
    (r"\nabla_\theta \mathbb{E}_{q_\theta(z)}[z^2]", r"\mathbb{E}_{q_\theta(z)}[z^2 \nabla_\theta q_\theta(z)]", Level.REFUTED),
    (r"\nabla_\theta \mathbb{E}_{q_\theta(z)}[\theta z]", r"\mathbb{E}_{q_\theta(z)}[\theta z \nabla_\theta \log q_\theta(z)]",
     Level.REFUTED),
    (r"\mathbb{E}_{q_\theta(z|x)}[\nabla_\theta \log q_\theta(z|x)]", "1", Level.REFUTED),
    (r"\nabla_\theta \theta^2", r"2\theta", Level.PROVED),
    (r"\nabla_{\theta} \theta^2", r"\theta", Level.REFUTED),
])
def test_gradients_in_a_parameter_of_the_densities(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # the score has mean 0, and REINFORCE, with the derivative applied to a bracket
    (r"\mathbb{E}_{x \sim p_\theta(x)}[\nabla_\theta[\log p_\theta(x)]]", "0", Level.PROVED),
    (r"\mathbb{E}_{x \sim p_\theta(x)}[\nabla_\theta \left[\log p_\theta(x)\right]]", "1", Level.REFUTED),
    (r"\nabla_\theta[\mathbb{E}_{x \sim p_\theta(x)}[f(x)]]", r"\mathbb{E}_{x \sim p_\theta(x)}[f(x) \nabla_\theta[\log p_\theta(x)]]",
     Level.PROVED),
    (r"\nabla_\theta[\sum_x p_\theta(x) f(x)]", r"\sum_x f(x) p_\theta(x) \nabla_\theta[\log p_\theta(x)]", Level.PROVED),
    (r"\nabla_\phi \mathbb{E}_{q_\phi(z)}[\log p(x|z)]", r"\mathbb{E}_{q_\phi(z)}[\log p(x|z) \nabla_\phi \log q_\phi(z)]", Level.PROVED),
    # the log's argument ends before the derivative: the gradient on one side only, or dropped
    (r"\mathbb{E}_{q_\phi(z)}[\log p(x|z)]", r"\mathbb{E}_{q_\phi(z)}[\log p(x|z) \nabla_\phi \log q_\phi(z)]", Level.REFUTED),
    (r"\nabla_\phi \mathbb{E}_{q_\phi(z)}[\log p(x|z)]", r"\mathbb{E}_{q_\phi(z)}[\nabla_\phi \log p(x|z)]", Level.REFUTED),
    # a conditional moves with its joint and marginal: the product rule holds of the derivatives
    (r"\nabla_\phi \log q_\phi(x, z)", r"\nabla_\phi \log q_\phi(z|x) + \nabla_\phi \log q_\phi(x)", Level.PROVED),
    (r"\nabla_\phi \log q_\phi(x, z)", r"\nabla_\phi \log q_\phi(z|x)", Level.REFUTED),
])
def test_derivatives_of_brackets_and_the_score_function(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    (r"\nabla_\theta [1]", "0", Level.PROVED),
    (r"\nabla_x[\log f(x)]", r"\frac{\nabla_x[f(x)]}{f(x)}", Level.PROVED),
    (r"\nabla_x[\log f(x)]", r"\nabla_x[f(x)]", Level.REFUTED),
    (r"\log x \frac{d}{dx} x^2", r"2 x \log x", Level.PROVED),          # the log's argument ends at d/dx
])
def test_a_derivative_of_a_bracket_is_no_functional(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # E_Z over the random variable Z whose values are z, its law p_theta(z) as the other side writes it
    (r"\nabla_\theta \mathbb{E}_Z [f(z)]", r"\mathbb{E}_Z \left[ f(z) \nabla_\theta \log p_\theta(z) \right]", Level.PROVED),
    (r"\nabla_\theta \mathbb{E}_Z [\log p(x|z)]", r"\mathbb{E}_Z [\nabla_\theta \log p_\theta(z)]", Level.REFUTED),
    (r"\mathbb{E}_X [X]", r"\int x p(x) dx", Level.PROVED),                           # the X in it is x
    (r"\mathbb{E}_X [X^2]", r"\int x p(x) dx", Level.REFUTED),
    # E_z over the law the claim draws z from elsewhere, though the claim has other densities of z
    (r"E_{z \sim q(z|x)} [\log p(x)]", r"E_z[\log p(x|z)] - E_z[\log \frac{q(z|x)}{p(z)}] + E_z[\log \frac{q(z|x)}{p(z|x)}]",
     Level.PROVED),
    (r"E_{z \sim q(z|x)} [\log p(x)]", r"E_z[\log p(x|z)] - E_z[\log \frac{q(z|x)}{p(z)}] - E_z[\log \frac{q(z|x)}{p(z|x)}]",
     Level.REFUTED),
])
def test_the_law_of_an_expectation_over_a_variable_is_the_one_the_claim_gives(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # a normal law in the subscript: the rules hold of it as of any law, but the models, which replace
    # it by other distributions, cannot refute (E[eps] = 0 holds of the normal law alone)
    (r"E_{\epsilon \sim \mathcal{N}(0, 1)}[\log p(x|\epsilon) + 1]", r"E_{\epsilon \sim \mathcal{N}(0, 1)}[\log p(x|\epsilon)] + 1",
     Level.PROVED),
    (r"\mathbb{E}_{\epsilon \sim \mathcal{N}(0, I)}[\epsilon]", "0", Level.UNCHECKED),
    (r"\mathbb{E}_{\epsilon \sim \mathcal{N}(0, I)}[\epsilon]", "1", Level.UNCHECKED),
])
def test_a_normal_law_in_the_subscript_is_a_law_the_models_cannot_stand_for(lhs, rhs, level):
    assert check(lhs, rhs).level is level
    with pytest.raises(ParseError, match="numbers as its moments"):
        parse_expression(r"\mathbb{E}_{\epsilon \sim \mathcal{N}(\mu, 1)}[\epsilon]")


def test_a_family_written_with_the_parameter_on_one_side_moves_on_both():
    """Where p_theta and p are one model, p moves with theta wherever the claim writes it; where they
    are two densities, only p_theta does: the claim holds one way only."""
    verdict = check(r"\nabla_\theta E_{p(x)}[\log q(x)]", r"E_{p_\theta(x)}[\log q(x) \nabla_\theta \log p_\theta(x)]")
    assert verdict.level is Level.UNCHECKED and verdict.notes[-1] == (
        "a Greek subscript naming parameters of one model: PROVED; densities with other subscripts other densities: REFUTED")


def test_a_derivative_in_a_variable_of_the_densities_is_refused():
    """d/dz log p(z|x) is a score in z, not a derivative in a parameter: it is not read as one (it
    would be 0)."""
    with pytest.raises(ParseError, match="a variable of the densities"):
        parse_expression(r"\frac{d}{dz} \log p(z|x)")


@pytest.mark.parametrize("lhs, rhs, level", [
    # a density that does not carry the parameter does not move with it: its derivative is zero
    (r"\mathbb{E}_{q_\theta(z)}[\nabla_\theta \log p(x, z) - \nabla_\theta \log q_\theta(z)]", "0", Level.PROVED),
    (r"\mathbb{E}_{q_\theta(z)}[\nabla_\theta \log p_\theta(x, z)]", "0", Level.REFUTED),
    (r"\mathbb{E}_{q(z; \theta)}[\nabla_\theta \log p(x, z; \theta)]", "0", Level.REFUTED),
])
def test_a_derivative_of_a_density_without_the_parameter_is_zero(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # an even mixture of densities written out, as in the GAN's optimum
    (r"\mathrm{KL}\left(p(x) \| \frac{p(x)+q(x)}{2}\right) + \mathrm{KL}\left(q(x) \| \frac{p(x)+q(x)}{2}\right)",
     r"2 \mathrm{JSD}(p(x) \| q(x))", Level.PROVED),
    (r"\mathrm{KL}\left(p(x) \| \frac{p(x)+q(x)}{2}\right) + \mathrm{KL}\left(q(x) \| \frac{q(x)+q(x)}{2}\right)",
     r"2 \mathrm{JSD}(p(x) \| q(x))", Level.REFUTED),
    (r"\mathrm{KL}\left(p(x) \| \frac{p(x)+q(x)}{2}\right)", r"E_{p(x)}[\log \frac{2 p(x)}{p(x) + q(x)}]", Level.PROVED),
])
def test_a_divergence_from_an_even_mixture_of_densities_written_out(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    (r"\sum_{x \in \mathcal{X}} p(x)", "1", Level.PROVED),                  # over the whole space of x
    (r"-\sum_{x \in \chi} p(x) \log q(x)", r"E_{p(x)}[\log q(x)]", Level.REFUTED),
    (r"D(p(x) \parallel q(x))", r"E_{p(x)}[\log \frac{p(x)}{q(x)}]", Level.PROVED),  # a bare D of a bar: KL
    (r"D(p(x) \| q(x))", r"E_{q(x)}[\log \frac{q(x)}{p(x)}]", Level.REFUTED),
    (r"KL(q(z) \mid\mid p(z))", r"E_{q(z)}[\log \frac{q(z)}{p(z)}]", Level.PROVED),      # \mid\mid is a bar too
    (r"D(q(z) \mid\mid p(z))", r"E_{p(z)}[\log \frac{p(z)}{q(z)}]", Level.REFUTED),
])
def test_spellings_of_the_whole_space_and_of_the_divergence(lhs, rhs, level):
    assert check(lhs, rhs).level is level


@pytest.mark.parametrize("lhs, rhs, level", [
    # a capital drawn, E_{Z \sim q}: the random variable whose values z its densities are written at
    (r"E_{Z \sim q}[\log q(Z) - \log p(Z)]", r"E_{Z \sim q}[\log \frac{q(z)}{p(Z)}]", Level.PROVED),
    (r"E_{Z \sim q(z)}[\log q(z)]", r"E_{q(z)}[\log q(z)]", Level.PROVED),
    (r"E_{Z \sim q}[\log p(Z)]", r"E_{q(z)}[\log q(z)]", Level.REFUTED),
])
def test_an_expectation_over_a_capital_drawn_from_a_density(lhs, rhs, level):
    assert check(lhs, rhs).level is level


def test_a_sum_over_a_data_set_is_not_one_over_the_whole_space():
    with pytest.raises(ParseError):
        parse_expression(r"\sum_{x \in \mathcal{D}} p(x)")


def test_a_derivative_that_the_densities_would_escape_is_refused():
    """A density's parameter is dropped from its reading: a derivative SymPy would take of the
    expectation as a whole (and find 0) must not be read."""
    with pytest.raises(ParseError, match="cannot read the derivative"):
        parse_expression(r"\frac{d^2}{d\theta^2} \mathbb{E}_{q_\theta(z)}[z]")


@pytest.mark.parametrize("lhs, rhs, level", [
    ("KL(p,q)", r"E_{x \sim p} [\log \frac{p(x)}{q(x)}]", "PROVED"),      # p and q are of x, as written there
    (r"KL(p\|q)", r"\mathbb{E}_{x \sim p(x)} [\log \frac{q(x)}{p(x)}]", "REFUTED"),
    (r"KL(P\|Q)", r"KL(Q\|P)", "REFUTED"),                                # of a variable of their own
])
def test_a_divergence_of_letters_alone_is_of_what_the_claim_writes_them_of(lhs, rhs, level):
    assert check(lhs, rhs).level.value == level
    with pytest.raises(ParseError, match="densities of different variables"):
        claim_step(r"KL(p\|q)", "p(x) - q(z)")


@pytest.mark.parametrize("lhs, rhs, rel", [
    (r"KL(p(x)\|p_\theta(x))", "0", "="),                                   # p the data, p_theta the model?
    (r"\mathbb{E}_{q_\phi(z)}[f(z)]", r"\mathbb{E}_{q_\psi(z)}[f(z)]", "="),
    (r"\mathbb{E}_{z \sim q}[\log p_\theta(z)]", r"\mathbb{E}_{z \sim q}[\log p(z)]", "="),
    (ECLL, r"\log p(x) + \mathbb{E}_{q(z|x)}[\log p(z|x)]", "="),              # p(z), p(x) of the model p_theta?
])
def test_a_density_written_with_and_without_its_parameters_is_read_both_ways(lhs, rhs, rel):
    """One model at its parameters, or other densities: a claim true one way only is undecided."""
    verdict = check(lhs, rhs, rel)
    assert verdict.level is Level.UNCHECKED and "one model: PROVED" in verdict.notes[-1]


def test_a_claim_true_both_ways_holds_and_one_false_both_ways_is_refuted():
    elbo = r"\mathbb{E}_{q_\phi(z|x)}[\log \frac{p_\theta(x|z)p(z)}{q_\phi(z|x)}]"
    assert check(r"\mathbb{E}_{q_\phi(z|x)}[\log p_\theta(x|z)] - KL(q_\phi(z|x)\|p(z))", elbo).level is Level.PROVED
    assert check(r"\mathbb{E}_{q_\phi(z|x)}[\log p_\theta(x|z)] + KL(q_\phi(z|x)\|p(z))", elbo).level is Level.REFUTED


def test_a_function_with_the_parameter_as_its_subscript_depends_on_it():
    assert check(r"\frac{\partial}{\partial\theta} f_\theta(z)", "0").level is Level.REFUTED
    assert not check(r"\frac{\partial}{\partial\theta}\mathbb{E}_{q(z)}[f_\theta(z)]", "0").holds
    assert check(r"\frac{\partial}{\partial\theta}\mathbb{E}_{q(z)}[f_\theta(z)]",
                 r"\mathbb{E}_{q(z)}[\frac{\partial}{\partial\theta} f_\theta(z)]").level is Level.PROVED


def test_a_parameter_set_to_a_value_in_a_subscript_names_the_model_at_that_value():
    # one model at theta_0 beside p(y): holds read as one model, fails read as two, so undecided
    assert check(r"p_{\theta=\theta_0}(x)", r"\mathbb{E}_{p(y)}[p_{\theta=\theta_0}(x|y)]").level is Level.UNCHECKED
    assert check(r"p_{\theta=\theta_0}(x)", r"\mathbb{E}_{p(y)}[p_{\theta=\theta_0}(y|x)]").level is Level.REFUTED


@pytest.mark.parametrize("lhs, rhs, level", [
    (r"D_{KL}(Q \rVert P)", r"\int q(z|x) \log\frac{q(z|x)}{p(z|x)} dz", Level.PROVED),   # \rVert as the bar
    (r"D_{KL}(q(z) \Vert p(z))", r"\mathbb{E}_{q(z)}[\log q(z) - \log p(z)]", Level.PROVED),
    (r"\mathbb{E}_{Q}[\log q_\phi(z|x) - \log p(z)]", r"D_{KL}(q_\phi(z|x) \| p(z))", Level.PROVED),  # E over Q: q's law
    (r"\mathbb{E}_{Q}[\log q_\phi(z|x) - \log p(z)]", r"D_{KL}(p(z) \| q_\phi(z|x))", Level.REFUTED),
])
def test_capitals_name_the_distributions_of_the_small_letters_densities(lhs, rhs, level):
    assert check(lhs, rhs).level is level


def test_an_integral_over_a_variable_its_densities_are_only_given_is_refused():
    with pytest.raises(ParseError, match="densities given x but none of x"):
        parse_expression(r"\int q(z|x) \log \frac{q(z|x)}{p(z|x)} dx")
    assert check(r"\int p(y|x) p(x) dx", "p(y)").level is Level.PROVED


@pytest.mark.parametrize("lhs, rhs, level", [
    # another letter written with a condition is a conditional density of its own family
    (r"\mathbb{E}_{q(z|x)}[\log g_\theta(x|z)]", r"\mathbb{E}_{q(z|x)}[\log g(x|z)]", Level.PROVED),
    (r"\log P(X | z) + \log P(z)", r"\log P(X) + \log P(z | X)", Level.PROVED),
    (r"\log P(X | z) + \log P(z)", r"\log P(X) + \log P(X | z)", Level.REFUTED),
    (r"f(|x| + 1)", r"f(|x| + 1)", Level.PROVED),  # two bars: an absolute value, f is a function
])
def test_a_conditioned_letter_is_a_density(lhs, rhs, level):
    assert check(lhs, rhs).level is level
    assert (uses_probability(parse_expression(lhs)) is True) == ("|x|" not in lhs)


@pytest.mark.parametrize("latex", [r"L(\theta | x)", r"F(x | \theta)", r"D(x | y)", r"E(X | Y)"])
def test_a_likelihood_a_cdf_and_a_discriminator_written_with_a_condition_are_no_densities(latex):
    # refused, not read as the densities g(x | y) is read as
    assert uses_probability(parse_expression(r"g(x | y)"))
    with pytest.raises(ParseError):
        parse_expression(latex)


def test_a_density_in_braces_is_the_density():
    assert check(r"KL({q(z)} \| {p(z)})", r"\mathbb{E}_{q(z)}[\log q(z) - \log p(z)]").level is Level.PROVED
    assert check(r"KL({q(z)} \| {p(z)})", r"\mathbb{E}_{q(z)}[\log p(z) - \log q(z)]").level is Level.REFUTED


def test_an_integral_over_its_subscript_without_a_measure_is_read_only_where_its_integrand_is_plain():
    assert check(r"\int_{z} q(z|x) \log \frac{p(x, z)}{q(z|x)}", r"\mathbb{E}_{q(z|x)}[\log \frac{p(x, z)}{q(z|x)}]")\
        .level is Level.PROVED
    assert check(r"\int_z p(x, z)", "p(z)").level is Level.REFUTED
    with pytest.raises(ParseError):  # where the integrand ends is not said
        parse_expression(r"\int_{z} q(z) \log q(z) - q(z) \log p(z)")
