r"""Names and decorations of the field's notation, read before SymPy's parser sees the text.

Decorations carry no meaning for checking: ``\underbrace{x}_{\text{...}}`` and ``\overbrace{x}^{...}``
are x, and a label set over or under a relation (``\overset{(a)}{=}``, ``\stackrel{\text{Jensen}}{\geq}``)
leaves the relation (:func:`plain_relation`). Names: an accented letter (``\hat x``, ``\tilde{z}_i``,
``\bar{x}``) is a symbol of its own, distinct from the letter; a calligraphic or script letter
(``\mathcal{L}``, ``\mathcal{L}_{\text{ELBO}}``, ``\mathcal{L}_K[q]``, ``\mathcal{L}(\theta, \phi; x)``) is a
named quantity: an unknown function of its arguments (of none when it has none), so that a
text's definition of it is read as one and nothing is refuted by choosing its value; a star or
an upright word as superscript names (``D_G^*(x)`` is a function D^*_G, ``q^{\text{avg}}`` a name),
never raises; an index of several letters is kept as written (``w_{ij}`` is not ``w_{ji}``), an
upright one is the plain one (``p_{\text{data}}``); a semicolon between arguments is a comma; and the
upright names ``\operatorname{tr}``, ``\mathrm{diag}`` (and ``\text{det}``, ``\operatorname{Log}``)
are functions.
"""

from __future__ import annotations

import re

from dgmderive.markers import named

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
}
ACCENTS = {"hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar",
           "overline": "bar", "check": "check", "breve": "breve", "vec": "vec", "dot": "dot", "ddot": "ddot"}
FONTS = ("mathcal", "mathscr", "mathfrak")
UPRIGHT_FUNCTIONS = {"tr": "tr", "Tr": "tr", "trace": "tr", "diag": "diag", "det": "det", "Log": "log"}
# the upright names of operators that are read as such (functions, and probability's E, Var, KL...)
OPERATOR_NAMES = {*UPRIGHT_FUNCTIONS, "log", "ln", "exp", "E", "Var", "Cov", "KL", "JS", "JSD"}
GROUP = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
ARGUMENT = rf"(?:{GROUP}|\\[A-Za-z]+|[A-Za-z0-9])"
DECORATED = re.compile(rf"\\(?:underbrace|overbrace)\s*(?P<body>{GROUP})\s*(?:[_^]\s*{ARGUMENT})?"
                       rf"|\\(?:overset|underset|stackrel)\s*{ARGUMENT}\s*(?P<over>{ARGUMENT})")
SUBSCRIPT = rf"(?:\s*_\s*(?P<sub>{ARGUMENT}))?"
ACCENTED = re.compile(rf"\\(?P<accent>{'|'.join(sorted(ACCENTS, key=len, reverse=True))})(?![A-Za-z])\s*"
                      rf"(?P<base>\{{\s*(?:\\[A-Za-z]+|[A-Za-z])\s*\}}|\\[A-Za-z]+|[A-Za-z])" + SUBSCRIPT)
LETTER = r"(?<![\\A-Za-z])(?:[A-Za-z]|\\(?:" + "|".join(sorted(GREEK, key=len, reverse=True)) + r"))(?![A-Za-z])"
UPRIGHT_WORD = r"\\(?:mathrm|text|textrm|operatorname)\s*\{\s*(?P<word>[A-Za-z]{2,})\s*\}"
# a superscript that names rather than raises: a star (an optimum, D_G^*, \lambda^{*}) or an upright
# word (q^{\text{avg}}); with the letter's subscript, before or after it, and whether a bracket follows
LABELLED = re.compile(rf"(?P<base>{LETTER}|\\(?:{'|'.join(FONTS)})\s*\{{\s*[A-Za-z]\s*\}})(?:\s*_\s*(?P<first>{ARGUMENT}))?"
                      rf"\s*\^\s*(?:(?P<star>\*|\{{\s*\*\s*\}})"
                      rf"|(?P<braced>\{{\s*)?{UPRIGHT_WORD}(?(braced)\s*\}})"
                      r"|\{\s*(?P<plain>[A-Za-z]{3,})\s*\})"  # a word in italics too: D^{opt}_G
                      rf"(?:\s*_\s*(?P<then>{ARGUMENT}))?(?P<call>\s*(?:\\left\s*)?\()?")
