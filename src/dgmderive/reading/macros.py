r"""The macros a document defines, expanded as definitions only: nothing is executed and no file is
opened but a ``.sty`` or ``.tex`` in the document's own folder that ``\usepackage`` or ``\input``
names (its definitions are read, not its displays).

Read: ``\newcommand``, ``\renewcommand``, ``\providecommand`` (with ``[n]`` arguments and an
optional first argument's ``[default]``), ``\def\name{...}`` and ``\def\name#1#2{...}`` (a ``\def``
with delimited parameters is left as written, with a note), ``\DeclareMathOperator`` (starred too)
as ``\operatorname``, and the definitions in a Markdown file's YAML ``header-includes``. Displays
are mathematics, so LaTeX's ``\ensuremath{x}`` is x and ``\ifmmode a\else b\fi`` is a.

A use of a macro is replaced by its body with the arguments put in, and the result is read again,
as TeX does. Expansion is bounded: a use that nests too deep, takes too many steps or grows the text
too much is left as written, with a note, and that macro is not expanded again.
"""

from __future__ import annotations

import io
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from dgmderive.reading.masking import mask_latex
from dgmderive.reading.source import MAX_BYTES, DocumentError, LineCounter, decode

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
SPACES = re.compile(r"\s*")
EMPTY_SUBSCRIPT = re.compile(r"_\{\s*\}")
CONDITIONAL_END = re.compile(r"\\(?:else|fi|if[A-Za-z]*)(?![A-Za-z])")  # what ends a branch of \ifmmode


@dataclass(frozen=True)
class Macro:
    parameters: int
    default: str | None  # the optional first argument's default, when it has one
    body: str
    starred: bool = False  # takes a * before its arguments (\DeclarePairedDelimiter's \abs*{x})


@dataclass
class _Frame:
    """Text still to read: the document's, or a macro body's."""

    text: str
    pos: int = 0
    braces: array | None = None  # at each opening brace read, where it closes (-1: never; -2: not yet read)

    def closing_brace(self, opening: int) -> int | None:
        """Where the brace at ``opening`` closes; each part of the text is scanned for braces once."""
        if self.braces is None:
            self.braces = array("i", [-2]) * len(self.text)
        if self.braces[opening] == -2:
            stack = array("i")
            for token in BRACE_TOKENS.finditer(self.text, opening):
                if token.group() == "{":
                    stack.append(token.start())
                elif token.group() == "}" and stack:
                    self.braces[stack.pop()] = token.start()
                    if not stack:
                        break
            for unclosed in stack:
                self.braces[unclosed] = -1
        return self.braces[opening] if self.braces[opening] >= 0 else None


@dataclass
class Expansion:
    """The expanded text, in which each of the document's own characters stands on its line in the
    file (a use of a macro is followed by the line breaks it took up), and notes of what was left
    as written."""

    text: str
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
        self.defined: dict[str, Macro] = dict(MATH_MODE)
        self.disabled: set[str] = set()
        self.files: set[str] = set()
        self.output = 0
        self._patterns: dict[str, re.Pattern] = {}
        self._final: dict[str, bool] = {}

    def define(self, name: str, macro: Macro) -> None:
        self.defined[name] = macro
        self._patterns.clear(), self._final.clear()

    def disable(self, *names: str) -> None:
        self.disabled.update(names)
        self._patterns.clear(), self._final.clear()

    def pattern(self, letters: str) -> re.Pattern:
        """The next row end, definition, file inclusion or use of a macro."""
        if letters not in self._patterns:
            names = sorted((DIRECTIVES.keys() | self.defined.keys() | CONVENTIONS.keys()) - self.disabled,
                           key=len, reverse=True)
            self._patterns[letters] = re.compile(r"\\\\|\\(" + "|".join(map(re.escape, names))
                                                 + rf")(?![A-Za-z{letters}])")
        return self._patterns[letters]

    def final(self, name: str, letters: str) -> bool:
        """Whether a macro takes no argument and its body uses no macro: its body is what it expands to."""
        if name not in self.defined:
            return False  # a convention, whose form depends on what follows
        if name not in self._final:
            macro = self.defined[name]
            self._final[name] = (macro.parameters == 0 and "#" not in macro.body and "\n" not in macro.body
                                 and all(use.group(1) is None for use in self.pattern(letters).finditer(macro.body)))
        return self._final[name]


def expand_macros(text: str, folder: Path | None = None, preamble: str = "", preamble_line: int = 1) -> Expansion:
    """``text`` with the macros it defines expanded (after those of ``preamble``, such as a Markdown
    file's header-includes), and notes on what was left as written."""
    macros = Macros(folder)
    notes: dict[str, int] = {}  # each reason once, at the first line it concerns

    def note(line: int, reason: str) -> None:
        notes.setdefault(reason, line)

    if preamble:
        _Run(macros, mask_latex(preamble), lambda _, reason: note(preamble_line, reason)).expand()
    if any(found.group(1) for found in macros.pattern("").finditer(text)):
        text = _Run(macros, text, note).expand()
    return Expansion(text, sorted((line, reason) for reason, line in notes.items()))


