"""Derivation, Step and Answer: plain data built by the derivation scripts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Union

import sympy
from sympy.core.function import AppliedUndef, UndefinedFunction

from dgmderive.relation import Relation

Link = Union[tuple[Any, str], tuple[str, Any, str]]


def _freeze(obj: Any) -> Any:
    """SymPy objects as immutable, hashable values (mutable matrices become immutable)."""
    if isinstance(obj, sympy.MatrixBase):
        return sympy.ImmutableMatrix(obj)
    if isinstance(obj, (list, tuple)):
        return sympy.Tuple(*obj)
    return sympy.sympify(obj)


def _is_implicit_matrix(e: Any) -> bool:
    return isinstance(e, sympy.MatrixExpr) and not isinstance(e, sympy.MatrixBase)


def _explicit(e: sympy.MatrixExpr) -> sympy.ImmutableMatrix:
    """A matrix expression as an explicit matrix; small inverses by the adjugate, far faster on
    symbolic entries than SymPy's default. Products, sums and transposes of explicit matrices are
    multiplied out directly (``as_explicit`` would build and evaluate a Sum for every entry)."""
    if isinstance(e, sympy.Inverse) and e.arg.shape[0] <= 4:
        return sympy.ImmutableMatrix(_adjugate_inverse(sympy.Matrix(e.arg.as_explicit())))
    if all(isinstance(arg, sympy.MatrixBase) or not isinstance(arg, sympy.MatrixExpr) for arg in e.args):
        done = e.doit()
        if isinstance(done, sympy.MatrixBase):
            return sympy.ImmutableMatrix(done)
    return sympy.ImmutableMatrix(e.as_explicit())


def _adjugate_inverse(m: sympy.Matrix) -> sympy.Matrix:
    """adj(M)/det(M). When the determinant is a rational function of the symbols, ``cancel``
    decides whether it vanishes identically, which is all the invertibility check needs; otherwise
    SymPy's own (slow) check runs."""
    det = m.det(method="berkowitz")
    if det.is_rational_function() and sympy.cancel(det) != 0:
        return m.adjugate() / det
    return m.inv(method="ADJ")


def _resolve(obj: Any, where: tuple) -> Any:
    """``obj`` with the definitions put in: the later first (one may use an earlier one), then again
    while a name is left that a definition gives (an earlier one may use a later, as W = |theta|
    before theta = 0)."""
    for _ in range(len(where) + 1):
        for name, value in reversed(where):
            if isinstance(name, UndefinedFunction):  # f := Lambda(x, body): substitute every call f(...)
                obj = obj.replace(name, value)
            else:
                obj = obj.xreplace({name: value})
        if not _named(obj, where):
            break
    obj = obj.replace(_is_implicit_matrix, _explicit)
    return obj.doit() if isinstance(obj, sympy.MatrixBase) else obj


def _named(obj: Any, where: tuple) -> bool:
    """Whether ``obj`` still writes a name that ``where`` defines (a call of a defined function, or the symbol)."""
    if len(where) < 2 or not isinstance(obj, sympy.Basic):
        return False  # one definition has been put in whole
    written = obj.free_symbols | {call.func for call in obj.atoms(AppliedUndef)}
    return any(name in written for name, _ in where)


NAMES = (sympy.Symbol, sympy.MatrixSymbol, sympy.IndexedBase, UndefinedFunction)  # what a definition may name


def _condition(condition: Any) -> Any:
    """A step's extra condition: a SymPy relation (``alpha < 2``) or a conjunction of them."""
    if isinstance(condition, str):
        raise ValueError(f"given= takes SymPy relations such as alpha < 2, not the string '{condition}'")
    condition = sympy.sympify(condition)
    if not isinstance(condition, (sympy.core.relational.Relational, sympy.logic.boolalg.Boolean)) \
            or isinstance(condition, sympy.Symbol):
        raise ValueError(f"given= takes SymPy relations such as alpha < 2; {condition} is not one")
    return condition


LISTS = {"given": "a list of SymPy relations such as [alpha < 2]", "instances": "a list of mappings such as [{K: 3}]"}


def _listed(value: Any, keyword: str) -> tuple:
    """The items of ``given=`` or ``instances=``; a lone string or mapping is refused whole."""
    if isinstance(value, (str, Mapping)):
        raise ValueError(f"{keyword}= takes {LISTS[keyword]}, not '{value}'")
    return tuple(value)


