"""The truth of the adversarial corpus (tests/data/adversarial_claims.json), settled without dgmderive.

Each entry of the corpus states a claim in LaTeX, whether it is true, and a translation of both sides
into mpmath (``entry["mp"]["lhs"]``, ``entry["mp"]["rhs"]``) with points at which to evaluate them.
:func:`confirm` evaluates the translation at every point and raises AssertionError unless the stated
truth is borne out:

* a TRUE claim needs at least three points and must hold at every one of them: for ``=`` to a
  relative tolerance ``tol`` (1e-25 at the default 50 digits, 10**(-dps/2) in general), for ``<`` with
  a gap of more than ``tol``, for ``<=`` up to ``tol``, for ``!=`` with a difference beyond ``margin``;
* a FALSE claim needs at least one point, and every listed point must be a witness where the relation
  fails clearly: an equality off by more than ``margin`` = ``tol * 1e10`` (1e-15 at 50 digits), a
  non-strict inequality violated by more than ``margin``; a strict inequality (or ``!=``) fails where
  the sides are equal, and such an equality is accepted only if it also holds to 10**(-dps) when the
  point is evaluated again at twice the precision (so that a tiny true gap is never taken for equality).
  Tiny-difference claims set ``"dps"`` (e.g. 80 or 100) so that ``margin`` lies below their gap.

Points: a mapping from names to strings. An integer literal becomes an int, a decimal (``"2.5"``,
``"1e-30"``) an mpf, a complex literal (``"4j"``, ``"-3-4j"``, ``"1+2.5j"``) an mpc with mpf parts; any
other string (``"lambda t: t**4"``, ``"mp.pi/2"``, ``"finite_model(...)"``) is evaluated with ``mp``
and the helpers below in scope. Reserved keys: ``_dps`` (the precision for this point, for claims
without variables, which are checked at several precisions) and ``diverges`` (``"lhs"`` or
``"rhs"``, see below). An entry's ``setup`` (Python statements) runs after the point is bound.

Divergence: at a point marked ``"diverges": "lhs"`` the entry's ``mp["lhs_partial"]`` (a
``lambda R: ...`` giving the partial integral or partial sum up to the cutoff R; for an integral
singular at an endpoint, R is the reciprocal distance to it) is evaluated at ``entry["partial_R"]``
(default 1e2, 1e4, 1e6, 1e8). The side counts as +inf (or -inf) when the partial values move
monotonically in one direction and the last step is at least half the first, i.e. they do not settle
(logarithmic or faster growth, with the cutoffs spaced so that the growth shows); the relation is then
decided with that infinite value. Only false claims use this.

Assumptions: every entry of ``assume`` is checked at every point: ``n integer``, ``x positive`` and
the other words (``integer positive negative nonnegative nonpositive real complex nonzero odd even
rational``), and relations such as ``x>0``, ``alpha<2``, ``x \\ge y`` written simply (LaTeX commands for
relations and Greek letters, ``^`` for powers) are evaluated directly; anything else must be given a
Python translation in ``entry["assume_mp"]`` (a mapping from the assumption text to an expression).
A variable with a non-real value must be assumed ``complex``.

Helpers in scope: ``finite_model(pz, lik, q)`` and ``gaussian_model(w, s, m, t, x)`` build a latent
variable model (see :class:`Model`); ``seq(*values)`` a family x_1, x_2, ... as a function of k.
"""

from __future__ import annotations

import re

import mpmath
from mpmath import mp

DPS = 50
RELATIONS = ("=", "!=", "<", "<=", ">", ">=")
CATEGORIES = (
    "branch cuts", "removable singularities", "narrow regions", "large values", "tiny differences",
    "integers and parity", "sums and products", "integrals", "derivatives", "matrices and determinants",
    "probability notation", "inequalities with assumptions", "inequalities without assumptions",
    "unknown functions", "complex values", "hard true identities", "notation",
)
WORDS = {"integer", "positive", "negative", "nonnegative", "nonpositive", "real", "complex", "nonzero", "odd",
         "even", "rational"}
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
NUMBER = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
COMPLEX = re.compile(rf"^(?:(?P<re>[+-]?{NUMBER})(?=[+-]))?(?P<im>[+-]?(?:{NUMBER})?)j$")


# --- probability models -------------------------------------------------------------------------

class Finite:
    """A mass function on {0, ..., K-1}."""

    def __init__(self, probs):
        self.p = [mp.mpf(str(v)) if not isinstance(v, mpmath.mpf) else v for v in probs]
        assert all(v >= 0 for v in self.p), "a mass function with a negative entry"
        assert abs(mp.fsum(self.p) - 1) < mp.mpf(10) ** (-mp.dps + 5), "a mass function that does not sum to 1"

    def pdf(self, z):
        return self.p[int(z)]

    def E(self, g):
        """E[g(z)]: a sum over the support (terms with mass 0 are absent, whatever g is there)."""
        return mp.fsum(pk * g(k) for k, pk in enumerate(self.p) if pk != 0)


