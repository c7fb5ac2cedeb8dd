r"""TeX's own rules for what a formula says, applied before anything else reads it.

A command that takes arguments takes the next token for each one that no brace opens, as TeX does
(``\mathbb E_q`` is ``\mathbb{E}_q``, ``\frac12`` is ``\frac{1}{2}``, ``\sqrt2 x`` is ``\sqrt{2} x``);
``\over`` divides its whole group (``{a \over b}`` is ``{\frac{a}{b}}``) and ``\choose`` likewise
makes a binomial; and spelling variants are written one way (:data:`SPELLINGS`).
"""

from __future__ import annotations

import re

ARGUMENTS = {**dict.fromkeys(("frac", "dfrac", "tfrac", "binom"), 2),
             **dict.fromkeys(("mathbb", "mathrm", "mathcal", "mathscr", "mathfrak", "mathbf", "mathit", "mathsf",
                              "boldsymbol", "bm", "text", "textrm", "textbf", "textit", "operatorname", "hat",
                              "widehat", "tilde", "widetilde", "bar", "overline", "check", "breve", "vec", "dot",
                              "ddot", "sqrt"), 1)}
TAKING_ARGUMENTS = re.compile(r"\\(" + "|".join(sorted(ARGUMENTS, key=len, reverse=True)) + r")(?![A-Za-z])")
# an argument without braces: one letter, digit or command, not one that takes arguments itself (what
# \hat\mathbf{x} means depends on how the accent is defined)
TOKEN = re.compile(r"(?!" + TAKING_ARGUMENTS.pattern + r")\\[A-Za-z]+|[A-Za-z0-9]")
SPACES = re.compile(r"\s*")
ROOT_INDEX = re.compile(r"\s*\[[^\[\]{}]*\]")  # \sqrt[3]
INFIXES = {"over": r"\frac", "choose": r"\binom"}
INFIX = re.compile(r"\\(?:" + "|".join(INFIXES) + r")(?![A-Za-z])")
# what delimits a group: braces, and \left ... \right with their delimiters
GROUPING = re.compile(r"\\(?P<edge>left|right)(?![A-Za-z])\s*(?:\\[A-Za-z]+|\\.|.)|\\(?P<infix>" + "|".join(INFIXES)
                      + r")(?![A-Za-z])|\\.|(?P<brace>[{}])", re.DOTALL)
TEXT_FONTS = {"text": "mathrm", "textrm": "mathrm", "textbf": "mathbf", "textit": "mathit", "textsf": "mathsf"}
# spelling variants, each as the one spelling read: f^\prime is f', \theta^\star is \theta^*, the
# triangle of some texts is \nabla, \vert is |, \lbrace is \{, a lowercase blackboard letter (which
# the fonts lack) is bold, the differential \mathop{}\!\mathrm{d} of physics packages is \mathrm{d},
# a style (\displaystyle) is nothing, and text fonts inside math are the math fonts
SPELLINGS = (
    (re.compile(r"\^\s*(?:\\prime(?![A-Za-z])|\{\s*(?:\\prime(?![A-Za-z])\s*)+\})"),
     lambda m: "'" * m.group(0).count(r"\prime")),
    (re.compile(r"\^\s*(\{\s*)?\\(?:star|ast)(?![A-Za-z])"), r"^\1*"),
    (re.compile(r"\\triangledown(?![A-Za-z])"), r"\\nabla"),
    (re.compile(r"\\[lr]?vert(?![A-Za-z])"), "|"),
    (re.compile(r"\\lbrace(?![A-Za-z])"), r"\\{"),
    (re.compile(r"\\rbrace(?![A-Za-z])"), r"\\}"),
    (re.compile(r"\\mathbb\s*\{\s*([a-z])\s*\}"), r"\\mathbf{\1}"),  # no letter of its own
    (re.compile(r"\\mathbb\s*\{\s*V\s*\}"), r"\\mathrm{Var}"),  # the variance
    (re.compile(r"(?<!\\)\\(?=\s)|~"), " "),  # a control space, \ before a space or line end, and a tie are spaces
    (re.compile(r"(?<![\\A-Za-z])(log|ln)(?=[A-Z]|[pq]\s*\()"), r"\\\1 "),  # logP(X|Z): the logarithm of P(X|Z)
    # D(P \| Q), D(p \parallel q): the divergence (a bare D of anything else is a function, a GAN's discriminator)
    (re.compile(r"(?<![\\A-Za-z_^])D(?=\s*(?:\\left\s*)?\()"),
     lambda m: r"D_{KL}" if _divides(m.string, m.string.index("(", m.end())) else "D"),
    # over the whole space of its variable: \sum_{x \in \mathcal{X}} is \sum_x (not \sum_{x \in \mathcal{D}}, a data set)
    (re.compile(r"\\(sum|int)(\s*_\s*)\{\s*([A-Za-z])\s*\\in\s*(\\mathcal\s*\{\s*([A-Z])\s*\}|\\chi|\\Omega)\s*\}"),
     lambda m: f"\\{m.group(1)}{m.group(2)}{{{m.group(3)}}}" if m.group(5) in (None, m.group(3).upper())
     and (m.group(4) != r"\chi" or m.group(3) == "x") else m.group(0)),
    (re.compile(r"\\(mathrm|operatorname)\s*\{([^{}]*)\}"),  # math mode ignores the spaces: \mathrm{K L} is KL
     lambda m: f"\\{m.group(1)}{{{''.join(m.group(2).split())}}}"),
    (re.compile(r"\\mathop\s*\{\s*\}(?:\s*\\!)?"), " "),
    (re.compile(r"\\(?:display|text|script|scriptscript)style(?![A-Za-z])"), " "),
    (re.compile(r"\\(" + "|".join(TEXT_FONTS) + r")(?![A-Za-z])"), lambda m: "\\" + TEXT_FONTS[m.group(1)]),
)


