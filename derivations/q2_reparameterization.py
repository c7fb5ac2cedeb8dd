"""Question 2: the reparameterisation trick, the change of variables, and the cost of |det J|."""

from __future__ import annotations

import math
import random
from contextlib import nullcontext
from fractions import Fraction

from sympy import (
    Abs,
    Derivative,
    Determinant,
    Function,
    Identity,
    IndexedBase,
    Inverse,
    Lambda,
    MatMul,
    Matrix,
    MatrixSymbol,
    Product,
    Rational,
    Sum,
    Symbol,
    Transpose,
    diag,
    exp,
    pi,
    prod,
    sqrt,
    symbols,
)

from dgmderive import Derivation, Growth, Question, Words, part
from dgmderive.counting import Tally, counted_function
from dgmderive.latex.tikz import loglog_plot

K = Symbol("K", integer=True, positive=True)
k = Symbol("k", integer=True, positive=True)
mu, z, z0 = symbols("mu z z_0", real=True)
sigma = Symbol("sigma", positive=True)
mu_, z_ = IndexedBase("mu", real=True), IndexedBase("z", real=True)
sigma_ = IndexedBase("sigma", positive=True)
x_ = Symbol("x", real=True)
m_, v_ = Symbol("m", real=True), Symbol("v", positive=True)
phi = Function(r"\varphi")
Normal = Function(r"\mathcal{N}")
G = Function("g_k")


def g(z_0, mu, sigma):
    return mu + sigma * z_0


def normal_pdf(x, mean, variance):
    """The density of N(mean, variance) at x."""
    return exp(-((x - mean) ** 2) / (2 * variance)) / sqrt(2 * pi * variance)


def standard_normal_pdf(x: Matrix):
    """The density of N(0, I_K) at the K-vector x."""
    return (2 * pi) ** Rational(-len(x), 2) * exp(-(x.T * x)[0] / 2)


def gaussian_pdf(x: Matrix, mean: Matrix, covariance: Matrix):
    """The density of N(mean, covariance) at x, in its textbook form."""
    v = x - mean
    return ((2 * pi) ** Rational(-len(x), 2) * Determinant(covariance) ** Rational(-1, 2)
            * exp(-(v.T * covariance.inv() * v)[0] / 2))


def vector(name: str, n: int, **assumptions) -> Matrix:
    return Matrix(symbols(f"{name}_1:{n + 1}", **assumptions))


# --- 2.1 ------------------------------------------------------------------------------------------

@part("2.1", r"The diagonal map gives $\mathcal{N}(\mu, \mathrm{diag}(\sigma^2))$",
      r"$z_0 \sim \mathcal{N}(0, I_K)$ and $g(z_0) = \mu + \sigma \odot z_0$ with $\sigma > 0$: "
      r"show, with the change of variables, that $g(z_0) \sim \mathcal{N}(\mu, \mathrm{diag}(\sigma^2))$.")
