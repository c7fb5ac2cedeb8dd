"""The one source of what grading reads: a text as prose and displays, each display as numbered
rows of statements, each with the line it starts on; and the splitting of a statement into its
links (``links``) and of inline math into statements (``statements``). Every other module of
grading reads LaTeX through this one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dgmderive.chains import DISPLAYS, Statement, links, rows, statements

__all__ = ["Display", "Prose", "Row", "Statement", "links", "read", "statements"]


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


def read(text: str) -> list[Prose | Display]:
    """The prose and the displays of a LaTeX or Markdown text, in their order."""
    items: list[Prose | Display] = []
    end = 0
    for match in DISPLAYS.finditer(text):
        if text[end:match.start()].strip():
            items.append(Prose(_line(text, end), text[end:match.start()]))
        group = next(name for name in ("dollars", "brackets", "body") if match.group(name))
        start = match.start(group)
        items.append(Display(_line(text, match.start()), tuple(_rows(text, start, match.group(group)))))
        end = match.end()
    if text[end:].strip():
        items.append(Prose(_line(text, end), text[end:]))
    return items


STARRED_ROW_END = re.compile(r"\\\\\*")  # \\* ends a row as \\ does (and forbids a page break there)
ANNOTATION = re.compile(r"(?<!\\)&&(?P<text>.*?)(?=\\\\|$)", re.DOTALL)  # the column after && up to the row end


def _rows(text: str, start: int, body: str) -> list[Row]:
    """The rows of a display body found at ``start`` in ``text``, each with the line it starts on
    and the text of its annotation column."""
    found, position = [], 0
    for number, row in enumerate(rows(STARRED_ROW_END.sub(r"\\\\ ", body)), start=1):
        opening = row.strip()[:12]
        at = body.find(opening, position) if opening else -1
        begin = at if at >= 0 else position
        position = _row_end(body, begin)
        annotation = " ".join(m.group("text").strip() for m in ANNOTATION.finditer(body[begin:position]))
        found.append(Row(_line(text, start + begin), number, tuple(statements(row)), annotation))
    return found


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


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
