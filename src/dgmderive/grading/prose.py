r"""What prose between displays says of the mathematics.

In a sentence with *where*, *let*, *for*, *with*, *when*, *if*, *assume*, *suppose* or *given* (or inline math
with ``\forall``), each inline formula ``$...$`` (or ``$$...$$`` within the sentence) that is a
condition (``\sigma > 0``, ``0 < w < 1``, ``x, y \ge 0``, ``t \in (0, 1)``, "positive $r$") goes
into the context, and so does a definition (``\omega = g(z)``, ``f(x) = a``, ``\mu_b \equiv
\mathbb{E}[b]``) unless *for* is the sentence's only such word (``for $i = 1, \dots, n$`` ranges over
values; it defines nothing). A sentence whose only such words are *define*, *denote* or *write*
("we can rewrite it as $f(y) = ...$") gives its definitions only: what else it writes is claimed,
not assumed. Such a sentence right after a display (*where*, *for*, *with*) qualifies that display
too. A heading, a question, an answer or a numbered item begins a new part, where nothing said
before is in force.

The conditions written inside a display are read here as well: a statement that only states one
(:func:`is_condition`), and those of a row's annotation column (:func:`annotate`).
"""

from __future__ import annotations

import re

import sympy

from dgmderive.grading.context import Context
from dgmderive.grading.definitions import define, defines, distribution, law_given
from dgmderive.grading.document import links, statements
from dgmderive.relation import OTHER_RELATIONS, Relation

PART = re.compile(r"^[ \t]*(?:#+[ \t]|\\(?:sub)*section\*?\{|(?P<item>(?:[-*+][ \t]+)?\d+\.[ \t])"
                  r"|\**(?:Question|Answer)\b)", re.MULTILINE)
KEYWORD = re.compile(r"(?<![A-Za-z\\])(?P<word>where|let|lets|let's|for|with|when|whenever|if|assume|assuming|suppose|given"
                     r"|define|defines|defined|denote|denotes|denoted|write|writes|rewrite)"
                     r"(?![A-Za-z])", re.IGNORECASE)
NAMING = {"define", "defines", "defined", "denote", "denotes", "denoted", "write", "writes", "rewrite"}  # no conditions
QUALIFIER = re.compile(r"^[\s,.:]*(?:where|for|with)(?![A-Za-z])", re.IGNORECASE)
ENVIRONMENT = re.compile(r"\\(?:begin|end)\{[A-Za-z]+\*?\}|&")  # $$\begin{align*} q \sim N \end{align*}$$ in a sentence
INLINE = re.compile(r"(?<![\\$])(?P<open>\$\$?)(?!\$)(?P<math>(?:[^$\\]|\\.)+?)(?P=open)")  # $x$, or $$x$$ in a sentence
DEFINED_AS = re.compile(r"\\(?:equiv|triangleq|coloneqq)(?![A-Za-z])")  # in a sentence that defines, :=
SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n[ \t]*\n")
FORALL = re.compile(r"\\forall(?![A-Za-z])")
INTERVAL = re.compile(r"^(?P<name>.+?)\\in\s*(?:\\left)?(?P<open>[(\[])(?P<low>[^,]+),(?P<high>[^,]+?)"
                      r"(?:\\right)?(?P<close>[)\]])$")
POSITIVE_REALS = re.compile(r"^(?P<name>.+?)\\in\s*\\mathbb\{R\}\s*(?:\^\{?\+\}?|_\{?\+\}?|_\{>\s*0\})$")
SIGNED = re.compile(r"(?<![A-Za-z])(?P<word>positive|negative|non-?negative|non-?positive|non-?zero)\s+"
                    r"\$(?P<name>[^$]+)\$", re.IGNORECASE)
SIGNS = {"positive": ">", "negative": "<", "nonnegative": ">=", "nonpositive": "<=", "nonzero": "!="}
TEXT = re.compile(r"\\text\{[^{}]*\}")
SEPARATORS = re.compile(r"\\(?:text|mathrm)\{\s*(?:and|or|for all)\s*\}|\\(?:quad|qquad|forall)(?![A-Za-z])")


def read(prose: str, context: Context) -> None:
    """Take what the prose defines and states into the context, part by part."""
    start = 0
    for match in PART.finditer(prose):
        _read_sentences(prose[start:match.start()], context)
        context.new_part(item=match.group("item") is not None)
        start = match.start()
    _read_sentences(prose[start:], context)