class _Run:
    """One pass over a text: what it defines is kept, what it uses expanded."""

    def __init__(self, macros: Macros, text: str, note, letters: str = ""):
        self.macros, self.note, self.letters = macros, note, letters
        self.frames = [_Frame(text)]
        self.line = LineCounter(text)
        self.out = io.StringIO()
        self.use: tuple[int, int, str] | None = None  # where the output and the document stood at a use
        self.steps = 0

    def expand(self) -> str:
        document = self.frames[0]
        while self.frames:
            frame = self.frames[-1]
            found = self.macros.pattern(self.letters).search(frame.text, frame.pos)
            end = found.start() if found else len(frame.text)
            self._emit(frame.text[frame.pos:end])
            if found is None:
                self.frames.pop()
                if len(self.frames) == 1:
                    self._close_use()
                continue
            frame.pos = found.end()
            name = found.group(1)
            if name is None:
                self._emit(found.group())
            elif name in DIRECTIVES:
                if frame is document:
                    self.use = (self.out.tell(), found.start(), name)
                self._directive(name, found.start())
                if frame is document:
                    self._close_use()
            elif frame is document and self.macros.final(name, self.letters) and self.macros.output < MAX_OUTPUT:
                self._emit(self.macros.defined[name].body)
            else:
                self._use(name, found.start())
        return self.out.getvalue()

    def _emit(self, piece: str) -> None:
        if piece:
            self.out.write(piece if len(self.frames) == 1 else piece.replace("\n", " "))
            self.macros.output += len(piece)

    def _close_use(self) -> None:
        """After a use (or a definition) in the document, the line breaks it took up."""
        if self.use is not None:
            self.out.write("\n" * self.frames[0].text.count("\n", self.use[1], self.frames[0].pos))
            self.use = None

    def _use(self, name: str, start: int) -> None:
        if len(self.frames) == 1:
            self.use = (self.out.tell(), start, name)
            self.steps = 0
        self.steps += 1
        try:
            if self.steps > MAX_STEPS:
                raise GiveUp(name, f"its expansion takes more than {MAX_STEPS:,} steps (a macro that uses itself?)")
            if len(self.frames) > MAX_DEPTH:
                raise GiveUp(name, f"its expansion nests more than {MAX_DEPTH} deep (a macro that uses itself?)")
            macro = self.macros.defined.get(name) or self._convention(name, start)
            arguments = self._arguments(name, macro)
            size = len(macro.body) + sum(macro.body.count(f"#{k}") * len(argument)
                                         for k, argument in enumerate(arguments, start=1))
            if self.macros.output + size + sum(len(frame.text) - frame.pos for frame in self.frames[1:]) > MAX_OUTPUT:
                raise GiveUp(name, f"the expanded text would exceed {MAX_OUTPUT:,} characters")
        except GiveUp as stop:
            self._undo(stop)
            return
        while len(self.frames) > 1 and self.frames[-1].pos >= len(self.frames[-1].text):
            self.frames.pop()  # a use at the end of a body: the body is done
        body = _substitute(macro.body, arguments)
        if name not in self.macros.defined:  # a convention's empty subscript, \E{}{x}: E[x]
            body = EMPTY_SUBSCRIPT.sub("", body)
        self.frames.append(_Frame(body))

    def _undo(self, stop: GiveUp) -> None:
        """The use in the document that led here, left as written; when its expansion does not end,
        neither macro is expanded again."""
        written, start, name = self.use
        self.use = None
        self.macros.output -= self.out.tell() - written
        self.out.seek(written)
        self.out.truncate()
        self.frames = self.frames[:1]
        self.frames[0].pos = start
        if stop.endless:
            self.macros.disable(name, stop.name)
        else:
            self._emit("\\" + name)
            self.frames[0].pos = start + 1 + len(name)
        self.note(self.line(start), f"\\{stop.name} is left unexpanded: {stop}")

    def _convention(self, name: str, start: int) -> Macro:
        """The form of a macro the document uses without defining it (a site's own, such as ``\\E``)
        that takes as many braced arguments as follow it, with a note of how it is read."""
        frame, groups = self._next(), 0
        if frame is not None:
            pos = frame.pos
            while groups < max(CONVENTIONS[name]) and pos < len(frame.text) and frame.text[pos] == "{" \
                    and (end := frame.closing_brace(pos)) is not None:
                groups, pos = groups + 1, SPACES.match(frame.text, end + 1).end()
        count = max(n for n in CONVENTIONS[name] if n <= groups)
        self.note(self._use_line(start), f"\\{name} is not defined in the document: read as it is commonly defined, "
                  f"{CONVENTIONS[name][count]} with {count} argument{'' if count == 1 else 's'}")
        return Macro(count, None, CONVENTIONS[name][count])

    def _arguments(self, name: str, macro: Macro) -> list[str]:
        arguments = []
        if macro.starred:
            self._star()
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
            frame.pos = SPACES.match(frame.text, frame.pos).end()
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
            self._emit("\\" + directive)
            self.note(self._use_line(start), reason)

    def _use_line(self, start: int) -> int:
        """The line in the document of what is read at ``start`` (in a macro's body: of the macro's use)."""
        return self.line(start if len(self.frames) == 1 or self.use is None else self.use[1])

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
        if count is not None and not (count.strip().isdigit() and int(count) <= 9):
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

    def _ifmmode(self, directive: str, start: int) -> str:
        r"""``\ifmmode a\else b\fi``: the branch for mathematics, a, read in place of the whole."""
        frame = self.frames[-1]
        found = CONDITIONAL_END.search(frame.text, frame.pos)
        if found is None or found.group() not in ("\\else", "\\fi"):
            return f"\\{directive} is left as written: its \\fi is missing, or another conditional is inside it"
        branch, frame.pos = frame.text[frame.pos:found.start()], found.end()
        if found.group() == "\\else":
            end = CONDITIONAL_END.search(frame.text, frame.pos)
            if end is None or end.group() != "\\fi":
                return f"\\{directive} is left as written: its \\fi is missing, or another conditional is inside it"
            frame.pos = end.end()
        self.frames.append(_Frame(branch))
        return ""

    def _operator(self, directive: str, start: int) -> str:
        self._star()
        name, text = self._name(), self._argument()
        if name is None or text is None:
            return f"\\{directive} is left as written: it needs {{\\name}}{{text}}"
        self.macros.define(name, Macro(0, None, rf"\operatorname{{{text}}}"))
        return ""

    def _paired(self, directive: str, start: int) -> str:
        r"""``\DeclarePairedDelimiter{\abs}{\lvert}{\rvert}``: ``\abs{x}`` (or ``\abs*{x}``) is x between them."""
        name, left, right = self._name(), self._argument(), self._argument()
        if name is None or left is None or right is None:
            return f"\\{directive} is left as written: it needs {{\\name}}{{left}}{{right}}"
        self.macros.define(name, Macro(1, None, rf"\left{left} #1 \right{right}", starred=True))
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
            return "" if package else (f"\\{directive}{{{name}}} is not read: there is no {file.name} "
                                       "beside the document")
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
        _Run(self.macros, mask_latex(text), lambda _, reason: self.note(line, f"{file.name}: {reason}"),
             letters).expand()
        return "" if package else f"{file.name}: its definitions are read, its displays only when it is graded itself"


