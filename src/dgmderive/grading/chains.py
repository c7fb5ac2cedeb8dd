"""A chain's links ``a = b <= c``, each checked under the context; definitions and conditions among
them are taken into the context instead."""

from __future__ import annotations

import dataclasses
import re

import sympy
from sympy.core.function import AppliedUndef

from dgmderive.checking.budget import within
from dgmderive.claims import best_reading, check, claim_step, claim_steps
from dgmderive.grading.context import Context
from dgmderive.grading.definitions import define, defines, law_given
from dgmderive.grading.document import links
from dgmderive.grading.doubts import doubted
from dgmderive.grading.laws import formula_row, guarded, unread_formula, written_out
from dgmderive.grading.results import ChainResult, LinkResult
from dgmderive.parse import ParseError, applies_to_all
from dgmderive.probability import Expectation, uses_probability
from dgmderive.proportional import check_proportional
from dgmderive.relation import NOT_GRADED, PROPORTIONAL
from dgmderive.scalar_reading import in_one_dimension, uses_vectors
from dgmderive.tex import infix_outside_groups
from dgmderive.verdict import Kind, Level, Verdict


def _not_a_claim(parts: list[str], rels: list[str], context: Context) -> str:
    r"""What a single link is read as when it states a condition or an equation to solve rather
    than an identity (``i = 2``, ``(1-\lambda)^2 + \alpha^2 = 0``, ``x > 0``), else "". A closed
    side against a number (``\int_0^1 x\,dx = 1/2``) is a claim, as is one in probability notation
    (``E_{q(z|x)}[1] = 1``), a side that cannot be read (it is reported), a name on the right
    (``\int q(z) z^2 dz = \sigma``) or one against what uses it (``x = x + 1``)."""
    if len(rels) != 1:
        return ""
    left, right = (context.side(p) for p in parts)
    if rels[0] == "=":
        if isinstance(left, sympy.Symbol) and not (isinstance(right, sympy.Basic) and right.has(left)):
            return f"an assignment of {left}, not a claim"
        for number, other in ((left, right), (right, left)):
            if isinstance(number, sympy.Number) and isinstance(other, sympy.Basic) and other.free_symbols \
                    and not uses_probability(other):  # E_{q(z|x)}[1] = 1: the draws' variables are no unknowns
                return "an equation to solve, not an identity"
        return ""
    if any(isinstance(a, sympy.Symbol) and isinstance(b, sympy.Number) for a, b in ((left, right), (right, left))):
        return "a condition, in force for the display"
    return ""


def chain(line: int, row: int, statement: str, context: Context, carried: bool = False) -> ChainResult:
    """The links of one statement; one that only defines or states a condition has none, and says
    what it was read as. A statement ``carried`` on from the last chain (``= c``) is a claim."""
    parts, rels = links(statement)
    source = " ".join(statement.split())
    if rels and infix_outside_groups(statement):  # TeX's fraction would hold the relations
        refused = [LinkResult(*link, error=WHOLE_FRACTION, line=line, row=row) for link in zip(parts, rels, parts[1:])]
        return ChainResult(line, source, refused)
    taken = ""
    if rels and law_given(parts[0], rels[0], parts[1], context):
        parts, rels, taken = parts[1:], rels[1:], f"gives {parts[0].strip()} its law"
    elif rels and rels[0] == ":=":  # a definition, not a claim; what follows it is claimed of the value
        define(context.side(parts[0]), parts[1], context)
        parts, rels, taken = parts[1:], rels[1:], f"defines {parts[0].strip()}"
    rels = ["=" if rel == ":=" else rel for rel in rels]
    if rels and not carried and (condition := _not_a_claim(parts, rels, context)):
        return ChainResult(line, source, taken=condition)
    if not rels and not taken:  # unbalanced brackets hide a relation, or a term carried on alone
        return ChainResult(line, source, taken="no relation (=, <, ...) outside brackets, so nothing to check")
    result = ChainResult(line, source, taken=taken)
    for k, (left, rel, right) in enumerate(zip(parts, rels, parts[1:])):
        if k == 0 and rel == "=" and defines(context.side(left), right, context):
            result.taken = f"defines {left.strip()}"
            continue
        found = link(left, rel, right, context)
        found.line, found.row = line, row
        result.links.append(found)
    return result


WHOLE_FRACTION = (r"an \over outside braces divides the whole formula, its relations too: write {a \over b} "
                  "for a fraction")
BINDING = (sympy.Integral, sympy.Sum, sympy.Product, sympy.Derivative, sympy.Lambda)