def qualifier(prose: str) -> str:
    """The sentence that opens the prose when it begins with "where", "for" or "with": it speaks
    of the display just before (and of what follows). Else nothing."""
    first = next(iter(_sentences(prose)), "")
    return first if QUALIFIER.match(prose) and not PART.search(first) else ""


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
        formulas = [ENVIRONMENT.sub(" ", m.group("math")) for m in INLINE.finditer(sentence)]
        words = {m.group("word").lower() for m in KEYWORD.finditer(INLINE.sub(" ", sentence))}
        for formula in formulas:  # q(z) \sim N(0, 1) gives q its law, however the sentence is worded
            parts, rels = links(formula)
            if rels == ["\\sim"]:
                law_given(parts[0], rels[0], parts[1], context)
        if not words and not any(FORALL.search(f) for f in formulas):
            continue
        defining = bool(words - {"for"})
        if words and not words - NAMING:  # "we can write $L \le L'$" claims it; only a definition is taken
            for formula in formulas:
                parts, rels = links(DEFINED_AS.sub(":=", formula))
                if len(rels) == 1 and rels[0] in ("=", ":="):
                    _definition(parts[0], parts[1], context)
            continue
        for formula in formulas:
            _read_formula(DEFINED_AS.sub(":=", formula) if defining else formula, context, defining)
        for match in SIGNED.finditer(sentence):  # "for any positive $r$"
            _relation(match.group("name"), SIGNS[match.group("word").lower().replace("-", "")], "0", context,
                      match.group(0))


def is_condition(statement: str, context: Context) -> bool:
    """Whether a statement of a display only states a condition on its variables: a variable
    against numbers (``x > 0``, ``0 < w < 1``), ``t \\in (0, 1)`` or ``\\forall ...`` (then it is
    one for the whole display). ``z_1 \\neq z_2`` is a claim."""
    text = FORALL.sub("", statement).strip()
    if INTERVAL.match(text) or POSITIVE_REALS.match(text):
        return True
    parts, rels = links(text)
    if not rels or any(rel in ("=", ":=") for rel in rels):
        return False
    sides = [context.side(part) for part in parts]
    return (FORALL.search(statement) is not None and all(isinstance(side, sympy.Expr) for side in sides)) or (
        all(isinstance(side, (sympy.Symbol, sympy.Number)) for side in sides)
        and {type(side) is sympy.Symbol for side in sides} == {True, False})


def state(statement: str, context: Context) -> None:
    """The conditions a statement states (see :func:`is_condition`)."""
    _read_formula(statement, context, defining=False)


def annotate(annotation: str, context: Context) -> None:
    """The conditions an annotation column states (``&& \\text{for } x > 0``, ``&& \\why{$x > 0$:
    ...}``): each statement of its math that is a condition by :func:`is_condition`, so that what
    it concludes (``$f'' < 0$``) is not taken for a condition."""
    formulas = [m.group("math") for m in INLINE.finditer(annotation)] or [annotation]
    for formula in formulas:
        for piece in statements(SEPARATORS.sub(", ", TEXT.sub(", ", formula))):
            if is_condition(piece.text, context):
                state(piece.text, context)


def _read_formula(formula: str, context: Context, defining: bool) -> None:
    """The definitions and conditions of one inline formula; names listed before a condition
    (``x, y > 0``) share it."""
    waiting: list[str] = []
    for piece in statements(SEPARATORS.sub(", ", formula)):
        text = piece.text.strip()
        parts, rels = links(text)
        interval, positive = INTERVAL.match(text), POSITIVE_REALS.match(text)
        if interval:
            for name in (*waiting, interval.group("name")):
                _relation(name, ">" if interval.group("open") == "(" else ">=", interval.group("low"), context, formula)
                _relation(name, "<" if interval.group("close") == ")" else "<=", interval.group("high"), context,
                          formula)
        elif positive:
            for name in (*waiting, positive.group("name")):
                _relation(name, ">", "0", context, formula)
        elif not rels:
            waiting.append(text)
            continue
        elif rels[0] in ("=", ":=") and len(rels) == 1:
            if defining:
                _definition(parts[0], parts[1], context)
        elif all(rel not in ("=", ":=") for rel in rels):
            for name in waiting if len(rels) == 1 else ():
                _relation(name, rels[0], parts[1], context, formula)
            for left, rel, right in zip(parts, rels, parts[1:]):
                _relation(left, rel, right, context, formula)
        waiting = []


def _definition(left: str, right: str, context: Context) -> None:
    """A name defined in prose: a symbol (``\\omega = g(z)``), a function or a density."""
    if distribution(left, right, context):
        return
    named = context.side(left)
    if isinstance(named, sympy.Symbol):
        define(named, right, context)
    else:
        defines(named, right, context)


def _relation(left: str, rel: str, right: str, context: Context, source: str) -> None:
    """A condition the prose states; a relation that is no equality or order (z \\sim q) states none."""
    if "\\infty" not in right and rel not in OTHER_RELATIONS:
        context.state(left, Relation.read(rel), right, source)
