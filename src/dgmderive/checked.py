"""A derivation together with the verdict of each of its steps."""

from __future__ import annotations

import re
import sys
import weakref
from dataclasses import dataclass

import sympy

from dgmderive.checking import check, store
from dgmderive.derivation import Definition, Derivation, Question, Step
from dgmderive.markers import holds_opaque
from dgmderive.parse import ParseError, parse_expression
from dgmderive.tracing import AnswerTrace, trace
from dgmderive.verdict import Level, Verdict, weakest


def displayed_matches(fragment: str, expr, where: tuple = ()) -> Verdict:
    """Whether hand-written LaTeX says what was checked: parsed back, with the definitions ``where``
    in force (a formula may use other names), it must equal ``expr``. Kept in the verdict store."""
    verdict = store.load_display(fragment, expr, where)
    if verdict is None:
        verdict = _read_back(fragment, expr, where)
        store.save_display(fragment, expr, where, verdict)
    return verdict


def _read_back(fragment: str, expr, where: tuple) -> Verdict:
    try:
        parsed = parse_expression(fragment)
    except ParseError as error:
        return Verdict(Level.UNCHECKED, "parse back", str(error))
    by_name = {_name(s): s for s in expr.atoms(sympy.Symbol, sympy.IndexedBase)}  # bound indices too
    by_name.update({_name(name): name for name, _ in where if isinstance(name, sympy.Symbol)})
    parsed = parsed.xreplace({s: by_name[_name(s)] for s in parsed.atoms(sympy.Symbol, sympy.IndexedBase)
                              if _name(s) in by_name})
    if parsed == expr:
        return Verdict(Level.PROVED, "identical sides", "the display parses back to the checked expression itself")
    return check(Step(parsed, "=", expr, f"the display '{fragment}'", where=where))


def _name(s) -> str:
    """A symbol's name as written, braces aside: the parser's d_{k} is the script's d_k."""
    name = str(s.label) if isinstance(s, sympy.IndexedBase) else s.name
    return name.replace("{", "").replace("}", "")


def _hand_written(derivation: Derivation):
    """Each formula written by hand in place of a checked expression: where it is, the text, the
    expression, and the definitions it may use."""
    names = tuple(derivation.definitions.items())
    for item in derivation.items:
        if isinstance(item, Definition) and item.shown:
            others = tuple((n, v) for n, v in names if n != item.name)
            value = item.value.expr if isinstance(item.value, sympy.Lambda) else item.value  # f(x) := its body
            yield f"the definition of {item.name}", item.shown, value, others
    for number, step in enumerate(derivation.steps, start=1):
        for side, latex, value in zip(("left", "right"), step.written, (step.lhs, step.rhs)):
            if latex:
                yield f"step {number}, the {side} side", latex, value, step.where


def read_statements(text: str, derivation: Derivation) -> list[tuple[str, Verdict | None]]:
    """The statements of a text written in an answer, each read back (with the part's definitions
    in force) and checked link by link: the weakest verdict of its links, or None where a statement
    cannot be read or claims nothing."""
    return [(statement, verdict) for statement, verdict, _ in _statements_read(text, derivation)]


def _statements_read(text: str, derivation: Derivation, given: tuple = ()) -> list[tuple[str, Verdict | None, set]]:
    """:func:`read_statements`, with the symbols of each statement as read."""
    from dgmderive.reading import links, statements
    from dgmderive.claims import best_reading, claim_steps

    where = tuple(derivation.definitions.items())
    found = []
    for statement in statements(text):
        parts, rels = links(statement.text)
        if not rels:
            found.append((statement.text, None, set()))
            continue
        verdicts, symbols = [], set()
        for left, rel, right in zip(parts, rels, parts[1:]):
            try:
                steps = claim_steps(left, right, rel, given=given, where=where)
            except ParseError:
                verdicts.append(None)
                continue
            if any(holds_opaque(step.lhs, step.rhs) for step in steps):  # words about a value never computed are shown
                verdicts.append(None)
                continue
            step, verdict = best_reading(steps)
            verdicts.append(verdict)
            symbols |= _symbols(step.lhs) | _symbols(step.rhs)
        found.append((statement.text, None if None in verdicts else weakest(verdicts), symbols))
    return found


