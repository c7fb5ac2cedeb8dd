"""Answers traced to checked steps: every piece of an answer's text and every leaf of its value
must be a checked step, a checked definition, or a side of one, in the same part.

The result of :func:`trace` says, for each answer, where each piece and each value came from
("step 4", "the definition of A"), and what could not be traced; the build fails on the latter.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

import sympy

from dgmderive.derivation import Answer, Derivation, Growth, Labeled, Step, Words, _freeze
from dgmderive.verdict import Verdict


@dataclass
class AnswerTrace:
    """Where an answer's pieces and values come from (``sources``) and what failed (``problems``)."""

    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _canonical(obj):
    """Lists and tuples of scalars as column matrices, so that (0, 0) and Matrix([0, 0]) agree."""
    obj = _freeze(obj)
    if isinstance(obj, sympy.Tuple) and obj and all(not isinstance(x, (sympy.Tuple, sympy.MatrixBase)) for x in obj):
        return sympy.ImmutableMatrix(list(obj))
    return obj


def same(a, b) -> bool:
    """The same mathematical object after canonicalisation: equal, or two expressions whose
    difference the cheap rewrites reduce to 0."""
    from dgmderive.checking.symbolic import prove_zero

    a, b = _canonical(a), _canonical(b)
    if a == b:
        return True
    if isinstance(a, sympy.MatrixBase) or isinstance(b, sympy.MatrixBase):
        return (isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase) and a.shape == b.shape
                and all(same(x, y) for x, y in zip(a, b)))
    if isinstance(a, sympy.Expr) and isinstance(b, sympy.Expr) and not a.is_Boolean and not b.is_Boolean:
        try:
            if a.free_symbols != b.free_symbols or _apart(a - b):
                return False
            return prove_zero(a - b, "quick") is not None
        except (TypeError, ValueError):  # a matrix expression against a number, say: not the same
            return False
    return False


def _apart(difference: sympy.Expr) -> bool:
    """Whether a difference of numbers is clearly not zero (a quick test before the rewrites)."""
    if not difference.is_number:
        return False
    try:
        return bool(abs(sympy.N(difference, 20)) > 1e-12)
    except (TypeError, ValueError):
        return False


def _candidates(derivation: Derivation) -> Iterator[tuple[str, object]]:
    """What a value may be: each side of each step, as written and with the definitions in force,
    and each definition's name and value."""
    for number, step in enumerate(derivation.steps, start=1):
        try:
            resolved = step.resolved()
        except (TypeError, ValueError, sympy.ShapeError):
            resolved = ()
        for side in (step.lhs, step.rhs, *resolved):
            yield f"step {number}", side
    for name, value in derivation.definitions.items():
        yield f"the definition of {sympy.sstr(name)}", value
        yield f"the definition of {sympy.sstr(name)}", name


UNEVALUATED = (sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit)


@functools.lru_cache(maxsize=4096)
def fingerprint(obj) -> object:
    """What two objects that are the same must share: a number's value to 10 digits, an
    expression's free symbols, a matrix's shape; None where nothing cheap is known (an integral is
    not evaluated for it)."""
    obj = _canonical(obj)
    if isinstance(obj, sympy.MatrixBase):
        return ("matrix", obj.shape)
    if isinstance(obj, sympy.Expr) and not obj.is_Boolean and not obj.has(*UNEVALUATED):
        if obj.is_number:
            try:
                value = complex(sympy.N(obj, 15))
            except (TypeError, ValueError, OverflowError):
                return None
            return ("number", round(value.real, 10), round(value.imag, 10))
        return ("expression", frozenset(obj.free_symbols))
    return None


def _step_number(derivation: Derivation, step: Step) -> int | None:
    for number, candidate in enumerate(derivation.steps, start=1):
        if candidate is step or candidate == step:
            return number
    return None


