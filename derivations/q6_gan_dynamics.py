"""Question 6: the training dynamics of gradient descent-ascent on V(d, g) = d g."""

from __future__ import annotations

from sympy import (
    Abs,
    Function,
    Lambda,
    Derivative,
    Determinant,
    Identity,
    ImmutableMatrix,
    Limit,
    MatMul,
    Matrix,
    MatrixSymbol,
    Rational,
    Symbol,
    atan,
    cos,
    eye,
    im,
    linsolve,
    oo,
    roots,
    sin,
    solve,
    sqrt,
    symbols,
    zeros,
)

from dgmderive import Derivation, Labeled, Question, Words, Written, part
from dgmderive.render.printer import expression as _latex
from dgmderive.latex.tikz import trajectory

d, g = symbols("d_k g_k", real=True)
alpha = Symbol("alpha", positive=True)  # the learning rate
lam = Symbol("lambda")
k = Symbol("k", integer=True, nonnegative=True)
t = Symbol("t", real=True)
d0, g0 = symbols("d_0 g_0", real=True)
d_any, g_any = symbols("d g", real=True)  # the arguments of V
d_next, g_next = symbols("d_{k+1} g_{k+1}", real=True)
state = Matrix([d, g])


def V(d, g):
    return d * g


def simultaneous_step(d, g, alpha):
    return [d + alpha * g, g - alpha * d]


def alternating_step(d, g, alpha):
    d_next = d + alpha * g
    g_next = g - alpha * d_next
    return [d_next, g_next]


def update_matrix(step) -> Matrix:
    """The matrix of a linear update map: its Jacobian with respect to the state."""
    return Matrix(step(d, g, alpha)).jacobian([d, g])


A = update_matrix(simultaneous_step)
V_ = Function("V")
A_ = MatrixSymbol("A", 2, 2)
B_ = MatrixSymbol("B", 2, 2)
H_ = MatrixSymbol("H", 2, 2)
R_ = MatrixSymbol(r"R(k\theta)", 2, 2)
P_ = MatrixSymbol("P", 2, 2)
I2 = Identity(2)
r = Symbol("r", positive=True)
theta = Symbol("theta", positive=True)


def rotation(phi) -> ImmutableMatrix:
    """The clockwise rotation by ``phi``."""
    return ImmutableMatrix([[cos(phi), sin(phi)], [-sin(phi), cos(phi)]])


def scaled_rotation(n) -> MatMul:
    """M(n) = r**n R(n theta), kept as a product for display."""
    return MatMul(r**n, rotation(n * theta), evaluate=False)


@part("6.1", "The simultaneous update rule",
      r"Gradient ascent on $d$ and descent on $g$, both from $(d_k, g_k)$ with step $\alpha$: "
      r"find $A$ with $[d_{k+1}, g_{k+1}]^\top = A [d_k, g_k]^\top$.")
def update_rule(D: Derivation) -> None:
    value = D.define(V_, Lambda((d_any, g_any), V(d_any, g_any)), "the value function")
    D.step(Derivative(value(d, g), d), "=", g, r"$V$ is linear in $d$")
    D.step(Derivative(value(d, g), g), "=", d, r"$V$ is linear in $g$")
    ascent = D.define(d_next, d + alpha * Derivative(value(d, g), d), quiet=True)
    descent = D.define(g_next, g - alpha * Derivative(value(d, g), g), quiet=True)
    rule = [*D.chain(ascent, (Written(D.definitions[ascent], r"d_k + \alpha \frac{\partial}{\partial d_k} V(d_k, g_k)"),
                              "gradient ascent on $d$"),
                     (Written(simultaneous_step(d, g, alpha)[0], r"d_k + \alpha g_k"), "the partial derivative above")),
            *D.chain(descent, (Written(D.definitions[descent], r"g_k - \alpha \frac{\partial}{\partial g_k} V(d_k, g_k)"),
                               "gradient descent on $g$"),
                     (simultaneous_step(d, g, alpha)[1], "the partial derivative above"))]
    D.define(A_, A, r"the coefficients of $d_k$ and $g_k$ in the two equations")
    D.step(Matrix([ascent, descent]), "=", A_ * state, r"the update is linear in $(d_k, g_k)$")
    D.answer(*rule, A_, value=A)


@part("6.2", "The stationary point",
      "Find the stationary points of the map, and of $V$.")
