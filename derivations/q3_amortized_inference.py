"""Question 3: the ECLL decomposition, and the amortisation gap of a restricted encoder."""

from __future__ import annotations

from fractions import Fraction

from sympy import (
    Derivative,
    FiniteSet,
    Integer,
    Subs,
    ceiling,
    Function,
    Integral,
    Lambda,
    Rational,
    Symbol,
    diff,
    exp,
    expand,
    hessian,
    log,
    oo,
    pi,
    solve,
    sqrt,
    symbols,
)

from dgmderive import Derivation, Question, Words, Written, part
from dgmderive.notation import tex_symbols
from dgmderive.probability import Expectation, density, kl

x, z, w, b, m = symbols("x z w b m", real=True)
s, v = symbols("s v", positive=True)
a, c, e = symbols("a c e", real=True)
c_pos = Symbol("c", positive=True)

# Notation for the model-free argument: every quantity is a positive number at the given (x, z).
p_x_given_z, p_z, p_x, p_z_given_x, q_z = tex_symbols(
    r"p_\theta(x|z)", "p{(z)}", r"p_\theta(x)", r"p_\theta(z|x)", "q(z|x)", positive=True)
ECLL, KL, H, LOGPX = tex_symbols(r"\mathrm{ECLL}", r"D_{\mathrm{KL}}(q\|p_\theta(z|x))", "H[q]",
                                 r"\log p_\theta(x)")
# The same identity in probability notation, for every model: densities of one family p_theta
# (model and prior) and q, read by the rules of probability.
P_MODEL, Q = (lambda *v, given=(): density("p_theta", v, given)), density("q", [z], [x])
ECLL_ANY = Expectation(log(P_MODEL(x, given=[z]) * P_MODEL(z)), Q)
DECOMPOSITION = log(P_MODEL(x)) - kl(Q, P_MODEL(z, given=[x])) + Expectation(log(Q), Q)
LogNormal = Function(r"\log\mathcal{N}")
Expect = Function(r"\mathbb{E}_q")
t_, mean_, var_ = Symbol("t", real=True), Symbol("mean", real=True), Symbol("var", positive=True)


def log_normal(t, mean, variance):
    """log N(t; mean, variance), expanded so that it is a polynomial in t plus constants."""
    return expand(-(t - mean) ** 2 / (2 * variance) - log(2 * pi * variance) / 2)


def q_density(t):
    return exp(-(t - m) ** 2 / (2 * v)) / sqrt(2 * pi * v)


def by_moments(f):
    """E_q[f(z)] for f quadratic in z, from the moments of q = N(m, v): 1, m and m^2 + v."""
    c0, c1, c2 = (expand(f).coeff(z, k) for k in range(3))
    if expand(f - c0 - c1 * z - c2 * z**2) != 0:
        raise ValueError("by_moments needs a polynomial of degree at most 2 in z")
    return expand(c0 + c1 * m + c2 * (m**2 + v))


def log_q(t):
    return log_normal(t, m, v)


def _resolved_log_normals(expr):
    return expr.replace(LogNormal, lambda t, mean, var: log_normal(t, mean, var))


# The linear-Gaussian model: p(z) = N(0, 1), p(x|z) = N(wz + b, s^2), q = N(m, v).
marginal_variance = w**2 + s**2
posterior_variance = s**2 / marginal_variance
posterior_mean = w * (x - b) / marginal_variance


@part("3.1", "The ECLL and the marginal likelihood",
      r"For fixed $q(z|x)$, show that maximising $\mathbb{E}_q[\log p_\theta(x|z)p(z)]$ over $\theta$ is "
      r"maximising $\log p_\theta(x) - D_{\mathrm{KL}}(q(z|x) \| p_\theta(z|x))$.")
