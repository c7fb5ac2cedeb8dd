r"""The rows of a display: ``align`` rows end with ``\\``; each row without its tags and labels and
without its annotation column.

An annotation is what follows ``&&``, or a single ``&`` once the row's relation has both sides
(``a &= b & \text{by Jensen}``), when it states no relation or opens with prose (``\text``,
``\quad``, ``\because``); a cell that states a relation of its own (``a &= b & c &= d``) is a second
statement of the row. A row that opens with ``& + ...`` carries on the sum of the row before.
Environments inside a row (matrices) are kept whole; an ``aligned``, ``split`` or ``gathered`` that
is the whole display is read as rows.
"""

from __future__ import annotations

import re

from dgmderive.reading.brackets import outermost_environments, outside_brackets, protect, restore
from dgmderive.reading.links import ROW_END, split_chain

ROW_SEPARATOR = re.compile(ROW_END.pattern + r"|\\intertext\{[^{}]*\}")
CELL_EDGE = re.compile(r"\\.|&", re.DOTALL)
CONTINUATION = re.compile(r"^\s*&\s*(?:\\q?quad\s*)?[-+]")
NUMBERING = re.compile(r"\\(?:nonumber|notag)(?![A-Za-z])|\\(?:tag\*?|label)\{(?:[^{}]|\{[^{}]*\})*\}")
PROSE = re.compile(r"\s*\(?\s*\\(?:text[a-z]*|mbox|because|since|quad|qquad|hfill)(?![A-Za-z])")
REMARK_AT_END = re.compile(r"\(\s*\\text[a-z]*\{[^{}]*\}\s*\)\s*[.,;]?\s*$")
ROW_ENVIRONMENTS = re.compile(r"\\begin\{(?:aligned|alignedat|align\*?|alignat\*?|split|gathered|gather\*?|"
                              r"multline\*?|eqnarray\*?|flalign\*?)\}(?:\[[a-z]\]|\{\d+\})?")


def rows(body: str) -> list[str]:
    """The rows of a display, each without its tag, label and annotation column."""
    protected, kept = protect(_unwrapped(NUMBERING.sub("", body)))
    pieces, start = [], 0
    for match in outside_brackets(ROW_SEPARATOR, protected):
        pieces.append(protected[start:match.start()])
        start = match.end()
    pieces.append(protected[start:])
    joined: list[str] = []
    for piece in pieces:
        continued = CONTINUATION.match(piece)
        if joined and continued:  # "&\quad + c": the sum of the row before goes on
            joined[-1] += " " + _without_annotation(piece[continued.end() - 1:])
        elif (row := _without_annotation(piece)).strip():
            joined.append(row)
    return [restore(piece, kept) for piece in joined]


def _unwrapped(body: str) -> str:
    r"""A display that is one ``aligned`` (``split``, ``gathered`` ...): its rows; else the display."""
    while True:
        spans = outermost_environments(body)
        if len(spans) != 1 or body[:spans[0][0]].strip() or body[spans[0][1]:].strip(" \t\n.,;"):
            return body
        begin, end = spans[0]
        opening = ROW_ENVIRONMENTS.match(body, begin)
        if opening is None:
            return body
        body = body[opening.end():body.rindex(r"\end", begin, end)]


def _cells(row: str) -> list[str]:
    """The cells of a row, split at ``&`` (not ``\\&``)."""
    cells, start = [], 0
    for edge in CELL_EDGE.finditer(row):
        if edge.group() == "&":
            cells.append(row[start:edge.start()])
            start = edge.end()
    return cells + [row[start:]]


def _without_annotation(row: str) -> str:
    """The row up to its annotation column, the cells after its relation joined with spaces; a
    further relation stays as a statement of its own (after ``\\quad``)."""
    cells = _cells(row)
    related = right_side = False  # whether the cells taken state a relation, and something on its right
    taken = 0
    while taken < len(cells) and not (related and right_side) and (taken == 0 or cells[taken].strip()):  # && ends it
        parts, rels = split_chain(cells[taken])
        if rels:
            related, right_side = True, bool(parts[-1])
        elif related and cells[taken].strip():
            right_side = True
        taken += 1
    equation, rest = " ".join(cells[:taken]), " ".join(cells[taken:])
    if rest.strip() and not PROSE.match(rest) and split_chain(rest)[1]:
        equation += r" \quad " + rest
    return REMARK_AT_END.sub("", equation)