def stationary_point(D: Derivation) -> None:
    fixed = linsolve((A - eye(2), zeros(2, 1)), [d, g])
    D.remark(r"With $A$ from 6.1, a fixed point satisfies $x = Ax$, that is $(A - I)x = 0$, which has the unique "
             r"solution $x = 0$ exactly when $\det(A - I) \neq 0$.")
    D.define(A_, A, "from 6.1", quiet=True)
    D.step(A_ - I2, "=", Matrix([[0, alpha], [-alpha, 0]]), "subtract the identity")
    D.chain(Determinant(A_ - I2), (alpha**2, "the determinant of a $2 \\times 2$ matrix"),
                          (">", 0, r"$\alpha > 0$, so $A - I$ is invertible"))
    unique = D.steps[-1]
    origin = D.step(A_ * Matrix([0, 0]), "=", Matrix([0, 0]), "the origin is mapped to itself")
    D.remark(r"The origin is also the only stationary point of $V$ (a saddle, as its Hessian has determinant $-1$):")
    value = D.define(V_, Lambda((d_any, g_any), V(d_any, g_any)), "the value function", quiet=True)
    D.step(Matrix([Derivative(value(d_any, g_any), d_any), Derivative(value(d_any, g_any), g_any)]), "=",
           Matrix([g_any, d_any]), r"$\nabla V(d, g) = (g, d) = 0$ only at $d = g = 0$")
    with D.record_only():
        saddle = Matrix([[0, 1], [1, 0]])
        D.define(H_, Matrix([[Derivative(value(d, g), x, y) for y in (d, g)] for x in (d, g)]), quiet=True)
        D.step(H_, "=", saddle, "the Hessian of $V$")
        D.chain(Determinant(saddle), (-1, "a $2 \\times 2$ determinant"),
                ("<", 0, "eigenvalues of both signs: a saddle of $V$"))
    (point,) = fixed
    D.answer(Labeled(r"(d^*, g^*)", Matrix(list(point))),
             Words(r"the only fixed point, for every $\alpha > 0$", because=(unique, origin), strict=True),
             value=list(point))


@part("6.3", "Eigenvalues and the long-run behaviour",
      r"Analyse the eigenvalues of $A$ and predict $(d_k, g_k)$ as $k \to \infty$.")
def eigenvalues(D: Derivation) -> None:
    D.remark("With $A$ from 6.1:")
    D.define(A_, A, "from 6.1", quiet=True)
    charpoly = Determinant(A_ - lam * I2)
    D.step(charpoly, "=", (1 - lam) ** 2 + alpha**2, "the characteristic polynomial")
    found = sorted(roots((A - lam * eye(2)).det(), lam), key=lambda e: im(e), reverse=True)
    eigen = symbols("lambda_1 lambda_2")
    for name, root in zip(eigen, found):
        D.define(name, root)
        D.step(charpoly.subs(lam, name), "=", 0, "a root of the characteristic polynomial")
    modulus = D.step(Abs(found[0], evaluate=False), "=", sqrt(1 + alpha**2), "the modulus of both eigenvalues")
    outside = D.step(sqrt(1 + alpha**2), ">", 1, r"$\alpha > 0$: both eigenvalues lie outside the unit circle")
    D.remark(r"With $r = |\lambda_{1,2}|$, $\theta = \arctan\alpha$ and $R(t) = \left(\begin{smallmatrix} \cos t & "
             r"\sin t \\ -\sin t & \cos t \end{smallmatrix}\right)$ the clockwise rotation by $t$, $A = r R(\theta)$ is a "
             r"scaled rotation, and $A^k = M_k := r^k R(k\theta)$ by induction on $k$:")
    D.define(r, sqrt(1 + alpha**2), "the modulus of the eigenvalues")
    D.define(theta, atan(alpha), "the angle of a step")
    M_k, M_next, M_0, M_1 = (D.define(MatrixSymbol(name, 2, 2), scaled_rotation(n), quiet=quiet)
                             for name, n, quiet in (("M_k", k, False), ("M_{k+1}", k + 1, True), ("M_0", 0, True),
                                                    ("M_1", 1, True)))
    D.step(M_1, "=", A_, r"$\cos\theta = 1/r$, $\sin\theta = \alpha/r$")
    D.step(M_0, "=", I2, "base case $k = 0$")
    D.step(A_ * M_k, "=", M_next, "induction step: rotations compose by adding angles")
    D.define(R_, rotation(k * theta), quiet=True)
    D.step(R_.T * R_, "=", I2, r"$R(k\theta)$ is orthogonal, so $\|R(k\theta) x\| = \|x\|$")
    grows = D.step(Limit(r**k, k, oo), "=", oo, r"$r > 1$")
    with D.record_only():
        rate, start, steps = Rational(1, 2), (1, 0), 8
        d8, g8 = _iterate(simultaneous_step, rate, start, steps)[-1]
        n8 = D.define(Symbol(f"N_{steps}"), d8**2 + g8**2,
                      rf"$d_{steps}^2 + g_{steps}^2$ after {steps} steps of the map at $\alpha = {_latex(rate)}$ from "
                      rf"${_latex(start)}$")
        D.step(n8, "=", (r**(2 * steps)).subs(r, sqrt(1 + rate**2)) * (start[0] ** 2 + start[1] ** 2),
               rf"check: $r^{{{2 * steps}}}\|x_0\|^2$ at $\alpha = {_latex(rate)}$")
    D.remark(r"Hence $(d_k, g_k) = r^k R(k\theta)(d_0, g_0)$ and $\|(d_k, g_k)\| = (1+\alpha^2)^{k/2}\, \|(d_0, g_0)\|$.")
    rate, start, count = Rational(1, 4), (1, 0), 40
    shown = _iterate(simultaneous_step, rate, start, count)
    with D.record_only():
        D.figure(trajectory([(float(x), float(y)) for x, y in shown], "$d$", "$g$", scale=0.9),
                 rf"The first {count} iterates for $\alpha = {_latex(rate)}$ from ${_latex(tuple(shown[0]))}$ "
                 "(circled), computed from the map.")
    D.answer(*eigen, modulus, outside,
             Words(r"for $(d_0, g_0) \neq (0, 0)$ the iterates turn clockwise by $\arctan\alpha$ per step while "
                   r"their norm $(1+\alpha^2)^{k/2}\|(d_0, g_0)\|$ grows without bound: they spiral outward and never "
                   r"converge to $(0, 0)$, for every $\alpha > 0$", because=(outside, grows), strict=True),
             value={"eigenvalues": found, "modulus": modulus.rhs, "diverges": outside})