def ecll_decomposition(D: Derivation) -> None:
    D.remark(r"Pointwise, Bayes' rule $p_\theta(x|z)p(z) = p_\theta(z|x)p_\theta(x)$ and multiplying by "
             r"$q(z|x)/q(z|x)$ give, for every $z$:")
    D.define(p_z_given_x, p_x_given_z * p_z / p_x, "Bayes' rule")
    D.chain(log(p_x_given_z * p_z),
            (log(p_x) + log(p_z_given_x), "Bayes' rule"),
            (log(p_x) - log(q_z / p_z_given_x) + log(q_z), r"multiply and divide by $q(z|x)$"))
    D.remark(r"Take $\mathbb{E}_{q(z|x)}$ of both ends; by linearity:")
    D.define(Symbol("p"), Symbol("p_theta"), quiet=True)  # the prior p(z) is the model's marginal of z
    identity = D.step(Written(ECLL_ANY, r"\mathbb{E}_{q(z|x)}\left[\log p_\theta(x|z)\, p(z)\right]"), "=", DECOMPOSITION,
                      r"$\mathbb{E}_q[\log q/p_\theta(z|x)] = D_{\mathrm{KL}}(q\|p_\theta(z|x))$")
    D.remark(r"So $\mathrm{ECLL}(\theta) = \log p_\theta(x) - D_{\mathrm{KL}}(q \| p_\theta(z|x)) - H[q]$. The entropy "
             r"$H[q] = -\mathbb{E}_q[\log q(z|x)]$ involves $q$ alone, not $\theta$: the two objectives differ by a "
             r"constant in $\theta$ and have the same maximisers.")
    with D.record_only():
        constant = _linear_gaussian_ecll(D)
    D.answer(identity,
             Words(r"$H[q]$ does not depend on $\theta$, so $\arg\max_\theta \mathrm{ECLL}(\theta) = \arg\max_\theta"
                   r" \big[\log p_\theta(x) - D_{\mathrm{KL}}(q \| p_\theta(z|x))\big]$", because=constant),
             value=_closed_forms())


def _closed_forms() -> dict:
    """The ECLL, the KL and the entropy of the linear-Gaussian model, in closed form."""
    ecll = -((x - w * m - b) ** 2 + w**2 * v) / (2 * s**2) - log(2 * pi * s**2) / 2 - (m**2 + v) / 2 - log(2 * pi) / 2
    kl = (log(posterior_variance / v) + (v + (m - posterior_mean) ** 2) / posterior_variance - 1) / 2
    return {"ecll": ecll, "kl": kl, "entropy": log(2 * pi * exp(1) * v) / 2}


def _linear_gaussian_ecll(D: Derivation) -> list:
    """3.1 in closed form on the linear-Gaussian model, every term computed by SymPy; returns the
    steps saying that H[q] does not depend on w, b, s."""
    D.remark(r"In closed form, on the linear-Gaussian model "
             r"$p(z) = \mathcal{N}(0,1)$, $p_\theta(x|z) = \mathcal{N}(wz+b, s^2)$, $q = \mathcal{N}(m, v)$, "
             r"$\theta = (w, b, s)$, where SymPy computes every term:")
    D.define(LogNormal, Lambda((t_, mean_, var_), log_normal(t_, mean_, var_)), r"the log-density of $\mathcal{N}$")
    D.define(Expect, Lambda(t_, Integral(t_ * q_density(z), (z, -oo, oo))),
             r"the integral against $q = \mathcal{N}(m, v)$")
    mu_post, v_post = D.define(Symbol("mu_p", real=True), posterior_mean), \
        D.define(Symbol("v_p", positive=True), posterior_variance)
    D.step(LogNormal(x, w * z + b, s**2) + LogNormal(z, 0, 1), "=",
           LogNormal(x, b, marginal_variance) + LogNormal(z, mu_post, v_post),
           r"Bayes: $p_\theta(x) = \mathcal{N}(b, w^2+s^2)$ and the Gaussian posterior, for every $z$")
    closed = _closed_forms()
    D.define(ECLL, closed["ecll"])
    D.define(KL, closed["kl"].subs({posterior_mean: mu_post, posterior_variance: v_post}))
    D.define(H, closed["entropy"])
    D.define(LOGPX, LogNormal(x, b, marginal_variance))
    D.remark(r"Each closed form agrees with the expectation computed from the moments of $q$ "
             r"($1$, $m$, $m^2 + v$), and with the integral itself:")
    nu, u = Symbol("nu", real=True), Symbol("u", positive=True)
    kl_any = LogNormal(z, m, v) - LogNormal(z, nu, u)
    D.step(ECLL, "=", by_moments(_resolved_log_normals(LogNormal(x, w * z + b, s**2) + LogNormal(z, 0, 1))),
           "from the moments")
    D.step(Expect(LogNormal(x, w * z + b, s**2) + LogNormal(z, 0, 1)), "=", ECLL, "the integral")
    D.step(KL, "=", by_moments(_resolved_log_normals(kl_any)).subs({nu: mu_post, u: v_post}), "from the moments")
    D.step(Expect(kl_any), "=", by_moments(_resolved_log_normals(kl_any)),
           r"the integral, against any $\mathcal{N}(\nu, u)$")
    D.step(H, "=", by_moments(-_resolved_log_normals(LogNormal(z, m, v))), "from the moments")
    D.step(Expect(-LogNormal(z, m, v)), "=", H, "the integral")
    D.step(ECLL, "=", LOGPX - KL - H, "the decomposition, in closed form")
    constant = []
    for theta in (w, b, s):
        constant.append(D.step(Derivative(H, theta), "=", 0, rf"$H[q]$ does not depend on ${theta}$"))
        D.step(Derivative(ECLL, theta), "=", Derivative(LOGPX - KL, theta), "so the gradients agree")
    return constant