def diagonal_gaussian(D: Derivation) -> None:
    D.remark(r"The map acts coordinate by coordinate, $z_k = \mu_k + \sigma_k z_{0,k}$: it is invertible with "
             r"$z_0 = g^{-1}(z) = (z - \mu) \oslash \sigma$, and its Jacobian is $J = \mathrm{diag}(\sigma)$, so "
             r"$|\det J| = \prod_k \sigma_k$. Equation (1), $q(z) = q(z_0)\,|\det J|^{-1}$, then factorises over the "
             r"coordinates. In one coordinate, with $\varphi$ the standard normal density:")
    D.define(phi, Lambda(x_, normal_pdf(x_, 0, 1)), "the standard normal density",
             shown=r"\frac{1}{\sqrt{2\pi}} e^{-x^2/2}")
    D.define(Normal, Lambda((x_, m_, v_), normal_pdf(x_, m_, v_)), r"the $\mathcal{N}(m, v)$ density at $x$",
             shown=r"\frac{1}{\sqrt{2\pi v}} e^{-(x-m)^2/(2v)}")
    D.define(G, Lambda(x_, g(x_, mu, sigma)), r"coordinate $k$ of the map, $\mu = \mu_k$, $\sigma = \sigma_k$")
    inverse = (z - mu) / sigma
    D.step(G(inverse), "=", z, "$g(g^{-1}(z)) = z$")
    D.step(Derivative(g(z0, mu, sigma), z0), "=", sigma, r"the Jacobian's entry")
    D.step(phi(inverse) / Abs(sigma), "=", Normal(z, mu, sigma**2),
           r"equation (1) in one coordinate: the $\mathcal{N}(\mu, \sigma^2)$ density")
    D.remark(r"Multiplying the $K$ coordinates:")
    density = D.step(
        Product(Normal(z_[k], mu_[k], sigma_[k] ** 2), (k, 1, K)), "=",
        (2 * pi) ** (-K / 2) / Product(sigma_[k], (k, 1, K))
        * exp(-Sum((z_[k] - mu_[k]) ** 2 / (2 * sigma_[k] ** 2), (k, 1, K))),
        r"the product of the one-dimensional results", instances=[{K: n} for n in range(1, 5)])
    D.remark(r"With $\Sigma = \mathrm{diag}(\sigma^2)$, $\det(\Sigma)^{1/2} = \prod_k \sigma_k$ and "
             r"$(z - \mu)^\top \Sigma^{-1} (z - \mu) = \sum_k (z_k - \mu_k)^2/\sigma_k^2$, so this is "
             r"$(2\pi)^{-K/2} \det(\Sigma)^{-1/2} \exp(-\frac12 (z - \mu)^\top \Sigma^{-1} (z - \mu))$, the "
             r"density of $\mathcal{N}(\mu, \Sigma)$.")
    with D.record_only():
        explicit = _diagonal_sizes(D)
    D.answer(Words(r"$q(z) = \prod_k \mathcal{N}(z_k; \mu_k, \sigma_k^2) = \mathcal{N}(z; \mu, \mathrm{diag}(\sigma^2))$",
                   because=(density, *explicit)),
             value={"density_1d": normal_pdf(z, mu, sigma**2), "density": density.rhs})


def _diagonal_sizes(D: Derivation) -> list:
    """2.1 fully explicit at K = 2, 3, 4: the Jacobian, its determinant, and equation (1) against the
    textbook density with Sigma = diag(sigma^2)."""
    D.remark(r"For $K = 2, 3, 4$, fully explicit: the Jacobian is $\mathrm{diag}(\sigma)$, its determinant "
             r"$\prod_k \sigma_k$, and the density is the textbook one with $\Sigma = \mathrm{diag}(\sigma^2)$, "
             r"whose normalisation is $(2\pi)^{-K/2} \det(\Sigma)^{-1/2} = (2\pi)^{-K/2} (\prod_k \sigma_k)^{-1}$.")
    shown = []
    for n in (2, 3, 4):
        m, s, x, x0 = vector("mu", n, real=True), vector("sigma", n, positive=True), vector("z", n, real=True), \
            vector("zeta", n, real=True)
        J = Matrix(n, n, lambda i, j: Derivative(g(x0[i], m[i], s[i]), x0[j]))  # shown unevaluated
        D.step(J, "=", diag(*s), f"$K = {n}$: the Jacobian")
        D.step(Abs(Determinant(J)), "=", prod(s), "a diagonal determinant")
        inverse_n = Matrix([(x[i] - m[i]) / s[i] for i in range(n)])
        by_change = D.define(Symbol(f"q_{n}"), standard_normal_pdf(inverse_n) / prod(s),
                             described=r"(2\pi)^{-K/2} e^{-\zeta^\top \zeta/2} \prod_k \sigma_k^{-1},\ "
                                   r"\zeta_k = (z_k - \mu_k)/\sigma_k")
        textbook = D.define(Symbol(f"N_{n}"), gaussian_pdf(x, m, diag(*[v**2 for v in s])),
                            described=r"(2\pi)^{-K/2} \det(\Sigma)^{-1/2} e^{-(z-\mu)^\top \Sigma^{-1} (z-\mu)/2},\ "
                                  r"\Sigma = \mathrm{diag}(\sigma^2)")
        shown.append(D.step(by_change, "=", textbook, f"$K = {n}$: equation (1) gives the textbook density"))
    return shown


# --- 2.2 and 2.4: counting the operations that |det J| costs ---------------------------------------

def _entry(x: Fraction, exact: bool):
    """An entry as a fraction (to check the result) or a float (to count quickly: the count does
    not depend on the values)."""
    return x if exact else float(x)


def diagonal_matrix(n: int) -> list[list[Fraction]]:
    """The diagonal matrix the counts are taken on: entries 1 + i/n."""
    return [[Fraction(1) + Fraction(i, n) if i == j else Fraction(0) for j in range(n)] for i in range(n)]