@part("6.4", "Beyond the assignment: alternating updates and the continuous flow",
      r"Update $d$ first and let $g$ see the new $d$; then let $\alpha \to 0$.", extra=True)
def beyond(D: Derivation) -> None:
    D.define(d_next, alternating_step(d, g, alpha)[0], "ascent on $d$, as before")
    D.define(g_next, g - alpha * d_next, "descent on $g$ at the new $d$")
    B = update_matrix(alternating_step)
    D.define(B_, B, "the Jacobian of the alternating map")
    D.step(Matrix([d_next, g_next]), "=", B_ * state, "the alternating map is linear")
    modulus = []
    D.step(Determinant(B_), "=", 1, "it preserves area")
    discriminant = B.trace() ** 2 - 4 * B.det()
    D.step(discriminant, "<", 0, r"for $0 < \alpha < 2$ the eigenvalues are complex", given=[alpha < 2])
    mu = symbols("mu_1 mu_2")
    for name, root in zip(mu, solve((B - lam * eye(2)).det(), lam)):
        D.define(name, root)
        D.step(Determinant(B_ - name * I2), "=", 0, "an eigenvalue of the alternating map")
    modulus.append(D.step(mu[0] * mu[1], "=", 1, r"the eigenvalues are conjugate, so $|\mu|^2 = \mu\bar\mu = \det B = 1$",
                          given=[alpha < 2]))
    p = symbols("p_1:4")
    P = Matrix([[1, p[1]], [p[1], p[2]]])
    (solution,) = solve(list(B.T * P * B - P), [p[1], p[2]], dict=True)
    invariant = P.subs(solution)
    D.define(P_, invariant, "solving $B^\\top P B = P$ with $P_{11} = 1$")
    D.step(B_.T * P_ * B_, "=", P_, r"the quadratic form $x^\top P x$ is conserved")
    D.positive(Determinant(P_), r"$P \succ 0$ for $0 < \alpha < 2$: the level sets are ellipses",
               given=[alpha < 2])
    D.remark(r"So for $0 < \alpha < 2$ the iterates stay on the ellipse $x^\top P x = x_0^\top P x_0$: "
             r"bounded, but never converging to the stationary point.")
    d_t = d0 * cos(t) + g0 * sin(t)
    g_t = g0 * cos(t) - d0 * sin(t)
    D.step(Matrix([Derivative(d_t, t), Derivative(g_t, t)]), "=", Matrix([g_t, -d_t]),
           r"the flow $\dot d = \partial V/\partial d$, $\dot g = -\partial V/\partial g$ from $(d_0, g_0)$")
    circles = D.step(d_t**2 + g_t**2, "=", d0**2 + g0**2, "the flow moves on circles")
    value = D.define(V_, Lambda((d, g), V(d, g)), "the value function")
    D.step(Matrix(simultaneous_step(d, g, alpha)), "=",
           state + alpha * Matrix([Derivative(value(d, g), d), -Derivative(value(d, g), g)]),
           "the simultaneous update is the Euler step of that flow")
    D.answer(B_, Words(r"$|\mu_{1,2}| = 1$ for $0 < \alpha < 2$: bounded, never converging", because=tuple(modulus)),
             circles, value={"alternating_matrix": B, "invariant": invariant})


def _iterate(step, alpha_value, start, n: int) -> list[tuple]:
    points = [tuple(start)]
    for _ in range(n):
        points.append(tuple(step(*points[-1], alpha_value)))
    return points


QUESTION = Question("6", "GAN training dynamics", (update_rule, stationary_point, eigenvalues, beyond))

if __name__ == "__main__":
    from dgmderive.checked import run_question

    raise SystemExit(run_question(QUESTION))