# The amortisation-gap model: p(z) = N(0, 1), p(x|z) = N(z + 1, 1), so p(z|x) = N((x - 1)/2, 1/2).
DATA = (1, 2, 3)
OFFSET = 1


def posterior_mean_at(xi):
    return Rational(xi - OFFSET, 2)


def kl_gaussians(mean_q, var_q, mean_p, var_p):
    """KL(N(mean_q, var_q) || N(mean_p, var_p)), from the moments of q."""
    return by_moments(log_q(z) - log_normal(z, mean_p, var_p)).subs({m: mean_q, v: var_q}, simultaneous=True)


def amortised_objective(mean_of):
    """The sum over the data of KL(q_phi(.|x_i) || p(z|x_i)) for an encoder with means mean_of(x_i)
    and one variance c for every point."""
    return sum(kl_gaussians(mean_of(xi), c_pos, posterior_mean_at(xi), Rational(1, 2)) for xi in DATA)


def restricted_encoder():
    """The optimum of the encoder without offset, m_phi(x) = a x, v_phi(x) = c: (a*, c*, objective)."""
    objective = amortised_objective(lambda xi: a * xi)
    (optimum,) = solve([diff(objective, a), diff(objective, c_pos)], [a, c_pos], dict=True)
    return optimum[a], optimum[c_pos], objective


KLN = Function(r"D_{\mathrm{KL}}^{\mathcal{N}}")
mq_, vq_, mp_, vp_ = Symbol("m_q", real=True), Symbol("v_q", positive=True), Symbol("m_p", real=True), \
    Symbol("v_p", positive=True)


@part("3.2", "Amortised against instance-wise: which KL is larger?",
      r"Compare $D_{\mathrm{KL}}(q_{\phi^*}(z|x_i)\|p_\theta(z|x_i))$ with "
      r"$D_{\mathrm{KL}}(q_i^*(z)\|p_\theta(z|x_i))$ for $\theta$ fixed.")
