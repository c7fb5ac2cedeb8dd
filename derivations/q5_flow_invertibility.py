"""Question 5: which one-dimensional maps and radial flows are invertible."""

from __future__ import annotations

import math
import random

from sympy import (
    Derivative,
    Float,
    Function,
    Limit,
    Add,
    Mul,
    Matrix,
    Max,
    Rational,
    Symbol,
    Lambda,
    atan,
    lambdify,
    exp,
    log,
    oo,
    pi,
    solve,
    sqrt,
    symbols,
)

from dgmderive import Derivation, Question, Words, Written, part
from dgmderive.render.printer import expression

z = Symbol("z", real=True)
a, c = symbols("a c", real=True)
b_nonzero = Symbol("b", real=True, nonzero=True)


def relu(t):
    return Max(0, t)


def g_relu(z, a, b, c):
    return a * relu(b * z + c)


@part("5.1", r"$a\,\mathrm{ReLU}(bz + c)$ is not injective",
      r"Show that $g(z) = a f(bz + c)$ with $f(x) = \max(0, x)$ is not invertible.")
def relu_collision(D: Derivation) -> None:
    D.remark(r"For $b \ne 0$, take the two points where $bz + c = -1$ and $bz + c = -2$: both lie where the "
             r"ReLU is zero, whatever $a$ is.")
    g = D.define(Function("g"), Lambda(z, g_relu(z, a, b_nonzero, c)))
    first, second = symbols("z_1 z_2", real=True)
    points = (D.define(first, Mul(-1, c + 1, 1 / b_nonzero, evaluate=False), r"for $b \ne 0$"),
              D.define(second, Mul(-1, c + 2, 1 / b_nonzero, evaluate=False)))
    collisions = [D.step(g(first), "=", g(second), r"both are $a \max(0, -1) = a \max(0, -2) = 0$"),
                  D.step(first, "!=", second, rf"${first} - {second} = 1/b \ne 0$")]
    D.remark(r"For $b = 0$, $g \equiv a \max(0, c)$ is constant, so $g(0) = g(1)$ (and for $a = 0$, $g \equiv 0$).")
    with D.record_only():
        constant = D.step(Derivative(g_relu(z, a, 0, c), z), "=", 0, r"$b = 0$: $g$ does not depend on $z$")
    D.answer(*collisions,
             Words(r"for $b = 0$, $g(0) = g(1)$; in every case two different points have the same image: $g$ is not "
                   "injective, so it has no inverse", because=(*collisions, constant)),
             value={"z1": D.definitions[points[0]], "z2": D.definitions[points[1]]})


def sigmoid(t):
    return 1 / (1 + exp(-t))


def logit(y):
    return log(y / (1 - y))


def _slopes(n: int):
    return symbols(f"a_1:{n + 1}", positive=True)


def sigmoid_mixture(n: int):
    """g(z) = logit(sum_i w_i sigmoid(a_i z + b_i)) with w_i = u_i / sum(u) (so 0 < w_i < 1, sum 1)."""
    u = symbols(f"u_1:{n + 1}", positive=True)
    slopes = _slopes(n)
    shifts = symbols(f"b_1:{n + 1}", real=True)
    w = [ui / sum(u) for ui in u]
    s = [sigmoid(slopes[i] * z + shifts[i]) for i in range(n)]
    S = sum(w[i] * s[i] for i in range(n))
    chain_rule = sum(w[i] * slopes[i] * s[i] * (1 - s[i]) for i in range(n)) / (S * (1 - S))
    return logit(S), chain_rule, S, s, w


@part("5.2", "The sigmoid mixture is strictly increasing",
      r"$g(z) = \sigma^{-1}(\sum_i w_i \sigma(a_i z + b_i))$ with $0 < w_i < 1$, $\sum_i w_i = 1$, "
      r"$a_i > 0$: show $g$ is strictly increasing on $\mathbb{R}$.")
