r"""Probability notation read from LaTeX: ``p_\theta(x|z)``, ``\mathbb{E}_{q(z|x)}[...]``,
``E_{z \sim q(z|x)}[...]`` and ``D_{KL}(q(z|x) \| p(z))``.

Each construct is lifted out of the text before SymPy's parser sees it and replaced by a placeholder
symbol; :func:`lift` returns the text and what each placeholder stands for. A density's family is
its letter with a Latin subscript or a star (``q_i``, ``q^*``); Greek subscripts name parameters
(``p_\theta``, ``q_\phi``) and are dropped while :data:`ONE_MODEL` is set, so that ``p_\theta(z)`` and
``p(z)`` are one model, and kept otherwise (:mod:`dgmderive.claims` reads a claim both ways where
they differ).
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable
from functools import lru_cache

import sympy

from dgmderive import markers
from dgmderive.probability import (NAMED_LAW, Density, Draws, Expectation, Summed, density, gradient, integral, jsd,
                                   kl, slot, written)

# a Greek subscript names parameters, also set to a value (p_{\theta = \theta_0}: the model at theta_0)
GREEK_PARAMETER = re.compile(r"^\\?(theta|phi|psi|omega|lambda|eta|gamma|beta|alpha|mu|nu)\s*(?:=[^=]*)?$")
# a family's subscript: p_i, p_\theta, p_{data}, or a word in upright type, p_{\text{data}}
UPRIGHT_WORD = r"\\(?:text|textrm|mathrm|rm|mathit)\s*\{([^{}]*)\}"
SUBSCRIPT = rf"\{{\s*{UPRIGHT_WORD}\s*\}}|\{{[^{{}}]*\}}|\\[A-Za-z]+|[A-Za-z0-9]"
DENSITY = re.compile(r"(?<![\\A-Za-z])(?P<letter>\\tilde\{[pq]\}|[pq])"
                     rf"(?:_(?P<sub>{SUBSCRIPT}))?(?P<star>\^\{{?\*\}}?)?\s*(?:\\left)?\(")
# another letter written with a condition, g_\theta(x|z) or P(X|z): a conditional density of its family
# (not E, H, I or V, whose conditional forms are an expectation, an entropy, an information, a variance,
# nor a GAN's D or G, outputs of a discriminator and a generator, nor L, a likelihood, nor F, a CDF)
CONDITIONED = re.compile(r"(?<![\\A-Za-z])(?P<letter>[ABCJKM-UW-Za-or-z])"
                         rf"(?:_(?P<sub>{SUBSCRIPT}))?(?P<star>\^\{{?\*\}}?)?\s*(?:\\left)?\(")
# E, Var and Cov, upright or blackboard or bare, with a subscript that says what they are over
EXPECTATION = re.compile(r"(?:\\(?:mathbb|operatorname|mathrm|textrm|text|mathsf)\s*\{\s*(?P<op>E|Var|Cov)\s*\}"
                         r"|(?<![\\A-Za-z])(?P<bare>E|Var|Cov)(?![A-Za-z]))"
                         r"(?:(?:\s|\\[,;:!])*_\s*(?P<sub>\{|\\[A-Za-z]+|[A-Za-z]))?")
# the bracket an operator applies to: [ ], \{ \}, or ( ) (not after a bare E without a subscript:
# E(x) is a function), sized or not, after spacing
OPENING = re.compile(r"(?:\s|\\[,;:! ])*(?:\\(?:left|bigl?|Bigl?|biggl?|Biggl?)(?![A-Za-z]))?\s*(\[|\\\{|\()")
CLOSING_SIZE = re.compile(r"\\(?:right|bigr?|Bigr?|biggr?|Biggr?)\s*$")
# D_{KL}, \mathrm{KL}, KL, and the Jensen-Shannon D_{JS}, JSD, before their bracket
DIVERGENCE = re.compile(r"(?:D_\{?\s*(?:\\(?:mathrm|text|operatorname|textrm)\{(?:KL|(?P<js1>JSD?))\}|KL|(?P<js2>JSD?))\s*\}?"
                        r"|\\(?:mathrm|operatorname|text|textrm)\{(?:KL|(?P<js3>JSD?))\}"
                        r"|(?<![\\A-Za-z])(?:KL|(?P<js4>JSD?))(?![A-Za-z]))(?=(?:\s|\\[,;:!]|\\left|\\big|\\Big)*[\[(]|\s*\\\{)")
LIMIT = r"(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[A-Za-z0-9])"
INTEGRAL = re.compile(rf"\\int(?![A-Za-z])(?:\s*\\limits)?(?:\s*_\s*(?P<lower>{LIMIT}))?(?:\s*\^\s*(?P<upper>{LIMIT}))?")
# the measure that ends an integrand: d z, \,dz, \mathrm{d}z, \textrm{d} z_1
MEASURE = re.compile(r"(?:\\[,;:!]|\s)*(?<![A-Za-z])(?:\\(?:mathrm|textrm|text|operatorname)\s*\{\s*d\s*\}|d)\s*"
                     r"(?P<variable>(?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_[A-Za-z0-9])?)(?![A-Za-z])")
# a sum over an index without bounds: \sum_x, \sum_{x}
UNBOUNDED_SUM = re.compile(r"\\sum\s*_\s*(?:\{\s*(?P<braced>[A-Za-z])\s*\}|(?P<bare>[A-Za-z]))(?!\s*\^)")
WHOLE_LINE = {None, r"{-\infty}", r"-\infty"}, {None, r"\infty", r"{\infty}", r"{+\infty}"}
# a derivative in a parameter: \nabla_\theta, \frac{\partial}{\partial \theta}, \frac{d}{d\theta}
GRADIENT = re.compile(r"\\nabla\s*_\s*(?:\{\s*(?P<braced>\\?[A-Za-z]+)\s*\}|(?P<nabla>\\[A-Za-z]+|[A-Za-z]))"
                      r"|\\frac\s*\{\s*(?:\\partial|d)\s*\}\s*\{\s*(?:\\partial|d)\s*(?P<frac>\\[A-Za-z]+|[A-Za-z])\s*\}")
BOLD = re.compile(r"\\(?:boldsymbol|mathbf|bm)\{([^{}]*)\}")
# a random variable: a letter, or a Greek letter that names noise (GREEK_PARAMETER's name parameters
# as subscripts, p_\eta, but \eta inside a density's brackets is its variable), with an index
LETTER = r"(?:[A-Za-z]|\\(?:epsilon|varepsilon|xi|zeta|eta)(?![A-Za-z]))"
VARIABLE = re.compile(rf"^({LETTER})\s*(?:_\{{?\s*([A-Za-z0-9]+)\s*\}}?)?$")
BAR = re.compile(r"\\mid|\\vert|\|")
PARAMETERS_AFTER = r"(?<!\\);"  # the semicolon before a density's parameters, p(x; \theta) (not the space \;)
DIVERGENCE_BAR = re.compile(r"(?:\\,)?\s*(?:\\middle\s*)?(?:\\\||\\parallel|\\[lr]?Vert(?![A-Za-z])|\|\s*\||\\mid\s*\\mid(?![A-Za-z]))"
                            r"\s*(?:\\,)?")
OPENERS, CLOSERS = "([{", ")]}"


class NotationError(ValueError):
    """Probability notation that cannot be read; the message says which."""


class DensityUnknown(NotationError):
    """``E_q[...]`` where nothing in the text read says what q is a density of, or ``E_z[...]``
    which law z follows (the rest of the claim may)."""


def mentions_probability(latex: str) -> bool:
    """Expectations, KL divergences, or a conditional density p(a | b) appear in the text (text
    with unbalanced brackets mentions nothing: the parser will say what is wrong with it)."""
    try:
        if DIVERGENCE.search(latex) or any(_is_expectation(latex, m) for m in EXPECTATION.finditer(latex)):
            return True
        if any(_integrates_density(latex, m) for m in INTEGRAL.finditer(latex)):
            return True
        if any(sums_over_density(latex, m) for m in UNBOUNDED_SUM.finditer(latex)):
            return True
        return any("|" in inside or r"\mid" in inside or ";" in inside and len(_top_level(inside, PARAMETERS_AFTER)) > 1
                   for _, inside, _ in _calls(latex))
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


def _calls(latex: str, start: int = 0):
    """Each density call from ``start`` on, in order: its match, the text inside its parentheses,
    and where it ends (p and q always; another letter when it is written with a condition)."""
    found = [(match, *_parenthesised(latex, match)) for match in DENSITY.finditer(latex, start)]
    letters = _conditioned_letters(f"{latex} {CLAIM.get()}")
    found += [(match, inside, end) for match in CONDITIONED.finditer(latex, start)
              for inside, end in [_parenthesised(latex, match)]
              if _conditioned(inside) or match.group("letter") in letters and inside.strip()
              and not DIVERGENCE_BAR.search(inside)]
    yield from sorted(found, key=lambda call: call[0].start())


@lru_cache(maxsize=1024)
def _conditioned_letters(text: str) -> frozenset[str]:
    """The letters other than p and q that the text writes with a condition: densities wherever
    they are applied (P(z) beside P(x|z)); remembered, as each density call of a claim asks it of
    the whole claim."""
    letters = set()
    for match in CONDITIONED.finditer(text):
        try:
            inside, _ = _parenthesised(text, match)
        except NotationError:
            continue
        if _conditioned(inside):
            letters.add(match.group("letter"))
    return frozenset(letters)


def _conditioned(inside: str) -> bool:
    """Whether a bracket's text is ``a | b``: one bar outside brackets, with something either side."""
    if DIVERGENCE_BAR.search(inside):  # P \| Q: the two distributions of a divergence
        return False
    parts = _top_level(inside, BAR.pattern)
    return len(parts) == 2 and all(parts)


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
    letter = letter.lstrip("\\")  # the names the parser gives the same text: epsilon, z_{1}
    return sympy.Symbol(f"{letter}_{{{index}}}" if index else letter, real=True)