# an inverse function applied, f^{-1}(z), t_\theta^{-1}(x): a function letter (or a Latin letter with a
# subscript, a map such as t_\theta) whose -1 before a bracket inverts it; a^{-1}(b + c) and \sigma^{-1}(x - \mu)
# stay powers
INVERSE = re.compile(rf"(?<![\\A-Za-z])(?P<base>[fghFGHT](?![A-Za-z])(?:\s*_\s*(?P<sub>{ARGUMENT}))?"
                     rf"|[A-Za-z]\s*_\s*(?P<required>{ARGUMENT}))"
                     r"\s*\^\s*(?:\{\s*-\s*1\s*\}|-\s*1)(?P<call>\s*(?:\\left\s*)?\()")
# a subscript of several letters and digits, an index as written: SymPy would read it as a product,
# w_{ji} as w_{i*j}, the same name as w_{ij}
WRITTEN_INDEX = re.compile(rf"(?P<base>{LETTER})\s*_\s*\{{\s*"
                           r"(?P<index>(?=[A-Za-z0-9, ]*[A-Za-z])[A-Za-z0-9, ]*[A-Za-z0-9])\s*\}")
# the head of a density's bracket, p_\theta( or q^*(, whose semicolon is probability notation's
DENSITY_HEAD = re.compile(rf"(?<![\\A-Za-z])[pq](?:_{ARGUMENT})?(?:\^\{{?\*\}}?)?\s*(?:\\left)?\s*$")
NAME_OF = rf"(?:\\[A-Za-z]+|[A-Za-z])(?:\s*_\s*{ARGUMENT})?"  # what a functional is of: X, q_\phi, \theta
CALLIGRAPHIC = re.compile(rf"\\(?P<font>{'|'.join(FONTS)})\s*\{{\s*(?P<letter>[A-Za-z])\s*\}}" + SUBSCRIPT
                          # or a capital applied to a square bracket of names, a functional: I[X, Z], H_q[X], H[X|Z]
                          # (E is an expectation; L[q(z|x)] is of a function, not of its value at z)
                          + rf"|(?<![\\A-Za-z_^])(?P<capital>[A-DF-Z])(?![A-Za-z])(?:\s*_\s*(?P<capital_sub>{ARGUMENT}))?"
                          + rf"(?=\s*\[\s*{NAME_OF}(?:\s*(?:,|;|\||\\mid)\s*{NAME_OF})*\s*\])")
UPRIGHT = re.compile(r"\\(?:operatorname|mathrm|text|textrm)\s*\{\s*\\?(?P<name>" + "|".join(UPRIGHT_FUNCTIONS)
                     + r")\s*\}")
UPRIGHT_LABEL = re.compile(r"_\s*(?P<braced>\{\s*)?\\(?:mathrm|text|textrm|operatorname)\s*"
                           r"\{\s*(?P<word>[A-Za-z]+)\s*\}(?(braced)\s*\})")
TEXT = re.compile(r"\\(?:text|textrm|mathrm|operatorname|textit|mathit)\s*\{([^{}]*)\}")


def plain_relation(text: str) -> str:
    r"""The text with each label over or under a relation dropped: ``a \overset{(a)}{=} b`` is
    ``a = b``. Where a display is split into links, call it on the display first, so that the
    relation it leaves is where the links are split."""
    return undecorated(text)