def amortisation_gap(D: Derivation) -> None:
    data = ", ".join(map(str, DATA))
    D.remark(r"With $\theta$ fixed, $\mathcal{L}(q; x_i) = \log p_\theta(x_i) - D_{\mathrm{KL}}(q\|p_\theta(z|x_i))$, "
             r"so $q_i^*$ minimises that KL over $\mathcal{Q}$. The amortised $q_{\phi^*}(\cdot|x_i) = "
             r"q(\cdot; \pi_{\phi^*}(x_i))$ is one member of $\mathcal{Q}$ (feasibility), hence "
             r"$D_{\mathrm{KL}}(q_i^*\|p_\theta(z|x_i)) = \min_{q \in \mathcal{Q}} D_{\mathrm{KL}}(q\|p_\theta(z|x_i)) "
             r"\le D_{\mathrm{KL}}(q_{\phi^*}(\cdot|x_i)\|p_\theta(z|x_i))$ for every $i$: the instance-wise KL is "
             r"never larger. The inequality can be strict. Take $p(z) = \mathcal{N}(0, 1)$, "
             rf"$p_\theta(x|z) = \mathcal{{N}}(z + {OFFSET}, 1)$, so $p_\theta(z|x) = \mathcal{{N}}((x-{OFFSET})/2, 1/2)$, "
             rf"data $x = {data}$, $\mathcal{{Q}}$ the Gaussians, and an encoder without offset: "
             r"$\pi_\phi(x) = (a x,\ c)$, mean $a x$ and variance $c$ (for $c > 0$). Every posterior is in $\mathcal{Q}$, so "
             r"each instance-wise KL is 0, and the amortised encoder minimises the total KL $F$, a sum of "
             r"$D_{\mathrm{KL}}(\mathcal{N}(m_q, v_q)\|\mathcal{N}(m_p, v_p)) = \frac12\big[\log\frac{v_p}{v_q} - 1 + "
             r"\frac{v_q + (m_q - m_p)^2}{v_p}\big]$:")
    a_star, c_star, objective = restricted_encoder()
    F = Function("F")
    D.define(F, Lambda((a, c_pos), objective), r"$\sum_i D_{\mathrm{KL}}(\mathcal{N}(a x_i, c)\|p_\theta(z|x_i))$")
    optimum = D.define(Symbol("a^*"), a_star), D.define(Symbol("c^*", positive=True), c_star)
    F_a, F_c = (Subs(Derivative(F(a, c_pos), v), (a, c_pos), optimum) for v in (a, c_pos))
    D.step(F_a, "=", 0, "stationary in $a$")
    D.step(F_c, "=", 0, "and in $c$")
    D.remark(r"$F$ is strictly convex ($14a^2$ in $a$, $3c - \frac32 \log c$ in $c$), so this stationary point is its "
             r"global minimum:")
    with D.record_only():
        larger = _restricted_optimum(D, objective, optimum)
    total = D.chain(F(*optimum), (sum(kl_gaussians(a_star * xi, c_star, posterior_mean_at(xi), Rational(1, 2))
                                     for xi in DATA), r"at the optimum $(a^*, c^*)$ of $F$: the total gap, in nats"),
                    (">", 0, "strictly positive"))
    D.remark(r"An encoder with an offset, $\pi_\phi(x) = (a x + e,\ c)$, represents every posterior, and then "
             r"the gap is zero: equality holds exactly when $\pi_{\phi^*}(x_i)$ attains $q_i^*$ for every $i$.")
    offset = D.define(Function("F_e"), Lambda((a, e, c_pos), amortised_objective(lambda xi: a * xi + e)),
                      r"the total KL with an offset $e$")
    no_gap = D.step(offset(Rational(1, 2), -Rational(OFFSET, 2), Rational(1, 2)), "=", 0,
                    rf"$\pi_\phi(x) = (x/2 - {Rational(OFFSET, 2)},\ 1/2)$: no gap")
    D.answer(Words(r"$D_{\mathrm{KL}}(q_i^*\|p_\theta(z|x_i)) \le D_{\mathrm{KL}}(q_{\phi^*}(z|x_i)\|p_\theta(z|x_i))$ "
                   r"for every $i$, as $q_{\phi^*}(\cdot|x_i) \in \mathcal{Q}$; equal when the encoder attains "
                   r"every $q_i^*$, and it can be strictly larger: the amortisation gap",
                   because=(*larger, total[-1], no_gap), strict=True),
             value={"a_star": a_star, "c_star": c_star,
                    "gaps": [kl_gaussians(a_star * xi, c_star, posterior_mean_at(xi), Rational(1, 2)) for xi in DATA],
                    "total_gap": total[0].rhs})