INLINE_MATH = re.compile(r"(?<!\\)\$([^$]+)\$")
HYPOTHESIS = re.compile(r"\b(for(?: every| all| each| some| any)?|if|when|whenever|with|where|given|assuming|"
                        r"let|unless|provided)\s*$", re.IGNORECASE)


def refuted_in_words(text: str, derivation: Derivation, given: tuple = ()) -> list[tuple[str, Verdict]]:
    """The formulas in an answer's words that are refuted: each ``$...$`` that states a relation,
    unless a hypothesis introduces it ("for $\\alpha > 0$", "if", "with", ...), read back with the
    part's definitions. Only a formula about the part's own quantities (every symbol in it occurs in
    the part's steps or definitions) can be refuted, under the conditions ``given`` of the steps the
    words rest on; the words are otherwise shown, not judged."""
    known = set(derivation.definitions)
    for step in derivation.steps:
        known |= _symbols(step.lhs) | _symbols(step.rhs)
    refuted = []
    for match in INLINE_MATH.finditer(text):
        if HYPOTHESIS.search(text[:match.start()]):
            continue
        for statement, verdict, symbols in _statements_read(match.group(1), derivation, given):
            if verdict is not None and verdict.level is Level.REFUTED and symbols <= known:
                refuted.append((statement, verdict))
    return refuted


def _symbols(obj) -> set:
    return set(obj.free_symbols) if isinstance(obj, sympy.Basic) else set()


@dataclass(frozen=True)
class CheckedDerivation:
    derivation: Derivation
    verdicts: tuple[Verdict, ...]  # one per step, in the order of ``derivation.steps``
    displays: tuple[tuple[str, str, Verdict], ...] = ()  # (where, formula, verdict): hand-written, parsed back
    answers: tuple[AnswerTrace, ...] = ()  # one per answer: where its pieces and values come from

    @classmethod
    def of(cls, derivation: Derivation) -> CheckedDerivation:
        displays = tuple((place, fragment, displayed_matches(fragment, expr, where))
                         for place, fragment, expr, where in _hand_written(derivation))
        verdicts = tuple(check(step) for step in derivation.steps)
        return cls(derivation, verdicts, displays,
                   tuple(trace(derivation, verdicts, read_statements, refuted_in_words)))

    @property
    def pairs(self) -> list[tuple[Step, Verdict]]:
        return list(zip(self.derivation.steps, self.verdicts))

    @property
    def failures(self) -> list[tuple[Step, Verdict]]:
        """Steps that were refuted or that nothing could check."""
        return [(s, v) for s, v in self.pairs if not v.holds]

    @property
    def display_failures(self) -> list[tuple[str, str, Verdict]]:
        """Hand-written formulas that do not parse back to what was checked."""
        return [(place, fragment, v) for place, fragment, v in self.displays if not v.holds]

    @property
    def answer_failures(self) -> list[str]:
        """What an answer shows or gives that no checked step of this part says."""
        return [problem for answer in self.answers for problem in answer.problems]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.display_failures and not self.answer_failures

    def __str__(self) -> str:
        from dgmderive.render.terminal import terminal_text

        return terminal_text(self)

    __repr__ = __str__  # a REPL shows the checked derivation, readably

    def _repr_markdown_(self) -> str:
        """What a notebook shows: the steps, their verdicts and the answers, in Markdown whose
        formulas MathJax renders."""
        from dgmderive.render.notebook import notebook_markdown

        return notebook_markdown(self)


_verified: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # derivation -> (items checked, result)


def verify(derivation: Derivation) -> CheckedDerivation:
    """``derivation`` checked, step by step. The result is kept until items are added to it."""
    kept = _verified.get(derivation)
    if kept is None or kept[0] != len(derivation.items):
        kept = _verified[derivation] = (len(derivation.items), CheckedDerivation.of(derivation))
    return kept[1]


def run_question(question: Question) -> int:
    """A question's script run on its own: derive, check and print every part; 1 when a step fails."""
    ok = True
    for derivation in question.derive():
        checked = verify(derivation)
        print(checked, end="\n\n")
        ok = ok and checked.ok
    sys.stdout.flush()
    return 0 if ok else 1
