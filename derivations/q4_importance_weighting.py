"""Question 4: importance-weighted bounds as ELBOs of a refined proposal."""

from __future__ import annotations

import math
import random
import statistics
from itertools import product as tuples

from sympy import Derivative, Float, Integral, Rational, exp, log, oo, pi, sqrt, symbols

from dgmderive import Derivation, Question, Words
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


L_K, E_L1, E_SUM, L1_QK, LOGPX, L1_Q, SUM_QK = (
    TeX(r"\mathcal{L}_K[q]"), TeX(r"\mathbb{E}_{z_{2:K}}\big[\mathcal{L}_1[\tilde q]\big]"),
    TeX(r"\mathbb{E}_{z_{1:K}}\big[\tfrac{K w_1}{\sum_j w_j} \log \tfrac1K \textstyle\sum_j w_j\big]"),
    TeX(r"\mathcal{L}_1[q_K]"), TeX(r"\log p(x)"), TeX(r"\mathcal{L}_1[q]"), TeX(r"\textstyle\sum_z q_K(z|x)"))


def average_elbo() -> Derivation:
    D = Derivation("4.1", r"$\mathcal{L}_K$ is the average ELBO of the refined proposal",
                   r"Show $\mathcal{L}_K[q] = \mathbb{E}_{z_{2:K}}[\mathcal{L}_1[\tilde q(z|x, z_{2:K})]]$.")
    D.remark(r"Write $w_j = p(x, z_j)/q(z_j|x)$. Since $\tilde q(z|x, z_{2:K}) = q(z|x)\, K w(z) / "
             r"(w(z) + \sum_{j \ge 2} w_j)$ and $p(x, z)/\tilde q = \frac1K \sum_j w_j$ with $z_1 = z$, "
             r"$\mathbb{E}_{z_{2:K}}[\mathcal{L}_1[\tilde q]] = \mathbb{E}_{z_{1:K}}[\frac{K w_1}{\sum_j w_j} "
             r"\log \frac1K \sum_j w_j]$. The $w_i$ are identically distributed and the logarithm is symmetric "
             r"in them, so $K\,\mathbb{E}[w_1 g] = \sum_i \mathbb{E}[w_i g] = \mathbb{E}[g \sum_i w_i]$ "
             r"(exchangeability), and the ratio cancels. Checked on a latent variable with two states, "
             r"for symbolic $p(x, z)$ and $q(z|x)$:")
    P, Q, _ = symbolic_model(2)
    shown = []
    for K in (2, 3):
        D.define(E_L1, expected_refined_elbo(P, Q, K), f"$K = {K}$",
                 described=r"\textstyle\sum_{z_{2:K}} \prod_i q(z_i|x) \sum_z \tilde q \log (p(x,z)/\tilde q)")
        D.define(E_SUM, exchanged(P, Q, K), described=r"\textstyle\sum_{z_{1:K}} \prod_i q(z_i|x) \frac{K w_1}{\sum_j w_j} "
                                                  r"\log \frac1K \sum_j w_j")
        D.define(L_K, iwae_bound(P, Q, K), described=r"\textstyle\sum_{z_{1:K}} \prod_i q(z_i|x) \log \frac1K \sum_j w_j")
        D.step(E_L1, "=", E_SUM, "rename $z = z_1$", instance=f"two states, K = {K}")
        shown.append(D.step(E_SUM, "=", L_K, "exchangeability of the $w_i$", instance=f"two states, K = {K}"))
    D.remark(r"With three states and $K = 4$ ($3^4$ terms), exactly on each rational model of 4.2:")
    bounds = []
    for name, (p, q) in MODELS.items():
        D.define(E_L1, expected_refined_elbo(p, q, 4), quiet=True)
        D.define(L_K, iwae_bound(p, q, 4), quiet=True)
        shown.append(D.step(E_L1, "=", L_K, f"{name}, $K = 4$: finite sums, logarithms of rationals compared prime "
                            "by prime", instance=f"{name}, K = 4"))
        bounds.append(iwae_bound(p, q, 4))
    D.answer(Words(r"$\mathcal{L}_K[q] = \mathbb{E}_{z_{2:K}}[\mathcal{L}_1[\tilde q(z|x, z_{2:K})]]$, shown for "
                   r"every $K$ by exchangeability and checked exactly at the instances", because=tuple(shown)),
             value={"L_4": dict(zip(MODELS, bounds))})
    return D