def _restricted_optimum(D: Derivation, objective, optimum) -> list:
    """The optimum of the restricted encoder is a minimum, and at it every data point's KL exceeds
    the instance-wise one; returns those steps."""
    D.define(KLN, Lambda((mq_, vq_, mp_, vp_), kl_gaussians(mq_, vq_, mp_, vp_)),
             r"$D_{\mathrm{KL}}(\mathcal{N}(m_q, v_q)\|\mathcal{N}(m_p, v_p))$, from the moments of $q$")
    curvature = hessian(objective, (a, c_pos)).subs({a: D.definitions[optimum[0]], c_pos: D.definitions[optimum[1]]})
    D.positive(curvature[0, 0], "the Hessian there is positive definite:")
    D.positive(curvature.det(), "a minimum")
    larger = []
    for xi in DATA:
        posterior = (posterior_mean_at(xi), Rational(1, 2))
        D.step(KLN(*posterior, *posterior), "=", 0, rf"$x = {xi}$: $q_i^* = p_\theta(z|x_i)$, which $\mathcal{{Q}}$ contains")
        larger.append(D.step(KLN(optimum[0] * xi, optimum[1], *posterior), ">", KLN(*posterior, *posterior),
                             rf"$x = {xi}$: the amortised KL is larger"))
    return larger


LEARNING_RATE = Fraction(1, 4)  # of the inner optimisation; each step then halves |m - m*|
TOLERANCE = Fraction(1, 10**6)


def kl_gradient():
    """d/dm KL(N(m, 1/2) || N(m*, 1/2)), by SymPy, as a function of (m, m*)."""
    target = Symbol("m^*", real=True)
    return Lambda((m, target), diff(kl_gaussians(m, Rational(1, 2), target, Rational(1, 2)), m))


def gradient_steps_to_converge(target: Fraction, rate: Fraction = LEARNING_RATE) -> int:
    """Gradient steps on m for KL(N(m, 1/2) || N(target, 1/2)), from m = 0, until |m - target| <= TOLERANCE."""
    gradient, mean, steps = kl_gradient(), Fraction(0), 0
    while abs(mean - target) > TOLERANCE:
        slope = gradient(Rational(mean.numerator, mean.denominator), Rational(target.numerator, target.denominator))
        mean -= rate * Fraction(int(slope.p), int(slope.q))
        steps += 1
    return steps


@part("3.3", "Bias, computation and memory",
      "Compare the amortised and the instance-wise approach in bias, computation and memory.")
def comparison(D: Derivation) -> None:
    D.remark(r"(a) Bias. The bias of a bound is $\log p_\theta(x_i) - \mathcal{L} = D_{\mathrm{KL}}(q \| "
             r"p_\theta(z|x_i))$, so by 3.2 the amortised bound is at least as biased as the instance-wise one, for "
             r"every $i$; the difference is the amortisation gap, zero when the encoder attains every $q_i^*$. "
             r"(b) Computation. The amortised encoder costs one forward pass per data point, at training and at "
             r"test time, and its training is shared by all points; instance-wise inference runs an inner "
             r"optimisation for each $x_i$, and again for every new $x$: amortised inference is the cheaper. "
             r"(c) Memory. With $|\phi|$ the number of encoder parameters, which does not grow with the number "
             r"$n$ of data points, and $|\pi|$ the number of variational parameters of one $q \in \mathcal{Q}$, "
             r"the amortised approach stores $|\phi|$ numbers and the instance-wise one $n|\pi|$.")
    a_star, c_star, objective = restricted_encoder()
    with D.record_only():
        gap, memory, counted, (stored, per_point) = _comparison_example(D, a_star, c_star, objective)
    D.answer(Words(r"(a) the amortised bound is at least as biased: its bias exceeds the instance-wise one by the "
                   r"amortisation gap $\ge 0$", because=gap),
             Words(r"(b) the amortised encoder is cheaper: one forward pass per point, against an inner optimisation "
                   r"for each point, repeated for every new $x$", because=tuple(counted)),
             Words(r"(c) memory: $\mathcal{O}(|\phi|)$, independent of $n$, against $\mathcal{O}(n|\pi|)$",
                   because=tuple(memory)),
             value={"total_gap": gap.lhs, "params_amortised": D.definitions[stored],
                    "params_instance_per_point": D.definitions[per_point],
                    "gradient_steps": [step.lhs for step in counted]})


