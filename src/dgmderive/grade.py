r"""Grading a written derivation: every displayed chain ``a = b <= c ...``, link by link.

What the text says on the way is used. A chain whose first link is ``f(x) = ...`` (or
``name := ...``) defines f (or the name) for the links after it; the label over an arrow
(``\xrightarrow{f' > -1}``) is a condition for the rest of its display; an equation followed by an
arrow and assignments (``P = 0 \to x = 1``) is an implication from the equation to its solutions.
Besides wrong links, grading flags links that hold but say less than is true: a non-strict
inequality whose strict form is proved, or solutions that leave out complex roots.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from dgmderive.checking.solutions import check_solutions
from dgmderive.claims import best_reading, check, claim_step, claim_steps
from dgmderive.parse import ParseError, parse_assumptions, parse_expression
from dgmderive.reading import Document, Statement, links, read_document, rows, statements
from dgmderive.scalar_reading import in_one_dimension, uses_vectors
from dgmderive.verdict import Level, Verdict

STATUSES = ("holds", "flagged", "refuted", "undecided", "unparsed")


@dataclass
class LinkResult:
    left: str
    rel: str
    right: str
    verdict: Verdict | None = None
    error: str = ""
    note: str = ""

    @property
    def status(self) -> str:
        if self.error:
            return "unparsed"
        if self.verdict.level is Level.REFUTED:
            return "refuted"
        if self.note:
            return "flagged"
        return "holds" if self.verdict.holds else "undecided"


@dataclass
class ChainResult:
    line: int
    source: str
    links: list[LinkResult] = field(default_factory=list)

    @property
    def first_failure(self) -> LinkResult | None:
        return next((link for link in self.links if link.status == "refuted"), None)


@dataclass
class _Context:
    """What the text has said so far: assumptions, definitions, and the conditions of the display."""

    assume: tuple[str, ...]
    where: list = field(default_factory=list)
    given: tuple = ()

    def side(self, latex: str):
        """One side as SymPy, or None when it cannot be read."""
        try:
            return parse_expression(latex, parse_assumptions(self.assume))
        except ParseError:
            return None


def grade_text(text: str | Document, assume: tuple[str, ...] = ()) -> list[ChainResult]:
    """Check every link of every displayed chain; unparseable links are reported and skipped."""
    context = _Context(tuple(assume))
    results, last = [], ""
    for line, display, _ in read_document(text).displays:
        context.given = ()
        pieces = [piece for row in rows(display) for piece in statements(row)]
        for k, piece in enumerate(pieces):
            if piece.label:
                context.given += _conditions(piece.label, context)
            statement = piece.text
            if not links(statement)[0][0] and last:  # a display opening with "=" carries on the last chain
                statement = last + " " + statement
            last = links(statement)[0][-1]
            rest = pieces[k + 1:]
            chain = (_characteristic(line, statement, rest, context) or _implication(line, statement, rest, context)
                     or _chain(line, statement, context))
            if chain is not None:
                results.append(chain)
    return results


def _conditions(label: str, context: _Context) -> tuple:
    """The label of an arrow as conditions, when it is a relation that can be read."""
    parts, rels = links(label)
    sides = [context.side(part) for part in parts]
    if len(rels) != 1 or any(s is None or isinstance(s, sympy.MatrixBase) for s in sides):
        return ()
    relation = sympy.core.relational.Relational(sides[0], sides[1], "==" if rels[0] in ("=", ":=") else rels[0])
    return (relation,) if isinstance(relation, sympy.core.relational.Relational) else ()


def _is_definition(expr) -> bool:
    """What a chain's first left side names when the chain defines it: f(x, y) of plain variables,
    or a vector of plain symbols such as (d_{k+1}, g_{k+1})."""
    if isinstance(expr, sympy.MatrixBase):
        return all(isinstance(entry, sympy.Symbol) for entry in expr)
    return (isinstance(expr, sympy.core.function.AppliedUndef)
            and all(isinstance(a, sympy.Symbol) for a in expr.args) and len(set(expr.args)) == len(expr.args))


def _define(left, right: str, context: _Context) -> None:
    """``f(x) = value`` or ``name := value``, in force from here on; a value that cannot be read
    defines nothing."""
    value = context.side(right)
    if isinstance(left, sympy.core.function.AppliedUndef) and isinstance(value, sympy.Expr):
        name, value = left.func, sympy.Lambda(left.args, value)
    elif isinstance(left, sympy.Symbol) and isinstance(value, (sympy.Expr, sympy.MatrixBase)):
        name = left
    else:
        return
    context.where = [(n, v) for n, v in context.where if n != name]
    context.where.append((name, value))


def _is_condition(parts: list[str], rels: list[str], context: _Context) -> bool:
    r"""A single link that states a condition or an equation to solve rather than an identity:
    ``i = 2``, ``(1-\lambda)^2 + \alpha^2 = 0``, ``x > 0``. A closed side against a number
    (``\int_0^1 x\,dx = 1/2``) is a claim, and so is a side that cannot be read (it is reported)."""
    if len(rels) != 1:
        return False
    left, right = (context.side(p) for p in parts)
    if rels[0] == "=":
        if isinstance(left, sympy.Symbol) or isinstance(right, sympy.Symbol):
            return True  # an assignment, i = 2
        for number, other in ((left, right), (right, left)):
            if isinstance(number, sympy.Number):  # an equation to solve when the other side has unknowns
                return isinstance(other, sympy.Basic) and bool(other.free_symbols)
        return False
    return any(isinstance(a, sympy.Symbol) and isinstance(b, sympy.Number)
               for a, b in ((left, right), (right, left)))


def _chain(line: int, statement: str, context: _Context) -> ChainResult | None:
    parts, rels = links(statement)
    if rels and rels[0] == ":=":  # a definition, not a claim; what follows it is claimed of the value
        _define(context.side(parts[0]), parts[1], context)
        parts, rels = parts[1:], rels[1:]
    rels = ["=" if rel == ":=" else rel for rel in rels]
    if not rels or _is_condition(parts, rels, context):
        return None
    chain = ChainResult(line, " ".join(statement.split()))
    for k, (left, rel, right) in enumerate(zip(parts, rels, parts[1:])):
        if k == 0 and rel == "=" and _is_definition(named := context.side(left)):
            _define(named, right, context)
            continue
        chain.links.append(_link(left, rel, right, context))
    return chain if chain.links else None


def _link(left: str, rel: str, right: str, context: _Context) -> LinkResult:
    link = LinkResult(left, rel, right)
    try:
        readings = claim_steps(left, right, rel, context.assume, context.given, tuple(context.where))
    except ParseError as error:
        if uses_vectors(left + right):
            return _in_one_dimension(link, context, error)
        link.error = str(error)
        return link
    step, verdict = best_reading(readings)  # refuted only when every reading is
    link.verdict = _in_context(step, verdict)
    relation = step.rel
    if relation.is_order and not relation.is_strict and link.verdict.holds:
        strict = check(claim_step(left, right, relation.strict, context.assume, context.given, tuple(context.where)))
        if strict.level is Level.PROVED:
            link.note = f"{left} {relation.strict} {right} holds too ({strict.method}): {rel} gives away strictness"
    return link


def _in_one_dimension(link: LinkResult, context: _Context, error: ParseError) -> LinkResult:
    """A link in vector notation, read with K = 1 (see :mod:`dgmderive.scalar_reading`): refuted
    there means wrong; holding there decides nothing. A link that names a vector or matrix the text
    defines (with its own dimension) is not read so."""
    numbers = tuple((name, value) for name, value in context.where if not isinstance(value, sympy.MatrixBase))
    try:
        step = claim_step(in_one_dimension(link.left), in_one_dimension(link.right), link.rel, context.assume,
                          context.given, numbers)
    except ParseError:
        link.error = str(error)
        return link
    fixed = {name for name, value in context.where if isinstance(value, sympy.MatrixBase)}
    if fixed & (step.lhs.free_symbols | step.rhs.free_symbols):
        link.verdict = Verdict(Level.UNCHECKED, "none", "names a vector or matrix the text defines with a fixed "
                               "dimension, so it cannot be read with K = 1")
        return link
    verdict = _in_context(step, check(step))
    if verdict.level is Level.REFUTED:
        link.verdict = Verdict(Level.REFUTED, f"{verdict.method}, in one dimension",
                               f"read with K = 1, where vectors are numbers: {verdict.evidence}".rstrip(": "),
                               verdict.counterexample)
    else:
        link.verdict = Verdict(Level.UNCHECKED, "none", "holds with K = 1, where vectors are numbers; vector "
                               "notation is not read for general K")
    return link


def _in_context(step, verdict: Verdict) -> Verdict:
    """In someone's derivation, f(z) names a function defined elsewhere in the text. A link that
    fails only for some choice of such functions is not shown wrong: it is undecided."""
    lhs, rhs = step.resolved()
    calls = lhs.atoms(sympy.core.function.AppliedUndef) | rhs.atoms(sympy.core.function.AppliedUndef)
    names = sorted({str(c.func) for c in calls})
    if verdict.level is Level.REFUTED and _chooses_functions(verdict.counterexample, names):
        return Verdict(Level.UNCHECKED, "none", "fails for some choice of the functions "
                       + ", ".join(names) + ", which the text defines elsewhere")
    return verdict


def _chooses_functions(counterexample: tuple, names: list[str]) -> bool:
    """Whether a counterexample picks one of the functions (a polynomial for f) or its values at a
    point (f(z), Derivative(f(z), z))."""
    picked = tuple(prefix + name for name in names for prefix in ("", "Derivative("))
    return any(key in names or key.startswith(tuple(p + "(" for p in picked)) for key, _ in counterexample)


def _implication(line: int, statement: str, rest: list[Statement], context: _Context) -> ChainResult | None:
    r"""``P = Q \to x = a, y = b``: the equation, then an arrow, then assignments (up to the next arrow)."""
    parts, rels = links(statement)
    if rels != ["="] or not rest or not rest[0].after_arrow:
        return None
    conclusion = []
    for k, piece in enumerate(rest):
        if k and piece.after_arrow:
            break
        assignment = _assignment(piece.text, context)
        if assignment is None:
            return None
        conclusion.append(assignment)
    sides = [context.side(p) for p in parts]
    if any(not isinstance(s, sympy.Expr) for s in sides):
        return None
    outcome = check_solutions(sides[0] - sides[1], conclusion)
    text = ", ".join(piece.text.strip() for piece in rest[:len(conclusion)])
    link = LinkResult(statement.strip(), "=>", text, outcome.verdict)
    if outcome.complex_roots:
        roots = " or ".join(f"{outcome.unknown} = {sympy.sstr(r)}" for r in outcome.complex_roots)
        link.note = f"the equation is also solved by {roots}, which the conclusion leaves out"
    return ChainResult(line, f"{statement.strip()} => {text}", [link])


def _characteristic(line: int, statement: str, rest: list[Statement], context: _Context) -> ChainResult | None:
    r"""A square matrix, an arrow, then an equation (``A - \lambda I \to (1-\lambda)^2 + \alpha^2 = 0``):
    the equation must be the matrix's determinant set to zero, up to a constant factor."""
    if links(statement)[1] or not rest or not rest[0].after_arrow:
        return None
    matrix = context.side(statement)
    parts, rels = links(rest[0].text)
    if not (isinstance(matrix, sympy.MatrixBase) and matrix.is_square and rels == ["="]):
        return None
    sides = [context.side(p) for p in parts]
    if any(not isinstance(side, sympy.Expr) for side in sides):
        return None
    det = sympy.expand(matrix.det())
    factor = sympy.cancel((sides[0] - sides[1]) / det) if det != 0 else sympy.nan
    if factor.is_number and factor.is_finite and factor != 0:
        verdict = Verdict(Level.PROVED, "determinant", f"the equation is det = 0 times {sympy.sstr(factor)}")
    else:
        verdict = _root_off_determinant(sides[0] - sides[1], det) or Verdict(
            Level.UNCHECKED, "determinant", f"the determinant is {sympy.sstr(det)}, of which the equation is no "
            "constant multiple")
    link = LinkResult(statement.strip(), "=>", rest[0].text.strip(), verdict)
    return ChainResult(line, f"{statement.strip()} => {rest[0].text.strip()}", [link])