# Whether a Greek subscript names the parameters of one model (p_\theta and p one family) or
# another family (see dgmderive.claims, which reads a claim both ways where the two differ)
ONE_MODEL = contextvars.ContextVar("one_model", default=True)


# The whole claim being read (all its sides): where a derivative learns which families depend on its
# parameter, as one side may write q_\phi and the other q (see :func:`_dependent`)
CLAIM = contextvars.ContextVar("claim", default="")


def derivative_context(texts) -> str:
    """What the reading of ``texts`` depends on beyond them: the claim, where they hold a derivative
    or a letter that the claim writes with a condition elsewhere (P(z) beside P(x|z))."""
    claim = CLAIM.get()
    if any(GRADIENT.search(text) for text in texts) or _conditioned_letters(claim) & {
            m.group("letter") for text in texts for m in CONDITIONED.finditer(text)}:
        return claim
    return ""


def _family(match: re.Match) -> str:
    letter = match.group("letter")
    name = "tilde" + letter[-2] if letter.startswith("\\tilde") else letter
    sub = re.sub(UPRIGHT_WORD, r"\1", match.group("sub") or "").strip("{} ")
    if sub and not (GREEK_PARAMETER.match(sub) and ONE_MODEL.get()):
        name += "_" + sub.lstrip("\\")
    return name + ("*" if match.group("star") else "")