class TeXError(ValueError):
    """A formula that TeX itself would not typeset as one thing; the message says why."""


def plain_tex(text: str) -> str:
    """The text with every argument braced, ``\\over`` and ``\\choose`` as the commands, and
    spelling variants as their one spelling."""
    text = with_fractions(braced_arguments(text))
    for pattern, spelling in SPELLINGS:
        text = pattern.sub(spelling, text)
    return text


def braced_arguments(text: str) -> str:
    r"""Each argument of :data:`ARGUMENTS`' commands in braces: ``\frac 1 2`` is ``\frac{1}{2}``,
    ``\hat x`` is ``\hat{x}``, ``\sqrt[3]8`` is ``\sqrt[3]{8}``. A command whose argument is neither
    a group nor a token (``\sqrt -``, ``\hat\mathbf{x}``) is left as written, for the parser to refuse;
    one whose last argument is a digit that another follows (``\sqrt 16``, TeX's ``\sqrt{1}6``) is
    refused."""
    for command in reversed(list(TAKING_ARGUMENTS.finditer(text))):  # the later ones first: a rewrite
        start = command.end()                                         # leaves what precedes it as it was
        index = ROOT_INDEX.match(text, start) if command.group(1) == "sqrt" else None
        i, arguments = index.end() if index else start, []
        for _ in range(ARGUMENTS[command.group(1)]):
            if (argument := _argument(text, i)) is None:
                break
            arguments.append(argument[0])
            i = argument[1]
        else:
            if re.match(r"\d\d", text[i - 1:i + 1]):  # the last argument a digit without braces, a digit after it
                raise TeXError(f"{text[command.start():i + 1]!r}: TeX takes one digit where no brace follows, "
                               "which is seldom what was meant: write the braces")
            braced = (index.group(0) if index else "") + "".join(arguments)
            if braced != text[start:i]:
                text = text[:start] + braced + text[i:]
    return text


def _argument(text: str, i: int) -> tuple[str, int] | None:
    """The argument that begins at ``i`` (after spaces), braced, and where it ends."""
    i = SPACES.match(text, i).end()
    if text.startswith("{", i):
        end = group_end(text, i)
        return text[i:end], end
    token = TOKEN.match(text, i)
    return ("{" + token.group(0) + "}", token.end()) if token else None


def _divides(text: str, opening: int) -> bool:
    """Whether the parenthesis at ``opening`` holds a divergence's bar (``\\|``, ``\\parallel``, ``||``)
    outside any bracket inside it."""
    depth = 0
    for token in DIVERGENCE_TOKENS.finditer(text, opening):
        if token.group() in ("(", "[", "{"):
            depth += 1
        elif token.group() in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return False
        elif depth == 1 and token.group() not in ("\\(", "\\)"):
            return True
    return False


DIVERGENCE_TOKENS = re.compile(r"\\\||\\parallel(?![A-Za-z])|\\mid\s*\\mid(?![A-Za-z])|\|\s*\||\\[()\[\]{}]|[()\[\]{}]")


def group_end(text: str, opening: int) -> int:
    """The index just past the brace that closes the group opening at ``opening`` (escaped braces
    are text), or the text's end."""
    depth, i = 0, opening
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return i
    return len(text)


def with_fractions(text: str) -> str:
    r"""``\over`` and ``\choose`` as ``\frac`` and ``\binom`` of what precedes and what follows them
    in their group (braces, or ``\left ... \right``, or the whole text): ``{1 \over \sqrt{2\pi}}`` is
    ``{\frac{1}{\sqrt{2\pi}}}``. Two in one group, or unbalanced groups around one, are refused."""
    if INFIX.search(text) is None:
        return text
    groups, i = [[]], 0  # the open groups: each the pieces read so far, an infix among them
    for token in GROUPING.finditer(text):
        groups[-1].append(text[i:token.start()])
        i = token.end()
        opens = token.group("brace") == "{" or token.group("edge") == "left"
        if token.group("infix"):
            if any(isinstance(piece, re.Match) for piece in groups[-1]):
                raise TeXError(f"two of \\over or \\choose in one group of {text.strip()!r} are ambiguous")
            groups[-1].append(token)
        elif opens:
            groups.append([token.group(0)])
        elif token.group("brace") or token.group("edge"):
            if len(groups) == 1 or (token.group("brace") == "}") != (groups[-1][0] == "{"):
                raise TeXError(f"the groups around \\over or \\choose in {text.strip()!r} are unbalanced")
            opening, *inside = groups.pop()
            groups[-1].append(opening + _divided(inside) + token.group(0))
        else:
            groups[-1].append(token.group(0))
    if len(groups) > 1:
        raise TeXError(f"the groups around \\over or \\choose in {text.strip()!r} are unbalanced")
    return _divided(groups[0] + [text[i:]])


def _divided(pieces: list) -> str:
    """The pieces of one group as text, divided at their infix if they have one."""
    infix = next((k for k, piece in enumerate(pieces) if isinstance(piece, re.Match)), None)
    if infix is None:
        return "".join(pieces)
    command = INFIXES[pieces[infix].group("infix")]
    return f"{command}{{{''.join(pieces[:infix])}}}{{{''.join(pieces[infix + 1:])}}}"


def infix_outside_groups(text: str) -> bool:
    """Whether an ``\\over`` or ``\\choose`` of the text stands in no group, so that it divides the
    whole text, relations included."""
    depth = 0
    for token in GROUPING.finditer(text):
        if token.group("infix") and depth == 0:
            return True
        depth += (token.group("brace") == "{" or token.group("edge") == "left") \
            - (token.group("brace") == "}" or token.group("edge") == "right")
    return False