def _in_force(left: str, right: str, context: Context) -> tuple:
    """The definitions that apply to a link: none of a variable that the link binds (of an
    integral, a sum, a derivative or an expectation), which names another thing there."""
    sides = [side for side in (context.side(left), context.side(right)) if isinstance(side, sympy.Basic)]
    bound = {v for side in sides for node in side.atoms(*BINDING) for v in node.variables}
    bound |= {v for side in sides for node in side.atoms(Expectation) for v in node.density.variables}
    names = {str(v) for v in bound}
    return tuple((name, value) for name, value in context.where if str(name) not in names)


CHECK_FAILURES = (ValueError, TypeError, AttributeError, NotImplementedError, ZeroDivisionError, RecursionError)
LINK_SECONDS = 2.0  # the CPU time one link may take (scaled like every budget), so that a document takes seconds
PARAMETER_SUBSCRIPT = re.compile(r"(?<![\\A-Za-z])[A-Za-z]_\{?\s*\\?(?P<name>[A-Za-z]+)\s*\}?\s*(?:\\left)?\s*\(")


def _parameter_defined(left: str, right: str, context: Context) -> sympy.Basic | None:
    """A parameter written as a density's subscript (``p_\\omega(x)``) that the text defines in terms
    of other variables (where ``\\omega = g_\\theta(z)``): the density then depends on them too,
    which the finite models, where a parameter names one density, do not model."""
    defined = {str(name): (name, value) for name, value in context.where
               if isinstance(value, sympy.Basic) and value.free_symbols}
    for match in PARAMETER_SUBSCRIPT.finditer(f"{left} {right}"):
        if match.group("name") in defined:
            return sympy.Eq(*defined[match.group("name")], evaluate=False)
    return None


def natural_domain(step) -> tuple:
    """Where the written sides are defined, as a reader takes for granted: the argument of each
    logarithm positive and that of each square root not negative (``\\log t`` says t > 0 even after
    the claim differentiates it away), where the argument is a product of powers of symbols. Values
    of functions are left to the text's definitions."""
    conditions = []
    for side in (step.lhs, step.rhs):
        if not isinstance(side, sympy.Expr):
            continue
        conditions += [node.args[0] > 0 for node in side.atoms(sympy.log) if _monomial(node.args[0])]
        conditions += [node.base >= 0 for node in side.atoms(sympy.Pow)
                       if node.exp.is_Rational and node.exp.q % 2 == 0 and _monomial(node.base)]
    return tuple(dict.fromkeys(c for c in conditions if isinstance(c, sympy.core.relational.Relational)
                               and c.free_symbols and not c.has(sympy.I, AppliedUndef)))


def _monomial(expr: sympy.Expr) -> bool:
    """A product of powers of symbols and numbers (t, p/r, 2 pi sigma^2): a condition on its sign is
    one the sign rules decide at once, where a sum's would make every point hard to find."""
    return all(base.is_Symbol or base.is_number for base in expr.as_powers_dict())


# an extremum over a name that opens a side: \min_G, \max_{D}, \sup_\phi
EXTREMUM = re.compile(r"\s*\\(?:min|max|sup|inf)(?![A-Za-z])\s*(?:\\limits\s*)?_\s*"
                      r"(?:\{(?P<braced>[^{}]*)\}|(?P<name>\\[A-Za-z]+|[A-Za-z]))")


def _extrema(side: str) -> tuple[list[tuple[str, str]], str]:
    """The extrema a side opens with, each without spacing and with the name it is over, and what
    they apply to."""
    found, i = [], 0
    while (match := EXTREMUM.match(side, i)) is not None:
        found.append((re.sub(r"\s+", "", match.group(0)), (match.group("braced") or match.group("name")).strip()))
        i = match.end()
    return found, side[i:].strip()


def link(left: str, rel: str, right: str, context: Context) -> LinkResult:
    """One link checked with the definitions and conditions in force. Two sides that open with the
    same extrema (``\\min_G \\max_D V = \\min_G \\max_D W``) hold where what they apply to does, for
    every G and D (an equality or order of those gives that of their extrema); where that fails, the
    extrema may still agree, so the link is undecided, never refuted."""
    (over, inner_left), (under, inner_right) = _extrema(left), _extrema(right)
    if over and over == under and rel in ("=", "<=", ">=") and applies_to_all(inner_left) \
            and applies_to_all(inner_right):
        found = dataclasses.replace(_link(inner_left, rel, inner_right, context), left=left, right=right)
        if found.verdict is not None and not found.verdict.holds:
            names = ", ".join(name for _, name in over)
            found.verdict = Verdict(Level.UNCHECKED, "none", f"{inner_left} {rel} {inner_right} fails for some {names} "
                                    f"({found.verdict.level.value}): the extrema may still agree")
        return found
    return _link(left, rel, right, context)