def _leaves(value, path: str, traced) -> Iterator[tuple[str, object, str | None]]:
    """(path, leaf, source) for the parts of a value: a list or tuple as a whole where ``traced``
    finds it (a point, a vector), else item by item; dicts key by key."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key), traced)
        return
    if isinstance(value, (list, tuple)):
        whole = traced(value) if all(isinstance(x, (int, sympy.Basic)) and not isinstance(x, bool) for x in value) \
            else None
        if whole is not None:
            yield path or "value", value, whole
            return
        for k, item in enumerate(value):
            yield from _leaves(item, f"{path}[{k}]", traced)
        return
    yield path or "value", value, traced(value)


def _trace_value(derivation: Derivation, candidates: list, value, verdicts: dict) -> str | None:
    """Where a leaf of a value comes from, or None."""
    if isinstance(value, (Step, Growth)):
        step = value.step if isinstance(value, Growth) else value
        number = _step_number(derivation, step) if step is not None else None
        return f"step {number}" if number is not None and verdicts[number].holds else None
    if isinstance(value, (bool, str, float)) or value is None:
        return None  # a truth value must be the step that says it; a string or a float says nothing checked
    frozen = _canonical(value)
    for source, candidate in candidates:  # the very object first: most values are one
        if frozen == _canonical(candidate):
            return source
    mark = _mark(frozen)
    if mark is None:
        return None  # nothing cheap to compare: only the very object would do
    for source, candidate in candidates:
        if _mark(candidate) == mark and same(value, candidate):
            return source
    return None


def _mark(obj) -> object:
    try:
        return fingerprint(_canonical(obj))
    except TypeError:  # unhashable
        return None


def trace(derivation: Derivation, verdicts: tuple[Verdict, ...], read_back, refuted_in_words) -> list[AnswerTrace]:
    """Each answer's trace. ``read_back(text, derivation)`` gives the verdicts of the statements of a
    text piece (see :func:`dgmderive.checked.read_statements`), and ``refuted_in_words(text,
    derivation)`` the formulas of words that are refuted (:func:`dgmderive.checked.refuted_in_words`)."""
    by_number = {number: verdict for number, verdict in enumerate(verdicts, start=1)}
    candidates = list(_candidates(derivation))
    definitions = derivation.definitions
    traces = []
    for answer in (item for item in derivation.items if isinstance(item, Answer)):
        result = AnswerTrace()
        for k, piece in enumerate(answer.pieces, start=1):
            _trace_piece(derivation, piece, f"piece {k}", result, by_number, candidates, definitions, read_back)
            if isinstance(piece, Words):
                result.problems += [f"piece {k}: the words say '{statement}', which is refuted: {verdict}"
                                    for statement, verdict in refuted_in_words(
                                        piece.text, derivation, tuple(c for step in piece.because for c in step.given))]
        leaves = _leaves(answer.value, "", lambda x: _trace_value(derivation, candidates, x, by_number)) \
            if answer.value is not None else ()
        for path, leaf, source in leaves:
            if source is None:
                result.problems.append(f"the value {path} = {sympy.sstr(leaf) if isinstance(leaf, sympy.Basic) else leaf!r}"
                                       " is not a side of any checked step or definition of this part")
            else:
                result.sources[f"value {path}"] = source
        traces.append(result)
    return traces


def _trace_piece(derivation, piece, where: str, result: AnswerTrace, verdicts, candidates, definitions,
                 read_back) -> None:
    if isinstance(piece, (Step, Growth)):
        source = _trace_value(derivation, candidates, piece, verdicts)
        _note(result, where, source, "is not a checked step of this part that holds")
    elif isinstance(piece, Words):
        numbers = [_step_number(derivation, step) for step in piece.because]
        if not numbers or any(n is None or not verdicts[n].holds for n in numbers):
            result.problems.append(f"{where}: the words '{piece.text}' are not tied to checked steps of this part")
        elif piece.strict and not any(step.rel.is_strict or step.rel == "!=" for step in piece.because):
            result.problems.append(f"{where}: the words '{piece.text}' say something strict, and no step they "
                                   "rest on is a strict inequality")
        else:
            result.sources[where] = ("step " if len(numbers) == 1 else "steps ") + ", ".join(map(str, numbers))

    elif isinstance(piece, Labeled):
        _note(result, where, _trace_value(derivation, candidates, piece.value, verdicts),
              f"{sympy.sstr(piece.value)} is not a side of any checked step or definition")
    elif isinstance(piece, str):
        for statement, verdict in read_back(piece, derivation):
            if verdict is None or not verdict.holds:
                result.problems.append(f"{where}: '{statement}' " + (
                    "cannot be read back" if verdict is None else f"does not hold: {verdict}"))
        result.sources.setdefault(where, "read back and checked")
    elif piece in definitions:
        result.sources[where] = f"the definition of {sympy.sstr(piece)}"
    else:
        result.problems.append(f"{where}: {piece!r} is neither a checked step, a definition, words, nor text")


def _note(result: AnswerTrace, where: str, source: str | None, problem: str) -> None:
    if source is None:
        result.problems.append(f"{where}: {problem}")
    else:
        result.sources[where] = source