DIRECTIVES = {
    "newcommand": _Run._newcommand, "renewcommand": _Run._newcommand, "providecommand": _Run._newcommand,
    "DeclareRobustCommand": _Run._newcommand, "def": _Run._def, "gdef": _Run._def,
    "DeclareMathOperator": _Run._operator, "ifmmode": _Run._ifmmode, "DeclarePairedDelimiter": _Run._paired,
    "usepackage": _Run._include, "RequirePackage": _Run._include, "input": _Run._include,
    "include": _Run._include,
}


MATH_MODE = {"ensuremath": Macro(1, None, "#1")}  # LaTeX's own, as it reads in a display

# Macros that sites define for MathJax outside the document (\E, \kl), or packages (physics' \pdv), read
# where the document uses one without defining it: each form by the number of braced arguments that follow
_EXPECTATION = {0: r"\mathbb{E}", 1: r"\mathbb{E}\left[#1\right]", 2: r"\mathbb{E}_{#1}\left[#2\right]"}
_DIVERGENCE = {0: r"\mathrm{KL}", 2: r"\mathrm{KL}\left(#1 \,\|\, #2\right)"}
_DERIVATIVE = {1: r"\frac{\partial}{\partial #1}", 2: r"\frac{\partial #1}{\partial #2}"}  # physics' \pdv
CONVENTIONS = {"pdv": _DERIVATIVE, "dv": {1: r"\frac{d}{d #1}", 2: r"\frac{d #1}{d #2}"},
               "E": _EXPECTATION, "EE": _EXPECTATION, "Ex": _EXPECTATION, "kl": _DIVERGENCE, "KL": _DIVERGENCE,
               "DKL": _DIVERGENCE, "Var": {0: r"\mathrm{Var}", 1: r"\mathrm{Var}\left[#1\right]"},
               "Cov": {0: r"\mathrm{Cov}"}}


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
