r"""The displays of a text, found by one scan from left to right: ``$$ ... $$``, ``\[ ... \]``, the
display environments, kramdown's ``{% math %}`` and Distill's ``<d-math block>``, each as its format
makes them displays.

Each opening is matched with the first closing after it; an opening whose closing never comes is
reported, and the scan goes on after it. A closing that was searched for in vain is not searched
for again before the point where that search stopped (the end of the text, or for ``$$`` a blank
line), so the scan stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

ENVIRONMENTS = (  # each also starred
    "equation", "align", "gather", "multline", "eqnarray", "flalign", "alignat", "displaymath")
ALIGNAT_COLUMNS = re.compile(r"\s*\{\d+\}")


@dataclass(frozen=True)
class Format:
    r"""What a kind of document counts as a display: ``\[`` (kramdown reads ``\[`` as an escaped
    bracket), ``$`` inline math (in kramdown ``$`` is a dollar), ``$$`` as a display only on a
    paragraph of its own (kramdown; elsewhere in a paragraph it is inline math), ``{% math %}``, and
    the HTML element ``<d-math block>`` of Distill's template (in Markdown)."""

    brackets: bool = True
    inline_dollar: bool = True
    dollars_alone: bool = False
    liquid: bool = False
    html: bool = False


FORMATS = {
    "latex": Format(),
    "markdown": Format(html=True),
    "kramdown": Format(brackets=False, inline_dollar=False, dollars_alone=True, liquid=True, html=True),
}


class Found(NamedTuple):
    """A display's kind and offsets: where it opens, where its body starts and ends (``body_end`` < 0:
    never closed), and where its closing ends."""

    kind: str
    start: int
    body_start: int
    body_end: int = -1
    end: int = -1


@lru_cache(maxsize=None)
def _openings(form: Format) -> re.Pattern:
    names = "|".join(ENVIRONMENTS)
    alternatives = [r"(?P<skip>\\[\\$])", rf"\\begin\{{(?P<env>(?:{names})\*?)\}}", r"(?P<dollars>\$\$)"]
    alternatives += [r"(?P<brackets>\\\[)"] * form.brackets + [r"(?P<dollar>\$)"] * form.inline_dollar
    alternatives += [r"(?P<liquid>\{%\s*math\s*%\})"] * form.liquid
    alternatives += [r"(?P<html><d-math\s+block\s*>)"] * form.html
    return re.compile("|".join(alternatives))


# a closing, or (group 2) a blank line, which ends the paragraph and the math in it: inline math,
# and $$, so that one $$ left open does not make every later display text and every later text a display;
# but not inside an environment opened there (group 3 or 4: \begin{align*} ... \end{align*} may hold one)
CLOSINGS = {"$$": re.compile(r"\\[\\$]|(\$\$)|(\n[ \t]*\n)|(\\begin\{)|(\\end\{)"),
            r"\[": re.compile(r"\\\\|(\\\])"),
            "math": re.compile(r"(\{%\s*endmath\s*%\})"), "d-math": re.compile(r"(</d-math\s*>)"),
            "$": re.compile(r"\\[\\$]|(\$)|(\n[ \t]*\n)")}


class _Closings:
    """The first closing of each kind after a position, remembering how far each kind is known to be
    absent: to the end of the text, or to the blank line that stopped the search."""

    def __init__(self, text: str):
        self.text, self.absent_until = text, {}

    def find(self, kind: str, pos: int) -> tuple[int, int] | None:
        if pos < self.absent_until.get(kind, -1):
            return None
        found, stop = first_closing(self.text, kind, pos)
        if found is None:
            self.absent_until[kind] = stop
        return found


def first_closing(text: str, kind: str, pos: int) -> tuple[tuple[int, int] | None, int]:
    """The span of the first closing of ``kind`` from ``pos`` on (an escaped dollar closes nothing),
    or None and where the search stopped."""
    if kind not in CLOSINGS:  # an environment
        start = text.find(rf"\end{{{kind}}}", pos)
        return ((start, start + len(kind) + 6), start) if start >= 0 else (None, len(text))
    pattern, depth = CLOSINGS[kind], 0
    while (found := pattern.search(text, pos)) is not None:
        if found.group(1) is not None:
            return (found.start(), found.end()), found.start()
        if found.lastindex == 2 and depth <= 0:
            return None, found.start()
        depth += {3: 1, 4: -1}.get(found.lastindex, 0)
        pos = found.end()
    return None, len(text)


def scan(text: str, form: Format, limit: int) -> tuple[list[Found], bool]:
    """The displays of ``text`` in order (at most ``limit``), and whether the scan stopped at the limit."""
    openings, closings = _openings(form), _Closings(text)
    found, pos = [], 0
    while (opening := openings.search(text, pos)) is not None:
        if len(found) >= limit:
            return found, True
        kind = opening.lastgroup
        pos = opening.end()
        if kind == "skip":
            continue
        if kind == "dollar":  # inline math, passed over; a lone dollar is text
            closing, _ = first_closing(text, "$", pos)
            pos = closing[1] if closing else pos
            continue
        close_kind = {"env": opening["env"], "dollars": "$$", "brackets": r"\[", "liquid": "math",
                      "html": "d-math"}[kind]
        body_start = pos
        if close_kind.startswith("alignat") and (columns := ALIGNAT_COLUMNS.match(text, pos)):
            body_start = columns.end()
        closing = closings.find(close_kind, body_start)
        if closing is None:
            found.append(Found(close_kind, opening.start(), body_start))
            continue
        pos = closing[1]
        if kind == "dollars" and form.dollars_alone and not _alone(text, opening.start(), closing[1]):
            continue  # kramdown: $$ inside a paragraph is inline math
        found.append(Found(close_kind, opening.start(), body_start, closing[0], closing[1]))
    return found, False


def _alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a paragraph of its own: blank lines (or the file's ends) around it."""
    return _blank_beyond(text, start - 1, -1) and _blank_beyond(text, end, 1)


def _blank_beyond(text: str, i: int, step: int) -> bool:
    """Whether, going from ``i`` by ``step``, only spaces remain on the line and the next line is blank."""
    for _ in range(2):
        while 0 <= i < len(text) and text[i] in " \t":
            i += step
        if not 0 <= i < len(text):
            return True
        if text[i] != "\n":
            return False
        i += step
    return True
