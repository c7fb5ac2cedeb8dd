r"""Bracket depth, and environments (matrices) set aside so that their commas, ``&`` and ``\\`` do
not split a display; both in one pass over the text."""

from __future__ import annotations

import re

ENVIRONMENT_EDGE = re.compile(r"\\(?P<edge>begin|end)\{(?P<name>[A-Za-z]+\*?)\}")
MARKER = re.compile("\u27e6(\\d+)\u27e7")


def depths(text: str) -> list[int]:
    """The bracket depth before each character (escaped braces \\{ \\} are not brackets, and the
    bracket of a row end's spacing, ``\\\\[2pt]``, is one)."""
    found, depth, escaped = [], 0, False
    for c in text:
        found.append(depth)
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
    return found


def outside_brackets(pattern: re.Pattern, text: str):
    """The matches of ``pattern`` in ``text`` at bracket depth 0."""
    at = depths(text)
    return (match for match in pattern.finditer(text) if at[match.start()] == 0)


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
