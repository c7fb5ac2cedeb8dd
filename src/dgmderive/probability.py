"""Probability notation as SymPy objects: densities p(x | z), expectations E_q[f] and KL divergences.

A density names its family (``p``, ``q``, ``q_i``...), the variables it is a density of and the
variables it is conditioned on. Variables are random-variable *instances*: ``z_1`` and ``z_2`` are
two draws of the slot ``z`` (see :func:`slot`). Densities are positive, so logarithms of their
products split.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef


class Density(sympy.Function):
    """``Density(family, (variables...), (given...))``: the density of the variables given the others."""

    nargs = 3

    @property
    def family(self) -> sympy.Symbol:
        return self.args[0]

    @property
    def variables(self) -> tuple:
        return tuple(self.args[1])

    @property
    def given(self) -> tuple:
        return tuple(self.args[2])

    @property
    def free_symbols(self) -> set:
        """The variables (with the index of a member z[k]); the family is a name, not a quantity."""
        return set().union(*(v.free_symbols for v in self.variables + self.given))

    def _eval_is_positive(self):
        return True

    def _eval_is_real(self):
        return True

    def _written(self, printer, bar: str) -> str:
        inside = ", ".join(printer._print(v) for v in self.variables)
        if self.given:
            inside += bar + ", ".join(printer._print(v) for v in self.given)
        return f"{printer._print(self.family)}({inside})"

    def _latex(self, printer) -> str:
        return self._written(printer, r" \mid ")

    def _sympystr(self, printer) -> str:
        return self._written(printer, " | ")


class _OverALaw:
    """What averages a body over a law: its first two arguments."""

    @property
    def body(self) -> sympy.Expr:
        return self.args[0]

    @property
    def density(self) -> Density:
        return self.args[1]


class Expectation(_OverALaw, sympy.Function):
    """``Expectation(f, q)``: the expectation of f over the variables of the density q, given the rest."""

    nargs = 2

    @property
    def free_symbols(self) -> set:
        """The body's and the density's variables, less those the expectation sums over."""
        return (self.body.free_symbols | self.density.free_symbols) - set(self.density.variables)

    def _eval_is_real(self):
        return self.body.is_real

    def _latex(self, printer) -> str:
        return rf"\mathbb{{E}}_{{{printer._print(self.density)}}}\left[{printer._print(self.body)}\right]"

    def _sympystr(self, printer) -> str:
        return f"E_{printer._print(self.density)}[{printer._print(self.body)}]"


class Divergence(Expectation):
    """D_KL(q || p), kept as the expectation E_q[log q - log p] that it is, and printed as a divergence."""

    @property
    def reference(self) -> Density:
        return next(d for d in self.body.atoms(Density) if d != self.density)

    def _latex(self, printer) -> str:
        return rf"D_{{\mathrm{{KL}}}}\left({printer._print(self.density)} \,\middle\|\, {printer._print(self.reference)}\right)"

    def _sympystr(self, printer) -> str:
        return f"KL({printer._print(self.density)} || {printer._print(self.reference)})"


class Integrated(Expectation):
    """The integral of f over a variable z, kept as E_λ[f / λ(z)] for the reference measure λ (a
    positive density of z whatever it is: the value does not depend on it), printed as an integral."""

    @property
    def integrand(self) -> sympy.Expr:
        return self.body * self.density

    def _latex(self, printer) -> str:
        variable = printer._print(self.density.variables[0])
        return rf"\int {printer._print(self.integrand)} \, d{variable}"

    def _sympystr(self, printer) -> str:
        return f"Integral({printer._print(self.integrand)}, {printer._print(self.density.variables[0])})"


class Draws(_OverALaw, sympy.Function):
    """``Draws(f, q, K)``: the expectation of f over K independent draws z_1, ..., z_K from the law q
    of z (its variable), the members of the family of draws z[1], ..., z[K] in f."""

    nargs = 3

    @property
    def count(self) -> sympy.Expr:
        return self.args[2]

    @property
    def free_symbols(self) -> set:
        """The body's, the law's and the count's symbols, less the draws."""
        drawn = slot(self.density.variables[0])
        return {s for s in self.body.free_symbols | self.density.free_symbols | self.count.free_symbols
                if not (isinstance(s, (sympy.Symbol, sympy.Indexed, sympy.IndexedBase)) and slot(s) == drawn)}

    def loose(self) -> set:
        """The draws of z the body writes that are none of z_1, ..., z_K: z itself, or z_k outside a
        sum over k (which draw it is, the text does not say)."""
        return _loose(self.body, slot(self.density.variables[0]), frozenset())

    def written(self) -> set:
        """The numbers k of the draws z_k the body writes by number (z_1, z_2)."""
        drawn = slot(self.density.variables[0])
        found = {int(m.group(1)) for s in self.body.atoms(sympy.Symbol)
                 if (m := re.fullmatch(rf"{re.escape(drawn)}_\{{(\d+)\}}", s.name))}
        return found | {int(i.indices[0]) for i in self.body.atoms(sympy.Indexed)
                        if slot(i) == drawn and i.indices[0].is_Integer}

    def at(self, count: int) -> Expectation:
        """For a number of draws: the expectations over each draw in turn, each member z_k written
        z[k]."""
        variable = self.density.variables[0]
        members = [sympy.IndexedBase(slot(variable), real=True)[k] for k in range(1, count + 1)]
        body = self.body.xreplace({sympy.Symbol(f"{slot(variable)}_{{{k}}}", real=True): member
                                   for k, member in enumerate(members, 1)})
        for member in reversed(members):
            body = Expectation(body, density(self.density.family.name, [member], self.density.given))
        return body

    def _latex(self, printer) -> str:
        z = slot(self.density.variables[0])
        draws = rf"{z}_1, \dots, {z}_{{{printer._print(self.count)}}} \sim {printer._print(self.density)}"
        return rf"\mathbb{{E}}_{{{draws}}}\left[{printer._print(self.body)}\right]"

    def _sympystr(self, printer) -> str:
        z = slot(self.density.variables[0])
        return f"E_{z}_1..{z}_{printer._print(self.count)} ~ {printer._print(self.density)}[{printer._print(self.body)}]"


