"""Grading a text: every link of every displayed chain checked under what the text has said."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import sympy

from dgmderive.grading import prose
from dgmderive.grading.chains import chain
from dgmderive.grading.characteristic import characteristic
from dgmderive.grading.context import Context
from dgmderive.grading.definitions import densities
from dgmderive.grading.document import Display, Document, Prose, Row, links, read, text_of
from dgmderive.grading.implications import implication
from dgmderive.grading.results import STATUSES, ChainResult, LinkResult, counts
from dgmderive.parse import parse_assumptions
from dgmderive.reading import read_file
from dgmderive.relation import OTHER_RELATIONS
from dgmderive.verdict import Level, Verdict

__all__ = ["STATUSES", "ChainResult", "LinkResult", "counts", "grade_file", "grade_text"]

RECOGNISERS = (characteristic, implication)  # each (line, row, statement, rest, context) -> ChainResult | None
Progress = Callable[[int, int], None]  # (displays done, displays in all)


def grade_text(text: str | Document, assume: tuple[str, ...] = (), progress: Progress | None = None) \
        -> list[ChainResult]:
    """Check every link of every displayed chain; unparseable links are reported and skipped.
    A bad assumption raises ParseError before anything is read."""
    parse_assumptions(tuple(assume))
    items = read(text)
    context = Context(tuple(assume), densities(text_of(items)))
    shown = sum(isinstance(item, Display) for item in items)
    results: list[ChainResult] = []
    last, done, said, across = ("", ""), 0, "", False
    for k, item in enumerate(items):
        if isinstance(item, Prose):
            prose.read(item.text.replace(said, "", 1) if said else item.text, context)
            said, across = "", across or bool(item.text.strip())
            continue
        following = items[k + 1] if k + 1 < len(items) else None
        said = prose.qualifier(following.text) if isinstance(following, Prose) else ""
        prose.read(said, context)  # "where ...", "for ..." just after a display speaks of it
        last, across = _display(item, context, results, last, across), False
        done += 1
        if progress is not None:
            progress(done, shown)
    return results


def grade_file(path: Path, assume: tuple[str, ...] = (), progress: Progress | None = None) \
        -> tuple[Document, list[ChainResult]]:
    """The file read (see :func:`dgmderive.reading.read_file`, which raises DocumentError for a file
    it does not read) and graded."""
    document = read_file(path)
    return document, grade_text(document, assume, progress)


def _display(display: Display, context: Context, results: list[ChainResult], last: tuple[str, str],
             across: bool = False) -> tuple[str, str]:
    """Grade one display's rows into ``results``; the last right side, which a display opening
    with a relation carries on, with the first left side of its chain (see :func:`_carried`;
    ``across`` when words stand between them). A statement that only states a condition (``\\quad x > 0``) is
    one for the whole display, unless an arrow leads to it (then it is a conclusion); one in a
    row's annotation column (``&& \\text{for } x > 0``) is one for that row."""
    context.given, before = (), context.stated
    pieces = [(row, piece) for row in display.rows for piece in row.statements]
    for _, piece in pieces:  # "\text{, where } \omega = g(z)": read as prose is, for the whole display
        if prose.KEYWORD.search(piece.words):
            prose.read(f"{piece.words} ${piece.text}$", context)
    pieces = [(row, piece) for row, piece in pieces if not prose.KEYWORD.search(piece.words)]
    conditions = [piece for _, piece in pieces if not piece.after_arrow and prose.is_condition(piece.text, context)]
    for row, piece in pieces:
        if piece in conditions:
            prose.state(piece.text, context)
            results.append(ChainResult(row.line, " ".join(piece.text.split()), taken="a condition for the display"))
    displayed, annotated = context.stated, None
    for k, (row, piece) in enumerate(pieces):
        if row is not annotated:  # the conditions of a row's annotation hold for that row
            context.stated, annotated = displayed, row
            prose.annotate(row.annotation, context)
        if piece in conditions:
            continue
        if piece.label:
            context.given += _conditions(piece.label, context)
        statement, rest = piece.text, [p for _, p in pieces[k + 1:]]
        if not links(statement)[0][0] and piece.words.strip():  # \text{score} = ...: words name it
            results.append(ChainResult(row.line, " ".join(f"{piece.words} {statement}".split()),
                                       taken=f"names {piece.words.strip()}"))
            last = (links(statement)[0][-1], "")
            continue
        if links(statement)[0][0] or not last[0]:
            found, opened = _recognised(row, statement, rest, context), links(statement)[0][0]
        else:  # what it writes after its relation is what a display after it may restate
            found, opened = _carried(row, statement, rest, last, context, restated=k == 0,
                                     across=across and k == 0), links(statement)[0][1]
        ended = links(statement)[1][-1:]  # a chain that ends with an order may be restated: KL = A >= B, = A >= C
        if ended:
            last = (links(statement)[0][-1], opened if ended[0] != "=" else "")
        else:  # a side alone opens the chain its next row carries on; a term (+ \log 2 ...) none
            last = ("", "") if statement.lstrip().startswith("+") else (statement, "")
        results.append(found)
    context.stated = before
    return last


def _carried(row: Row, statement: str, rest: list, last: tuple[str, str], context: Context,
             restated: bool, across: bool = False) -> ChainResult:
    """A statement opening with a relation (``= c``) carries on the last chain: from its last right
    side, as a row of an align does; or, where it opens a display (``restated``) after a chain that
    ended with an order and the text restates one left side display after display (``KL = A \\ge
    B``, then ``= A \\ge C``), from the side it restates (``last``'s second). Refuted only when it
    fails carried on both ways, and never ``across`` words between the displays, which may say it
    carries on another expression (the coefficient of x in the last one, say)."""
    right, opened = last
    found = _recognised(row, f"{right} {statement}", rest, context, carried=True)
    first = found.links[0] if found.links else None
    if across and first is not None and first.status == "refuted":
        first.verdict = Verdict(Level.UNCHECKED, "none", f"it fails carried on from {right.strip()}, the last right "
                                "side before the words between the displays, which may mean another expression",
                                notes=first.verdict.notes)
        return found
    if restated and first is not None and first.status == "refuted" and opened and opened != right:
        other = _recognised(row, f"{opened} {statement}", rest, context, carried=True)
        if other.links and other.links[0].status not in ("refuted", "unparsed"):
            carried = other.links[0]
            carried.verdict = dataclasses.replace(carried.verdict, notes=(
                *carried.verdict.notes, f"carried on from {opened.strip()}; from {right.strip()} it fails"))
            return other
    return found


def _recognised(row: Row, statement: str, rest: list, context: Context, carried: bool = False) -> ChainResult:
    """The first recogniser's reading of a statement (with the statements after it), else its
    chain of links (``carried`` on from the last chain: a claim)."""
    for recognise in RECOGNISERS:
        found = recognise(row.line, row.number, statement, rest, context)
        if found is not None:
            return found
    return chain(row.line, row.number, statement, context, carried)


def _conditions(label: str, context: Context) -> tuple:
    """The label of an arrow as conditions, when it is a relation that can be read."""
    parts, rels = links(label)
    sides = [context.side(part) for part in parts]
    if len(rels) != 1 or rels[0] in OTHER_RELATIONS \
            or any(s is None or isinstance(s, sympy.MatrixBase) for s in sides):
        return ()
    relation = sympy.core.relational.Relational(sides[0], sides[1], "==" if rels[0] in ("=", ":=") else rels[0])
    return (relation,) if isinstance(relation, sympy.core.relational.Relational) else ()