def triangular_matrix(n: int) -> list[list[Fraction]]:
    """A lower-triangular matrix with a positive diagonal."""
    return [[Fraction(1 + i) + Fraction(j, n) if j <= i else Fraction(0) for j in range(n)] for i in range(n)]


def dense_matrix(n: int) -> list[list[Fraction]]:
    """A dense, diagonally dominant matrix (LU needs no pivoting)."""
    return [[Fraction(n + 1) if i == j else Fraction(1, 1 + i + j) for j in range(n)] for i in range(n)]


def diagonal_determinant(tally: Tally, n: int, exact: bool = False):
    """|det diag(sigma)| = sigma_1 ... sigma_K (sigma > 0, so no absolute value is needed)."""
    diagonal = [tally.number(_entry(diagonal_matrix(n)[i][i], exact)) for i in range(n)]
    result = diagonal[0]
    for entry in diagonal[1:]:
        result = result * entry
    return result


def triangular_determinant(tally: Tally, n: int, exact: bool = False):
    """|det S| for lower-triangular S with positive diagonal: the product of the diagonal."""
    S = [[tally.number(_entry(x, exact)) if j <= i else 0 for j, x in enumerate(row)]
         for i, row in enumerate(triangular_matrix(n))]
    result = S[0][0]
    for i in range(1, n):
        result = result * S[i][i]
    return result


def dense_determinant(tally: Tally, n: int, exact: bool = False):
    """|det S| for a dense S by LU elimination (S diagonally dominant, so no pivoting is needed)."""
    S = [[tally.number(_entry(x, exact)) for x in row] for row in dense_matrix(n)]
    for col in range(n):
        for row in range(col + 1, n):
            factor = S[row][col] / S[col][col]
            for j in range(col + 1, n):
                S[row][j] = S[row][j] - factor * S[col][j]
    result = S[0][0]
    for i in range(1, n):
        result = result * S[i][i]
    return abs(result)


ALGORITHMS = {"diagonal": diagonal_determinant, "triangular": triangular_determinant, "dense LU": dense_determinant}
MATRICES = {"diagonal": diagonal_matrix, "triangular": triangular_matrix, "dense LU": dense_matrix}
SIZES = (1, 2, 4, 8, 16, 32, 64)
m_ = Symbol("m", integer=True, nonnegative=True)
# The counts derived by hand, independently of the counter: a product of K numbers takes K - 1
# multiplications; LU elimination of column c updates the K - 1 - c rows below it, each with one
# division and K - 1 - c multiplications and subtractions, then multiplies the K pivots together
# and takes the absolute value.
BY_HAND = {"diagonal": K - 1, "triangular": K - 1,
           "dense LU": Sum(m_ * (1 + 2 * m_), (m_, 0, K - 1)) + (K - 1) + 1}
ORDERS = {"diagonal": 1, "triangular": 1, "dense LU": 3}
ORDER_REASONS = {"diagonal": r"$K$ factors, so $K - 1$ products",
                 "triangular": r"the product of the $K$ diagonal entries: $K - 1$ multiplications",
                 "dense LU": r"LU elimination column by column, then the product of the pivots"}


COUNTERS = {"diagonal": counted_function("ops_diag", diagonal_determinant),
            "triangular": counted_function("ops_tri", triangular_determinant),
            "dense LU": counted_function("ops_LU", dense_determinant)}


def ops(name: str, n: int) -> int:
    """The operations ``name`` performs at size n (counted once per size; see counted_function)."""
    return int(COUNTERS[name](n))


def growth_exponent(name: str) -> float:
    """The least-squares slope of log(count) against log(K) over K = 8 ... 64 (a measurement, shown
    in the table beside the exact orders)."""
    xs = [math.log(n) for n in SIZES if n >= 8]
    ys = [math.log(ops(name, n)) for n in SIZES if n >= 8]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def count_formula(name: str):
    """The count derived by hand, as a polynomial in K."""
    return BY_HAND[name].doit().expand()


def computed_determinant(name: str, n: int):
    """What the counted algorithm returns at size n, run on fractions."""
    value = ALGORITHMS[name](Tally(), n, exact=True)
    return Rational(value.value.numerator, value.value.denominator)


