"""The links of a chain ``a = b <= c``: its parts and the relations between them."""

from __future__ import annotations

import re

from dgmderive.reading.brackets import outside_brackets, protect, restore
from dgmderive.relation import LATEX_SPELLINGS, OTHER_RELATIONS

# a definition (:=) and every relation's spellings, longest first; a spelling that is a control word
# ends where the word does (\le is not the start of \left, \sim not that of \simeq)
# and the relations that are not claims of equality or order, which keep their spelling
RELATION_TOKENS = sorted([(":=", ":="), (r"\coloneqq", ":="), *((s, r.value) for s, r in LATEX_SPELLINGS),
                          *((s, s) for s in OTHER_RELATIONS)], key=lambda token: -len(token[0]))
RELATIONS = dict(RELATION_TOKENS)
RELATION = re.compile("|".join(re.escape(token) + ("(?![A-Za-z])" if token[0] == "\\" else "")
                               for token, _ in RELATION_TOKENS))
ROW_END = re.compile(r"\\\\\*?(\[[^\]]{0,40}\])?")  # with its spacing, [2pt], which is short


def split_chain(latex: str) -> tuple[list[str], list[str]]:
    """The parts and the relations between them, splitting only outside braces and brackets."""
    latex = ROW_END.sub(" ", latex.replace("&", " "))
    parts, rels, start = [], [], 0
    for relation in outside_brackets(RELATION, latex):
        parts.append(latex[start:relation.start()])
        rels.append(RELATIONS[relation.group()])
        start = relation.end()
    parts.append(latex[start:])
    return [p.strip().rstrip(",.;").strip() for p in parts], rels


def links(statement: str) -> tuple[list[str], list[str]]:
    """:func:`split_chain`, with environments (matrices) kept whole."""
    protected, kept = protect(statement)
    parts, rels = split_chain(protected)
    return [restore(part, kept) for part in parts], rels
