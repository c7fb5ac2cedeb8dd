r"""What prose between displays says of the mathematics: in a sentence with ``where``, ``let``,
``for``, ``with``, ``assume`` or ``given`` (or math with ``\forall``), each inline formula ``$...$``
that is a definition (``x = a``, ``f(x) = a``) or a condition (``\sigma > 0``, ``0 < w < 1``,
``t \in (0, 1)``) goes into the context; such a sentence right after a display qualifies that
display too. A heading, a question, an answer or a numbered item
begins a new part, where nothing said before is in force."""

from __future__ import annotations

import re

import sympy

from dgmderive.chains import links, statements
from dgmderive.grading.context import Context
from dgmderive.grading.definitions import define, defines, distribution
from dgmderive.relation import Relation

PART = re.compile(r"^[ \t]*(?:#+[ \t]|\\(?:sub)*section\*?\{|(?:[-*+][ \t]+)?\d+\.[ \t]"
                  r"|\**(?:Question|Answer)\b)", re.MULTILINE)
KEYWORD = re.compile(r"(?<![A-Za-z\\])(?:where|let|lets|let's|for|with|assume|assuming|suppose|given)(?![A-Za-z])",
                     re.IGNORECASE)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(?P<math>(?:[^$\\]|\\.)+?)\$")
SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n[ \t]*\n")
QUALIFIER = re.compile(r"^[\s,.:]*(?:where|for|with)(?![A-Za-z])", re.IGNORECASE)
FORALL = re.compile(r"\\forall(?![A-Za-z])")
OPEN_INTERVAL = re.compile(r"^(?P<name>.+?)\\in\s*(?:\\left)?(?P<open>[(\[])(?P<low>[^,]+),(?P<high>[^,]+?)"
                           r"(?:\\right)?(?P<close>[)\]])$")
POSITIVE_REALS = re.compile(r"^(?P<name>.+?)\\in\s*\\mathbb\{R\}\s*(?:\^\{?\+\}?|_\{?\+\}?|_\{>\s*0\})$")
TEXT = re.compile(r"\\(?:text|mathrm)\{\s*(?:and|or|for all)\s*\}|\\(?:quad|qquad|forall)(?![A-Za-z])")


def read(prose: str, context: Context) -> None:
    """Take what the prose defines and states into the context, part by part."""
    start = 0
    for match in PART.finditer(prose):
        _read_sentences(prose[start:match.start()], context)
        context.new_part()
        start = match.start()
    _read_sentences(prose[start:], context)


def qualifier(prose: str) -> str:
    """The sentence that opens the prose when it begins with "where", "for" or "with": it speaks
    of the display just before (and of what follows). Else nothing."""
    if not QUALIFIER.match(prose) or PART.search(_first_sentence(prose)):
        return ""
    return _first_sentence(prose)


def _first_sentence(prose: str) -> str:
    return next(iter(_sentences(prose)), "")


def _sentences(prose: str) -> list[str]:
    """The sentences, split where no inline formula is open."""
    masked = INLINE.sub(lambda m: "$" + "x" * (len(m.group(0)) - 2) + "$", prose)
    found, start = [], 0
    for match in SENTENCE_END.finditer(masked):
        found.append(prose[start:match.end()])
        start = match.end()
    found.append(prose[start:])
    return [s for s in found if s.strip()]


def _read_sentences(prose: str, context: Context) -> None:
    for sentence in _sentences(prose):
        formulas = [m.group("math") for m in INLINE.finditer(sentence)]
        words = INLINE.sub(" ", sentence)
        if KEYWORD.search(words) or any(FORALL.search(f) for f in formulas):
            for formula in formulas:
                _read_formula(formula, context)


def _read_formula(formula: str, context: Context) -> None:
    """The definitions and conditions of one inline formula; names listed before a condition
    (``x, y > 0``) share it."""
    waiting: list[str] = []
    for piece in statements(TEXT.sub(", ", formula)):
        text = piece.text.strip()
        parts, rels = links(text)
        interval, positive = OPEN_INTERVAL.match(text), POSITIVE_REALS.match(text)
        if interval:
            for name in (*waiting, interval.group("name")):
                _relation(name, ">" if interval.group("open") == "(" else ">=", interval.group("low"), context)
                _relation(name, "<" if interval.group("close") == ")" else "<=", interval.group("high"), context)
        elif positive:
            for name in (*waiting, positive.group("name")):
                _relation(name, ">", "0", context)
        elif not rels:
            waiting.append(text)
            continue
        else:
            for name in waiting if rels[0] != "=" and len(rels) == 1 else ():
                _relation(name, rels[0], parts[1], context)
            _statement(parts, rels, context)
        waiting = []


def _statement(parts: list[str], rels: list[str], context: Context) -> None:
    if rels[0] in ("=", ":=") and len(rels) == 1:
        named = context.side(parts[0])
        if distribution(parts[0], parts[1], context):
            return
        if isinstance(named, sympy.Symbol):
            define(named, parts[1], context)
        else:
            defines(named, parts[1], context)
    elif all(Relation.read(rel).is_order or rel == "!=" for rel in rels if rel != ":="):
        for left, rel, right in zip(parts, rels, parts[1:]):
            _relation(left, rel, right, context)


def _relation(left: str, rel: str, right: str, context: Context) -> None:
    if "\\infty" in right:
        return
    context.state(left, Relation.read(rel), right)