# a logarithm of a number before a call or a bracket, \log 2p(x) or \log 2(p + q): log(2 p(x)) as read, or
# log(2) times p(x), as a text that adds \log 2 - \log 2 writes it
LOG_OF_NUMBER = re.compile(r"(\\(?:log|ln)(?![A-Za-z]))\s*(\d+)(?=\s*(?:\(|(?:[A-Za-z]|\\[A-Za-z]+)(?:_(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]+))?\s*\())")


def _link(left: str, rel: str, right: str, context: Context) -> LinkResult:
    """One link; refuted only if it fails also with each logarithm of a number before a call or
    bracket read as that logarithm times what follows (:data:`LOG_OF_NUMBER`)."""
    found = _read_link(left, rel, right, context)
    if found.status == "refuted" and (logarithm := LOG_OF_NUMBER.search(left + right)):
        other = _read_link(LOG_OF_NUMBER.sub(r"\1(\2) ", left), rel, LOG_OF_NUMBER.sub(r"\1(\2) ", right), context)
        if other.status not in ("refuted", "unparsed"):
            log, number = logarithm.groups()
            found.verdict = Verdict(Level.UNCHECKED, "none", f"it fails reading {log} {number} before a call or bracket "
                                    f"as the logarithm of the whole product, and holds or is undecided reading it as "
                                    f"{log}({number}) times what follows", notes=found.verdict.notes)
    return found


# a side that is an equation's number, "= (14)": a reference to it, not the number
EQUATION_REFERENCE = re.compile(r"^\s*(?:\(\s*\d+(?:\.\d+)*\s*\)|\\(?:eq)?ref\{[^{}]*\})\s*[.,]?\s*$")


def _read_link(left: str, rel: str, right: str, context: Context) -> LinkResult:
    found = LinkResult(left, rel, right)
    if reference := next((side for side in (left, right) if EQUATION_REFERENCE.match(side)), None):
        found.verdict = Verdict(Level.UNCHECKED, "not graded", f"{reference.strip()} refers to an equation of the text")
        return found
    where = _in_force(left, right, context)
    if rel in NOT_GRADED:
        found.verdict = Verdict(Level.UNCHECKED, "not graded", f"{rel} is {NOT_GRADED[rel]}")
        return found
    if rel == PROPORTIONAL:
        try:
            found.verdict = _in_context(claim_step(left, right, "=", context.assumptions),
                                        check_proportional(left, right, assume=context.assumptions))
        except ParseError as error:
            found.error = str(error)
        return found
    if (parameter := _parameter_defined(left, right, context)) is not None:
        found.verdict = Verdict(Level.UNCHECKED, "none", f"a density's parameter is defined by {parameter}, in "
                                "terms of other variables; a family whose parameter moves with them is not modelled")
        return found
    assumptions = context.assumptions + tuple(f"{letter}>0" for letter in sorted(context.densities)
                                              if re.search(rf"(?<![\\A-Za-z]){letter}(?![A-Za-z_(])", left + right))
    try:
        readings = claim_steps(left, right, rel, assumptions, context.given, where)
    except ParseError as error:
        if uses_vectors(left + right):
            return _in_one_dimension(found, context, where, error)
        found.error = str(error)
        if rel == "=":
            unread_formula(context.side(left), f"{left.strip()} = {right.strip()}", context)
        return found
    positive = sorted({str(c.lhs) for step in readings for c in natural_domain(step)
                       if isinstance(c.lhs, sympy.Symbol) and c.rhs == 0 and isinstance(c, sympy.StrictGreaterThan)})
    if positive:  # log t: t is positive, as an assumption the rewrites can use
        try:
            readings = claim_steps(left, right, rel, assumptions + tuple(f"{name}>0" for name in positive),
                                   context.given, where)
        except ParseError:  # a name that an assumption cannot spell: the conditions below say it
            pass
    written = readings[0]
    readings, open_laws = written_out(readings, context)
    readings = tuple(dataclasses.replace(step, given=step.given + natural_domain(step)) for step in readings)
    try:
        best = within(LINK_SECONDS, lambda: best_reading(readings, lambda s: _in_context(s, check(s))))
    except CHECK_FAILURES as failure:  # SymPy could not build or evaluate what the link reads as
        found.verdict = Verdict(Level.UNCHECKED, "none", f"the check could not run: {failure}".splitlines()[0])
        return found
    if best is None:  # refuted only when every reading is, each read in the text's context
        found.verdict = Verdict(Level.UNCHECKED, "none", f"checking it ran past the {LINK_SECONDS:g} CPU seconds "
                                "a link may take")
        return found
    step, verdict = best
    found.verdict = guarded(verdict, open_laws, context)
    if found.verdict.level is Level.REFUTED and (doubt := doubted(readings, context)):
        found.verdict = Verdict(Level.UNCHECKED, "none", doubt, notes=found.verdict.notes)
    if written.rel.value == "=" and found.verdict.level is not Level.REFUTED:
        formula_row(written.lhs, written.rhs, f"{left.strip()} = {right.strip()}", context)
    relation = step.rel
    if relation.is_order and not relation.is_strict and found.verdict.holds:
        strict = within(LINK_SECONDS, lambda: check(claim_step(left, right, relation.strict, context.assumptions,
                                                               context.given, where)))
        if strict is not None and strict.level is Level.PROVED:
            found.note = f"{left} {relation.strict} {right} holds too ({strict.method}): {rel} gives away strictness"
    return found


