r"""The macros a document defines, expanded as definitions only: nothing is executed and no file is
opened but a ``.sty`` or ``.tex`` in the document's own folder that ``\usepackage`` or ``\input``
names (its definitions are read, not its displays).

Read: ``\newcommand``, ``\renewcommand``, ``\providecommand`` (with ``[n]`` arguments and an
optional first argument's ``[default]``), ``\def\name{...}`` and ``\def\name#1#2{...}`` (a ``\def``
with delimited parameters is left as written, with a note), ``\DeclareMathOperator`` (starred too)
as ``\operatorname``, and the definitions in a Markdown file's YAML ``header-includes``.

A use of a macro is replaced by its body with the arguments put in, and the result is read again,
as TeX does. Expansion is bounded: a use that nests too deep, takes too many steps or grows the text
too much is left as written, with a note, and that macro is not expanded again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from dgmderive.reading.masking import mask_latex
from dgmderive.reading.source import MAX_BYTES, DocumentError, decode

MAX_DEPTH = 64  # macros inside macros
MAX_STEPS = 10_000  # expansions for one use in the document
MAX_OUTPUT = 8_000_000  # characters of expanded text
MAX_FILES = 16  # local files read for their definitions
MAX_OPTIONAL = 1_000  # characters of an optional argument
MAX_PARAMETERS = 200  # characters between \def\name and its body
LOCAL_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
CONTROL = {"": re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL), "@": re.compile(r"\\(?:[A-Za-z@]+|.)", re.DOTALL)}
BRACE_TOKENS = re.compile(r"\\.|[{}]", re.DOTALL)
OPTIONAL_TOKENS = re.compile(r"\\.|[{}\]]", re.DOTALL)
PARAMETER = re.compile(r"#(#|[1-9])")


@dataclass(frozen=True)
class Macro:
    parameters: int
    default: str | None  # the optional first argument's default, when it has one
    body: str


@dataclass
class _Frame:
    """Text still to read: the document's, or a macro body's."""

    text: str
    pos: int = 0
    braces: dict[int, int] | None = None

    def closing_brace(self, opening: int) -> int | None:
        if self.braces is None:
            self.braces, stack = {}, []
            for token in BRACE_TOKENS.finditer(self.text):
                if token.group() == "{":
                    stack.append(token.start())
                elif token.group() == "}" and stack:
                    self.braces[stack.pop()] = token.start()
        return self.braces.get(opening)


class LineMap:
    """The line in the original file of each offset of the expanded text."""

    def __init__(self, text: str, segments: list[tuple[int, int, bool]]):
        self.starts = [start for start, _, _ in segments]
        self.segments = segments
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        start, line, copied = self.segments[bisect_right(self.starts, offset) - 1]
        if not copied:  # text a macro produced: the line of its use
            return line
        return line + bisect_right(self.newlines, offset - 1) - bisect_right(self.newlines, start - 1)


@dataclass
class Expansion:
    text: str
    lines: LineMap
    notes: list[tuple[int, str]] = field(default_factory=list)


class GiveUp(Exception):
    """A use of a macro that is not expanded, and why; ``endless`` when its expansion does not end,
    so that the macro is not expanded again."""

    def __init__(self, name: str, reason: str, endless: bool = True):
        super().__init__(reason)
        self.name, self.endless = name, endless


class Macros:
    """The definitions read so far, shared by the document and the files it names."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.defined: dict[str, Macro] = {}
        self.disabled: set[str] = set()
        self.files: set[str] = set()
        self.noted: set[tuple[str, str]] = set()  # a macro left unexpanded, and why: said once
        self.output = 0
        self._patterns: dict[str, re.Pattern] = {}

    def define(self, name: str, macro: Macro) -> None:
        self.defined[name] = macro
        self._patterns.clear()

    def disable(self, *names: str) -> None:
        self.disabled.update(names)
        self._patterns.clear()

    def pattern(self, letters: str) -> re.Pattern:
        """The next row end, definition, file inclusion or use of a macro."""
        if letters not in self._patterns:
            names = sorted((DIRECTIVES.keys() | self.defined.keys()) - self.disabled, key=len, reverse=True)
            self._patterns[letters] = re.compile(r"\\\\|\\(" + "|".join(map(re.escape, names))
                                                 + rf")(?![A-Za-z{letters}])")
        return self._patterns[letters]


