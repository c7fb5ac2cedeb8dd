r"""The statements of a display, separated by arrows, commas, ``\quad`` and prose (``\text{...}``
that is neither a label, as in ``p_\text{data}``, nor mathematics, as ``\text{d}`` and ``\text{det}`` are,
nor a name applied or scripted, as ``\text{ELBO}(x)`` and ``\text{IW-ELBO}_K`` are)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dgmderive.names import OPERATOR_NAMES
from dgmderive.reading.brackets import outside_brackets, protect, restore

ARROWS = r"to|rightarrow|Rightarrow|implies|longrightarrow|Longrightarrow"
# upright text that is mathematics, not words between statements: a letter (\text{d}z), an operator
MATH_WORDS = rf"(?:[A-Za-z]|{'|'.join(sorted(OPERATOR_NAMES, key=len, reverse=True))})"
SEPARATORS = re.compile(rf"\\(?P<arrow>{ARROWS})(?![A-Za-z])"
                        r"|\\xrightarrow(?:\[[^\]]{0,200}\])?\{(?P<label>(?:[^{}]|\{[^{}]*\})*)\}"
                        r"|\\(?:iff|Leftrightarrow|quad|qquad)(?![A-Za-z])"
                        rf"|(?<![_^])(?<![_^]\s)\\text\{{(?!\s*{MATH_WORDS}\s*\}})(?P<words>[^{{}}]*)\}}(?!\s*[(_^])"
                        r"|(?<!\\),\s|(?<!\\);")
EQUATION_NUMBER = re.compile(r"(?:=\s*)?\(\d+\)\s*\.?\s*$")  # "(3)" at the end, or "= (3)": that equation


@dataclass(frozen=True)
class Statement:
    """One statement of a display; ``after_arrow`` when an arrow (an implication) leads to it,
    ``label`` the text over that arrow (``\\xrightarrow{f' > -1}``: a condition for what follows),
    and ``words`` the text that leads to it (``\\text{, where }``)."""

    text: str
    after_arrow: bool = False
    label: str = ""
    words: str = ""


def statements(body: str) -> list[Statement]:
    """The independent statements of one display; separators inside brackets, such as the comma of
    p(x, z), do not split. Environments (matrices) are kept whole."""
    body, kept = protect(EQUATION_NUMBER.sub("", body.strip()))
    pieces, start, arrow, label, words = [], 0, False, "", ""
    for match in outside_brackets(SEPARATORS, body):
        pieces.append(Statement(restore(body[start:match.start()], kept), arrow, label, words))
        arrow = bool(match.group("arrow") or match.group("label") is not None)
        label, start = restore(match.group("label") or "", kept), match.end()
        words = " ".join((match.group("words") or "").split())
    pieces.append(Statement(restore(body[start:], kept), arrow, label, words))
    return [piece for piece in pieces if piece.text.strip()]
