"""Question 4: importance-weighted bounds as ELBOs of a refined proposal."""

from __future__ import annotations

import math
import random
import statistics
from itertools import product as tuples

from sympy import Derivative, Float, Function, Integral, Lambda, Rational, exp, log, oo, pi, sqrt, symbols

from dgmderive import Derivation, Question, Words, part
from dgmderive.notation import TeX

# --- discrete latent models: z in {0, ..., n-1}, P[j] = p(x, z=j), Q[j] = q(z=j|x) -------------------


def weights(P, Q):
    return [p / q for p, q in zip(P, Q)]


def iwae_bound(P, Q, K: int):
    """L_K[q] = E_{z_1..K ~ q}[log (1/K) sum_j w(z_j)], as a finite sum."""
    w = weights(P, Q)
    return sum(_prob(Q, zs) * log(sum(w[j] for j in zs) / K) for zs in tuples(range(len(P)), repeat=K))


def refined(P, Q, K: int, rest: tuple):
    """q~(z | z_2..z_K) for every z: p(x, z) / ((1/K)(w(z) + sum_{j >= 2} w(z_j)))."""
    w = weights(P, Q)
    return [P[z] / ((w[z] + sum(w[j] for j in rest)) / K) for z in range(len(P))]


def elbo(density, P):
    """L_1 of a (possibly unnormalised) density over the states: sum_z d(z) log(p(x, z) / d(z))."""
    return sum(d * log(p / d) for d, p in zip(density, P))


def expected_refined_elbo(P, Q, K: int):
    """E_{z_2..K ~ q}[L_1[q~(.|x, z_2..z_K)]]."""
    return sum(_prob(Q, rest) * elbo(refined(P, Q, K, rest), P) for rest in tuples(range(len(P)), repeat=K - 1))


def exchanged(P, Q, K: int):
    """E_{z_1..K}[K w(z_1) / sum_j w(z_j) * log (1/K) sum_j w(z_j)]: the same expectation, with z = z_1."""
    w = weights(P, Q)
    return sum(_prob(Q, zs) * K * w[zs[0]] / sum(w[j] for j in zs) * log(sum(w[j] for j in zs) / K)
               for zs in tuples(range(len(P)), repeat=K))


def resampled(P, Q, K: int):
    """q_K(z) = E_{z_2..K}[q~(z | z_2..z_K)] for every z."""
    rests = list(tuples(range(len(P)), repeat=K - 1))
    return [sum(_prob(Q, rest) * refined(P, Q, K, rest)[z] for rest in rests) for z in range(len(P))]


def _prob(Q, zs):
    result = 1
    for j in zs:
        result *= Q[j]
    return result


# Symbolic models with two and three states: q is normalised by construction, q_j = u_j / sum(u).
def symbolic_model(n: int):
    P = symbols(f"P_1:{n + 1}", positive=True)
    u = symbols(f"u_1:{n + 1}", positive=True)
    return P, [uj / sum(u) for uj in u], u


MODELS = {  # p(x, z) and q(z|x) with rational values; the last one has q equal to the posterior
    "uniform q": ((Rational(1, 10), Rational(1, 5), Rational(3, 10)), (Rational(1, 3), Rational(1, 3), Rational(1, 3))),
    "skewed q": ((Rational(1, 20), Rational(1, 5), Rational(1, 4)), (Rational(1, 2), Rational(1, 4), Rational(1, 4))),
    "q = posterior": ((Rational(1, 10), Rational(1, 5), Rational(3, 10)), (Rational(1, 6), Rational(1, 3), Rational(1, 2))),
}


def summed_u(P, Q, K: int):
    """E_{z_1..K}[sum_i u_i] with u_i = w_i / sum_j w_j * log (1/K) sum_j w_j."""
    w = weights(P, Q)
    return sum(_prob(Q, zs) * sum(w[i] / sum(w[j] for j in zs) * log(sum(w[j] for j in zs) / K) for i in zs)
               for zs in tuples(range(len(P)), repeat=K))