class Normal:
    """The density of N(mean, sd^2) on the real line."""

    def __init__(self, mean, sd):
        self.mean, self.sd = mp.mpf(mean), mp.mpf(sd)
        assert self.sd > 0
        self.scale = 1 / (self.sd * mp.sqrt(2 * mp.pi))

    def pdf(self, z):
        return self.scale * mp.exp(-(z - self.mean) ** 2 / (2 * self.sd ** 2))

    def E(self, g):
        """E[g(z)] by Gauss-Legendre quadrature over mean +- 13 sd (the mass outside is below 1e-38), and
        out to mean +- 13 when sd < 1, so that an integrand such as q (p/q) = p, wider than q, is covered
        too (the models' other densities have sd <= 1 and means near 0); the integrands are smooth."""
        m, s = self.mean, self.sd
        cuts = [m - 13 * s, m, m + 13 * s]
        if s < 1:
            cuts = [m - 13] + cuts + [m + 13]
        return mp.quad(lambda z: self.pdf(z) * g(z), cuts, method="gauss-legendre")


class Model:
    """A latent variable model at one observed x: the prior p(z), the likelihood p(x|z) of that x as
    a function of z, the joint p(x, z), the evidence p(x), the posterior p(z|x), and an approximate
    posterior q(z|x). ``prior``, ``post`` and ``q`` are distributions with ``pdf`` and ``E``."""

    def __init__(self, prior, lik, q, post, px):
        self.prior, self.lik, self.q, self.post, self.px = prior, lik, q, post, px

    def pz(self, z):
        return self.prior.pdf(z)

    def pxz(self, z):
        return self.prior.pdf(z) * self.lik(z)

    def KL(self, a, b):
        """KL(a || b) = E_a[log a/b], with 0 log 0 = 0."""
        return a.E(lambda z: mp.log(a.pdf(z) / b.pdf(z)))


def finite_model(pz, lik, q):
    """z takes K values with prior mass pz; lik[k] = p(x|z=k) for the observed x (a mass, in [0, 1]);
    q[k] = q(z=k|x)."""
    prior, qd = Finite(pz), Finite(q)
    lik = [mp.mpf(str(v)) for v in lik]
    assert all(0 <= v <= 1 for v in lik), "a mass p(x|z) outside [0, 1]"
    joint = [prior.p[k] * lik[k] for k in range(len(lik))]
    px = mp.fsum(joint)
    post = Finite([v / px for v in joint]) if px else None
    return Model(prior, lambda z: lik[int(z)], qd, post, px)


def gaussian_model(w, s, m, t, x):
    """z ~ N(0, 1), x | z ~ N(w z, s^2) observed at x, q(z|x) = N(m, t^2): densities, not masses."""
    w, s, m, t, x = (mp.mpf(str(v)) for v in (w, s, m, t, x))
    v = w ** 2 + s ** 2
    post = Normal(w * x / v, mp.sqrt(s ** 2 / v))
    px = Normal(0, mp.sqrt(v)).pdf(x)
    noise = Normal(0, s)
    return Model(Normal(0, 1), lambda z: noise.pdf(x - w * z), Normal(m, t), post, px)


def seq(*values):
    """The family x_1, x_2, ... as a function of k (1-based)."""
    members = [mp.mpf(str(v)) for v in values]
    return lambda k: members[int(k) - 1]


HELPERS = {"mp": mp, "mpmath": mpmath, "finite_model": finite_model, "gaussian_model": gaussian_model,
           "seq": seq}


# --- values ---------------------------------------------------------------------------------------

def _value(text, namespace):
    if not isinstance(text, str):
        return text
    t = text.strip()
    if re.fullmatch(r"[+-]?\d+", t):
        return int(t)
    if re.fullmatch(rf"[+-]?{NUMBER}", t):
        return mp.mpf(t)
    found = COMPLEX.match(t)
    if found:
        im = found["im"]
        im = {"": "1", "+": "1", "-": "-1"}.get(im, im)
        return mp.mpc(mp.mpf(found["re"] or 0), mp.mpf(im))
    return eval(t, namespace)  # a lambda, a model, an expression such as mp.pi/2


def _bind(entry, point):
    namespace = dict(HELPERS)
    for name, text in point.items():
        if name not in ("_dps", "diverges"):
            namespace[name] = _value(text, namespace)
    if entry.get("setup"):
        exec(entry["setup"], namespace)
    return namespace