def family_of(text: str) -> str | None:
    """The density family a text opens with (``q_\\phi(z|x)``, ``p``: as the claims name it), or None."""
    match = DENSITY.match(text.strip() + "(")
    return _family(match) if match else None


def _density(match: re.Match, inside: str) -> Density:
    """The density a call writes: its variables, after a bar what they are given, and after a
    semicolon its parameters (``p(x; \\theta)`` is p_\\theta(x); ``q(z; \\mu, \\sigma^2)`` a family of its own
    for each value of the parameters)."""
    inside, *parameters = _top_level(inside, PARAMETERS_AFTER) if ";" in inside else (inside,)
    parts = BAR.split(inside)
    if len(parts) > 2 or len(parameters) > 1:
        raise NotationError(f"more than one {'bar' if len(parts) > 2 else 'semicolon'} in {inside!r}")
    variables = [_variable(v) for v in parts[0].split(",")]
    given = [_variable(v) for v in parts[1].split(",")] if len(parts) == 2 else []
    return density(_family(match) + _parameters(parameters[0] if parameters else ""), variables, given)


def _parameters(written: str) -> str:
    """What the parameters after a density's semicolon add to its family's name: as a Greek
    subscript would (nothing while :data:`ONE_MODEL` is set), or all of them as a label."""
    parameters = [" ".join(p.split()) for p in written.split(",") if p.strip()]
    if not parameters or ONE_MODEL.get() and all(GREEK_PARAMETER.match(p) for p in parameters):
        return ""
    if len(parameters) == 1 and re.fullmatch(r"\\?[A-Za-z]+", parameters[0]):
        return "_" + parameters[0].lstrip("\\")
    return "_{" + ", ".join(parameters) + "}"


def _one_density(text: str) -> Density:
    text = text.strip()
    while text.startswith("{") and text.endswith("}") and _closing(text, 0) == len(text) - 1:
        text = text[1:-1].strip()  # {q_\phi(z|x)}: a group around the density
    call = next(_calls(text), None)
    if call is None or call[0].start() != 0 or call[2] != len(text):
        raise NotationError(f"cannot read {text!r} as a density")
    return _density(call[0], call[1])


def _is_expectation(latex: str, match: re.Match) -> bool:
    return _opening(latex, match) is not None


def _opening(latex: str, match: re.Match) -> re.Match | None:
    """The bracket an operator applies to, when one follows it."""
    opening = OPENING.match(latex, _subscript_end(latex, match))
    if opening is None or (opening.group(1) == "(" and match.group("bare") == "E" and not match.group("sub")):
        return None
    return opening


def expectation_subscripts(latex: str) -> list[tuple[int, int]]:
    """Where the subscripts of the expectations of the text are (unbalanced text has none)."""
    try:
        return [(match.end(), _subscript_end(latex, match)) for match in EXPECTATION.finditer(latex)
                if match.group("sub")]
    except NotationError:
        return []


def _subscript_end(latex: str, match: re.Match) -> int:
    if match.group("sub") == "{":
        return _closing(latex, match.end() - 1) + 1
    return match.end()


def _subscript(latex: str, match: re.Match) -> str:
    if match.group("sub") == "{":
        return latex[match.end():_subscript_end(latex, match) - 1]
    return match.group("sub") or ""


def _operand(latex: str, match: re.Match) -> tuple[str, int] | None:
    """The text an operator applies to (inside its bracket, less sizing) and the index after the
    bracket; None when no bracket follows."""
    opening = _opening(latex, match)
    if opening is None:
        return None
    return _bracket_contents(latex, opening.start(1))


def _bracket_contents(latex: str, start: int) -> tuple[str, int]:
    """The text inside the bracket that opens at ``start`` (less sizing) and the index after it."""
    if latex.startswith("\\{", start):
        close = _escaped_closing(latex, start)
        inside, end = latex[start + 2:close], close + 2
    else:
        close = _closing(latex, start)
        inside, end = latex[start + 1:close], close + 1
    return CLOSING_SIZE.sub("", inside.rstrip()), end


def _escaped_closing(text: str, start: int) -> int:
    r"""The index of the ``\}`` closing the ``\{`` at ``start``."""
    depth = 0
    for found in re.finditer(r"\\[{}]", text[start:]):
        depth += 1 if found.group(0) == "\\{" else -1
        if depth == 0:
            return start + found.start()
    raise NotationError(f"unbalanced braces in {text[start:start + 40]!r}")


NORMAL = re.compile(r"^\\mathcal\s*\{?\s*N\s*\}?\s*(?:\\left)?\(")
# a normal law whose moments are numbers (0, 1, the identity I), as in E_{\epsilon \sim N(0, I)}
STANDARD_NORMAL = re.compile(NORMAL.pattern + r"(?P<moments>\s*-?\d+\s*,\s*(?:\d+|\\mathbf\{I\}|\\boldsymbol\{I\}|I)\s*)"
                             r"(?:\\right)?\)$")


