"""The one source of what grading reads: a document (see :mod:`dgmderive.reading`) as prose and
displays, each display as numbered rows of statements, each with the line it starts on and its
annotation column; and the splitting of a statement into its links (``links``) and of inline math
into statements (``statements``). Every other module of grading reads LaTeX through this one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dgmderive import reading
from dgmderive.names import plain_relation
from dgmderive.reading import Document, Statement, links, read_document, rows, statements

__all__ = ["Display", "Document", "Prose", "Row", "Statement", "links", "read", "statements", "text_of"]


@dataclass(frozen=True)
class Row:
    line: int
    number: int  # within its display, from 1
    statements: tuple[Statement, ...]
    annotation: str = ""  # what the row says after && (why it holds, or for which values)


@dataclass(frozen=True)
class Display:
    line: int
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Prose:
    line: int
    text: str


def read(source: str | Document) -> list[Prose | Display]:
    """The prose and the displays of a LaTeX or Markdown text (or of a document already read), in
    their order."""
    return [Prose(part.line, part.text) if isinstance(part, reading.Prose)
            else Display(part.line, tuple(_rows(part.body_line or part.line, plain_relation(part.body))))
            for part in read_document(source).parts]


def text_of(items: list[Prose | Display]) -> str:
    """What the items say, prose and formulas, as one text (to find how its letters are used)."""
    return "\n".join(item.text if isinstance(item, Prose) else
                     "\n".join(piece.text for row in item.rows for piece in row.statements) for item in items)


STARRED_ROW_END = re.compile(r"\\\\\*")  # \\* ends a row as \\ does (and forbids a page break there)
ANNOTATION = re.compile(r"(?<!\\)&&(?P<text>.*?)(?=\\\\|$)", re.DOTALL)  # the column after && up to the row end


def _rows(first_line: int, body: str) -> list[Row]:
    """The rows of a display body whose first line is ``first_line``, each with the line it starts
    on and the text of its annotation column."""
    found, position = [], 0
    for number, row in enumerate(rows(STARRED_ROW_END.sub(r"\\\\ ", body)), start=1):
        at = _opening(body, row, position)
        begin = at if at >= 0 else position
        position = _row_end(body, begin)
        annotation = " ".join(m.group("text").strip() for m in ANNOTATION.finditer(body[begin:position]))
        found.append(Row(first_line + body.count("\n", 0, begin), number, tuple(statements(row)), annotation))
    return found


SIGNIFICANT = re.compile(r"[^\s&]")  # what a row keeps of its text: not the spaces and the alignment marks


def _opening(body: str, row: str, position: int, length: int = 12) -> int:
    """Where in ``body``, from ``position`` on, the row's text begins (the row as read has its
    alignment marks and spacing changed), or -1."""
    wanted = "".join(SIGNIFICANT.findall(row))[:length]
    if not wanted:
        return -1
    window = position + 2 * len(row) + 64  # the row starts soon after the one before it ends
    starts = [m.start() for m in SIGNIFICANT.finditer(body, position, window)]
    kept = "".join(body[i] for i in starts)
    at = kept.find(wanted)
    return starts[at] if at >= 0 else -1


ROW_MARKS = re.compile(r"\\begin\{|\\end\{|\\\\")


def _row_end(body: str, begin: int) -> int:
    """Where the row that begins at ``begin`` ends: after its first \\\\ outside environments
    (a matrix has rows of its own)."""
    depth = 0
    for mark in ROW_MARKS.finditer(body, begin):
        depth += {"\\begin{": 1, "\\end{": -1}.get(mark.group(0), 0)
        if mark.group(0) == "\\\\" and depth <= 0:
            return mark.end()
    return len(body)