def _number(value, what):
    if isinstance(value, float):
        raise AssertionError(f"{what} is a Python float (53 bits): write the translation with mp numbers")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, mpmath.ctx_mp_python._constant):  # mp.pi, mp.e: a number at the working precision
        return +value
    if isinstance(value, (int, mpmath.mpf, mpmath.mpc, mpmath.matrix)):
        return value
    raise AssertionError(f"{what} has an unexpected type {type(value).__name__}")


def _side(entry, namespace, point, side):
    """The value of one side at the point (+-inf where the point says that side diverges)."""
    if point.get("diverges") == side:
        partial = eval(entry["mp"][f"{side}_partial"], namespace)
        values = [_number(partial(mp.mpf(R)), f"the partial {side}") for R in entry.get("partial_R", [1e2, 1e4, 1e6, 1e8])]
        steps = [b - a for a, b in zip(values, values[1:])]
        assert len(steps) >= 3, "give at least four cutoffs"
        assert all(d > 0 for d in steps) or all(d < 0 for d in steps), f"partial values not monotone: {values}"
        assert abs(steps[-1]) >= abs(steps[0]) / 2, f"partial values seem to settle: {values}"
        return mp.inf if steps[0] > 0 else -mp.inf
    return _number(eval(entry["mp"][side], namespace), side)


# --- assumptions ----------------------------------------------------------------------------------

def _is_integer(v):
    if isinstance(v, int):
        return True
    if isinstance(v, mpmath.mpc):
        return v.imag == 0 and _is_integer(v.real)
    return isinstance(v, mpmath.mpf) and mp.isint(v)


def _real(v):
    if isinstance(v, mpmath.mpc):
        assert v.imag == 0, f"the value {v} is not real"
        return v.real
    return v


def _python_relation(text):
    """A simply written relation as Python: Greek commands lose their backslash, \\ge is >=."""
    t = re.sub(r"\\(geq?|leq?|neq)(?![A-Za-z])", lambda m: {"ge": ">=", "geq": ">=", "le": "<=", "leq": "<=",
                                                          "neq": "!="}[m[1]], text)
    t = re.sub(r"\\([A-Za-z]+)", lambda m: m[1] if m[1] in GREEK else m[0], t)
    if "\\" in t or "'" in t:
        raise ValueError(text)
    return t.replace("^", "**").replace("{", "(").replace("}", ")")


def check_assumptions(entry, point, namespace):
    complex_names = set()
    for text in entry.get("assume", []):
        words = text.split()
        if text in entry.get("assume_mp", {}):
            assert eval(entry["assume_mp"][text], namespace) is True or bool(eval(entry["assume_mp"][text], namespace)), \
                f"the point {point} violates the assumption {text!r}"
            continue
        if len(words) == 2 and words[1] in WORDS:
            name, word = words[0].lstrip("\\"), words[1]
            assert name in namespace, f"the assumption {text!r} names {name}, which the point does not bind"
            v = namespace[name]
            if word == "complex":
                complex_names.add(name)
                continue
            ok = {
                "integer": lambda: _is_integer(v),
                "even": lambda: _is_integer(v) and int(_real(v)) % 2 == 0,
                "odd": lambda: _is_integer(v) and int(_real(v)) % 2 == 1,
                "positive": lambda: _real(v) > 0,
                "negative": lambda: _real(v) < 0,
                "nonnegative": lambda: _real(v) >= 0,
                "nonpositive": lambda: _real(v) <= 0,
                "nonzero": lambda: _real(v) != 0,
                "real": lambda: _real(v) is not None,
                "rational": lambda: _real(v) is not None,  # decimal and integer literals are rational
            }[word]()
            assert ok, f"the point {point} violates the assumption {text!r}"
            continue
        try:
            expression = _python_relation(text)
            held = eval(expression, namespace)
        except (ValueError, SyntaxError, NameError, TypeError) as error:
            raise AssertionError(f"cannot evaluate the assumption {text!r} ({error!r}): give it in assume_mp") from None
        assert held is True or (held is not False and bool(held)), f"the point {point} violates the assumption {text!r}"
    for name, text in point.items():
        v = namespace.get(name)
        if isinstance(v, mpmath.mpc) and v.imag != 0:
            assert name in complex_names, f"{name} = {v} is not real but is not assumed complex"


# --- relations ------------------------------------------------------------------------------------