def _sampled_from(sub: str, body: sympy.Expr, context: str) -> Density:
    r"""The density an expectation is over: ``q(z|x)``, ``z \sim q(z|x)``, ``z \sim \mathcal{N}(0, I)`` (a
    law of its own, :data:`dgmderive.probability.NAMED_LAW`), ``z \sim q`` (q's
    conditions read off the claim), a bare family ``q_\phi`` whose variables the densities of that
    family in the body show, or else those in the context (the rest of the claim), or a variable
    ``z`` (``E_z``) that one family's density in the body is a density of."""
    sub = sub.strip()
    if r"\sim" in sub:
        drawn, law = sub.split(r"\sim", 1)
        variable = _variable(drawn.strip().lower() if CAPITAL.match(drawn) else drawn)  # Z \sim q: its values z
        if (standard := STANDARD_NORMAL.match(law.strip())) is not None:
            return density(NAMED_LAW + "(" + re.sub(r"\s+", "", standard.group("moments")) + ")", [variable])
        if NORMAL.match(law.strip()):
            raise NotationError(f"E_{{{sub}}}: a normal law is read only with numbers as its moments (N(0, I)): "
                                "with parameters, its density would not move with them")
        if "(" in law:
            law_density = _one_density(law)
        else:
            try:
                law_density = _bare_family(law, body, context, sub)
            except DensityUnknown:  # z ~ q, with nothing else said of q: q(z)
                law_density = density(_family(DENSITY.match(law.strip() + "(")), [variable])
        written = [slot(v) for v in law_density.variables]
        if written != [slot(variable)] and not (CAPITAL.match(drawn) and written == [slot(_variable(drawn))]):
            raise NotationError(f"E_{{{sub}}}: {variable} is not what {law_density} is a density of")
        return density(law_density.family.name, [variable], law_density.given)
    if "(" in sub:
        return _one_density(sub)
    if DENSITY.match(sub + "("):
        return _bare_family(sub, body, context, sub)
    if CAPITAL_FAMILY.match(sub):  # E_Q: over the distribution whose density q(z|x) the claim writes
        try:
            return _bare_family(sub[0].lower() + sub[1:], body, context, sub)
        except DensityUnknown:
            pass
    return _law_of(_variable(sub), body, context, sub)


CAPITAL_FAMILY = re.compile(r"^[PQ](?:_(?:\{[^{}]*\}|\[A-Za-z]+|[A-Za-z0-9]))?$")  # P, Q_\phi: distributions


def _law_of(variable: sympy.Symbol, body: sympy.Expr, context: str, sub: str) -> Density:
    """The law of E_z: the one the claim draws z from elsewhere (``E_{z \\sim q(z|x)}``), or else the
    one density of z alone in the body and the claim. A capital Z that no density is of is the
    random variable whose values are z (``E_Z[f(z)]``)."""
    calls = [_density(m, inside) for m, inside, _ in _calls(context)]
    laws = {d for d in [*body.atoms(Density), *calls] if d.variables == (variable,) and written(d)}
    if not laws and variable.name.isupper() and len(variable.name) == 1:
        return _law_of(sympy.Symbol(variable.name.lower(), real=True), body, context, sub)
    drawn = {d for d in _drawn(context) if d.variables == (variable,)}
    if len(drawn) != 1 and len(laws) != 1:
        raise DensityUnknown(f"E_{{{sub}}}: the claim does not say which law {variable} follows")
    return (drawn if len(drawn) == 1 else laws).pop()


DRAWN = re.compile(r"((?:\\[A-Za-z]+|[A-Za-z])(?:_\{[^{}]*\}|_[A-Za-z0-9])?)\s*\\sim\s*$")


def _drawn(context: str) -> set[Density]:
    """The laws the claim draws a variable from: q(z|x) in ``z \\sim q(z|x)``."""
    laws = set()
    for match, inside, _ in _calls(context):
        drawn = DRAWN.search(context, 0, match.start())
        if drawn is not None:
            law = _density(match, inside)
            laws.add(density(law.family.name, [_variable(drawn.group(1))], law.given))
    return laws


def _bare_family(text: str, body: sympy.Expr, context: str, sub: str) -> Density:
    match = DENSITY.match(text.strip() + "(")
    if not match or match.end() != len(text.strip()) + 1:
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
    """Expectations, KL divergences and densities replaced by markers (:mod:`dgmderive.markers`;
    derivatives by markers of their own, which end the argument of a \\log written without brackets); the
    body of an expectation is read with ``parse`` (which lifts its own notation). ``context`` is the
    text around (the other side of a claim), where ``E_q`` may learn what q is a density of."""
    lifted: dict[str, sympy.Expr] = {}

    def placeholder(obj: sympy.Expr, derivative: bool) -> str:
        number = (markers.DERIVATIVES if derivative else markers.PROBABILITY) + len(lifted)
        lifted[markers.name(number)] = obj
        return markers.marker(number)

    out, i = [], 0
    while i < len(latex):
        found = _next_construct(latex, i, context)
        if found is None:
            out.append(latex[i:])
            break
        start, end, obj = found(parse)
        out.append(latex[i:start] + placeholder(obj, GRADIENT.match(latex, start) is not None))
        i = end
    return "".join(out), lifted