def mean_ratio(P, Q, K: int, first_only: bool):
    """E_{z_1..K}[K w_1 / sum_j w_j] (``first_only``) or E_{z_1..K}[sum_i w_i / sum_j w_j]."""
    w = weights(P, Q)
    return sum(_prob(Q, zs) * (K * w[zs[0]] if first_only else sum(w[i] for i in zs)) / sum(w[j] for j in zs)
               for zs in tuples(range(len(P)), repeat=K))


def entropy_like(t):
    """f(t) = -t log t, concave on t > 0."""
    return -t * log(t)


def mean_of_f(P, Q, K: int):
    """sum_z p(x, z) E_{z_2..K}[f(q~(z)/p(x, z))]: L_K after Fubini."""
    rests = list(tuples(range(len(P)), repeat=K - 1))
    return sum(P[z] * sum(_prob(Q, rest) * entropy_like(refined(P, Q, K, rest)[z] / P[z]) for rest in rests)
               for z in range(len(P)))


def f_of_mean(P, Q, K: int):
    """sum_z p(x, z) f(E_{z_2..K}[q~(z)]/p(x, z)) = sum_z p f(q_K / p)."""
    qK = resampled(P, Q, K)
    return sum(P[z] * entropy_like(qK[z] / P[z]) for z in range(len(P)))


def kl_to_posterior(density, P):
    """KL(density || p(z|x)) over the states."""
    evidence = sum(P)
    return sum(d * log(d / (p / evidence)) for d, p in zip(density, P))


(L_K, E_L1, E_SUM, K_U1, SUM_U, L1_QK, LOGPX, L1_Q, INT_QK, MEAN_RATIO, MEAN_SUM, MEAN_F, F_MEAN, KL_QK, KL_Q) = (
    TeX(r"\mathcal{L}_K[q]"), TeX(r"\mathbb{E}_{z_{2:K}}\big[\mathcal{L}_1[\tilde q]\big]"),
    TeX(r"\mathbb{E}_{z_{1:K}}\Big[\frac{K w_1}{\sum_j w_j} \log \frac1K \sum_j w_j\Big]"),
    TeX(r"K\, \mathbb{E}_{z_{1:K}}[u_1]"), TeX(r"\mathbb{E}_{z_{1:K}}\Big[\sum_i u_i\Big]"),
    TeX(r"\mathcal{L}_1[q_K]"), TeX(r"\log p(x)"), TeX(r"\mathcal{L}_1[q]"), TeX(r"\int q_K(z|x)\, dz"),
    TeX(r"\mathbb{E}_{z_{1:K}}\Big[\frac{K w_1}{\sum_j w_j}\Big]"),
    TeX(r"\mathbb{E}_{z_{1:K}}\Big[\frac{\sum_i w_i}{\sum_j w_j}\Big]"),
    TeX(r"\int p(x, z)\, \mathbb{E}_{z_{2:K}}\Big[f\Big(\frac{\tilde q}{p(x, z)}\Big)\Big] dz"),
    TeX(r"\int p(x, z)\, f\Big(\mathbb{E}_{z_{2:K}}\Big[\frac{\tilde q}{p(x, z)}\Big]\Big) dz"),
    TeX(r"D_{\mathrm{KL}}(q_K \,\|\, p(z|x))"), TeX(r"D_{\mathrm{KL}}(q \,\|\, p(z|x))"))

TWO_STATES = "a latent variable with two states, symbolic p(x, z) and q(z|x), K = 2"


def _define_values(D: Derivation, P, Q, K: int) -> None:
    """The values of the named expectations on one model: what the steps are checked on."""
    values = {E_L1: expected_refined_elbo(P, Q, K), E_SUM: exchanged(P, Q, K), K_U1: exchanged(P, Q, K),
              SUM_U: summed_u(P, Q, K), L_K: iwae_bound(P, Q, K), INT_QK: sum(resampled(P, Q, K)),
              MEAN_RATIO: mean_ratio(P, Q, K, True), MEAN_SUM: mean_ratio(P, Q, K, False),
              MEAN_F: mean_of_f(P, Q, K), F_MEAN: f_of_mean(P, Q, K), L1_QK: elbo(resampled(P, Q, K), P),
              LOGPX: log(sum(P)), L1_Q: elbo(Q, P), KL_QK: kl_to_posterior(resampled(P, Q, K), P),
              KL_Q: kl_to_posterior(Q, P)}
    for name, value in values.items():
        D.define(name, value, quiet=True)