def _difference(lhs, rhs):
    """|lhs - rhs| and the scale it is measured against (matrices entry by entry)."""
    if isinstance(lhs, mpmath.matrix) or isinstance(rhs, mpmath.matrix):
        assert isinstance(lhs, mpmath.matrix) and isinstance(rhs, mpmath.matrix), "a matrix against a number"
        assert (lhs.rows, lhs.cols) == (rhs.rows, rhs.cols), "matrices of different shapes"
        d = max(abs(lhs[i, j] - rhs[i, j]) for i in range(lhs.rows) for j in range(lhs.cols))
        s = max([1] + [abs(m[i, j]) for m in (lhs, rhs) for i in range(m.rows) for j in range(m.cols)])
        return d, s
    if mp.isinf(lhs) or mp.isinf(rhs):
        return (mp.zero if lhs == rhs else mp.inf), mp.one
    return abs(lhs - rhs), max(mp.one, abs(lhs), abs(rhs))


def verdict(lhs, rhs, rel, dps):
    """'holds', 'fails', 'equal' (equal within tolerance: a strict relation fails) or 'unclear'."""
    tol = mp.mpf(10) ** (-(dps // 2))
    margin = tol * mp.mpf(10) ** 10
    d, s = _difference(lhs, rhs)
    if rel in ("=", "!="):
        if d <= tol * s:
            return "holds" if rel == "=" else "equal"
        if d > margin * s:
            return "fails" if rel == "=" else "holds"
        return "unclear"
    a, b = _real_side(lhs, tol), _real_side(rhs, tol)
    if rel in (">", ">="):
        a, b = b, a  # now the claim is a < b or a <= b
    if d <= tol * s:
        return "holds" if rel in ("<=", ">=") else "equal"
    gap = b - a
    if gap > 0:
        return "holds"
    return "fails" if -gap > margin * s else "unclear"


def _gap(lhs, rhs, rel):
    """How far a strict relation (or !=) holds: rhs - lhs for <, lhs - rhs for >, |lhs - rhs| for !=."""
    if rel == "!=":
        return _difference(lhs, rhs)[0]
    a, b = mp.re(lhs), mp.re(rhs)
    return b - a if rel == "<" else a - b


def _real_side(v, tol):
    if isinstance(v, mpmath.mpc):
        assert abs(v.imag) <= tol * max(1, abs(v)), f"an inequality between non-real values ({v})"
        return v.real
    assert not isinstance(v, mpmath.matrix), "an inequality between matrices"
    return v


def _evaluate(entry, point, dps):
    with mp.workdps(dps):
        namespace = _bind(entry, point)
        check_assumptions(entry, point, namespace)
        lhs, rhs = _side(entry, namespace, point, "lhs"), _side(entry, namespace, point, "rhs")
        return verdict(lhs, rhs, entry["rel"], dps), lhs, rhs


def check_structure(entry):
    for key in ("id", "category", "lhs", "rel", "rhs", "assume", "truth", "why", "mp", "points"):
        assert key in entry, f"{entry.get('id')}: no {key!r}"
    assert entry["category"] in CATEGORIES, f"{entry['id']}: unknown category {entry['category']!r}"
    assert entry["rel"] in RELATIONS, f"{entry['id']}: unknown relation {entry['rel']!r}"
    assert isinstance(entry["truth"], bool)
    assert entry["points"], f"{entry['id']}: no points"
    if entry["truth"]:
        assert len(entry["points"]) >= 3, f"{entry['id']}: a true claim needs at least three points"
        assert not any("diverges" in p for p in entry["points"]), "a divergent point in a true claim"


def confirm(entry) -> None:
    """Raise AssertionError unless the entry's stated truth is borne out at its points."""
    check_structure(entry)
    for point in entry["points"]:
        dps = int(point.get("_dps", entry.get("dps", DPS)))
        result, lhs, rhs = _evaluate(entry, point, dps)
        where = f"{entry['id']} at {point}: lhs = {mp.nstr(lhs, 15)}, rhs = {mp.nstr(rhs, 15)}"
        if entry["truth"] and result == "equal":
            # a strict relation holds by a gap below tolerance (e^{-x} > 0 at x = 1e6): it must be a real
            # gap, positive and the same (to 1e-3) when evaluated again at twice the precision
            again, lhs2, rhs2 = _evaluate(entry, point, 2 * dps)
            gap1, gap2 = _gap(lhs, rhs, entry["rel"]), _gap(lhs2, rhs2, entry["rel"])
            assert gap1 > 0 and gap2 > 0 and abs(gap1 - gap2) <= abs(gap2) / 1000, \
                f"{where}: the true claim holds only within tolerance ({result})"
        elif entry["truth"]:
            assert result == "holds", f"{where}: the true claim does not hold ({result})"
        elif result == "equal":
            # a strict relation fails by equality: make sure it is equality, not a tiny gap
            again, lhs2, rhs2 = _evaluate(entry, point, 2 * dps)
            d, s = _difference(lhs2, rhs2)
            assert d <= mp.mpf(10) ** (-dps) * s, f"{where}: equal at {dps} digits but not at {2 * dps}"
        else:
            assert result == "fails", f"{where}: not a clear witness against the claim ({result})"
