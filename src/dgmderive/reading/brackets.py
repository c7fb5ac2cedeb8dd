r"""What stands outside brackets, and environments (matrices) set aside so that their commas, ``&``
and ``\\`` do not split a display; each in one pass over the text."""

from __future__ import annotations

import re

ENVIRONMENT_EDGE = re.compile(r"\\(?P<edge>begin|end)\{(?P<name>[A-Za-z]+\*?)\}")
MARKER = re.compile("\u27e6(\\d+)\u27e7")
BRACKET_TOKENS = re.compile(r"\\.|[{}()\[\]]", re.DOTALL)
DEPTH_CHANGE = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}


def outside_brackets(pattern: re.Pattern, text: str):
    """The matches of ``pattern`` in ``text`` at bracket depth 0 (escaped braces ``\\{ \\}`` are
    not brackets; the bracket of a row end's spacing, ``\\\\[2pt]``, is one)."""
    tokens = BRACKET_TOKENS.finditer(text)
    depth, token = 0, next(tokens, None)
    for match in pattern.finditer(text):
        while token is not None and token.start() < match.start():
            depth += DEPTH_CHANGE.get(token.group(), 0)
            token = next(tokens, None)
        if depth == 0:
            yield match


def outermost_environments(text: str) -> list[tuple[int, int]]:
    r"""The spans of the outermost ``\begin{X} ... \end{X}`` pairs; an edge without its partner
    is left as text."""
    spans, open_edges = [], []
    for edge in ENVIRONMENT_EDGE.finditer(text):
        if edge["edge"] == "begin":
            open_edges.append(edge)
            continue
        while open_edges and open_edges[-1]["name"] != edge["name"]:
            open_edges.pop()
        if open_edges:
            start = open_edges.pop().start()
            if not open_edges:
                spans.append((start, edge.end()))
    return spans


def protect(body: str) -> tuple[str, list[str]]:
    """Environments inside a display set aside; each leaves a marker that :func:`restore` puts back."""
    kept, pieces, start = [], [], 0
    for begin, end in outermost_environments(body):
        pieces.append(body[start:begin] + f"\u27e6{len(kept)}\u27e7")
        kept.append(body[begin:end])
        start = end
    pieces.append(body[start:])
    return "".join(pieces), kept


def restore(text: str, kept: list[str]) -> str:
    return MARKER.sub(lambda m: kept[int(m.group(1))], text) if kept else text