def _instance(instance: Any) -> tuple:
    """One instance of a step: a mapping from SymPy symbols to the values they take there (or the
    pairs a Step keeps, when one is copied)."""
    if isinstance(instance, tuple) and all(isinstance(pair, tuple) and len(pair) == 2 for pair in instance):
        instance = dict(instance)
    if not isinstance(instance, Mapping):
        raise ValueError(f"instances= takes mappings such as {{K: 3}}, one per instance; {instance!r} is not one")
    for name in instance:
        if not isinstance(name, NAMES):
            raise ValueError(f"instances= maps SymPy symbols to values (such as {{K: 3}}); the key {name!r} is a "
                             f"{type(name).__name__}")
    return tuple(sorted(((name, sympy.sympify(value)) for name, value in instance.items()),
                        key=lambda pair: str(pair[0])))


def _side(side: Any) -> Any:
    """A step's side as SymPy; a string is refused, since a side is an expression, not text."""
    if isinstance(side, str):
        raise ValueError(f"a side of a step is a SymPy expression, not the string '{side}': read LaTeX with "
                         "dgmderive.parse_expression(latex), or show it with Written(value, latex)")
    return _freeze(side)


@dataclass(frozen=True)
class Written:
    """A side of a step, with the LaTeX a reader sees in its place (``d_k + \\alpha g_k`` where SymPy
    would print ``\\alpha g_k + d_k``): the build parses the LaTeX back and fails unless it equals the
    value."""

    value: Any
    latex: str


def _unwritten(side: Any) -> tuple[Any, str]:
    return (side.value, side.latex) if isinstance(side, Written) else (side, "")


@dataclass(frozen=True)
class Step:
    """One claim ``lhs rel rhs``, its justification, and the conditions under which it holds.

    ``given`` holds extra conditions (SymPy relationals such as ``alpha < 2``) beyond the symbols'
    own assumptions; ``instances`` holds substitutions on which the claim is evaluated exactly;
    ``where`` holds the definitions in force (symbol, value), substituted before checking;
    ``measured``, when set, says that the sides are measurements (Monte Carlo, quadrature) and how
    they were made: such a step is evidence at best, never proof. ``instance``, when set, says which
    general claim this step is a concrete instance of (``K = 3 of every K``): proved here, the
    general claim is only EXACT. ``written`` holds the LaTeX shown for each side in place of its
    printed value, when a side was given as :class:`Written`.
    """

    lhs: Any
    rel: Relation  # given as any spelling that Relation.read accepts ("<=", r"\le", "≤")
    rhs: Any
    why: str
    given: tuple = ()
    instances: tuple = ()
    where: tuple = ()
    measured: str = ""
    instance: str = ""
    written: tuple[str, str] = ("", "")

    def __post_init__(self) -> None:
        if not isinstance(self.instance, str):
            raise ValueError(f"instance= takes the words naming the general claim this step is an instance of "
                             f"(such as 'K = 3 of every K'), not {self.instance!r}")
        (lhs, lhs_latex), (rhs, rhs_latex) = _unwritten(self.lhs), _unwritten(self.rhs)
        if lhs_latex or rhs_latex:
            object.__setattr__(self, "written", (lhs_latex, rhs_latex))
        object.__setattr__(self, "rel", Relation.read(self.rel))
        object.__setattr__(self, "lhs", _side(lhs))
        object.__setattr__(self, "rhs", _side(rhs))
        object.__setattr__(self, "given", tuple(_condition(c) for c in _listed(self.given, "given")))
        object.__setattr__(self, "instances", tuple(_instance(i) for i in _listed(self.instances, "instances")))
        object.__setattr__(self, "where", tuple((name, _freeze(value)) for name, value in self.where))

    def resolved(self) -> tuple[Any, Any]:
        """Both sides with the definitions substituted and matrix expressions made explicit."""
        return _resolve(self.lhs, self.where), _resolve(self.rhs, self.where)

    def __str__(self) -> str:
        return f"{sympy.sstr(self.lhs)} {self.rel} {sympy.sstr(self.rhs)}"