def _next_construct(latex: str, i: int, outer: str):
    """The first construct at or after i, as a function of the parser giving (start, end, object);
    ``outer`` is the text around ``latex`` (the other side of a claim), when it was needed."""
    candidates, context = [], f"{latex} {outer}"
    for match in EXPECTATION.finditer(latex, i):
        if (operand := _operand(latex, match)) is not None:
            candidates.append((match.start(),
                               lambda parse, m=match, o=operand: _expectation(latex, m, o, parse, context)))
            break
    if (match := DIVERGENCE.search(latex, i)) is not None:
        candidates.append((match.start(), lambda parse, m=match: _divergence(latex, m, context, bool(outer))))
    for match in INTEGRAL.finditer(latex, i):
        if (measured := _integrates_density(latex, match)) is not None:
            candidates.append((match.start(), lambda parse, m=match, found=measured: _integral(m, found, parse)))
            break
    if (call := next(_calls(latex, i), None)) is not None:
        candidates.append((call[0].start(), lambda parse, found=call: (found[0].start(), found[2],
                                                                        _density(found[0], found[1]))))
    for match in UNBOUNDED_SUM.finditer(latex, i):
        if sums_over_density(latex, match):
            candidates.append((match.start(), lambda parse, m=match: _sum(latex, m, parse)))
            break
    for match in GRADIENT.finditer(latex, i):
        end = _operand_end(latex, match.end())
        operand, claim = latex[match.end():end], f"{context} {CLAIM.get()}"
        dependent = _dependent(match, claim)
        if mentions_probability(operand) or any(_family(m) in dependent for m in DENSITY.finditer(operand)):
            candidates.append((match.start(), lambda parse, m=match, e=end, c=claim: _gradient(latex, m, e, parse, c)))
            break
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _expectation(latex: str, match: re.Match, operand: tuple[str, int], parse: Parse, context: str):
    """E, Var or Cov of what its bracket holds (Cov of two expressions), over the subscript's law."""
    sub, (inside, end) = _subscript(latex, match), operand
    operator = match.group("op") or match.group("bare")
    bodies = [parse(part) for part in _top_level(inside, ",")] if operator == "Cov" else [parse(inside)]
    if len(bodies) != (2 if operator == "Cov" else 1):
        raise NotationError(f"{operator}[{inside}] needs {'two expressions' if operator == 'Cov' else 'one'}")
    if not sub:  # over a law the text does not say: a value of its own, never computed
        return match.start(), end, UNSTATED_MOMENTS[operator](*bodies)
    if operator == "E" and (laws := _joint_draws(sub, bodies[0], context)) is not None:
        found = bodies[0]
        for law in reversed(laws):
            found = Expectation(found, law)
        return match.start(), end, found
    if (draws := _several_draws(sub, bodies[0], context, parse)) is not None:
        if operator != "E":
            raise NotationError(f"{operator} over several draws is not read")
        found = Draws(bodies[0], *draws)
        if loose := sorted(map(str, found.loose())):
            raise NotationError(f"E_{{{sub}}}: the expectation writes {loose[0]} beside the draws, which is not "
                                "one of them")
        return match.start(), end, found
    drawn = sub.split(r"\sim", 1)[0]
    if r"\sim" in sub and CAPITAL.match(drawn):  # E_{Z \sim q}[\log q(Z)]: Z takes the values z
        bodies = [body.xreplace({_variable(drawn): _variable(drawn.strip().lower())}) for body in bodies]
    law = _sampled_from(sub, sympy.Add(*bodies), context)
    if CAPITAL.match(drawn) and law.variables == (_variable(drawn.strip().lower()),):  # E_X[X]: the X in it is x
        bodies = [body.xreplace({_variable(drawn): law.variables[0]}) for body in bodies]
    return match.start(), end, MOMENTS[operator](law, *bodies)


CAPITAL = re.compile(r"^\s*[A-Z]\s*$")  # E_Z: the random variable whose values are z


ELLIPSIS = r"(?:\\(?:dots|ldots|cdots|dotsc)(?![A-Za-z])|\.\.\.)"
# several draws: z_1, \dots, z_K (or z_1, z_2, \dots, z_K, z_1 z_2 \cdots z_K) and z_{1:K}
DRAW_LIST = re.compile(rf"^(?P<base>{LETTER})\s*_\s*\{{?\s*1\s*\}}?\s*,?\s*(?:(?P=base)\s*_\s*\{{?\s*2\s*\}}?\s*,?\s*)?"
                       rf"{ELLIPSIS}\s*,?\s*(?P=base)\s*_\s*(?P<count>\{{[^{{}}]*\}}|[A-Za-z0-9])$"
                       rf"|^(?P<range>{LETTER})\s*_\s*\{{\s*1\s*:\s*(?P<upto>[A-Za-z0-9]+)\s*\}}$")


def _joint_draws(sub: str, body: sympy.Expr, context: str) -> list[Density] | None:
    r"""The laws of a draw of several variables from a product of densities, ``E_{x, z \sim p(x)
    q(z|x)}`` or ``E_{p(x) q(z|x)}``, outermost first: each variable drawn by one density, conditioned only on the
    variables drawn before it (the expectation is E_{x \sim p(x)} E_{z \sim q(z|x)}). None when the
    subscript is no such draw; refused when the densities do not draw each variable once."""
    drawn, _, law = sub.rpartition(r"\sim")
    names = [part.strip() for part in drawn.split(",")] if drawn else None  # E_{p(x) q(z|x)}: those it draws
    if names is not None and (len(names) < 2 or not all(VARIABLE.match(name) for name in names)) or "(" not in law:
        return None
    found = list(_calls(law))
    if len(found) < 2:  # one law: several draws of it (see _several_draws)
        return None
    calls, rest, previous = {}, [], 0
    for match, inside, end in found:
        variable, *condition = _top_level(inside, BAR.pattern)
        calls[variable.strip()] = (law[match.start():end], " ".join(condition))
        rest.append(law[previous:match.start()])
        previous = end
    if re.sub(r"\\[,;:! ]|\\cdot|\s", "", "".join(rest) + law[previous:]) or sorted(calls) != sorted(names or calls):
        raise NotationError(f"E_{{{sub}}}: the law must be a product of one density of each variable drawn")
    laws = []
    while calls:
        ready = next((v for v, (_, condition) in calls.items()
                      if not any(re.search(rf"(?<![\\A-Za-z]){re.escape(other)}(?![A-Za-z])", condition)
                                 for other in calls if other != v)), None)
        if ready is None:
            raise NotationError(f"E_{{{sub}}}: its densities condition on each other in a circle")
        laws.append(_sampled_from(rf"{ready} \sim {calls.pop(ready)[0]}", body, context))
    return laws