def _root_off_determinant(equation: sympy.Expr, det: sympy.Expr) -> Verdict | None:
    """A solution of the equation where the determinant does not vanish, as a refutation."""
    symbols = sorted(equation.free_symbols, key=sympy.default_sort_key)
    if not symbols:
        return None
    unknown = max(symbols, key=lambda v: sympy.degree(equation, v) if equation.is_polynomial(v) else 0)
    others = {s: sympy.Integer(k + 2) for k, s in enumerate(symbols) if s != unknown}
    for root in sympy.solve(equation.xreplace(others), unknown):
        point = {**others, unknown: root}
        value = sympy.simplify(det.xreplace(point))
        if value.equals(0) is False:
            return Verdict(Level.REFUTED, "determinant", f"a solution of the equation where the determinant is "
                           f"{sympy.sstr(value)}", tuple((str(k), sympy.sstr(v)) for k, v in point.items()))
    return None


def _assignment(text: str, context: _Context) -> tuple | None:
    parts, rels = links(text)
    if rels != ["="]:
        return None
    variable, value = (context.side(p) for p in parts)
    if isinstance(variable, sympy.Symbol) and isinstance(value, sympy.Expr) and variable not in value.free_symbols:
        return variable, value
    return None


def report(results: list[ChainResult]) -> list[str]:
    lines = []
    counts = dict.fromkeys(STATUSES, 0)
    for number, chain in enumerate(results, start=1):
        statuses = [link.status for link in chain.links]
        for status in statuses:
            counts[status] += 1
        summary = ", ".join(f"{statuses.count(s)} {s}" for s in STATUSES if statuses.count(s))
        lines.append(f"chain {number} (line {chain.line}): {len(chain.links)} link(s): {summary}")
        failure = chain.first_failure
        if failure is not None:
            lines.append(f"  first failing link {chain.links.index(failure) + 1}: "
                         f"{failure.left} {failure.rel} {failure.right}")
            lines.append(f"    {failure.verdict}")
        for k, link in enumerate(chain.links, start=1):
            if link.status == "unparsed":
                lines.append(f"  link {k} skipped: {link.error}")
            elif link.status == "flagged":
                lines.append(f"  link {k} flagged: {link.note}")
            elif link.status == "undecided":
                lines.append(f"  link {k} undecided: {link.verdict.evidence or link.verdict.method}")
    total = sum(counts.values())
    lines.append(f"summary: {len(results)} chain(s), {total} link(s): "
                 + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return lines