def _comparison_example(D: Derivation, a_star, c_star, objective) -> tuple:
    """The three criteria on the model of 3.2: the gap, the parameters stored, and the gradient steps
    of the inner optimisation; returns those steps and the names of the two parameter counts."""
    D.remark("On the model of 3.2:")
    F = D.define(Function("F"), Lambda((a, c_pos), objective), "the total KL of the restricted encoder, as in 3.2")
    gap = D.positive(F(a_star, c_star), r"(a) the total gap of the restricted encoder")
    total = objective.subs({a: a_star, c_pos: c_star})
    encoder = (a * x, c_pos)  # pi_phi(x): its parameters are what it stores
    stored = D.define(Symbol(r"|\phi|"), Integer(len(set().union(*(f.free_symbols for f in encoder)) - {x})),
                      r"the symbols of $\pi_\phi(x) = (a x, c)$ other than $x$")
    memory = [D.step(stored, "=", Integer(len(FiniteSet(a, c_pos))), r"$\phi = (a, c)$, whatever the number of data points")]
    per_point = D.define(Symbol(r"|\pi|"), Integer(len((m, v))), "a mean and a variance for each data point")
    n = Symbol("n", positive=True, integer=True)
    memory.append(D.step(per_point * n, "=", 2 * n, r"instance-wise: $(m_i, v_i)$ for each of the $n$ points"))
    target = Symbol("m^*", real=True)
    D.step(Derivative(kl_gaussians(m, Rational(1, 2), target, Rational(1, 2)), m), "=", kl_gradient()(m, target),
           r"the gradient of $D_{\mathrm{KL}}(\mathcal{N}(m, \frac12) \| \mathcal{N}(m^*, \frac12)) = (m - m^*)^2$")
    steps = [gradient_steps_to_converge(Fraction(xi - OFFSET, 2)) for xi in DATA]
    needed = D.define(Function("n_{steps}"), Lambda(t_, ceiling(log(t_ * 10**6, 2))),
                      rf"with learning rate ${LEARNING_RATE}$ each step halves $|m - m^*|$: the first $n$ with "
                      r"$|m^*| / 2^n \le 10^{-6}$")
    counted = []
    for xi, count in zip(DATA, steps):
        distance = abs(Rational(xi - OFFSET, 2))
        if distance:
            counted.append(D.step(Integer(count), "=", needed(distance),
                                  rf"$x = {xi}$: gradient steps until $|m - m^*| \le 10^{{-6}}$, from $m = 0$"))
    D.table(("", "amortised", "instance-wise"),
            [("parameters stored", "$|\\phi| = 2$ ($a$, $c$)", "$n|\\pi| = 2n$ ($m_i$, $v_i$)"),
             ("total KL gap (nats)", f"${total}$", "$0$"),
             ("work per new $x$", "one forward pass ($a x$)",
              f"an inner optimisation ({', '.join(map(str, steps))} gradient steps for $x = 1, 2, 3$)")],
            rf"The three criteria on the model of 3.2 (gradient steps: learning rate ${LEARNING_RATE}$, tolerance "
            r"$10^{-6}$ on $m$, from $m = 0$).")
    return gap, memory, counted, (stored, per_point)


QUESTION = Question("3", "Amortised inference", (ecll_decomposition, amortisation_gap, comparison))

if __name__ == "__main__":
    from dgmderive.checked import run_question

    raise SystemExit(run_question(QUESTION))