MEMBER = re.compile(rf"^(?P<base>{LETTER})\s*_\s*\{{?\s*(?P<index>\d+)\s*\}}?$")  # z_1, z_{2}


def _several_draws(sub: str, body: sympy.Expr, context: str, parse: Parse) -> tuple[Density, sympy.Expr] | None:
    """The law and the count of several independent draws an expectation is over, ``E_{z_1, \\dots,
    z_K \\sim q(z|x)}`` (the law of z read as for one draw); None for one draw. Draws that do not
    say their law are refused, and so is a list that is not z_1 to z_K (x, z \\sim p(x) q(z|x) among them)."""
    drawn, _, law = sub.partition(r"\sim")
    found, listed = DRAW_LIST.match(drawn.strip()), [MEMBER.match(part.strip()) for part in drawn.split(",")]
    if found is not None:
        base = found.group("base") or found.group("range")
        count = parse((found.group("count") or found.group("upto")).strip("{}"))
    elif len(listed) > 1 and all(listed) and [(m.group("base"), m.group("index")) for m in listed] == \
            [(listed[0].group("base"), str(k)) for k in range(1, len(listed) + 1)]:
        base, count = listed[0].group("base"), sympy.Integer(len(listed))  # z_1, z_2, z_3
    elif "," in drawn or re.search(ELLIPSIS, drawn):
        raise NotationError(f"E_{{{sub}}}: a draw of several variables is not read; several draws of one are "
                            "read only as z_1, \\dots, z_K \\sim its law")
    else:
        return None
    if not law.strip():
        raise NotationError(f"E_{{{sub}}}: several draws need their law, as in z_1, \\dots, z_K \\sim q(z|x)")
    return _sampled_from(rf"{base} \sim {law}", body, context), count


UNSTATED_LAW = sympy.Function(r"\mathbb{E}")  # E over a law the text does not say (see dgmderive.markers.is_opaque)
UNSTATED_MOMENTS = {
    "E": UNSTATED_LAW,
    "Var": lambda f: UNSTATED_LAW(f**2) - UNSTATED_LAW(f) ** 2,
    "Cov": lambda f, g: UNSTATED_LAW(f * g) - UNSTATED_LAW(f) * UNSTATED_LAW(g),
}
MOMENTS = {
    "E": lambda law, f: Expectation(f, law),
    "Var": lambda law, f: Expectation(f**2, law) - Expectation(f, law) ** 2,
    "Cov": lambda law, f, g: Expectation(f * g, law) - Expectation(f, law) * Expectation(g, law),
}


def _top_level(text: str, separator: str) -> list[str]:
    """The text split at ``separator`` (a regular expression) where it is outside brackets."""
    parts, depth, start, i = [], 0, 0, 0
    pattern = re.compile(separator)
    while i < len(text):
        char = text[i]
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth -= 1
        elif depth == 0 and (found := pattern.match(text, i)) and found.end() > i:
            parts.append(text[start:i])
            start = i = found.end()
            continue
        i += 1
    return [part.strip() for part in parts + [text[start:]]]


def _divergence(latex: str, match: re.Match, context: str, outer: bool):
    """KL or JS divergence between two densities (``q(z|x) \\| p(z)``) or two distributions named by
    a letter alone (``P \\| Q``), in any bracket; see :func:`_two_distributions`."""
    inside, end = _bracket_contents(latex, OPENING.match(latex, match.end()).start(1))
    parts = _top_level(inside, DIVERGENCE_BAR.pattern)
    if len(parts) != 2:
        parts = _top_level(inside, ",")
    if len(parts) != 2:
        raise NotationError(f"cannot read the divergence {match.group(0)}{inside}")
    q, p = _two_distributions(parts, context, outer)
    js = any(match.group(f"js{k}") for k in range(1, 5))
    if js and not (isinstance(q, Density) and isinstance(p, Density)):
        raise NotationError(f"a Jensen-Shannon divergence of a mixture is not read: {match.group(0)}{inside}")
    return match.start(), end, (jsd if js else kl)(q, p)


DISTRIBUTION = re.compile(rf"^(?P<letter>\\tilde\{{[pq]\}}|[A-Za-z])(?:_(?P<sub>{SUBSCRIPT}))?(?P<star>\^\{{?\*\}}?)?$")
HALF = re.compile(r"^\\frac\s*(?=\{)")  # \frac{p + q}{2}, the even mixture of two distributions
OMEGA = sympy.Symbol("ω", real=True)  # the variable of distributions named by a letter alone (never typed)


