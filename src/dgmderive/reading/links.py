"""The links of a chain ``a = b <= c``: its parts and the relations between them."""

from __future__ import annotations

import re

from dgmderive.reading.brackets import depths, protect, restore
from dgmderive.relation import LATEX_SPELLINGS

# a definition (:=) and every relation's spellings, longest first
RELATION_TOKENS = sorted([(":=", ":="), (r"\coloneqq", ":="), *((s, r.value) for s, r in LATEX_SPELLINGS)],
                         key=lambda token: -len(token[0]))
ROW_END = re.compile(r"\\\\\*?(\[[^\]]{0,40}\])?")  # with its spacing, [2pt], which is short


def split_chain(latex: str) -> tuple[list[str], list[str]]:
    """The parts and the relations between them, splitting only outside braces and brackets."""
    latex = ROW_END.sub(" ", latex.replace("&", " "))
    at = depths(latex)
    parts, rels, start, i = [], [], 0, 0
    while i < len(latex):
        token = _relation_at(latex, i) if at[i] == 0 and latex[i] not in "{([" else None
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
    protected, kept = protect(statement)
    parts, rels = split_chain(protected)
    return [restore(part, kept) for part in parts], rels
