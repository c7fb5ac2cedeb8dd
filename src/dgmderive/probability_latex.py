r"""Probability notation read from LaTeX: ``p_\theta(x|z)``, ``\mathbb{E}_{q(z|x)}[...]``,
``E_{z \sim q(z|x)}[...]`` and ``D_{KL}(q(z|x) \| p(z))``.

Each construct is lifted out of the text before SymPy's parser sees it and replaced by a placeholder
symbol; :func:`lift` returns the text and what each placeholder stands for. A density's family is
its letter with a Latin subscript or a star (``q_i``, ``q^*``); Greek subscripts name parameters
(``p_\theta``, ``q_\phi``) and are dropped, so ``p_\theta(z)`` and ``p(z)`` are one model.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy

from dgmderive import markers
from dgmderive.probability import Density, Expectation, density, kl

GREEK_PARAMETER = re.compile(r"^\\?(theta|phi|psi|omega|lambda|eta|gamma|beta|alpha|mu|nu)$")
DENSITY = re.compile(r"(?<![\\A-Za-z])(?P<letter>\\tilde\{[pq]\}|[pq])"
                     r"(?:_(?P<sub>\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?(?P<star>\^\{?\*\}?)?\s*(?:\\left)?\(")
EXPECTATION = re.compile(r"(?:\\mathbb\{E\}|\\operatorname\{E\}|\\mathrm\{E\}|(?<![\\A-Za-z])E)"
                         r"(?:_(?P<sub>\{|[A-Za-z]))?")
KL = re.compile(r"(?:D_\{?\s*(?:\\(?:mathrm|text|operatorname)\{KL\}|KL)\s*\}?|\\(?:mathrm|operatorname)\{KL\}"
                r"|(?<![\\A-Za-z])KL)\s*(?:\\left)?\(")
BOLD = re.compile(r"\\(?:boldsymbol|mathbf|bm)\{([^{}]*)\}")
VARIABLE = re.compile(r"^([A-Za-z])(?:_\{?([A-Za-z0-9]+)\}?)?$")
BAR = re.compile(r"\\mid|\\vert|\|")
DIVERGENCE_BAR = re.compile(r"(?:\\,)?\s*(?:\\middle\s*)?(?:\\\||\\parallel|\|\s*\|)\s*(?:\\,)?")
OPENERS, CLOSERS = "([{", ")]}"


class NotationError(ValueError):
    """Probability notation that cannot be read; the message says which."""


class DensityUnknown(NotationError):
    """``E_q[...]`` where nothing in the text read says what q is a density of."""


def mentions_probability(latex: str) -> bool:
    """Expectations, KL divergences, or a conditional density p(a | b) appear in the text (text
    with unbalanced brackets mentions nothing: the parser will say what is wrong with it)."""
    try:
        if KL.search(latex) or any(_is_expectation(latex, m) for m in EXPECTATION.finditer(latex)):
            return True
        return any("|" in inside or r"\mid" in inside for _, inside, _ in _calls(latex))
    except NotationError:
        return False


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start`` (``\\left``/``\\right`` are transparent)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in OPENERS and not text.startswith("\\{", i - 1):
            depth += 1
        elif text[i] in CLOSERS and not text.startswith("\\}", i - 1):
            depth -= 1
            if depth == 0:
                return i
    raise NotationError(f"unbalanced brackets in {text[start:start + 40]!r}")


def _calls(latex: str):
    """Each density call: its match, the text inside its parentheses, and where it ends."""
    for match in DENSITY.finditer(latex):
        yield match, *_parenthesised(latex, match)


def _parenthesised(latex: str, match: re.Match) -> tuple[str, int]:
    """The text inside the parenthesis that ``match`` ends with (less a closing ``\\right``), and
    the index just after it."""
    closing = _closing(latex, match.end() - 1)
    return re.sub(r"\\right\s*$", "", latex[match.end():closing]), closing + 1


def _variable(text: str) -> sympy.Symbol:
    text = BOLD.sub(r"\1", text).strip()  # the context of a claim comes as the user wrote it
    found = VARIABLE.match(text)
    if not found:
        raise NotationError(f"cannot read {text!r} as a random variable")
    letter, index = found.groups()
    return sympy.Symbol(f"{letter}_{index}" if index else letter, real=True)


def _family(match: re.Match) -> str:
    letter = match.group("letter")
    name = "tilde" + letter[-2] if letter.startswith("\\tilde") else letter
    sub = (match.group("sub") or "").strip("{} ")
    if sub and not GREEK_PARAMETER.match(sub):
        name += "_" + sub.lstrip("\\")
    return name + ("*" if match.group("star") else "")


def _density(match: re.Match, inside: str) -> Density:
    parts = BAR.split(inside)
    if len(parts) > 2:
        raise NotationError(f"more than one bar in {inside!r}")
    variables = [_variable(v) for v in parts[0].split(",")]
    given = [_variable(v) for v in parts[1].split(",")] if len(parts) == 2 else []
    return density(_family(match), variables, given)


def _one_density(text: str) -> Density:
    text = text.strip()
    match = DENSITY.match(text)
    if not match or _closing(text, match.end() - 1) != len(text.rstrip()) - 1:
        raise NotationError(f"cannot read {text!r} as a density")
    return _density(match, text[match.end():-1])


def _is_expectation(latex: str, match: re.Match) -> bool:
    return _bracket_after(latex, _subscript_end(latex, match)) is not None


def _subscript_end(latex: str, match: re.Match) -> int:
    if match.group("sub") == "{":
        return _closing(latex, match.end() - 1) + 1
    return match.end()


def _bracket_after(latex: str, i: int) -> int | None:
    rest = re.match(r"\s*(?:\\left|\\big|\\Big|\\bigg|\\Bigg)?\s*\[", latex[i:])
    return i + rest.end() - 1 if rest else None


def _sampled_from(sub: str, body: sympy.Expr, context: str) -> Density:
    r"""The density an expectation is over: ``q(z|x)``, ``z \sim q(z|x)``, or a bare family ``q_\phi``
    whose variables the densities of that family in the body show, or else those in the context
    (the rest of the claim)."""
    if r"\sim" in sub:
        drawn, law = sub.split(r"\sim", 1)
        law_density = _one_density(law)
        variable = _variable(drawn)
        return density(law_density.family.name, [variable], law_density.given)
    if "(" in sub:
        return _one_density(sub)
    match = DENSITY.match(sub.strip() + "(")
    if not match:
        raise NotationError(f"cannot read the expectation's subscript {sub!r}")
    family = _family(match)
    used = sorted((d for d in body.atoms(Density) if d.family.name == family), key=sympy.default_sort_key)
    if used:
        return used[0]
    for match, inside, _ in _calls(context):
        if _family(match) == family:
            return _density(match, inside)
    raise DensityUnknown(f"E_{{{sub}}}: the claim never says what {family} is a density of")


Parse = Callable[[str], sympy.Expr]


def lift(latex: str, parse: Parse, context: str = "") -> tuple[str, dict[str, sympy.Expr]]:
    """Expectations, KL divergences and densities replaced by markers (:mod:`dgmderive.markers`); the
    body of an expectation is read with ``parse`` (which lifts its own notation). ``context`` is the
    text around (the other side of a claim), where ``E_q`` may learn what q is a density of."""
    lifted: dict[str, sympy.Expr] = {}

    def placeholder(obj: sympy.Expr) -> str:
        number = markers.PROBABILITY + len(lifted)
        lifted[markers.name(number)] = obj
        return markers.marker(number)

    out, i = [], 0
    while i < len(latex):
        found = _next_construct(latex, i, f"{latex} {context}")
        if found is None:
            out.append(latex[i:])
            break
        start, end, obj = found(parse)
        out.append(latex[i:start] + placeholder(obj))
        i = end
    return "".join(out), lifted


def _next_construct(latex: str, i: int, context: str):
    """The first construct at or after i, as a function of the parser giving (start, end, object)."""
    candidates = []
    for match in EXPECTATION.finditer(latex, i):
        opening = _bracket_after(latex, _subscript_end(latex, match))
        if opening is not None:
            candidates.append((match.start(),
                               lambda parse, m=match, o=opening: _expectation(latex, m, o, parse, context)))
            break
    if (match := KL.search(latex, i)) is not None:
        candidates.append((match.start(), lambda parse, m=match: _divergence(latex, m)))
    if (match := DENSITY.search(latex, i)) is not None:
        candidates.append((match.start(), lambda parse, m=match: _call(latex, m)))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _expectation(latex: str, match: re.Match, opening: int, parse: Parse, context: str):
    sub_end = _subscript_end(latex, match)
    sub = latex[match.end():sub_end - 1] if match.group("sub") == "{" else (match.group("sub") or "")
    closing = _closing(latex, opening)
    body_text = re.sub(r"\\(right|big|Big|bigg|Bigg)\s*$", "", latex[opening + 1:closing])
    body = parse(body_text)
    if not sub:
        raise NotationError("an expectation without a subscript does not say what it is over")
    return match.start(), closing + 1, Expectation(body, _sampled_from(sub, body, context))


def _divergence(latex: str, match: re.Match):
    inside, end = _parenthesised(latex, match)
    parts = DIVERGENCE_BAR.split(inside)
    if len(parts) != 2:
        raise NotationError(f"cannot read the divergence KL({inside})")
    q, p = (_one_density(part) for part in parts)
    return match.start(), end, kl(q, p)


def _call(latex: str, match: re.Match):
    inside, end = _parenthesised(latex, match)
    return match.start(), end, _density(match, inside)