def _two_distributions(parts: list[str], context: str, outer: bool) -> tuple[sympy.Expr, sympy.Expr]:
    """Two densities, or two distributions named by letters alone or even mixtures of two such
    (``\\frac{p + q}{2}``): densities of what the claim writes them of elsewhere (``KL(p \\| q) =
    E_p[\\log p(x)/q(x)]``: of x; a capital P, of the small p's), else of one variable ω of their own;
    a letter the claim writes of different variables is not read. Without the text around
    (``outer``), a letter this side does not write of anything asks for it."""
    letters = [_letters(part) for part in parts]
    if not all(letters):
        return tuple(_density_or_mixture(part) for part in parts)
    written = {}
    for match, inside, _ in _calls(context):
        found = _density(match, inside)
        written.setdefault(found.family.name, set()).add((found.variables, found.given))
    named = {m: _named_family(m, written) for m in sum(letters, [])}
    shapes = set().union(*(written.get(family, set()) for family in named.values()))
    if len(shapes) > 1:
        raise NotationError(f"{parts[0]} and {parts[1]} are written as densities of different variables: "
                            "the divergence does not say of which")
    if not shapes and not outer:
        raise DensityUnknown(f"{parts[0]} and {parts[1]}: this side does not say what they are densities of")
    variables, given = shapes.pop() if shapes else ((OMEGA,), ())
    return tuple(sympy.Add(*(density(named[m], list(variables), list(given)) for m in matches)) / len(matches)
                 for matches in letters)


def _named_family(match: re.Match, written: dict) -> str:
    """The family a letter names in a divergence: its own, or, for a capital the claim writes no
    density of, that of the small letter whose densities it writes (``KL(P \\| Q)`` beside p(x)
    and q(x): the distribution P and its density p)."""
    family = _family(match)
    small = family[0].lower() + family[1:]
    return small if family[0].isupper() and family not in written and small in written else family


def _letters(part: str) -> list[re.Match] | None:
    """The distribution a letter alone names (``p_G``), or the two an even mixture ``\\frac{p + q}{2}``
    mixes; None for anything else."""
    if (alone := DISTRIBUTION.match(part)) is not None:
        return [alone]
    mixed = [DISTRIBUTION.match(term) for term in _mixed(part) or ()]
    return mixed if len(mixed) == 2 and all(mixed) else None


def _density_or_mixture(part: str) -> sympy.Expr:
    """A density written out (``p(x)``), or an even mixture of such, ``\\frac{p(x) + q(x)}{2}``."""
    if terms := _mixed(part.strip()):
        return sympy.Add(*(_one_density(term) for term in terms)) / len(terms)
    return _one_density(part)


def _mixed(part: str) -> list[str] | None:
    """The terms of an even mixture, ``\\frac{a + b}{2}`` (as many terms as the denominator says), or None."""
    half = HALF.match(part)
    if half is None:
        return None
    numerator, after = _bracket_contents(part, half.end())
    terms = _top_level(numerator, r"\+")
    return terms if len(terms) > 1 and re.fullmatch(rf"\s*\{{\s*{len(terms)}\s*\}}\s*", part[after:]) else None


def _measured(latex: str, match: re.Match) -> tuple[str, str, int] | None:
    """The integrand of the integral ``match`` begins, its variable and the index after its measure:
    the first measure outside brackets that no integral inside the integrand claims (or, with none,
    see :func:`_over_subscript`)."""
    depth, pending, i = 0, 0, match.end()
    while i < len(latex):
        if depth == 0 and (inner := INTEGRAL.match(latex, i)):
            pending, i = pending + 1, inner.end()
            continue
        if depth == 0 and (measure := MEASURE.match(latex, i)) and latex[i - 1:i] != "\\":
            if pending == 0:
                return latex[match.end():i], measure.group("variable"), measure.end()
            pending, i = pending - 1, measure.end()
            continue
        depth += (latex[i] in OPENERS) - (latex[i] in CLOSERS)
        i += 1
    return _over_subscript(latex, match)


def _over_subscript(latex: str, match: re.Match) -> tuple[str, str, int] | None:
    """``\\int_z f`` with no measure: over z, when the integrand is one product that runs to the end
    of the side (with a + or - after it, what it holds would be a guess, and it is not read)."""
    lower = (match.group("lower") or "").strip("{} ")
    if match.group("upper") is not None or not VARIABLE.match(BOLD.sub(r"\1", lower)):
        return None
    end = _operand_end(latex, match.end())
    if latex[end:].strip():
        return None
    return latex[match.end():end], lower, end


def _integrates_density(latex: str, match: re.Match) -> tuple[str, str, int] | None:
    """The integral's integrand, variable and end (see :func:`_measured`) when the integrand has a
    density of its variable, such as p(x, z) in ``\\int p(x, z) dz``."""
    measured = _measured(latex, match)
    if measured is None:
        return None
    integrand, variable = measured[0], BOLD.sub(r"\1", measured[1]).strip()
    for call, inside, _ in _calls(integrand):
        if variable in (v.strip() for v in re.split(rf",|{PARAMETERS_AFTER}|\\mid|\|", BOLD.sub(r"\1", inside))):
            return measured
    return None


def _densities_of(integrand: str, variable: str) -> bool:
    """Whether a density in the integrand is of the variable (left of its bar), not only given it."""
    for _, inside, _ in _calls(integrand):
        drawn = BAR.split(re.split(PARAMETERS_AFTER, BOLD.sub(r"\1", inside))[0])[0]
        if variable in (v.strip() for v in drawn.split(",")):
            return True
    return False


def _integral(match: re.Match, measured: tuple[str, str, int], parse: Parse):
    """An integral of densities over a random variable, over the whole line: a probability object."""
    integrand, variable, end = measured
    lower, upper = match.group("lower"), match.group("upper")
    if lower is not None and upper is None and _variable(lower.strip("{}")) == _variable(variable):
        lower = None  # \int_z ... dz: over all of z
    if lower not in WHOLE_LINE[0] or upper not in WHOLE_LINE[1]:
        raise NotationError(f"an integral of densities is read only over the whole line, not from {lower} to {upper}")
    plain = BOLD.sub(r"\1", variable).strip()
    if not _densities_of(integrand, plain):
        raise NotationError(f"the integral over {plain} has densities given {plain} but none of {plain}: "
                            "its variable may be meant as another")
    return match.start(), end, integral(parse(integrand), _variable(variable))


