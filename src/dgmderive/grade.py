"""Grading a written derivation: every displayed chain a = b <= c ..., link by link."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy

from dgmderive.claims import check, claim_step
from dgmderive.parse import ParseError, parse_assumptions, parse_expression
from dgmderive.verdict import Level, Verdict

DISPLAYS = re.compile(
    r"\$\$(?P<dollars>.+?)\$\$"
    r"|\\\[(?P<brackets>.+?)\\\]"
    r"|\\begin\{(?P<env>equation\*?|align\*?|gather\*?|multline\*?|eqnarray\*?)\}(?P<body>.+?)\\end\{(?P=env)\}",
    re.DOTALL,
)
RELATION_TOKENS = [(r"\leqslant", "<="), (r"\geqslant", ">="), (r"\leq", "<="), (r"\geq", ">="), (r"\le", "<="),
                   (r"\ge", ">="), (r"\neq", "!="), (r"\ne", "!="), ("<=", "<="), (">=", ">="), ("=", "="),
                   ("<", "<"), (">", ">")]


@dataclass
class LinkResult:
    left: str
    rel: str
    right: str
    verdict: Verdict | None = None
    error: str = ""

    @property
    def status(self) -> str:
        if self.error:
            return "unparsed"
        if self.verdict.level is Level.REFUTED:
            return "refuted"
        return "holds" if self.verdict.holds else "undecided"


@dataclass
class ChainResult:
    line: int
    source: str
    links: list[LinkResult] = field(default_factory=list)

    @property
    def first_failure(self) -> LinkResult | None:
        return next((link for link in self.links if link.status == "refuted"), None)


def displays(text: str) -> list[tuple[int, str]]:
    """The displayed formulas of a LaTeX or Markdown text, with the line each starts on."""
    found = []
    for match in DISPLAYS.finditer(text):
        body = match.group("dollars") or match.group("brackets") or match.group("body")
        found.append((text.count("\n", 0, match.start()) + 1, body))
    return found


def _is_word_char(c: str) -> bool:
    return c.isalpha()


# Arrows and separators between independent statements in one display: each piece is its own chain.
SEPARATORS = re.compile(r"\\(?:to|rightarrow|Rightarrow|implies|iff|Leftrightarrow|longrightarrow|quad|qquad)\b"
                        r"|\\xrightarrow\{[^{}]*\}|\\text\{[^{}]*\}|,\s")
FONTS = re.compile(r"\\(?:boldsymbol|mathbf|bm|mathit|mathrm)\{([^{}]*)\}")
EQUATION_NUMBER = re.compile(r"\(\d+\)\s*$")


def statements(body: str) -> list[str]:
    """The independent statements of one display, with typography that carries no meaning removed."""
    body = FONTS.sub(r"\1", EQUATION_NUMBER.sub("", body.strip()))
    return [piece for piece in SEPARATORS.split(body) if piece and piece.strip()]


def _side(latex: str, assume: tuple[str, ...]):
    """One side of a link as SymPy, or None when it cannot be read."""
    try:
        return parse_expression(latex, parse_assumptions(assume))
    except ParseError:
        return None


def _is_definition(left: str, assume: tuple[str, ...]) -> bool:
    """The left side of a chain's first link names what the chain defines: f(x, y) of plain
    variables, or a vector of plain symbols such as (d_{k+1}, g_{k+1})."""
    expr = _side(left, assume)
    if isinstance(expr, sympy.MatrixBase):
        return all(isinstance(entry, sympy.Symbol) for entry in expr)
    return (isinstance(expr, sympy.core.function.AppliedUndef)
            and all(isinstance(a, sympy.Symbol) for a in expr.args))


def split_chain(latex: str) -> tuple[list[str], list[str]]:
    """The parts and the relations between them, splitting only outside braces and brackets."""
    latex = re.sub(r"\\\\(\[[^\]]*\])?", " ", latex.replace("&", " "))
    parts, rels, depth, start, i = [], [], 0, 0, 0
    while i < len(latex):
        c = latex[i]
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif depth == 0:
            for token, rel in RELATION_TOKENS:
                end = i + len(token)
                if latex.startswith(token, i) and not (token[0] == "\\" and end < len(latex)
                                                       and _is_word_char(latex[end])):
                    parts.append(latex[start:i])
                    rels.append(rel)
                    start = i = end
                    break
            else:
                i += 1
                continue
            continue
        i += 1
    parts.append(latex[start:])
    return [p.strip().rstrip(",.;") .strip() for p in parts], rels


ENVIRONMENT = re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.DOTALL)


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


def _links(statement: str) -> tuple[list[str], list[str]]:
    """:func:`split_chain`, with environments (matrices) kept whole."""
    protected, kept = _protect(statement)
    parts, rels = split_chain(protected)
    return [_restore(part, kept) for part in parts], rels


def grade_text(text: str, assume: tuple[str, ...] = ()) -> list[ChainResult]:
    """Check every link of every displayed chain; unparseable links are reported and skipped."""
    results, last = [], ""
    for line, body in displays(text):
        body, kept = _protect(body)
        for statement in (_restore(piece, kept) for piece in statements(body)):
            if not _links(statement)[0][0] and last:  # a display opening with "=" carries on the last chain
                statement = last + " " + statement
            last = _links(statement)[0][-1]
            chain = _grade_chain(line, statement, assume)
            if chain is not None:
                results.append(chain)
    return results


def _is_atom(latex: str, assume: tuple[str, ...]) -> bool:
    return isinstance(_side(latex, assume), (sympy.Symbol, sympy.Number))


def _grade_chain(line: int, statement: str, assume: tuple[str, ...]) -> ChainResult | None:
    r"""One chain. A single link with a lone symbol or number on one side (``i = 2``,
    ``(1-\lambda)^2 + \alpha^2 = 0``) states a condition or an equation to solve, not an identity,
    and is left alone."""
    parts, rels = _links(statement)
    if not rels or (len(rels) == 1 and (_is_atom(parts[0], assume) or _is_atom(parts[1], assume))):
        return None
    chain = ChainResult(line, " ".join(statement.split()))
    for k, (left, rel, right) in enumerate(zip(parts, rels, parts[1:])):
        if k == 0 and rel == "=" and _is_definition(left, assume):
            continue
        link = LinkResult(left, rel, right)
        try:
            step = claim_step(left, right, rel, assume)
        except ParseError as error:
            link.error = str(error)
        else:
            link.verdict = _in_context(step, check(step))
        chain.links.append(link)
    return chain if chain.links else None


def _in_context(step, verdict: Verdict) -> Verdict:
    """In someone's derivation, f(z) or p(x|z) names a function defined elsewhere in the text. A link
    that fails only for some choice of such functions is not shown wrong: it is undecided."""
    calls = step.lhs.atoms(sympy.core.function.AppliedUndef) | step.rhs.atoms(sympy.core.function.AppliedUndef)
    if calls and verdict.level is Level.REFUTED and verdict.counterexample and "Lambda" in verdict.counterexample[0][1]:
        return Verdict(Level.UNCHECKED, "none", "fails for some choice of the functions "
                       + ", ".join(sorted({str(c.func) for c in calls})) + ", which the text defines elsewhere")
    return verdict


def report(results: list[ChainResult]) -> list[str]:
    lines = []
    counts = {"holds": 0, "refuted": 0, "undecided": 0, "unparsed": 0}
    for number, chain in enumerate(results, start=1):
        for link in chain.links:
            counts[link.status] += 1
        statuses = [link.status for link in chain.links]
        summary = ", ".join(f"{statuses.count(s)} {s}" for s in counts if statuses.count(s))
        lines.append(f"chain {number} (line {chain.line}): {len(chain.links)} link(s): {summary}")
        failure = chain.first_failure
        if failure is not None:
            lines.append(f"  first failing link {chain.links.index(failure) + 1}: "
                         f"{failure.left} {failure.rel} {failure.right}")
            lines.append(f"    {failure.verdict}")
        for k, link in enumerate(chain.links, start=1):
            if link.status == "unparsed":
                lines.append(f"  link {k} skipped: {link.error}")
    total = sum(counts.values())
    lines.append(f"summary: {len(results)} chain(s), {total} link(s): "
                 + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return lines