@part("4.1", r"$\mathcal{L}_K$ is the average ELBO of the refined proposal",
      r"Show $\mathcal{L}_K[q] = \mathbb{E}_{z_{2:K}}[\mathcal{L}_1[\tilde q(z|x, z_{2:K})]]$.")
def average_elbo(D: Derivation) -> None:
    D.remark(r"Write $w(z) = p(x, z)/q(z|x)$, set $z_1 := z$ and $w_j := w(z_j)$, and let "
             r"$\mathcal{L}_1[r] := \int r(z) \log(p(x, z)/r(z))\, dz$ for any positive $r$, normalised or not. Then "
             r"$\tilde q(z|x, z_{2:K}) = q(z_1|x)\, K w_1 / \sum_j w_j$ and $p(x, z)/\tilde q = \frac1K \sum_j w_j$, so "
             r"with $u_i := \frac{w_i}{\sum_j w_j} \log\big(\frac1K \sum_j w_j\big)$:")
    P, Q, _ = symbolic_model(2)
    _define_values(D, P, Q, 2)
    chain = D.chain(E_L1, (E_SUM, r"$\mathbb{E}_{z_{2:K}} \int q(z_1|x) \cdots dz_1 = \mathbb{E}_{z_{1:K}}$"),
                    (K_U1, r"the definition of $u_1$"),
                    (SUM_U, r"the $z_i$ are i.i.d. and $u_i$ is $u_1$ with $z_1, z_i$ swapped: the $u_i$ are "
                            "identically distributed"),
                    (L_K, r"$\sum_i u_i = \log \frac1K \sum_j w_j$"), instance=TWO_STATES)
    D.remark(r"The whole factor $\log(\frac1K\sum_j w_j)/\sum_j w_j$ is symmetric in $z_1, \ldots, z_K$, which "
             r"is what makes the $u_i$ identically distributed.")
    with D.record_only():
        chain += _average_elbo_instances(D)
    D.answer(Words(r"$\mathbb{E}_{z_{2:K}}[\mathcal{L}_1[\tilde q]] = \mathbb{E}_{z_{1:K}}"
                   r"[\frac{K w_1}{\sum_j w_j} \log \frac1K \sum_j w_j] = K\,\mathbb{E}[u_1] = "
                   r"\mathbb{E}[\sum_i u_i] = \mathcal{L}_K[q]$", because=tuple(chain)),
             value={"L_4": {name: iwae_bound(p, q, 4) for name, (p, q) in MODELS.items()}})


def _average_elbo_instances(D: Derivation) -> list:
    """4.1 on two symbolic states at K = 3, and on the three rational models at K = 4."""
    P, Q, _ = symbolic_model(2)
    _define_values(D, P, Q, 3)
    shown = [D.step(E_L1, "=", L_K, r"two symbolic states, $K = 3$", instance="two states, K = 3")]
    for name, (p, q) in MODELS.items():
        D.define(E_L1, expected_refined_elbo(p, q, 4), quiet=True)
        D.define(L_K, iwae_bound(p, q, 4), quiet=True)
        shown.append(D.step(E_L1, "=", L_K, f"{name}, three states, $K = 4$ ($3^4$ terms)", instance=f"{name}, K = 4"))
    return shown


@part("4.2", r"$q_K$ is a density, and $\mathcal{L}_K[q] \le \mathcal{L}_1[q_K] \le \log p(x)$",
      r"Show that $q_K = \mathbb{E}_{z_{2:K}}[\tilde q]$ is normalised and that $\mathcal{L}_1[q_K]$ is "
      r"an even tighter bound than $\mathcal{L}_K[q]$.")