def sigmoid_flow(D: Derivation) -> None:
    D.remark(r"With $s_i = \sigma(a_i z + b_i)$ and $S = \sum_i w_i s_i$: $\sigma' = \sigma(1 - \sigma)$ and "
             r"$(\sigma^{-1})'(y) = 1/(y(1-y))$, so $g'(z) = \sum_i w_i a_i s_i (1 - s_i) / (S(1 - S))$. "
             r"Each $s_i \in (0, 1)$, so $S \in (0, 1)$ (a convex combination) and every factor is positive:")
    t = Symbol("t", real=True)
    y = Symbol("y", positive=True)
    sigma = D.define(Function("sigma"), Lambda(t, sigmoid(t)), "the logistic sigmoid")
    lemmas = [D.step(Derivative(sigma(t), t), "=", sigma(t) * (1 - sigma(t)), r"$\sigma' = \sigma(1 - \sigma)$"),
              D.step(Derivative(logit(y), y), "=", 1 / (y * (1 - y)),
                     r"$\sigma^{-1}(y) = \log(y/(1 - y))$, for $0 < y < 1$", given=[y < 1]),
              D.step(sigma(t), ">", 0, r"$e^{-t} > 0$"),
              D.step(sigma(t), "<", 1, r"so each $s_i$ lies in $(0, 1)$")]
    D.remark(r"So $g'(z) > 0$ for every $z$, and $g$ is strictly increasing by the mean value theorem.")
    with D.record_only():
        shown, sweep = _sigmoid_instances(D)
    D.answer(Words(r"$g'(z) = \sum_i w_i a_i s_i(1-s_i) / (S(1-S)) > 0$ for every $z \in \mathbb{R}$ (any number $N$ "
                   r"of components), as each factor is positive: $g$ is strictly increasing on $\mathbb{R}$",
                   because=(*lemmas, *shown, sweep), strict=True),
             value={"derivative_N2": sigmoid_mixture(2)[1]})


def _sigmoid_instances(D: Derivation) -> tuple[list, object]:
    """5.2 at N = 2 and 3 (N = 1 would force w_1 = 1), and a sweep of g' over random mixtures."""
    D.remark(r"With $w_i = u_i/\sum_j u_j$, $u_j > 0$ (any admissible weights), for $N = 2, 3$:")
    shown = []
    for n in (2, 3):
        g, chain_rule, S, s, w = sigmoid_mixture(n)
        complement = sum(w[i] * (1 - s[i]) for i in range(n))
        numerator = sum(w[i] * (_slopes(n)[i]) * s[i] * (1 - s[i]) for i in range(n))
        names = symbols(f"g_{n} S_{n} C_{n} G_{n} P_{n}")
        D.define(names[0], g, f"$N = {n}$", described=rf"\sigma^{{-1}}\big(\textstyle\sum_{{i=1}}^{n} w_i s_i\big)")
        D.define(names[1], S, described=rf"\textstyle\sum_{{i=1}}^{n} w_i s_i")
        D.define(names[3], chain_rule,
                 described=rf"\textstyle\sum_{{i=1}}^{n} w_i a_i s_i (1 - s_i) \big/ \big(S_{n}(1 - S_{n})\big)")
        D.define(names[2], complement, described=rf"\textstyle\sum_{{i=1}}^{n} w_i (1 - s_i)")
        rule = D.step(Derivative(names[0], z), "=", names[3], "the chain rule", instance=f"N = {n}")
        D.step(1 - names[1], "=", names[2], r"as $\sum_i w_i = 1$", instance=f"N = {n}")
        D.define(names[4], numerator, described=rf"\textstyle\sum_{{i=1}}^{n} w_i a_i s_i (1 - s_i)")
        shown += [rule, D.positive(names[4] / (names[1] * names[2]), "a quotient of sums of products of positive terms",
                                   instance=f"N = {n}")]
    smallest, tried = derivative_sweep()
    sweep = D.step(Float(smallest, 6), ">", 0, rf"a sweep: the smallest $g'$ over {tried} random parameter sets and "
                   r"points, $N \le 6$, by central differences of the $g$ above",
                   measured=f"sweep of {tried} random points, seed 5")
    return shown, sweep


def derivative_sweep(seed: int = 5, tries: int = 300) -> tuple[float, int]:
    """The smallest central-difference derivative over random mixtures (N = 1..6) and points, of the
    map :func:`sigmoid_mixture` builds (the one the steps check), compiled to floating point."""
    rng = random.Random(seed)
    maps = {}
    for n in range(1, 7):
        g, *_ = sigmoid_mixture(n)
        parameters = sorted(g.free_symbols - {z}, key=lambda s: s.name)
        maps[n] = parameters, lambdify([z, *parameters], g, "math")
    smallest = math.inf
    for _ in range(tries):
        parameters, g = maps[rng.randint(1, 6)]
        values = [rng.uniform(0.1, 3) if p.name.startswith("a") else rng.uniform(-3, 3) if p.name.startswith("b")
                  else rng.uniform(0.05, 1) for p in parameters]
        point, h = rng.uniform(-4, 4), 1e-5
        smallest = min(smallest, (g(point + h, *values) - g(point - h, *values)) / (2 * h))
    return smallest, tries


f = Function("f")
f_prime = Derivative(f(z), z)


@part("5.3", r"$g(z) = z + f(z)$ with $f' > -1$ is invertible",
      r"Show that $df/dz > -1$ implies that $g(z) = z + f(z)$ is invertible.")