@dataclass(frozen=True)
class Shown:
    """What every item of a derivation has: ``record`` items are part of the verification record
    (worked sizes, instances, measurements, cross-checks) and stay off the students' sheet; they are
    checked all the same."""

    record: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Chain(Shown):
    """Steps shown as one display ``a = b = c``: each step's left side is the previous right side."""

    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Remark(Shown):
    """Prose (LaTeX text mode): an argument in words, shown as prose and never as a checked step."""

    text: str


@dataclass(frozen=True)
class Definition(Shown):
    """``name := value``: later steps may use ``name``; the checker substitutes ``value``."""

    name: Any
    value: Any
    why: str = ""
    shown: str = ""  # a formula shown in place of the value; the build parses it back and compares
    described: str = ""  # a description shown in place of a value (a set, a number at an instance)


@dataclass(frozen=True)
class Figure(Shown):
    """A TikZ picture drawn from computed data."""

    tikz: str
    caption: str


@dataclass(frozen=True)
class Table(Shown):
    """A table of computed figures; cells are LaTeX (math mode is up to the author)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str


@dataclass(frozen=True)
class Words:
    """Prose in an answer (``spirals outward``), with the checked steps that say what it says: the
    build fails unless there are some and every one holds. ``strict`` words (strictly increasing,
    diverges) need a strict inequality among them. A formula in the words (``$...$``) that states a
    relation about the part's own quantities is read back, and fails the build when refuted; one
    that a hypothesis introduces ("for $\\alpha > 0$") is not. A formula the reader relies on
    belongs in a step."""

    text: str
    because: tuple[Step, ...] = ()
    strict: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "because", tuple(self.because) if isinstance(self.because, (list, tuple))
                           else (self.because,))


@dataclass(frozen=True)
class Labeled:
    """``label = value`` in an answer: a name written in LaTeX (it must read as names only, such as
    ``(d^*, g^*)``), and a value that must equal a side of a checked step or a checked definition."""

    label: str
    value: Any

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _freeze(self.value))


@dataclass(frozen=True)
class Growth:
    """The order of growth of a count, ``O(K^p)``: shown from ``exponent``, and checked by the step
    that count / K^p tends to a positive constant (added to the derivation with the answer)."""

    count: Any
    variable: Any
    exponent: Any
    step: Step | None = None


Piece = Union[Step, Words, Labeled, Growth, str, Any]  # Any: a name the derivation defines


@dataclass(frozen=True)
class Answer(Shown):
    """The boxed result of a sub-question: pieces that are each checked, and machine-readable values
    for answers.json.

    A piece is a checked step (shown as ``lhs rel rhs``, consecutive steps as one chain), a name the
    derivation defines (``name = value``), a :class:`Labeled` value, :class:`Words` tied to steps, a
    :class:`Growth`, or LaTeX text that the build reads back and checks, statement by statement. Each
    leaf of ``value`` must be a side of a checked step or a checked definition of the same part (a
    truth value must be the step that says it); the build fails, naming the answer, otherwise.
    """

    pieces: tuple
    value: Any = None


Item = Union[Chain, Remark, Definition, Figure, Table, Answer]


@dataclass(repr=False, eq=False)
class Derivation:
    """The worked solution of one sub-question: statement, items in order, and answers."""

    id: str
    title: str
    statement: str = ""
    items: list[Item] = field(default_factory=list)
    definitions: dict = field(default_factory=dict)
    extra: bool = False  # a part beyond the assignment's sub-questions: it goes to the record only
    _recording: bool = field(default=False, init=False, repr=False)

    def _add(self, item: Item) -> None:
        self.items.append(replace(item, record=True) if self._recording else item)

    @contextmanager
    def record_only(self) -> Iterator[None]:
        """Items added inside belong to the verification record only: worked sizes, instances,
        measurements and cross-checks, which a reference solution leaves out."""
        before, self._recording = self._recording, True
        try:
            yield
        finally:
            self._recording = before

    def define(self, name: Any, value: Any, why: str = "", shown: str = "", described: str = "",
               quiet: bool = False) -> Any:
        """Introduce ``name := value`` for the steps that follow; returns ``name``.

        ``name`` is a symbol (or matrix symbol) with a value, or an undefined function with a
        ``Lambda`` value: ``define(Function("phi"), Lambda(x, exp(-x**2/2)))``.

        ``shown`` is a shorter formula for the value, in terms of earlier names; the build parses it
        back and fails unless it equals the value. ``described`` replaces a value that no formula
        shows (a set of a hundred pixels, a density at a random matrix): the sheet marks it as a
        description. ``quiet`` leaves the definition off the sheet, for values that a table shows.
        The checker always uses the value itself.
        """
        if shown and described:
            raise ValueError("a definition is shown by a formula or described, not both")
        if not isinstance(name, NAMES):
            raise ValueError(f"{self.id}: define takes a SymPy symbol, matrix symbol or function as the name, not "
                             f"{type(name).__name__} {name!r}")
        self.definitions[name] = _freeze(value)
        if not quiet:
            self._add(Definition(name, _freeze(value), why, shown, described))
        return name

    @property
    def _where(self) -> tuple:
        return tuple(self.definitions.items())

    def step(self, lhs: Any, rel: str, rhs: Any, why: str, *, given: Iterable = (),
             instances: Iterable[Mapping] = (), measured: str = "", instance: str = "") -> Step:
        """Add one claim ``lhs rel rhs`` and return it. A step whose two sides are one and the same
        object shows nothing, and is refused."""
        step = Step(lhs, rel, rhs, why, given, instances, self._where, measured, instance)
        self._refuse_identical(step)
        self._add(Chain((step,)))
        return step

    def _refuse_identical(self, step: Step) -> None:
        """Two measurements may agree to the last digit; anything else with one object on both
        sides shows nothing."""
        if step.lhs == step.rhs and not step.measured:
            raise ValueError(f"{self.id}: the step {step} has the same object on both sides: it shows nothing")

    def chain(self, start: Any, *links: Link, given: Iterable = (),
              instances: Iterable[Mapping] = (), instance: str = "") -> list[Step]:
        """Add ``start = b = c ...``; a link is ``(rhs, why)`` or ``(rel, rhs, why)``; ``instance`` as
        for :meth:`step`, and a side may be :class:`Written`. Returns the steps."""
        given, instances = _listed(given, "given"), _listed(instances, "instances")
        steps, lhs = [], start
        for link in links:
            rel, rhs, why = link if len(link) == 3 else ("=", *link)
            steps.append(Step(lhs, rel, rhs, why, given, instances, self._where, instance=instance))
            self._refuse_identical(steps[-1])
            lhs = _unwritten(rhs)[0]
        self._add(Chain(tuple(steps)))
        return steps

    def positive(self, expr: Any, why: str, *, given: Iterable = (), instance: str = "") -> Step:
        """Add the claim ``expr > 0``."""
        return self.step(expr, ">", 0, why, given=given, instance=instance)

    def remark(self, text: str) -> None:
        self._add(Remark(text))

    def define_python(self, fn: Callable, *arguments: Any, why: str = "") -> Any:
        """``f(arguments) := body`` from the Python function ``fn``: the checker uses SymPy's value of
        ``fn(*arguments)``, and the sheet shows the body as latexify-py typesets the function's source,
        which the build parses back and compares (so a typesetting that says anything else fails the
        build). Returns the SymPy function ``f``."""
        import latexify

        typeset = latexify.get_latex(fn, use_math_symbols=True)
        name = sympy.Function(fn.__name__)
        self.define(name, sympy.Lambda(arguments, fn(*arguments)), why, shown=typeset.split("=", 1)[-1].strip())
        return name

    def figure(self, tikz: str, caption: str) -> None:
        self._add(Figure(tikz, caption))

    def table(self, header: Iterable[str], rows: Iterable[Iterable[Any]], caption: str) -> None:
        self._add(Table(tuple(header), tuple(tuple(str(c) for c in row) for row in rows), caption))

    def answer(self, *pieces: Piece, value: Any = None) -> Answer:
        """Add the boxed answer (see :class:`Answer`); a :class:`Growth` adds the step that checks it."""
        if not pieces:
            raise ValueError(f"{self.id}: an answer needs at least one piece")
        stepped = {id(piece): self.growth(piece) for piece in pieces if isinstance(piece, Growth) and piece.step is None}
        answer = Answer(tuple(stepped.get(id(piece), piece) for piece in pieces), _replaced(value, stepped))
        self._add(answer)
        return answer

    def growth(self, growth: Growth) -> Growth:
        """``growth`` with the step that checks it, added to the derivation."""
        K, p = growth.variable, growth.exponent
        ratio = sympy.Limit(growth.count / K**p, K, sympy.oo)
        try:  # a polynomial count: its leading coefficient, at once (the checker still takes the limit)
            poly = sympy.Poly(growth.count, K)
            constant = poly.LC() if poly.degree() == p else ratio.doit()
        except sympy.PolynomialError:
            constant = ratio.doit()
        if not (constant.is_number and constant.is_finite and constant.is_positive):
            raise ValueError(f"{self.id}: the count over {K}^{p} tends to {constant}, not to a positive number: "
                             f"it does not grow as {K}^{p}")
        with self.record_only():  # the answer shows O(K^p); the limit that checks it is for the record
            step = self.step(ratio, "=", constant, rf"the leading term: the count grows as ${sympy.latex(K**p)}$")
        return Growth(growth.count, K, p, step)

    @property
    def steps(self) -> list[Step]:
        return [s for item in self.items if isinstance(item, Chain) for s in item.steps]

    @property
    def answers(self) -> list[Answer]:
        return [item for item in self.items if isinstance(item, Answer)]

    def __repr__(self) -> str:
        return (f"<Derivation {self.id} {self.title!r}: {len(self.steps)} steps, {len(self.answers)} answers; "
                "dgmderive.verify(it) checks it>")


def _replaced(value: Any, by_id: dict) -> Any:
    """``value`` with the objects named in ``by_id`` (by identity) replaced, inside dicts and lists."""
    if id(value) in by_id:
        return by_id[id(value)]
    if isinstance(value, dict):
        return {key: _replaced(item, by_id) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_replaced(item, by_id) for item in value)
    return value


@dataclass(frozen=True)
class Given:
    """One datum of a question (the map is 5 x 5): its value, which the scripts use, and how the
    question's statement writes it, generated from the value."""

    name: str
    value: Any
    shown: Callable[[Any], str] = str

    @property
    def text(self) -> str:
        return self.shown(self.value)