def tighter_bound(D: Derivation) -> None:
    D.remark(r"$q_K \ge 0$, since $\tilde q \ge 0$. Its integral, by the same exchangeability as in 4.1:")
    P, Q, _ = symbolic_model(2)
    _define_values(D, P, Q, 2)
    normalised = D.chain(INT_QK, (MEAN_RATIO, r"$\int q(z_1|x)\, \frac{K w_1}{\sum_j w_j}\, dz_1$ under "
                                              r"$\mathbb{E}_{z_{2:K}}$"),
                         (MEAN_SUM, r"the $w_i/\sum_j w_j$ are identically distributed"), (1, "the ratio is 1"),
                         instance=TWO_STATES)
    t, p_, r_ = symbols("t p r", positive=True)
    D.remark(r"Tightness. With $f(t) = -t \log t$, for any positive $r$: $\mathcal{L}_1[r] = \int p(x, z)\, "
             r"f(r/p(x, z))\, dz$, because pointwise")
    f = D.define(Function("f"), Lambda(t, entropy_like(t)), quiet=True)
    D.step(r_ * log(p_ / r_), "=", p_ * f(r_ / p_), r"$r \log(p/r) = p \cdot (r/p) \log(p/r)$")
    concave = D.step(Derivative(entropy_like(t), t, 2), "<", 0, r"$f''(t) = -1/t < 0$: $f$ is concave")
    D.remark(r"By 4.1 and Fubini, $\mathcal{L}_K = \mathbb{E}_{z_{2:K}} \int p f(\tilde q/p)\, dz = \int p\, "
             r"\mathbb{E}[f(\tilde q/p)]\, dz$; and $q_K/p = \mathbb{E}_{z_{2:K}}[\tilde q/p]$. Jensen's inequality "
             r"$\mathbb{E}[f(X)] \le f(\mathbb{E}[X])$ for the concave $f$, pointwise in $z$, gives")
    model = "uniform q"
    _define_values(D, *MODELS[model], 2)
    on_model = f"{model}, K = 2"
    tight = D.chain(L_K, (MEAN_F, "4.1, then Fubini"), ("<=", F_MEAN, "Jensen, pointwise in $z$"),
                    (L1_QK, r"$\mathcal{L}_1[q_K] = \int p f(q_K/p)$"),
                    ("<=", LOGPX, r"$\mathcal{L}_1[q_K] = \log p(x) - D_{\mathrm{KL}}(q_K \| p(z|x))$, as $q_K$ is "
                                  "normalised"), instance=on_model)
    D.remark(r"The same identity for $q$, with $\mathcal{L}_1[q] \le \mathcal{L}_K[q]$ (the importance-weighted "
             r"bound), gives the closer posterior approximation:")
    closer = D.chain(KL_QK, ("<=", LOGPX - L_K, r"$= \log p(x) - \mathcal{L}_1[q_K]$, and the chain above"),
                     ("<=", KL_Q, r"$\mathcal{L}_1[q] \le \mathcal{L}_K[q]$"), instance=on_model)
    with D.record_only():
        ordered, values = _bound_chains(D)
        gaussian_evidence(D)
    D.answer(Words(r"$q_K \ge 0$ and $\int q_K(z|x)\, dz = \mathbb{E}[\sum_i w_i/\sum_j w_j] = 1$: $q_K$ is a density",
                   because=tuple(normalised)),
             Words(r"$\mathcal{L}_K[q] = \int p\, \mathbb{E}[f(\tilde q/p)] \le \int p\, f(\mathbb{E}[\tilde q/p]) = "
                   r"\mathcal{L}_1[q_K] \le \log p(x)$, by Jensen for the concave $f(t) = -t\log t$; so "
                   r"$D_{\mathrm{KL}}(q_K \| p(z|x)) \le D_{\mathrm{KL}}(q \| p(z|x))$",
                   because=(concave, *tight, *closer, *ordered)),
             value=values)