def residual_flow(D: Derivation) -> None:
    slope = D.step(Derivative(z + f(z), z), "=", Written(1 + f_prime, "1 + f'(z)"), "differentiate")
    increasing = D.step(Written(1 + f_prime, "1 + f'(z)"), ">", 0,
                        r"with $f'(z) > -1$: strictly positive, not merely $\ge 0$", given=[f_prime > -1])
    D.remark(r"So $g$ is strictly increasing, hence injective, and invertible onto its range $g(\mathbb{R})$. "
             r"It need not be onto $\mathbb{R}$: for $f(z) = \arctan z - z$, $f' > -1$ but $g = \arctan$.")
    arctan_example = atan(z) - z
    D.step(Derivative(arctan_example, z) + 1, ">", 0, r"$f'(z) > -1$ for $f = \arctan z - z$")
    D.step(Limit(z + arctan_example, z, oo), "=", pi / 2, r"$g(z) = \arctan z$ stays below $\pi/2$")
    with D.record_only():
        D.remark(r"If moreover $f$ is Lipschitz with constant $L < 1$, then $g' \ge 1 - L > 0$ and "
                 r"$|g(z) - g(y)| \ge (1 - L)|z - y|$, so $g(z) \to \pm\infty$ as $z \to \pm\infty$ and $g$ is a "
                 r"bijection of $\mathbb{R}$ (as in invertible residual networks).")
        lip = Symbol("L", positive=True)
        D.step(1 + f_prime, ">=", 1 - lip, r"$f' \ge -L$ for an $L$-Lipschitz $f$", given=[f_prime >= -lip])
        D.positive(1 + f_prime, r"so $g' > 0$ when $L < 1$", given=[f_prime >= -lip, lip < 1])
    D.answer(slope, increasing, Words(r"so $g$ is strictly increasing, hence invertible onto $g(\mathbb{R})$",
                                      because=increasing, strict=True), value={"g_prime": slope.rhs})


# --- 5.4 the radial flow ------------------------------------------------------------------------------

r = Symbol("r", positive=True)
alpha = Symbol("alpha", positive=True)
delta = Symbol("delta", nonnegative=True)   # beta = delta - alpha >= -alpha
beta = Symbol("beta", real=True)
rho = Symbol("rho", positive=True)


def radial_norm(r, alpha, beta):
    """f(r) = ||y - z0|| as a function of r = ||z - z0||, when 1 + beta / (alpha + r) >= 0."""
    return r * (1 + beta / (alpha + r))


def radial_flow(z, z0, alpha, beta):
    r = (z - z0).norm()
    return z + beta / (alpha + r) * (z - z0)


def radial_inverse(y, z0, alpha, beta):
    rho = (y - z0).norm()
    r = (rho - alpha - beta + sqrt((alpha + beta - rho) ** 2 + 4 * alpha * rho)) / 2
    return z0 + r / rho * (y - z0)


@part("5.4", "The radial flow is invertible when $\\beta \\ge -\\alpha$",
      r"$g(z) = z + \beta h(\alpha, r)(z - z_0)$, $h = 1/(\alpha + r)$ with $\alpha > 0$, $r = \|z - z_0\|$, "
      r"$z = z_0 + r\tilde z$: (i) $\beta \ge -\alpha$ makes $r$ unique given $y = g(z)$; "
      r"(ii) then $\tilde z$ is unique.")