def _cost_steps(D: Derivation, name: str) -> Growth:
    """The count against the formula derived by hand, at every size of the table, and the
    algorithm's result against SymPy's determinant; returns the order of growth, for the answer."""
    count = D.step(COUNTERS[name](K), "=", BY_HAND[name],
                   ORDER_REASONS[name],
                   instances=[{K: n} for n in SIZES])
    with D.record_only():
        for n in (3, 5):
            D.step(computed_determinant(name, n), "=", Abs(Determinant(Matrix(MATRICES[name](n)))),
                   f"{name}, $K = {n}$: the counted algorithm computes $|\\det S|$", instance=f"K = {n}")
    return count, Growth(count_formula(name), K, ORDERS[name])


def _cost_table(D: Derivation) -> None:
    D.table(("$K$", *ALGORITHMS),
            [(n, *(ops(name, n) for name in ALGORITHMS)) for n in SIZES]
            + [("slope", *(f"{growth_exponent(name):.2f}" for name in ALGORITHMS))],
            "Arithmetic operations counted while computing $|\\det J|$; the last row is the least-squares "
            "slope of $\\log(\\text{count})$ against $\\log K$ for $K = 8, \\dots, 64$.")
    D.figure(loglog_plot({name: [(n, ops(name, n)) for n in SIZES if ops(name, n) > 0] for name in ALGORITHMS},
                         "$K$", "operations"),
             "Operation counts against $K$ (log-log); the dense count has slope 3, the others slope 1.")


@part("2.2", r"The cost of $|\det J|$ for the diagonal map",
      r"Time complexity of $|\det J_{z_0} g(z_0)|$ for $g(z_0) = \mu + \sigma \odot z_0$, as a function of $K$.")
def diagonal_cost(D: Derivation) -> None:
    D.remark(r"$J = \mathrm{diag}(\sigma)$ is read off without arithmetic, and $|\det J| = \prod_k \sigma_k$ "
             r"takes $K - 1$ multiplications (no absolute value is needed, since $\sigma > 0$). With "
             r"$\mathrm{ops}_{\mathrm{diag}}(K)$ the number of arithmetic operations of that computation:")
    count, growth = _cost_steps(D, "diagonal")
    D.answer(count, growth, value={"ops": count.rhs, "exponent": growth})


@part("2.4", r"The cost of $|\det J|$ for a lower-triangular $S$",
      r"$g(z_0) = \mu + S z_0$ with $S$ lower triangular and $S_{ii} > 0$: the cost of $|\det J|$.")
def triangular_cost(D: Derivation) -> None:
    D.remark(r"$J = S$. Expanding along the first row leaves only $S_{11}$ times the determinant of a smaller "
             r"lower-triangular matrix, so by induction $\det S = \prod_k S_{kk}$, which is positive: "
             r"$|\det J| = \prod_k S_{kk}$, again $K - 1$ multiplications:")
    n = 3
    S = Matrix(n, n, lambda i, j: Symbol(f"S_{i + 1}{j + 1}", real=True) if j <= i else 0)
    D.step(Determinant(S), "=", prod(S[i, i] for i in range(n)), "the product of the diagonal", instance="K = 3")
    triangular, triangular_growth = _cost_steps(D, "triangular")
    D.remark(r"A dense $S$ costs $\mathcal{O}(K^3)$ by LU elimination ($\mathcal{O}(K^{2.373})$ with fast matrix "
             r"multiplication): the triangular structure saves all but a linear cost.")
    with D.record_only():
        dense, dense_growth = _cost_steps(D, "dense LU")
        dense_growth = D.growth(dense_growth)
        _cost_table(D)
    D.answer(triangular, triangular_growth, value={"ops_triangular": triangular.rhs, "ops_dense": dense.rhs,
                                                   "exponent_triangular": triangular_growth,
                                                   "exponent_dense": dense_growth})


# --- 2.3 ------------------------------------------------------------------------------------------

@part("2.3", r"A general linear map gives $\mathcal{N}(\mu, SS^\top)$",
      r"$g(z_0) = \mu + S z_0$ with $S$ non-singular: derive the density of $g(z_0)$ with equation (1).")