def expand_macros(text: str, folder: Path | None = None, preamble: str = "", preamble_line: int = 1) -> Expansion:
    """``text`` with the macros it defines expanded (after those of ``preamble``, such as a Markdown
    file's header-includes), the line of each offset, and notes on what was left as written."""
    macros = Macros(folder)
    notes: list[tuple[int, str]] = []
    if preamble:
        _Run(macros, mask_latex(preamble), lambda _, reason: notes.append((preamble_line, reason))).expand()
    run = _Run(macros, text, lambda line, reason: notes.append((line, reason)))
    expanded = run.expand()
    return Expansion(expanded, LineMap(expanded, run.segments or [(0, 1, True)]), sorted(notes))


class _Run:
    """One pass over a text: what it defines is kept, what it uses expanded."""

    def __init__(self, macros: Macros, text: str, note, letters: str = ""):
        self.macros, self.note, self.letters = macros, note, letters
        self.frames = [_Frame(text)]
        self.source_newlines = [m.start() for m in re.finditer("\n", text)]
        self.out: list[str] = []
        self.length = 0
        self.segments: list[tuple[int, int, bool]] = []
        self.copied_to = -1  # where the last text copied from the document ended
        self.use: tuple | None = None  # the use of a macro in the document being expanded, to undo it
        self.steps = 0

    def line(self, offset: int) -> int:
        return bisect_right(self.source_newlines, offset - 1) + 1

    def expand(self) -> str:
        while self.frames:
            frame = self.frames[-1]
            found = self.macros.pattern(self.letters).search(frame.text, frame.pos)
            end = found.start() if found else len(frame.text)
            self._emit(frame.text[frame.pos:end], frame.pos)
            if found is None:
                self.frames.pop()
                continue
            frame.pos = found.end()
            if found.group(1) is None:
                self._emit(found.group(), found.start())
            elif found.group(1) in DIRECTIVES:
                self._directive(found.group(1), found.start())
            else:
                self._use(found.group(1), found.start())
        return "".join(self.out)

    def _emit(self, piece: str, pos: int) -> None:
        if not piece:
            return
        if len(self.frames) == 1:  # copied from the document
            if self.copied_to != pos or not self.segments:
                self.segments.append((self.length, self.line(pos), True))
            self.copied_to = pos + len(piece)
        elif not self.segments or self.segments[-1][1:] != (line := self.line(self.use[3]), False):
            self.segments.append((self.length, line, False))
        self.out.append(piece)
        self.length += len(piece)
        self.macros.output += len(piece)

    def _use(self, name: str, start: int) -> None:
        if len(self.frames) == 1:
            self.use = (len(self.out), self.length, len(self.segments), start, name)
            self.steps = 0
        self.steps += 1
        try:
            if self.steps > MAX_STEPS:
                raise GiveUp(name, f"its expansion takes more than {MAX_STEPS:,} steps (a macro that uses itself?)")
            if len(self.frames) > MAX_DEPTH:
                raise GiveUp(name, f"its expansion nests more than {MAX_DEPTH} deep (a macro that uses itself?)")
            if self.macros.output > MAX_OUTPUT:
                raise GiveUp(name, f"the expanded text would exceed {MAX_OUTPUT:,} characters")
            macro = self.macros.defined[name]
            arguments = self._arguments(name, macro)
        except GiveUp as stop:
            self._undo(stop)
            return
        body = _substitute(macro.body, arguments)
        while len(self.frames) > 1 and self.frames[-1].pos >= len(self.frames[-1].text):
            self.frames.pop()  # a use at the end of a body: the body is done
        self.frames.append(_Frame(body))

    def _undo(self, stop: GiveUp) -> None:
        """The use in the document that led here, left as written; when its expansion does not end,
        neither macro is expanded again."""
        pieces, length, segments, start, name = self.use
        del self.out[pieces:], self.segments[segments:]
        self.macros.output -= self.length - length
        self.length, self.copied_to = length, -1
        self.frames = self.frames[:1]
        self.frames[0].pos = start
        if stop.endless:
            self.macros.disable(name, stop.name)
        else:
            self._emit("\\" + name, start)
            self.frames[0].pos = start + 1 + len(name)
        if (stop.name, str(stop)) not in self.macros.noted:
            self.macros.noted.add((stop.name, str(stop)))
            self.note(self.line(start), f"\\{stop.name} is left unexpanded: {stop}")

    def _arguments(self, name: str, macro: Macro) -> list[str]:
        arguments = []
        if macro.default is not None:
            optional = self._optional()
            arguments.append(macro.default if optional is None else optional)
        while len(arguments) < macro.parameters:
            argument = self._argument()
            if argument is None:
                raise GiveUp(name, "an argument is missing or its braces are not closed", endless=False)
            arguments.append(argument)
        return arguments

    def _next(self) -> _Frame | None:
        """The frame that holds the next character that is not a space, or None at the end."""
        while True:
            frame = self.frames[-1]
            while frame.pos < len(frame.text) and frame.text[frame.pos] in " \t\n":
                frame.pos += 1
            if frame.pos < len(frame.text):
                return frame
            if len(self.frames) == 1:
                return None
            self.frames.pop()

    def _argument(self) -> str | None:
        """A braced group's contents, or one token."""
        frame = self._next()
        if frame is None:
            return None
        text, pos = frame.text, frame.pos
        if text[pos] == "{":
            end = frame.closing_brace(pos)
            if end is None:
                return None
            frame.pos = end + 1
            return text[pos + 1:end]
        if text[pos] == "}":
            return None
        token = CONTROL[self.letters].match(text, pos)
        frame.pos = token.end() if token else pos + 1
        return text[pos:frame.pos]

    def _optional(self) -> str | None:
        """A bracketed optional argument (up to the first ``]`` outside braces), or None."""
        frame = self._next()
        if frame is None or frame.text[frame.pos] != "[":
            return None
        depth = 0
        for token in OPTIONAL_TOKENS.finditer(frame.text, frame.pos + 1, frame.pos + 1 + MAX_OPTIONAL):
            depth += {"{": 1, "}": -1}.get(token.group(), 0)
            if token.group() == "]" and depth == 0:
                value, frame.pos = frame.text[frame.pos + 1:token.start()], token.end()
                return value
        return None

    def _name(self) -> str | None:
        r"""The macro a definition names: ``\name`` or ``{\name}``."""
        argument = self._argument()
        control = CONTROL[self.letters].fullmatch((argument or "").strip())
        return control.group()[1:] if control else None

    def _directive(self, directive: str, start: int) -> None:
        """A definition or a file named; one that cannot be read is left as written, with a note."""
        saved = [(frame, frame.pos) for frame in self.frames]
        reason = DIRECTIVES[directive](self, directive, start)
        if reason:
            self.frames = [frame for frame, _ in saved]
            for frame, pos in saved:
                frame.pos = pos
            self._emit("\\" + directive, start)
            self.note(self._use_line(start), reason)

    def _use_line(self, start: int) -> int:
        return self.line(start if len(self.frames) == 1 else self.use[3])

    def _star(self) -> None:
        frame = self._next()
        if frame is not None and frame.text[frame.pos] == "*":
            frame.pos += 1

    def _newcommand(self, directive: str, start: int) -> str:
        self._star()
        name = self._name()
        if name is None:
            return f"\\{directive} is left as written: it names no macro"
        count = self._optional()
        if count is not None and not count.strip().isdigit():
            return f"\\{directive}{{\\{name}}} is left as written: [{count}] is not a number of arguments"
        default = self._optional()
        body = self._argument()
        if body is None:
            return f"\\{directive}{{\\{name}}} is left as written: its body is missing or not closed"
        if directive != "providecommand" or name not in self.macros.defined:
            self.macros.define(name, Macro(int(count or 0), default, body))
        return ""

    def _def(self, directive: str, start: int) -> str:
        frame = self._next()
        token = CONTROL[self.letters].match(frame.text, frame.pos) if frame else None
        if token is None:
            return f"\\{directive} is left as written: it names no macro"
        name, frame.pos = token.group()[1:], token.end()
        brace = frame.text.find("{", frame.pos, frame.pos + MAX_PARAMETERS)
        parameters = frame.text[frame.pos:brace].lstrip() if brace >= 0 else None
        count = len(parameters) // 2 if parameters is not None else 0
        if parameters != "".join(f"#{k}" for k in range(1, count + 1)):
            return (f"\\{directive}\\{name} is left as written: its parameters are delimited "
                    f"({(parameters or '')[:40].strip() or 'no body'}), which is not read")
        frame.pos = brace
        body = self._argument()
        if body is None:
            return f"\\{directive}\\{name} is left as written: its body is not closed"
        self.macros.define(name, Macro(count, None, body))
        return ""

    def _operator(self, directive: str, start: int) -> str:
        self._star()
        name, text = self._name(), self._argument()
        if name is None or text is None:
            return f"\\{directive} is left as written: it needs {{\\name}}{{text}}"
        self.macros.define(name, Macro(0, None, rf"\operatorname{{{text}}}"))
        return ""

    def _include(self, directive: str, start: int) -> str:
        """The definitions of the local files that ``\\usepackage`` or ``\\input`` names."""
        if directive in ("usepackage", "RequirePackage"):
            self._optional()
        names = self._argument()
        if names is None:
            return f"\\{directive} is left as written: it names no file"
        for name in (n.strip() for n in names.split(",") if n.strip()):
            reason = self._read_file(directive, name, start)
            if reason:
                self.note(self._use_line(start), reason)
        return ""

    def _read_file(self, directive: str, name: str, start: int) -> str:
        package = directive in ("usepackage", "RequirePackage")
        if not LOCAL_NAME.fullmatch(name) or ".." in name:
            return (f"\\{directive}{{{name}}} is not opened: only a file in the document's own folder is read")
        folder = self.macros.folder
        if folder is None:
            return "" if package else f"\\{directive}{{{name}}} is not read: the document was given without a path"
        file = folder / (name + ".sty" if package else name if name.endswith((".tex", ".sty")) else name + ".tex")
        if not file.is_file() or file.resolve().parent != folder.resolve():
            return "" if package else f"\\{directive}{{{name}}} is not read: there is no {file.name} beside the document"
        if file.name in self.macros.files:
            return ""
        if len(self.macros.files) >= MAX_FILES:
            return f"{file.name} is not read: the document names more than {MAX_FILES} local files"
        self.macros.files.add(file.name)
        try:
            if file.stat().st_size > MAX_BYTES:
                return f"{file.name} is not read: it is over {MAX_BYTES:,} bytes"
            text = decode(file.read_bytes(), file)
        except (OSError, DocumentError) as error:
            return f"{file.name} is not read: {getattr(error, 'strerror', None) or error}"
        letters = "@" if file.suffix == ".sty" else ""
        line = self._use_line(start)
        _Run(self.macros, mask_latex(text), lambda _, reason: self.note(line, f"{file.name}: {reason}"), letters).expand()
        return ""