def _in_one_dimension(found: LinkResult, context: Context, where: tuple, error: ParseError) -> LinkResult:
    """A link in vector notation, read with K = 1 (see :mod:`dgmderive.scalar_reading`): refuted
    there means wrong; holding there decides nothing. A link that names a vector or matrix the text
    defines (with its own dimension) is not read so."""
    numbers = tuple((name, value) for name, value in where if not isinstance(value, sympy.MatrixBase))
    try:
        readings = claim_steps(in_one_dimension(found.left), in_one_dimension(found.right), found.rel,
                               context.assumptions, context.given, numbers)
    except ParseError:
        found.error = str(error)
        return found
    fixed = {name for name, value in where if isinstance(value, sympy.MatrixBase)}
    if any(fixed & (step.lhs.free_symbols | step.rhs.free_symbols) for step in readings):
        found.verdict = Verdict(Level.UNCHECKED, "none", "names a vector or matrix the text defines with a fixed "
                                "dimension, so it cannot be read with K = 1")
        return found
    best = within(LINK_SECONDS, lambda: best_reading(readings, lambda s: _in_context(s, check(s))))
    if best is None:
        found.verdict = Verdict(Level.UNCHECKED, "none", f"read with K = 1, checking it ran past the {LINK_SECONDS:g} "
                                "CPU seconds a link may take")
        return found
    verdict = best[1]  # refuted only in every reading
    if verdict.level is Level.REFUTED:
        found.verdict = Verdict(Level.REFUTED, f"{verdict.method}, in one dimension",
                                f"read with K = 1, where vectors are numbers: {verdict.evidence}".rstrip(": "),
                                verdict.counterexample)
    else:
        said = "holds" if verdict.holds else f"is undecided ({verdict.evidence or verdict.method})"
        found.verdict = Verdict(Level.UNCHECKED, "none", f"{said} with K = 1, where vectors are numbers; vector "
                                "notation is not read for general K")
    return found


CHOICES = (Kind.FUNCTION, Kind.CALL)  # entries that choose a function, or its values at a point


def _in_context(step, verdict: Verdict) -> Verdict:
    """In someone's derivation, f(z) names a function defined elsewhere in the text. A link that
    fails only for some choice of such functions is not shown wrong: it is undecided."""
    sides = (*step.resolved(), *step.given)
    calls = set().union(*(side.atoms(AppliedUndef) for side in sides))
    names = sorted({str(call.func) for call in calls})
    if verdict.level is Level.REFUTED and _chooses_functions(verdict, calls, sides):
        return Verdict(Level.UNCHECKED, "none", "fails for some choice of the functions "
                       + ", ".join(names) + ", which the text defines elsewhere")
    return verdict


def _chooses_functions(verdict: Verdict, calls: set, sides: tuple) -> bool:
    """Whether the counterexample picks one of the functions or its values at a point. An entry
    whose kind its stage did not state counts when it is named as one of the claim's functions or
    calls is."""
    if not calls:
        return False
    derivatives = {d for side in sides for d in side.atoms(sympy.Derivative) if d.has(*calls)}
    named = {str(call.func) for call in calls} | {sympy.sstr(e) for e in calls | derivatives}
    return any(entry.kind in CHOICES or entry.kind is Kind.UNSTATED and entry.name in named
               for entry in verdict.counterexample)