def radial(D: Derivation) -> None:
    D.remark(r"$y - z_0 = (1 + \beta/(\alpha + r))\, r \tilde z$ with $\|\tilde z\| = 1$, so "
             r"$\rho := \|y - z_0\| = r\,|1 + \beta/(\alpha+r)|$. Write $\beta = \delta - \alpha$ with $\delta \ge 0$:")
    b_ok = delta - alpha
    psi = D.define(Function("psi"), Lambda(r, radial_norm(r, alpha, beta)), r"the radius of $y$ given that of $z$")
    scale = D.step(1 + b_ok / (alpha + r), ">", 0, r"$1 + \beta/(\alpha + r) > 0$ for $r > 0$: so $\rho = \psi(r)$")
    D.step(Derivative(psi(r), r), "=", 1 + alpha * beta / (alpha + r) ** 2, r"differentiate $\psi$")
    increasing = D.positive(1 + alpha * b_ok / (alpha + r) ** 2,
                            r"$\psi'(r) > 0$ for $r > 0$ (at $r = 0$ it may vanish): $\psi$ is strictly increasing")
    start = D.step(psi(0), "=", 0, r"$\psi(0) = 0$")
    unbounded = D.step(Limit(psi(r), r, oo), "=", oo, r"$\psi(r) \to \infty$")
    D.remark(r"So $\psi$ is a continuous, strictly increasing bijection of $[0, \infty)$: given $y$, "
             r"$r = \psi^{-1}(\rho)$ is unique, and then $\tilde z = (y - z_0)/\psi(r)$ is unique "
             r"(for $y \ne z_0$; $y = z_0$ forces $r = 0$). Solving the quadratic $\psi(r) = \rho$:")
    (root,) = [e for e in solve(radial_norm(r, alpha, beta) - rho, r, check=False, simplify=False) if _is_positive_root(e)]
    factored = Mul(Rational(1, 2), Add(rho - alpha - beta, sqrt((alpha + beta - rho) ** 2 + 4 * alpha * rho)),
                   evaluate=False)
    r_star = D.define(Symbol("r_*", positive=True), factored, "the root with the + sign, the positive one")
    with D.record_only():
        D.step(r_star, "=", root, "the root that SymPy's solve gives")
    solves = D.step(psi(r_star), "=", rho, r"the positive root solves $\psi(r) = \rho$")
    with D.record_only():
        _inverse_instances(D)
    with D.record_only():
        D.remark(r"For $\beta < -\alpha$ uniqueness fails. With $\alpha = 1$, $\beta = -3$: $\psi(1) = -1/2$, and the "
                 r"larger root of $\psi(r) = 1/2$ gives a second point with the same image:")
        a1, b1 = D.define(Symbol("alpha_1"), 1, "a flow with $\\beta < -\\alpha$"), D.define(Symbol("beta_1"), -3)
        (r2,) = [e for e in solve(radial_norm(r, 1, -3) - Rational(1, 2), r, check=False, simplify=False) if e.is_positive]
        direction = Matrix([1, 0])
        z_a = D.define(Symbol("z_a"), direction * 1)
        z_b = D.define(Symbol("z_b"), -direction * r2, r"the larger root of $\psi(r) = 1/2$, in the opposite direction")
        u1, u2 = symbols("u_1 u_2", real=True)
        flow = D.define(Function("g"), Lambda((u1, u2), radial_flow(Matrix([u1, u2]), Matrix([0, 0]), a1, b1)),
                        r"the flow with $\alpha_1$, $\beta_1$ and $z_0 = 0$")
        D.step(flow(*D.definitions[z_a]), "=", flow(*D.definitions[z_b]), r"$z_a$ and $z_b$ have the same image")
        D.step(D.definitions[z_b][0], "!=", D.definitions[z_a][0], "and they are different points")
    D.answer(r_star, Words(r"(i) for $\beta \ge -\alpha$, $\psi$ is a strictly increasing bijection of "
                           r"$[0, \infty)$, so $r = \psi^{-1}(\rho)$ is unique", because=(scale, increasing, start, unbounded),
                           strict=True),
             Words(r"(ii) then $y - z_0 = \psi(r) \tilde z$ with $\psi(r) > 0$, so $\tilde z = (y - z_0)/\psi(r)$ "
                   r"is unique", because=(scale, solves)),
             value={"r": root, "counterexample": {"alpha": D.definitions[a1], "beta": D.definitions[b1],
                                                  "z_a": D.definitions[z_a], "z_b": D.definitions[z_b]}})


def _inverse_instances(D: Derivation) -> None:
    """g undoes the closed-form inverse at concrete points, in two and three dimensions."""
    for offset, a_value, b_value in (((3, 4), Rational(1, 2), Rational(-1, 4)), ((2, 3, 6), 2, -1)):
        dim = len(offset)
        z0 = Matrix([Rational(k + 1, 3) for k in range(dim)])
        y = z0 + Matrix(offset) / 5
        image = D.define(Symbol(f"y_{dim}"), radial_flow(radial_inverse(y, z0, a_value, b_value), z0, a_value, b_value),
                         described=r"g\big(g^{-1}(y)\big)")
        D.step(image, "=", y,
               rf"$D = {dim}$: $g$ undoes the inverse at $y = z_0 + {expression(Matrix(offset).T / 5)}^\top$, "
               rf"$z_0 = {expression(z0.T)}^\top$ ($\alpha = {expression(a_value)}$, $\beta = {expression(b_value)}$)")


def _is_positive_root(e) -> bool:
    """The root of r^2 + (alpha + beta - rho) r - alpha rho = 0 with the + sign (the product of the roots is
    -alpha rho < 0, so exactly one root is positive)."""
    return e.subs({alpha: 1, beta: 0, rho: 1}).is_positive


QUESTION = Question("5", "Invertibility of normalising flows", (relu_collision, sigmoid_flow, residual_flow, radial))

if __name__ == "__main__":
    from dgmderive.checked import run_question

    raise SystemExit(run_question(QUESTION))