DIRECTIVES = {
    "newcommand": _Run._newcommand, "renewcommand": _Run._newcommand, "providecommand": _Run._newcommand,
    "DeclareRobustCommand": _Run._newcommand, "def": _Run._def, "gdef": _Run._def,
    "DeclareMathOperator": _Run._operator,
    "usepackage": _Run._include, "RequirePackage": _Run._include, "input": _Run._include,
    "include": _Run._include,
}


def _substitute(body: str, arguments: list[str]) -> str:
    """A body with ``#1`` ... put in and ``##`` made ``#``."""
    def put(parameter: re.Match) -> str:
        if parameter.group(1) == "#":
            return "#"
        k = int(parameter.group(1))
        return arguments[k - 1] if k <= len(arguments) else parameter.group()
    return PARAMETER.sub(put, body)


def header_includes(front_matter: str) -> tuple[str, int]:
    """The LaTeX of a YAML front matter's ``header-includes`` (its double-quoted escapes undone), and
    the line of the key."""
    lines = front_matter.split("\n")
    for number, line in enumerate(lines):
        key = re.match(r"header-includes\s*:(.*)$", line)
        if key is None:
            continue
        taken = [key.group(1)]
        for following in lines[number + 1:]:
            if re.match(r"[A-Za-z_][\w-]*\s*:|---|\.\.\.", following):
                break
            taken.append(following)
        return "\n".join(_unquoted(item) for item in taken), number + 1
    return "", 1


def _unquoted(item: str) -> str:
    value = item.strip().removeprefix("- ").strip()
    if value.startswith('"') and value.endswith('"'):
        return value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
    return value