def undecorated(text: str) -> str:
    r"""The text with braces under or over an expression and labels over relations dropped."""
    previous = None
    while previous != text:
        previous, text = text, DECORATED.sub(lambda m: " " + _inner(m.group("body") or m.group("over")) + " ", text)
    return text


def _inner(group: str) -> str:
    return group[1:-1] if group.startswith("{") else group


def lift_names(text: str, complex_names: frozenset[str] = frozenset()) -> str:
    r"""Accented, labelled and calligraphic names, inverse functions applied (``f^{-1}(z)``), and
    letters with an index of several letters or digits (``w_{ij}``), as markers of their names; a labelled one before a bracket (``D_G^*(x)``,
    ``q^{\text{avg}}(z)``) is a function. The bar over a letter or the star on one assumed complex
    (``complex_names``) may be its conjugate as well as another name: refused."""
    def accented(match: re.Match) -> str:
        base = _inner(match.group("base")).strip()
        if ACCENTS[match.group("accent")] == "bar" and base.lstrip("\\") in complex_names:
            raise ValueError(f"{match.group(0)!r} of a complex {base} may be its conjugate or another name")
        name = rf"\{ACCENTS[match.group('accent')]}{{{base}}}{_subscript(match.group('sub'))}"
        return named(name, call=_called(match.string, match.end(), base) or None)

    def labelled(match: re.Match) -> str:
        base, sub = match.group("base"), match.group("first") or match.group("then")
        if (match.group("word") or match.group("plain")) and base == "e":  # e^{\text{const}} raises e to a power
            return match.group(0)
        if match.group("star") and base.lstrip("\\") in complex_names:
            raise ValueError(f"{match.group(0).strip()!r} of a complex {base} may be its conjugate or another name")
        label = "*" if match.group("star") else match.group("word") or match.group("plain")
        name = named(f"{base}^{{{label}}}{_subscript(sub)}", call=True if match.group("call") else None)
        return name + (match.group("call") or "")

    def written(match: re.Match) -> str:
        base, index = match.group("base").lstrip("\\"), "".join(match.group("index").split())
        return match.group(0) if len(index) == 1 else named(f"{base}_{{{index}}}")

    def inverse(match: re.Match) -> str:
        letter, sub = match.group("base")[0], match.group("sub") or match.group("required")
        return named(f"{letter}^{{-1}}{_subscript(sub)}", call=True) + match.group("call")

    text = INVERSE.sub(inverse, text)
    text = _semicolons(_calligraphic(LABELLED.sub(labelled, ACCENTED.sub(accented, text))))
    return WRITTEN_INDEX.sub(written, text)


FUNCTION_LETTERS = {"f", "g", "h", "F", "G", "H", "p", "q", r"\phi", r"\psi"}  # an accented one before a bracket is called


def _called(text: str, end: int, base: str) -> bool:
    """Whether an accented name is applied to the bracket after it: a letter that names functions
    (``\\hat{f}(x)``), or a bracket of several arguments (``\\tilde{\\mu}_t(x_t, x_0)``); ``\\hat{x}(1 -
    \\hat{x})`` is a product."""
    opening = re.match(r"\s*(?:\\left\s*)?\(", text[end:])
    if opening is None:
        return False
    if base in FUNCTION_LETTERS:
        return True
    try:
        inside = text[end + opening.end():_matching(text, end + opening.end() - 1)]
    except ValueError:
        return False
    return len(_top_commas(inside)) > 1


def _semicolons(text: str) -> str:
    r"""A semicolon between the arguments in a bracket, ``T(\varepsilon; \lambda)``, as a comma; not in
    a density's bracket (``p(x; \theta)``, where it is probability notation), nor ``\;``."""
    if ";" not in text:
        return text
    out, brackets, i = list(text), [], 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char in "([{":
            brackets.append(char == "(" and not DENSITY_HEAD.search(text, max(0, i - 80), i))
        elif char in ")]}" and brackets:
            brackets.pop()
        elif char == ";" and brackets and brackets[-1]:
            out[i] = ","
        i += 1
    return "".join(out)


