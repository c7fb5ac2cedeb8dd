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
        """The variables; the family is a name, not a quantity."""
        return set(self.variables) | set(self.given)

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


class Expectation(sympy.Function):
    """``Expectation(f, q)``: the expectation of f over the variables of the density q, given the rest."""

    nargs = 2

    @property
    def body(self) -> sympy.Expr:
        return self.args[0]

    @property
    def density(self) -> Density:
        return self.args[1]

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


class Summed(Integrated):
    """The sum of f over every value of a discrete variable z: the integral with respect to counting
    measure, whose densities are mass functions."""

    def _latex(self, printer) -> str:
        return rf"\sum_{{{printer._print(self.density.variables[0])}}} {printer._print(self.integrand)}"

    def _sympystr(self, printer) -> str:
        return f"Sum({printer._print(self.integrand)}, {printer._print(self.density.variables[0])})"


MEASURE = "λ"  # the family of the reference measure (a name no text types)


def integral(body: sympy.Expr, variable: sympy.Symbol, kind: type = Integrated) -> Integrated:
    """The integral of ``body`` over ``variable`` (its sum over every value for ``kind`` Summed)."""
    measure = density(MEASURE, [variable])
    return kind(body / measure, measure)


def density(family: str, variables, given=()) -> Density:
    return Density(sympy.Symbol(family), sympy.Tuple(*variables), sympy.Tuple(*given))


def kl(q: Density, p: Density) -> Expectation:
    """D_KL(q || p) = E_q[log q - log p]: q and p densities of the same variables."""
    if q == p:
        return sympy.Integer(0)
    return Divergence(sympy.log(q) - sympy.log(p), q)


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

    Such a density q moves along q + t (q' - q), for a density q' of the same variables and
    conditions (the family q' is another unknown): so its derivative is q' - q, and that of an
    expectation E_q[f] is E_q[df] + E_q[f d(log q)], differentiation under the integral (Leibniz's
    rule) with the score d(log q) = (q' - q) / q. Every such path is a smooth family of densities, so
    a model where a claim about the derivative fails is a genuine counterexample."""
    def derivative(atom):
        if isinstance(atom, Density):
            return moved(atom) - atom if atom.family.name in families else sympy.Integer(0)
        body, law = atom.body, atom.density
        score = (moved(law) - law) / law if law.family.name in families else sympy.Integer(0)
        return _kept(atom)(gradient(body, parameter, families) + body * score, law)

    def moved(d: Density) -> Density:
        return density(d.family.name + "′", d.variables, d.given)

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


def slot(variable: sympy.Symbol) -> str:
    """The random variable a symbol is a draw of: ``z_1``, ``z_{j}`` and ``z`` are all draws of z."""
    return variable.name.split("_")[0]


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
        elif (marginal := _marginal(varying, e)) is not None:
            total += constant * marginal
        elif (changed := _over_law(term, e)) is not None:
            total += changed
        else:
            total += constant * _kept(e)(varying, e.density)
    return total


def _over_law(term: sympy.Expr, e: Expectation) -> sympy.Expr | None:
    """A term of an expectation or integral over one variable z, as the expectation over the first
    density of z (by SymPy's order) that its integrand has as a factor: q(z), or q(z|x) written
    q(x, z) / q(x) by now. So the integral of q(z) f and E_p[f q(z) / p(z)] are both E_q[f], one
    form: a change of measure, which holds as densities are positive. None when the term keeps its
    law (or, for an integral, has no density of z)."""
    if len(e.density.variables) != 1:
        return None
    (variable,), law = e.density.variables, _rewritten(e.density)
    factors = sympy.Mul.make_args(term * law)
    for joint in sorted((f for f in factors if isinstance(f, Density) and variable in f.variables
                         and f.family.name != MEASURE), key=sympy.default_sort_key):
        rest = [v for v in joint.variables if v != variable]
        marginal = density(joint.family.name, rest) if rest else sympy.Integer(1)
        if len(rest) != len(joint.variables) - 1 or (rest and 1 / marginal not in factors):
            continue
        chosen = density(joint.family.name, [variable], rest)
        if chosen == e.density and not isinstance(e, Integrated):
            return None
        return _linear(Expectation(term * law * marginal / joint, chosen))
    return None


def _kept(e: Expectation) -> type:
    return type(e) if isinstance(e, Integrated) else Expectation


def _marginal(varying: sympy.Expr, e: Expectation) -> sympy.Expr | None:
    """The sum rule: the integral of a joint density over one of its variables is the density of the
    others (1 when none is left); None when the integrand is not one density."""
    if not isinstance(e, Integrated):
        return None
    joint, (variable,) = varying * e.density, e.density.variables
    if not isinstance(joint, Density) or joint.given or list(joint.variables).count(variable) != 1:
        return None
    rest = [v for v in joint.variables if v != variable]
    return density(joint.family.name, rest) if rest else sympy.Integer(1)
