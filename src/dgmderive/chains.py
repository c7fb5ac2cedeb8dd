r"""Reading the displayed mathematics of a LaTeX or Markdown text: displays, the statements of a
display (separated by arrows, commas, ``\quad``, prose), and the links of a chain ``a = b <= c``.

Only text here: what the pieces mean is :mod:`dgmderive.grade`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dgmderive.relation import LATEX_SPELLINGS

DISPLAYS = re.compile(
    r"\$\$(?P<dollars>.+?)\$\$"
    r"|\\\[(?P<brackets>.+?)\\\]"
    r"|\\begin\{(?P<env>equation\*?|align\*?|gather\*?|multline\*?|eqnarray\*?)\}(?P<body>.+?)\\end\{(?P=env)\}",
    re.DOTALL,
)
# a definition (:=) and every relation's spellings, longest first
RELATION_TOKENS = sorted([(":=", ":="), (r"\coloneqq", ":="), *((s, r.value) for s, r in LATEX_SPELLINGS)],
                         key=lambda token: -len(token[0]))
ARROWS = r"to|rightarrow|Rightarrow|implies|longrightarrow|Longrightarrow"
SEPARATORS = re.compile(rf"\\(?P<arrow>{ARROWS})(?![A-Za-z])"
                        r"|\\xrightarrow(?:\[[^\]]*\])?\{(?P<label>(?:[^{}]|\{[^{}]*\})*)\}"
                        r"|\\(?:iff|Leftrightarrow|quad|qquad)(?![A-Za-z])|\\text\{[^{}]*\}|,\s|;")
EQUATION_NUMBER = re.compile(r"\(\d+\)\s*$")
ENVIRONMENT = re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.DOTALL)


@dataclass(frozen=True)
class Statement:
    """One statement of a display; ``after_arrow`` when an arrow (an implication) leads to it, and
    ``label`` the text over that arrow (``\\xrightarrow{f' > -1}``: a condition for what follows)."""

    text: str
    after_arrow: bool = False
    label: str = ""


def displays(text: str) -> list[tuple[int, str]]:
    """The displayed formulas of a LaTeX or Markdown text, with the line each starts on."""
    found = []
    for match in DISPLAYS.finditer(text):
        body = match.group("dollars") or match.group("brackets") or match.group("body")
        found.append((text.count("\n", 0, match.start()) + 1, body))
    return found


def _depths(text: str) -> list[int]:
    """The bracket depth before each character (escaped braces \\{ \\} are not brackets)."""
    depths, depth = [], 0
    for i, c in enumerate(text):
        depths.append(depth)
        escaped = i > 0 and text[i - 1] == "\\"
        if c in "{([" and not escaped:
            depth += 1
        elif c in "})]" and not escaped:
            depth -= 1
    return depths


def _outside_brackets(pattern: re.Pattern, text: str):
    """The matches of ``pattern`` in ``text`` at bracket depth 0."""
    depths = _depths(text)
    return (match for match in pattern.finditer(text) if depths[match.start()] == 0)


def statements(body: str) -> list[Statement]:
    """The independent statements of one display; separators inside brackets, such as the comma of
    p(x, z), do not split. Environments (matrices) are kept whole."""
    body, kept = _protect(EQUATION_NUMBER.sub("", body.strip()))
    pieces, start, arrow, label = [], 0, False, ""
    for match in _outside_brackets(SEPARATORS, body):
        pieces.append(Statement(_restore(body[start:match.start()], kept), arrow, label))
        arrow = bool(match.group("arrow") or match.group("label") is not None)
        label, start = _restore(match.group("label") or "", kept), match.end()
    pieces.append(Statement(_restore(body[start:], kept), arrow, label))
    return [piece for piece in pieces if piece.text.strip()]


ROW_END = re.compile(r"\\\\(\[[^\]]*\])?")
ANNOTATION = re.compile(r"&&.*$", re.DOTALL)
CONTINUATION = re.compile(r"^\s*&\s*(?:\\q?quad\s*)?[-+]")
TAG = re.compile(r"\\tag\*?\{(?:[^{}]|\{[^{}]*\})*\}")


def rows(body: str) -> list[str]:
    """The rows of a display (``align`` rows end with ``\\\\``), each without its tag and without
    what follows ``&&`` (the annotation column); a row that opens with ``& + ...`` carries on the sum
    of the row before. Matrices are kept whole."""
    protected, kept = _protect(body)
    pieces, start = [], 0
    for match in _outside_brackets(ROW_END, protected):
        pieces.append(protected[start:match.start()])
        start = match.end()
    pieces.append(protected[start:])
    joined: list[str] = []
    for piece in (ANNOTATION.sub("", TAG.sub("", piece)) for piece in pieces):
        continued = CONTINUATION.match(piece)
        if joined and continued:  # "&\quad + c": the sum of the row before goes on
            joined[-1] += " " + piece[continued.end() - 1:]
        elif piece.strip():
            joined.append(piece)
    return [_restore(piece, kept) for piece in joined]


def split_chain(latex: str) -> tuple[list[str], list[str]]:
    """The parts and the relations between them, splitting only outside braces and brackets."""
    latex = re.sub(r"\\\\(\[[^\]]*\])?", " ", latex.replace("&", " "))
    depths = _depths(latex)
    parts, rels, start, i = [], [], 0, 0
    while i < len(latex):
        token = _relation_at(latex, i) if depths[i] == 0 and latex[i] not in "{([" else None
        if token is None:
            i += 1
            continue
        parts.append(latex[start:i])
        rels.append(token[1])
        start = i = i + len(token[0])
    parts.append(latex[start:])
    return [p.strip().rstrip(",.;").strip() for p in parts], rels


def _relation_at(latex: str, i: int) -> tuple[str, str] | None:
    for token, rel in RELATION_TOKENS:
        end = i + len(token)
        if latex.startswith(token, i) and not (token[0] == "\\" and end < len(latex) and latex[end].isalpha()):
            return token, rel
    return None


def links(statement: str) -> tuple[list[str], list[str]]:
    """:func:`split_chain`, with environments (matrices) kept whole."""
    protected, kept = _protect(statement)
    parts, rels = split_chain(protected)
    return [_restore(part, kept) for part in parts], rels


def _protect(body: str) -> tuple[str, list[str]]:
    """Environments inside a display (matrices) set aside, so that their commas, & and \\\\ do not
    split the display; each leaves a marker that :func:`_restore` puts back."""
    kept: list[str] = []

    def keep(match) -> str:
        kept.append(match.group(0))
        return f"\u27e6{len(kept) - 1}\u27e7"

    return ENVIRONMENT.sub(keep, body), kept


def _restore(text: str, kept: list[str]) -> str:
    return re.sub("\u27e6(\\d+)\u27e7", lambda m: kept[int(m.group(1))], text)