def upright_functions(text: str) -> str:
    r"""``\operatorname{tr}``, ``\mathrm{diag}``, ``\text{det}`` as the commands ``\tr``, ``\diag``, ``\det``."""
    return UPRIGHT.sub(lambda m: f"\\{UPRIGHT_FUNCTIONS[m.group('name')]} ", text)


def upright_labels(text: str) -> str:
    r"""An upright word as subscript, a label, as the plain one: ``p_{\text{data}}`` is ``p_{data}``."""
    return UPRIGHT_LABEL.sub(r"_{\g<word>}", text)


def _subscript(sub: str | None) -> str:
    if not sub:
        return ""
    return "_{" + " ".join(TEXT.sub(r"\1", _inner(sub)).split()) + "}"


def _calligraphic(text: str) -> str:
    r"""``\mathcal{L}_K[q]`` is the named quantity applied to q (its bracket becomes a call's), and so
    a capital letter before a square bracket of names is a quantity named with them (``I[X, Z]``,
    ``H[X|Z]``);
    ``\mathcal{L}(\theta, \phi; x)`` a call, its semicolon a comma; ``\mathcal{D}`` a quantity alone."""
    out, i = [], 0
    for match in CALLIGRAPHIC.finditer(text):
        if match.start() < i:
            continue
        if match.group("capital"):
            name = match.group("capital") + _subscript(match.group("capital_sub"))
        else:
            name = rf"\{match.group('font')}{{{match.group('letter')}}}{_subscript(match.group('sub'))}"
        rest = re.match(r"\s*(?:\\left\s*)?([\[(])", text[match.end():])
        out.append(text[i:match.start()])
        if rest is None:
            out.append(named(name, call=False))
            i = match.end()
            continue
        opening = match.end() + rest.end() - 1
        closing = _matching(text, opening)
        inside = re.sub(r"\\right\s*$", "", text[opening + 1:closing])
        if match.group("capital"):  # what it is of is part of its name: H[X|Z] is not H[X, Z]
            out.append(named(f"{name}[{_listed(inside)}]", call=False))
        else:
            normal = _normal_density(inside) if name == r"\mathcal{N}" else None
            out.append(normal or named(name, call=True) + f"({inside.replace(';', ',')})")
        i = closing + 1
    return "".join(out) + text[i:]


def _listed(names: str) -> str:
    r"""Names in a bracket as one spelling: ``X ,Z`` is ``X, Z`` and ``X \mid Z`` is ``X|Z``."""
    names = re.sub(r"\\mid(?![A-Za-z])", "|", " ".join(names.split()))
    return re.sub(r"\s*\|\s*", "|", re.sub(r"\s*([,;])\s*", r"\1 ", names))


def _normal_density(inside: str) -> str | None:
    r"""``\mathcal{N}(x \mid \mu, \sigma^2)`` (or ``|``, or ``;``) as the value of the normal density
    at x, in LaTeX; None for ``\mathcal{N}(\mu, \sigma^2)``, a distribution (a named quantity)."""
    parts = re.split(r"\\mid|\||;", inside)
    if len(parts) != 2:
        return None
    point, parameters = parts[0], _top_commas(parts[1])
    if len(parameters) != 2:
        raise ValueError(f"cannot read the normal density N({inside}): a mean and a variance after the bar")
    mean, variance = parameters
    return rf" (\frac{{1}}{{\sqrt{{2\pi \cdot ({variance})}}}} \exp(-\frac{{(({point}) - ({mean}))^2}}{{2 ({variance})}})) "


def _top_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for k, char in enumerate(text):
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    return parts + [text[start:]]


def _matching(text: str, opening: int) -> int:
    depth = 0
    for k in range(opening, len(text)):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return k
    raise ValueError(f"unbalanced brackets after {text[max(0, opening - 20):opening + 1]!r}")