def _loose(expr: sympy.Basic, drawn: str, bound: frozenset) -> set:
    if isinstance(expr, (sympy.Sum, sympy.Product)):
        indices = bound | {limit[0] for limit in expr.limits}
        return _loose(expr.function, drawn, indices).union(*(_loose(b, drawn, bound) for l in expr.limits for b in l[1:]))
    if isinstance(expr, sympy.Indexed) and slot(expr) == drawn:
        return set() if all(i.is_Integer or i in bound for i in expr.indices) else {expr}
    if isinstance(expr, sympy.Symbol) and slot(expr) == drawn:
        return set() if re.fullmatch(rf"{re.escape(drawn)}_\{{\d+\}}", expr.name) else {expr}
    return set().union(*(_loose(arg, drawn, bound) for arg in expr.args))


class Summed(Integrated):
    """The sum of f over every value of a discrete variable z: the integral with respect to counting
    measure, whose densities are mass functions."""

    def _latex(self, printer) -> str:
        return rf"\sum_{{{printer._print(self.density.variables[0])}}} {printer._print(self.integrand)}"

    def _sympystr(self, printer) -> str:
        return f"Sum({printer._print(self.integrand)}, {printer._print(self.density.variables[0])})"


MEASURE = "λ"  # the family of the reference measure (a name no text types)
MOVED = "′"  # the mark of the family a density moves towards under a derivative (see gradient)
NAMED_LAW = "𝒩"  # the family of a named law, the normal N(0, I): the rules hold of it, as of any law


def integral(body: sympy.Expr, variable: sympy.Symbol, kind: type = Integrated) -> Integrated:
    """The integral of ``body`` over ``variable`` (its sum over every value for ``kind`` Summed)."""
    measure = density(MEASURE, [variable])
    return kind(body / measure, measure)


def density(family: str, variables, given=()) -> Density:
    return Density(sympy.Symbol(family), sympy.Tuple(*variables), sympy.Tuple(*given))


def kl(q: sympy.Expr, p: sympy.Expr) -> sympy.Expr:
    """D_KL(q || p) = E_q[log q - log p]: q and p densities of the same variables, or mixtures of
    such (a sum of densities with weights summing to 1), the expectation over a mixture the mixture
    of the expectations."""
    if q == p:
        return sympy.Integer(0)
    if isinstance(q, Density) and isinstance(p, Density):
        return Divergence(sympy.log(q) - sympy.log(p), q)
    components = [term.as_independent(Density, as_Add=False) for term in sympy.Add.make_args(sympy.expand(q))]
    return sum((weight * Expectation(_log(q) - _log(p), law) for weight, law in components), sympy.Integer(0))