def tighter_bound() -> Derivation:
    D = Derivation("4.2", r"$q_K$ is a density, and $\mathcal{L}_1[q] \le \mathcal{L}_K[q] \le \mathcal{L}_1[q_K] "
                   r"\le \log p(x)$",
                   r"Show that $q_K = \mathbb{E}_{z_{2:K}}[\tilde q]$ is normalised and that $\mathcal{L}_1[q_K]$ is "
                   r"an even tighter bound than $\mathcal{L}_K[q]$.")
    D.remark(r"Normalisation: $\sum_z q_K(z) = \mathbb{E}_{z_{1:K}}[K w_1/\sum_j w_j] = "
             r"\mathbb{E}[\sum_i w_i / \sum_j w_j] = 1$, by the same exchangeability. Symbolically, two states:")
    P, Q, _ = symbolic_model(2)
    normalised = []
    for K in (2, 3):
        D.define(SUM_QK, sum(resampled(P, Q, K)), f"$K = {K}$",
                 described=r"\textstyle\sum_z \sum_{z_{2:K}} \prod_{i \ge 2} q(z_i|x)\, \tilde q(z|x, z_{2:K})")
        normalised.append(D.step(SUM_QK, "=", 1, "a normalised density", instance=f"two states, K = {K}"))
    t = symbols("t", positive=True)
    D.remark(r"Tightness: $\mathcal{L}_1[q_K] - \mathcal{L}_K[q] = \int p(x,z) \big(f(\mathbb{E}[\tilde q/p]) - "
             r"\mathbb{E}[f(\tilde q / p)]\big) dz \ge 0$ by Jensen's inequality for $f(t) = -t \log t$, "
             r"which is concave:")
    concave = D.step(Derivative(-t * log(t), t, 2), "<", 0, r"$f''(t) = -1/t < 0$ for $t > 0$")
    D.remark(r"And $\mathcal{L}_1[q_K] \le \log p(x)$ because $q_K$ is normalised; "
             r"$\mathcal{L}_1[q] \le \mathcal{L}_K[q]$ is the importance-weighted bound. The whole chain, exactly, "
             r"for $K = 2, 3, 4$ on a three-state latent variable, at three rational models "
             r"(the last with $q$ equal to the posterior, where every bound equals $\log p(x)$):")
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
    bounds, refined = list(values[next(iter(MODELS))]["L"]), list(values[next(iter(MODELS))]["refined"])
    table = [[name, *(f"{float(v):.6f}" for v in (*row["L"].values(), *row["refined"].values(), row["log_px"]))]
             for name, row in values.items()]
    D.table(("model", *(rf"$\mathcal{{L}}_{K}$" for K in bounds), *(rf"$\mathcal{{L}}_1[q_{K}]$" for K in refined),
             r"$\log p(x)$"), table, "The bounds on the three models: the exact values of the chains above "
            "(shown to six decimals).")
    gaussian_evidence(D)
    D.answer(Words(r"$q_K$ is normalised: $\sum_z q_K(z|x) = \mathbb{E}[\sum_i w_i/\sum_j w_j] = 1$", because=tuple(normalised)),
             Words(r"$\mathcal{L}_1[q] \le \mathcal{L}_K[q] \le \mathcal{L}_1[q_K] \le \log p(x)$: by Jensen for the "
                   r"concave $-t\log t$, checked exactly on the three models", because=(concave, *ordered)),
             value=values)
    return D


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