def general_linear(D: Derivation) -> None:
    D.remark(r"$g^{-1}(z) = S^{-1}(z - \mu)$ and $J = S$, so with $v := z - \mu$ equation (1) gives "
             r"$q(z) = (2\pi)^{-K/2} |\det S|^{-1} \exp(-\frac12 (S^{-1}v)^\top (S^{-1}v))$. Two identities, each "
             r"following in one line from $\det S^\top = \det S$ and $(SS^\top)^{-1} = S^{-\top} S^{-1}$, turn "
             r"this into the textbook density:")
    identities = []
    for n in (2, 3):
        S = Matrix(n, n, lambda i, j: Symbol(f"S_{i + 1}{j + 1}", real=True))
        m, x, x0 = vector("mu", n, real=True), vector("z", n, real=True), vector("zeta", n, real=True)
        S_ = MatrixSymbol("S", n, n)
        with D.record_only() if n > 2 else nullcontext():
            D.define(S_, S, f"$K = {n}$", quiet=n == 2)
            with D.record_only():
                D.step((m + S * x0).jacobian(x0), "=", S_, "the Jacobian is $S$", instance=f"K = {n}")
            D.step(Abs(Determinant(S_)), "=", sqrt(Determinant(S_ * S_.T)),
                   r"$\det(S S^\top) = \det S \det S^\top = (\det S)^2$", instance=f"K = {n}")
            identities.append(D.steps[-1])
            if n == 2:
                v = D.define(MatrixSymbol("v", n, 1), x - m, quiet=True)
                whitened = MatMul(Inverse(S_), v, evaluate=False)
                identities.append(D.step(MatMul(Transpose(whitened), whitened, evaluate=False), "=",
                                         MatMul(v.T, Inverse(MatMul(S_, S_.T)), v, evaluate=False),
                                         r"$(S S^\top)^{-1} = S^{-\top} S^{-1}$", instance=f"K = {n}"))
    D.remark(r"So $q(z) = (2\pi)^{-K/2} \det(SS^\top)^{-1/2} \exp(-\tfrac12 (z-\mu)^\top (SS^\top)^{-1} (z-\mu))$: "
             r"$g(z_0) \sim \mathcal{N}(\mu, SS^\top)$.")
    with D.record_only():
        instances = _random_linear_maps(D)
        covariance = D.step(MatMul(S_, Identity(3), S_.T, evaluate=False), "=", MatMul(S_, S_.T),
                            r"the covariance of $\mu + S z_0$ is $S\,\mathrm{Cov}(z_0)\,S^\top$")
    D.answer(Words(r"$q(z) = (2\pi)^{-K/2} \det(SS^\top)^{-1/2} \exp\big(-\tfrac12 (z-\mu)^\top (SS^\top)^{-1} "
                   r"(z-\mu)\big)$, the density of $\mathcal{N}(\mu, SS^\top)$", because=(*identities, *instances)),
             value={"covariance": covariance.rhs})


def _random_linear_maps(D: Derivation) -> list:
    """Equation (1) against N(mu, SS^T), whole, on seeded random rational S, mu and z, K = 2..8."""
    D.remark(r"Checked whole, on seeded random rational $S$, $\mu$ and $z$ for $K = 2, \dots, 8$, in exact arithmetic:")
    rng = random.Random(2)
    instances = []
    for n in range(2, 9):
        S = Matrix(n, n, lambda i, j: Rational(rng.randint(-9, 9), rng.randint(1, 5)) + (n if i == j else 0))
        m = Matrix([Rational(rng.randint(-9, 9), 4) for _ in range(n)])
        x = Matrix([Rational(rng.randint(-9, 9), 4) for _ in range(n)])
        by_change = D.define(Symbol(f"q_{n}"), standard_normal_pdf(S.inv() * (x - m)) / Abs(S.det()),
                             described=r"q(z_0)\,|\det S|^{-1}",
                             why=rf"at a random $S \in \mathbb{{Q}}^{{{n} \times {n}}}$ and $\mu, z \in \mathbb{{Q}}^{n}$")
        textbook = D.define(Symbol(f"N_{n}"), gaussian_pdf(x, m, S * S.T),
                            described=r"\mathcal{N}(z; \mu, SS^\top)", why="at the same point")
        instances.append(D.step(by_change, "=", textbook, rf"$K = {n}$, exactly", instance=f"K = {n}, a random S"))
    return instances


QUESTION = Question("2", "The reparameterisation trick",
                    (diagonal_gaussian, diagonal_cost, general_linear, triangular_cost))

if __name__ == "__main__":
    from dgmderive.checked import run_question

    raise SystemExit(run_question(QUESTION))