def _bound_chains(D: Derivation) -> tuple[list, dict]:
    """L_1[q] <= L_K[q] <= L_1[q_K] <= log p(x), exactly, for K = 2, 3, 4 on the three rational models,
    and the table of their values."""
    D.remark(r"The whole chain, exactly, for $K = 2, 3, 4$ on a three-state latent variable, at three rational "
             r"models (the last with $q$ equal to the posterior, where every bound equals $\log p(x)$):")
    ordered, values = [], {}
    for name, (p, q) in MODELS.items():
        D.define(LOGPX, log(sum(p)), quiet=True)
        D.define(L1_Q, elbo(q, p), quiet=True)
        values[name] = {"L": {1: elbo(q, p)}, "refined": {}, "log_px": log(sum(p))}
        for K in SIZES_K:
            D.define(L_K, iwae_bound(p, q, K), quiet=True)
            D.define(L1_QK, elbo(resampled(p, q, K), p), quiet=True)
            for left, right, why in ((L1_Q, L_K, f"{name}, $K = {K}$"), (L_K, L1_QK, "Jensen"), (L1_QK, LOGPX, "normalised")):
                ordered.append(D.step(left, "<=", right, why, instance=f"{name}, K = {K}"))
            values[name]["L"][K] = D.definitions[L_K]
            values[name]["refined"][K] = D.definitions[L1_QK]
    bounds, refined_ = list(values[next(iter(MODELS))]["L"]), list(values[next(iter(MODELS))]["refined"])
    table = [[name, *(f"{float(v):.6f}" for v in (*row["L"].values(), *row["refined"].values(), row["log_px"]))]
             for name, row in values.items()]
    D.table(("model", *(rf"$\mathcal{{L}}_{K}$" for K in bounds), *(rf"$\mathcal{{L}}_1[q_{K}]$" for K in refined_),
             r"$\log p(x)$"), table, "The bounds on the three models: the exact values of the chains above "
            "(shown to six decimals).")
    return ordered, values


# --- a continuous model: p(z) = N(0, 1), p(x|z) = N(z, 1), x = 1, proposal q = the prior ---------------

SIZES_K = (2, 3, 4)  # the K of the exact chains
X_OBSERVED = 1
WITHIN = 4  # standard errors an estimate may stray from what it estimates
ACCURATE_TO = 0.1  # what that many standard errors must stay below (the bounds differ by more)
SEED, SAMPLES, KS = 0, 4000, (1, 2, 4, 8, 16)


def monte_carlo_bounds() -> dict[int, tuple[float, float]]:
    """L_K estimated with SAMPLES draws of z_1..z_16 (the same draws for every K): (mean, standard error)."""
    rng = random.Random(SEED)
    draws = [[rng.gauss(0, 1) for _ in range(max(KS))] for _ in range(SAMPLES)]
    logs: dict[int, list[float]] = {K: [] for K in KS}  # log((1/K) sum_j w(z_j)), draw by draw
    for zs in draws:
        total = 0.0  # w(z_1) + ... + w(z_K), for K = 1, 2, ... in turn
        for K, z in enumerate(zs, start=1):
            total += math.exp(-((X_OBSERVED - z) ** 2) / 2) / math.sqrt(2 * math.pi)
            if K in logs:
                logs[K].append(math.log(total / K))
    results = {}
    for K, values in logs.items():
        mean = sum(values) / SAMPLES
        var = sum((v - mean) ** 2 for v in values) / (SAMPLES - 1)
        results[K] = (mean, math.sqrt(var / SAMPLES))
    return results


def standard_errors() -> dict[int, float]:
    """The standard errors of the estimates, recomputed from fresh draws of the same seed with the
    standard library's ``statistics`` (independently of :func:`monte_carlo_bounds`)."""
    rng = random.Random(SEED)
    draws = [[rng.gauss(0, 1) for _ in range(max(KS))] for _ in range(SAMPLES)]
    weight = [[math.exp(-((X_OBSERVED - z) ** 2) / 2) / math.sqrt(2 * math.pi) for z in zs] for zs in draws]
    return {K: statistics.stdev(math.log(statistics.fmean(w[:K])) for w in weight) / math.sqrt(SAMPLES) for K in KS}


