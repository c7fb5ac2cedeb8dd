"""A document read: its bytes decoded within limits, what is not read blanked out, its macros
expanded, then its displays found, each with the line it starts on in the file; what is skipped
is said in a note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from dgmderive.reading.displays import FORMATS, Found, scan
from dgmderive.reading.links import links
from dgmderive.reading.macros import Expansion, expand_macros, header_includes
from dgmderive.reading.masking import front_matter, mask_latex, mask_latex_document, mask_markdown
from dgmderive.reading.rows import rows
from dgmderive.reading.source import MAX_BYTES, LineCounter, bounded, decode
from dgmderive.reading.statements import statements

MAX_DISPLAY = 20_000  # characters of one display
MAX_DISPLAYS = 5_000
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".qmd", ".rmd")
MARKDOWN_SIGNS = re.compile(r"^(?:#{1,6} |```|~~~|\* |- )", re.MULTILINE)
LIQUID_MATH = re.compile(r"\{%\s*math\s*%\}")
TEXT = re.compile(r"\\(?:text[a-z]*|mbox|mathrm)\{[^{}]*\}")
MASKS = {"latex": mask_latex_document, "markdown": mask_markdown, "kramdown": mask_markdown}
OPENINGS = {"$$": "$$", r"\[": r"\[", "math": "{% math %}", "d-math": "<d-math block>"}  # and \begin{kind}


CONTINUED = re.compile(r"\s*\+")  # a display that opens with a + carries on the formula of the one just before
MAX_CONTINUED = 32  # displays joined so to one


class Display(NamedTuple):
    line: int
    body: str
    kind: str  # how it opened: "$$", "\\[", "math" ({% math %}), or an environment such as "align*"
    body_line: int = 0  # the line its body starts on


class Prose(NamedTuple):
    """The text between two displays (comments and code blanked out, macros expanded)."""

    line: int
    text: str


class Note(NamedTuple):
    line: int
    reason: str


@dataclass(frozen=True)
class Document:
    path: Path | None
    format: str  # a key of displays.FORMATS
    displays: tuple[Display, ...]
    notes: tuple[Note, ...]
    parts: tuple[Prose | Display, ...] = ()  # the prose and the displays, in the document's order


def read_document(source: bytes | str | Document, path: str | Path | None = None) -> Document:
    """The displays of a LaTeX or Markdown document, and a note for each display (or definition)
    that yields nothing to check; raises DocumentError, with one line, for a document not read."""
    if isinstance(source, Document):
        return source
    path = Path(path) if path is not None else None
    text = decode(source, path) if isinstance(source, bytes) else bounded(source, path)
    form = document_format(text, path)
    preamble, preamble_line = header_includes(front_matter(text)) if form != "latex" else ("", 1)
    expansion = expand_macros(MASKS[form](text), path.parent if path else None, preamble, preamble_line)
    found, stopped = scan(expansion.text, FORMATS[form], MAX_DISPLAYS)
    displays, notes, parts = _displays(found, expansion, form)
    if stopped:
        notes.append(Note(displays[-1].line if displays else 1, f"the document has more than {MAX_DISPLAYS:,} "
                          "displays; the rest are not read"))
    return Document(path, form, tuple(displays), tuple(sorted(notes)), tuple(parts))


def _displays(found: list[Found], expansion: Expansion, form: str) -> tuple[list[Display], list[Note], list]:
    """The displays read, a note for each one skipped or yielding nothing to check, and the prose
    and the displays in order."""
    displays, notes, parts = [], [Note(*note) for note in expansion.notes], []
    line_of = LineCounter(expansion.text)
    after, continued = 0, 0  # where the last display's closing ended; the displays joined to it
    for display in found:
        if expansion.text[after:display.start].strip():
            parts.append(Prose(line_of(after), expansion.text[after:display.start]))
        after = max(after, display.end, display.body_start)
        line = line_of(display.start)
        length = display.body_end - display.body_start
        if display.body_end < 0:
            opening = OPENINGS.get(display.kind, rf"\begin{{{display.kind}}}")
            notes.append(Note(line, f"{opening} is never closed, so what follows it is not a display"))
        elif length > MAX_DISPLAY:
            notes.append(Note(line, f"a display of {length:,} characters is skipped: too long "
                                    f"(at most {MAX_DISPLAY:,})"))
        else:
            body = expansion.text[display.body_start:display.body_end]
            body = mask_latex(body) if form != "latex" else body  # a comment inside Markdown math
            if CONTINUED.match(body) and displays and parts and parts[-1] is displays[-1] \
                    and continued < MAX_CONTINUED and len(displays[-1].body) + length <= MAX_DISPLAY:
                before = displays.pop()  # a formula broken over displays: this one carries on the last
                gap = line_of(display.body_start) - (before.body_line or before.line) - before.body.count("\n")
                displays.append(before._replace(body=before.body + "\n" * max(gap, 1) + body))
                parts[-1] = displays[-1]
                if notes and notes[-1] == Note(before.line, silence(before.body)):
                    notes.pop()
                body, line, continued = displays[-1].body, before.line, continued + 1
            else:
                continued = 0
                displays.append(Display(line, body, display.kind, line_of(display.body_start)))
                parts.append(displays[-1])
            if reason := silence(body):
                notes.append(Note(line, reason))
    if expansion.text[after:].strip():
        parts.append(Prose(line_of(after), expansion.text[after:]))
    return displays, notes, parts


def read_file(path: str | Path) -> Document:
    """:func:`read_document` of a file, of which no more is read than the limit allows."""
    with open(path, "rb") as handle:
        return read_document(handle.read(MAX_BYTES + 1), path)


def document_format(text: str, path: Path | None) -> str:
    """``latex``, ``markdown`` (pandoc, GitHub, MathJax) or ``kramdown`` (Jekyll: a YAML front matter
    that is not pandoc's, which has header-includes, or ``{% math %}``)."""
    suffix = path.suffix.lower() if path else ""
    if suffix in (".tex", ".sty", ".ltx"):
        return "latex"
    if suffix not in MARKDOWN_SUFFIXES and not MARKDOWN_SIGNS.search(text) and not text.startswith("---"):
        return "latex"
    head = front_matter(text)
    if LIQUID_MATH.search(text) or (head and "header-includes" not in head):
        return "kramdown"
    return "markdown"


def silence(body: str) -> str:
    """Why a display yields no link to check, or '' when it yields one."""
    if not body.strip():
        return "an empty display"
    if not TEXT.sub("", body).strip(" \t\n.,;:~&\\"):
        return "a display that contains only text"
    if any(links(piece.text)[1] for row in rows(body) for piece in statements(row)):
        return ""
    return "a display with no relation (=, <, ...), so nothing to check"