@dataclass(frozen=True)
class Metadata:
    """What a question set says of itself for its documents: a title (the sheet is "TITLE:
    solutions"), an author line under it, a legend that replaces the sheet's default one, and LaTeX
    added to both preambles (for the set's own macros). A set's module declares it as ``METADATA``."""

    title: str = ""
    author: str = ""
    legend: str | None = None
    preamble: str = ""


@dataclass(frozen=True)
class Part:
    """A function that derives one part, with the id, title and statement it declares where it is
    defined, so that ``dgmderive list`` and ``show`` know the part without running it. Calling it
    derives the part: the function fills the Derivation it is given."""

    id: str
    title: str
    statement: str
    fill: Callable[[Derivation], None]
    extra: bool = False

    def __call__(self) -> Derivation:
        D = Derivation(self.id, self.title, self.statement, extra=self.extra)
        if self.fill(D) is not None:
            raise TypeError(f"{self.id}: a @part function fills the Derivation it is given and returns nothing")
        return D


def part(id: str, title: str, statement: str = "", *, extra: bool = False) -> Callable[[Callable], Part]:
    """Declare a part where it is defined::

        @part("6.3", "Eigenvalues", "Analyse the eigenvalues of $A$.")
        def eigenvalues(D: Derivation) -> None:
            D.step(...)

    ``extra`` marks a part beyond the assignment's sub-questions (in the record only). A plain
    function that returns a Derivation is a part too, but it must run before its id is known."""
    return lambda fill: Part(id, title, statement, fill, extra)


@dataclass(frozen=True)
class Question:
    """One question of the assignment: its number, title and the functions deriving its parts.

    ``statement`` is the question as the assignment words it, and ``givens`` its data, declared
    once: the build fails unless the statement says each given as its value shows it (so a datum
    changed in the script, and not in the question, is caught), and the sheet prints them.
    """

    number: str
    title: str
    parts: tuple[Part | Callable[[], Derivation], ...]
    statement: str = ""
    givens: tuple[Given, ...] = ()

    def given_problems(self) -> list[str]:
        """The givens that the statement does not say as they are declared."""
        said = " ".join(self.statement.split())
        return [f"question {self.number}: the given {g.name} is '{g.text}', which the question's statement does not say"
                for g in self.givens if " ".join(g.text.split()) not in said]

    def derive(self) -> list[Derivation]:
        return [part() for part in self.parts]