def sums_over_density(latex: str, match: re.Match) -> bool:
    """Whether the sum without bounds that ``match`` begins (``\\sum_x``) has a density of its index
    in its summand, as in ``\\sum_x p(x) f(x)``: then it runs over every value of that variable."""
    index = match.group("braced") or match.group("bare")
    try:
        summand = latex[match.end():_operand_end(latex, match.end())]
        return any(index in (v.strip() for v in BOLD.sub(r"\1", BAR.split(inside)[0]).split(","))
                   for _, inside, _ in _calls(summand))
    except NotationError:  # unbalanced brackets: the parser will say what is wrong
        return False


def _sum(latex: str, match: re.Match, parse: Parse):
    """A sum over every value of a discrete variable (see :func:`sums_over_density`); its summand
    ends as a derivative's operand does (:func:`_operand_end`)."""
    end = _operand_end(latex, match.end())
    variable = _variable(match.group("braced") or match.group("bare"))
    return match.start(), end, integral(parse(latex[match.end():end]), variable, Summed)


def _operand_end(latex: str, start: int) -> int:
    """Where the operand of a derivative that begins at ``start`` ends: the product that follows, up
    to the next + or - (or relation, comma, closing bracket) outside brackets; an integral runs to
    its measure and an expectation or divergence to its closing bracket."""
    i, started = start, False
    while i < len(latex):
        char = latex[i]
        if char.isspace():
            i += 1
            continue
        if char in ")]}" or char in "=<>,&" or (char in "+-" and started):
            return i
        construct = INTEGRAL.match(latex, i) or EXPECTATION.match(latex, i) or DIVERGENCE.match(latex, i)
        if construct is not None and construct.re is INTEGRAL and (measured := _measured(latex, construct)):
            i = measured[2]
        elif construct is not None and construct.re is EXPECTATION and (operand := _operand(latex, construct)):
            i = operand[1]
        elif construct is not None and construct.re is DIVERGENCE:
            i = _bracket_contents(latex, OPENING.match(latex, construct.end()).start(1))[1]
        elif latex.startswith("\\{", i):
            i = _escaped_closing(latex, i) + 2
        elif char in OPENERS:
            i = _closing(latex, i) + 1
        elif char == "\\":
            i = re.match(r"\\(?:[A-Za-z]+|.)", latex[i:]).end() + i
        else:
            i += 1
        started = True
    return len(latex)


def _gradient(latex: str, match: re.Match, end: int, parse: Parse, claim: str):
    """The derivative of an operand with probability notation in a parameter; the densities of the
    families the claim writes with it as subscript depend on it (see :func:`_dependent` and
    :func:`dgmderive.probability.gradient`). A parameter that the claim writes nowhere but under the
    derivatives (\\nabla_\\Theta, where Theta stands for all of them) is refused: by the letter of the
    text the derivative would be 0."""
    operand, name = latex[match.end():end], _parameter(match)
    if not re.search(rf"(?<![A-Za-z]){name}(?![A-Za-z])", GRADIENT.sub(" ", claim)):
        raise NotationError(f"the claim writes {name} only under its derivatives: nothing in it is said to "
                            f"depend on {name}")
    parameter, expr = sympy.Symbol(name, real=True), parse(operand)
    if any(slot(parameter) in {slot(v) for v in d.variables + d.given} for d in expr.atoms(Density)):
        raise NotationError(f"a derivative in {parameter}, a variable of the densities, is not read")
    if expr.has(Draws):
        raise NotationError(f"a derivative in {parameter} of an expectation over several draws is not read")
    try:
        return match.start(), end, gradient(expr, parameter, _dependent(match, claim))
    except ValueError as error:  # SymPy cannot differentiate what the operand reads as
        raise NotationError(f"the derivative in {parameter} of {operand.strip()} is not read ({error})".replace("\n", " "))\
            from None


def _parameter(match: re.Match) -> str:
    return (match.group("braced") or match.group("nabla") or match.group("frac")).lstrip("\\")


def _dependent(match: re.Match, claim: str) -> frozenset[str]:
    """The families that depend on the derivative's parameter (see :func:`dependent_families`)."""
    return dependent_families(_parameter(match), claim)


def dependent_families(name: str, claim: str) -> frozenset[str]:
    """The families that depend on the parameter ``name`` (``theta``): those the claim writes with it
    as subscript (q_\\theta) or after a semicolon (p(x; \\theta)), named as this reading names them, so
    that where p_\\theta and p are one model (:data:`ONE_MODEL`) p(z) moves too, and where they are
    two only p_\\theta does."""
    after_semicolon = {_family(match) for match, inside, _ in _calls(claim)
                       if any(re.search(rf"(?<![A-Za-z]){name}(?![A-Za-z])", part)
                              for part in _top_level(inside, PARAMETERS_AFTER)[1:])}
    written = re.finditer(rf"(?<![\\A-Za-z])(?:\\tilde\{{[pq]\}}|[pq])\s*_\s*(?:\{{\s*\\?{name}\s*\}}|\\?{name}(?![A-Za-z]))",
                          claim)
    return frozenset(_family(DENSITY.match(re.sub(r"\s+", "", m.group(0)) + "(")) for m in written) | after_semicolon