def _log(mixture: sympy.Expr) -> sympy.Expr:
    """log((p + q) / 2) as log(p + q) - log 2, which the rules keep apart (not the log of p/2 + q/2)."""
    numerator, denominator = sympy.fraction(sympy.factor_terms(mixture))
    return sympy.log(numerator) - sympy.log(denominator)


def jsd(p: Density, q: Density) -> sympy.Expr:
    """The Jensen-Shannon divergence (KL(p || m) + KL(q || m)) / 2, with m = (p + q) / 2 the mixture."""
    if p == q:
        return sympy.Integer(0)
    return (Expectation(sympy.log(2 * p / (p + q)), p) + Expectation(sympy.log(2 * q / (p + q)), q)) / 2


SUBSCRIPTED_NAME = re.compile(r"^(?P<base>.+?)_\{?(?P<sub>[^{}]+?)\}?$")


def with_parameters(expr: sympy.Expr, parameters: dict) -> sympy.Expr:
    """Functions written with a parameter as their subscript depend on it: f_theta(z) is
    f_theta(z, theta) for ``parameters`` {"theta": theta}, so that its derivative in theta is not 0."""
    def parameter(call):
        found = SUBSCRIPTED_NAME.match(call.func.__name__)
        return parameters.get(found.group("sub")) if found else None

    return expr.replace(lambda e: isinstance(e, AppliedUndef) and parameter(e) is not None
                        and parameter(e) not in e.args, lambda e: e.func(*e.args, parameter(e)))


def gradient(expr: sympy.Expr, parameter: sympy.Symbol, families: frozenset[str]) -> sympy.Expr:
    """The derivative in ``parameter`` of an expression whose densities of ``families`` depend on it.

    Such a family's densities move along q + t (q' - q), for another unknown family q' of the same
    variables: so an unconditioned density's derivative is q' - q (its marginals move likewise, as
    marginalising is linear), a conditional's q(z|x) = q(x, z) / q(x) follows by the quotient rule,
    and that of an expectation E_q[f] is E_q[df] + E_q[f d(log q)], differentiation under the
    integral (Leibniz's rule). Every such path is a smooth family of densities, so a model where a
    claim about the derivative fails is a genuine counterexample."""
    def score(d: Density) -> sympy.Expr:
        """d(log q): (q' - q) / q, or the joint's score less the marginal's for a conditional."""
        if d.family.name not in families:
            return sympy.Integer(0)
        if d.given:
            name = d.family.name
            both, given = (sorted(vs, key=sympy.default_sort_key) for vs in (d.variables + d.given, d.given))
            return score(density(name, both)) - score(density(name, given))
        return (density(d.family.name + MOVED, d.variables) - d) / d

    def derivative(atom):
        if isinstance(atom, Density):
            return atom * score(atom)
        body, law = atom.body, atom.density
        return _kept(atom)(gradient(body, parameter, families) + body * score(law), law)

    expr = expr.replace(lambda e: isinstance(e, Expectation),
                        lambda e: _kept(e)(with_parameters(e.body, {parameter.name: parameter}), e.density))
    expr = with_parameters(expr, {parameter.name: parameter})
    atoms = sorted(_outermost(expr), key=sympy.default_sort_key)
    stand_ins = {atom: sympy.Function(f"_a{k}")(parameter) for k, atom in enumerate(atoms)}
    back = {stand_in: atom for atom, stand_in in stand_ins.items()}
    differentiated = sympy.diff(expr.xreplace(stand_ins), parameter)
    differentiated = differentiated.xreplace({sympy.Derivative(s, parameter): derivative(a) for s, a in back.items()})
    return differentiated.xreplace(back)


def _outermost(expr: sympy.Expr) -> set:
    """The densities and expectations of an expression that no expectation holds."""
    if isinstance(expr, (Density, Expectation)):
        return {expr}
    return set().union(*(_outermost(arg) for arg in expr.args))


def with_laws(expr: sympy.Expr, laws: dict[str, sympy.Lambda]) -> sympy.Expr:
    """An expression with the densities that ``laws`` gives a formula (family name: a function of
    one variable) written out: such a density of one variable, conditioned on nothing, becomes its
    formula, and an expectation or integral over it the integral over the whole line. Densities of
    other families, and a conditioned one, are kept."""
    def law(d: Density) -> sympy.Lambda | None:
        return laws.get(d.family.name) if len(d.variables) == 1 and not d.given else None

    def written(e: sympy.Expr) -> sympy.Expr:
        if isinstance(e, Density):
            return law(e)(e.variables[0]) if law(e) is not None else e
        if isinstance(e, Expectation):
            body, over = written(e.body), e.density
            (variable,) = over.variables if len(over.variables) == 1 else (None,)
            if isinstance(e, Integrated):
                return sympy.Integral(body * over, (variable, -sympy.oo, sympy.oo)) if _formula(body, variable) else \
                    Integrated(body, over)
            if law(over) is not None:
                return sympy.Integral(body * law(over)(variable), (variable, -sympy.oo, sympy.oo))
            return _kept(e)(body, over)
        return e.func(*map(written, e.args)) if e.args else e

    return written(expr)