def gaussian_evidence(D: Derivation) -> None:
    z = symbols("z", real=True)
    prior = exp(-z**2 / 2) / sqrt(2 * pi)
    likelihood = exp(-(X_OBSERVED - z) ** 2 / 2) / sqrt(2 * pi)
    D.remark(rf"A continuous model: $p(z) = \mathcal{{N}}(0,1)$, $p(x|z) = \mathcal{{N}}(z, 1)$, $x = {X_OBSERVED}$, "
             r"proposal $q = p(z)$. Then $\log p(x) = \log \mathcal{N}(1; 0, 2)$ and $\mathcal{L}_1$ are integrals; "
             rf"$\mathcal{{L}}_K$ for larger $K$ is estimated by Monte Carlo (seed {SEED}, {SAMPLES} draws, the same "
             r"draws for every $K$).")
    log_px = log(exp(-Rational(1, 4)) / (2 * sqrt(pi)))
    D.step(Integral(likelihood * prior, (z, -oo, oo)), "=", exp(log_px), r"$p(x) = \mathcal{N}(1; 0, 2)$")
    l1 = -log(2 * pi) / 2 - 1
    log_likelihood = -(X_OBSERVED - z) ** 2 / 2 - log(2 * pi) / 2
    D.step(Integral(prior * log_likelihood, (z, -oo, oo)), "=", l1, r"$\mathcal{L}_1 = \mathbb{E}_q[\log p(x|z)]$")
    estimates = monte_carlo_bounds()
    mean1 = estimates[1][0]
    how = f"Monte Carlo, seed {SEED}, {SAMPLES} draws"
    for K, error in standard_errors().items():
        D.step(Float(estimates[K][1], 8), "=", Float(error, 8),
               rf"the standard error of $\hat{{\mathcal{{L}}}}_{{{K}}}$, recomputed independently", measured=how)
    margins = {K: WITHIN * se for K, (_, se) in estimates.items()}  # how far each estimate may stray
    D.step(Float(max(margins.values()), 6), "<", Float(ACCURATE_TO, 6),
           rf"{WITHIN} standard errors are below {ACCURATE_TO}: the estimates are accurate", measured=how)
    D.step(Float(abs(mean1 - float(l1)), 6), "<", Float(margins[1], 6),
           rf"the estimate of $\mathcal{{L}}_1$ agrees with its exact value within {WITHIN} standard errors", measured=how)
    for small, large in zip(KS, KS[1:]):
        D.step(Float(estimates[small][0], 6), "<", Float(estimates[large][0], 6),
               rf"$\hat{{\mathcal{{L}}}}_{{{small}}} < \hat{{\mathcal{{L}}}}_{{{large}}}$: the bound grows with $K$",
               measured=how)
    for K in KS:
        D.step(Float(estimates[K][0] - margins[K], 6), "<", Float(float(log_px), 6),
               rf"$\hat{{\mathcal{{L}}}}_{{{K}}}$ is consistent with $\mathcal{{L}}_{{{K}}} \le \log p(x)$ "
               rf"(within {WITHIN} standard errors)", measured=how)
    D.table(("$K$", *map(str, KS), r"$\log p(x)$"),
            [("estimate", *(f"{estimates[K][0]:.4f}" for K in KS), f"{float(log_px):.4f}"),
             ("standard error", *(f"{estimates[K][1]:.4f}" for K in KS), "exact")],
            rf"$\hat{{\mathcal{{L}}}}_K$ on the Gaussian model ($\mathcal{{L}}_1$ exactly: {float(l1):.4f}).")


QUESTION = Question("4", "Importance-weighted bounds", (average_elbo, tighter_bound))

if __name__ == "__main__":
    from dgmderive.checked import run_question

    raise SystemExit(run_question(QUESTION))