def _formula(body: sympy.Expr, variable: sympy.Symbol) -> bool:
    """Whether an integrand (less its reference measure) has no density of the variable left."""
    return not any(variable in d.variables + d.given for d in sympy.sympify(body).atoms(Density) if d.family.name != MEASURE)


def slot(variable: sympy.Basic) -> str:
    """The random variable a symbol is a draw of: ``z_1``, ``z_{j}``, ``z`` and the member z[k] of a
    family of draws are all draws of z."""
    if isinstance(variable, sympy.Indexed):
        return variable.base.label.name
    return variable.name.split("_")[0]


def written(d: Density) -> bool:
    """Whether the density is one the text wrote (not the reference measure or a moved density)."""
    return d.family.name != MEASURE and not d.family.name.endswith(MOVED)


def uses_probability(expr) -> bool:
    return bool(getattr(expr, "atoms", lambda *_: ())(Density, Expectation))


def normal_form(expr: sympy.Expr) -> sympy.Expr:
    """An expression in densities and expectations rewritten by rules that hold for every model:
    a conditional density as joint over marginal (the product rule), logarithms of products split
    (densities are positive), and expectation linear, with E_q[c] = c for c free of q's variables.
    Two sides with the same normal form are equal."""
    return sympy.expand(sympy.expand_log(_rewritten(expr)))  # splits only logs of positive factors


def _rewritten(expr):
    if isinstance(expr, Expectation):
        return _linear(expr)
    if isinstance(expr, Draws):  # kept whole, its body in normal form
        return Draws(normal_form(expr.body), expr.density, expr.count)
    if isinstance(expr, Density):
        return _joint_over_marginal(expr) if expr.given else expr
    if not expr.args:
        return expr
    return expr.func(*map(_rewritten, expr.args))


def _joint_over_marginal(d: Density) -> sympy.Expr:
    both = sorted(d.variables + d.given, key=sympy.default_sort_key)
    return density(d.family.name, both) / density(d.family.name, sorted(d.given, key=sympy.default_sort_key))


def _linear(e: Expectation) -> sympy.Expr:
    bound = set(e.density.variables)
    total = sympy.Integer(0)
    for term in sympy.Add.make_args(normal_form(e.body)):
        constant, varying = term.as_independent(*bound, as_Add=False)
        if varying == 1:
            total += constant
        elif (summed := _summed_out(term, e)) is not None:
            total += summed
        else:
            total += constant * _kept(e)(varying, e.density)
    return total


def _summed_out(term: sympy.Expr, e: Expectation) -> sympy.Expr | None:
    """A term of an expectation or integral over one variable z, by the sum rule where its integrand
    is one joint density (that of x and z integrates to that of x), or else as the expectation over
    the first density of z (by SymPy's order) that the integrand has as a factor: q(z), or q(z|x)
    written q(x, z) / q(x) by now. So the integral of q(z) f and E_p[f q(z) / p(z)] both read E_q[f]:
    a change of measure, which holds as densities are positive. None when neither applies, or the
    term keeps its law."""
    if len(e.density.variables) != 1:
        return None
    (variable,) = e.density.variables
    outside, integrand = (term * _rewritten(e.density)).as_independent(variable, as_Add=False)
    joints = sorted((f for f in sympy.Mul.make_args(integrand) if isinstance(f, Density)
                     and list(f.variables).count(variable) == 1 and f.family.name != MEASURE),
                    key=sympy.default_sort_key)
    for joint in joints:
        rest = [v for v in joint.variables if v != variable]
        marginal = density(joint.family.name, rest) if rest else sympy.Integer(1)
        if integrand == joint:
            return outside * marginal
        if rest and 1 / marginal not in sympy.Mul.make_args(outside):
            continue
        law = density(joint.family.name, [variable], rest)
        if law == e.density and not isinstance(e, Integrated):
            return None
        return outside * marginal * _linear(Expectation(integrand / joint, law))
    return None


def _kept(e: Expectation) -> type:
    return type(e) if isinstance(e, Integrated) else Expectation
