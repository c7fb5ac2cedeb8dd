r"""What is not read, blanked out with its line breaks kept, so that offsets and lines stay those of
the file: LaTeX comments (``%`` to the end of the line, not ``\%``), verbatim text, ``\iffalse``
blocks and what follows ``\end{document}``; in Markdown, the front matter, code blocks, code spans
and HTML comments."""

from __future__ import annotations

import re

LATEX_HIDDEN = re.compile(r"\\begin\{(?P<environment>verbatim|lstlisting|minted|comment)\*?\}"
                          r"|(?P<verb>\\verb\*?(?P<delimiter>[^A-Za-z\s*]))|(?P<iffalse>\\iffalse(?![A-Za-z]))"
                          r"|(?P<escaped>\\[\\%])|(?P<comment>%)")
CONDITIONAL = re.compile(r"\\if(?!f(?![A-Za-z]))[A-Za-z]*|\\fi(?![A-Za-z])|\\.", re.DOTALL)  # not \iff
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")
CODE_OR_COMMENT = re.compile(r"`+|<!--")
PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
FRONT_MATTER = re.compile(r"---[ \t]*\n(?:.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)


def blank(text: str) -> str:
    """``text`` with every character but the line breaks made a space."""
    return re.sub(r"[^\n]", " ", text)


def mask_latex(text: str) -> str:
    """Comments, verbatim text and ``\\iffalse ... \\fi`` blanked out."""
    pieces, copied, pos = [], 0, 0
    lines = _LineEnds(text)
    while (found := LATEX_HIDDEN.search(text, pos)) is not None:
        pos = found.end()
        if found.lastgroup == "escaped":  # \% or \\
            continue
        end = HIDDEN_ENDS[found.lastgroup](text, found, lines)
        pieces.append(text[copied:found.start()] + blank(text[found.start():end]))
        copied = pos = end
    pieces.append(text[copied:])
    return "".join(pieces)


def _environment_end(text: str, found: re.Match, lines) -> int:
    close = text.find(f"\\end{{{found['environment']}", found.end())
    return len(text) if close < 0 else text.find("}", close) + 1


def _verb_end(text: str, found: re.Match, lines) -> int:
    """The end of ``\\verb|...|``, on its line."""
    close = lines.find(found["delimiter"], found.end())
    return close + 1 if close >= 0 else found.end()


def _fi_end(text: str, found: re.Match, lines) -> int:
    """The end of the ``\\fi`` that closes an ``\\iffalse`` (conditionals inside it nest)."""
    depth = 1
    for token in CONDITIONAL.finditer(text, found.end()):
        if token.group().startswith("\\if"):
            depth += 1
        elif token.group() == "\\fi":
            depth -= 1
            if depth == 0:
                return token.end()
    return len(text)


HIDDEN_ENDS = {"environment": _environment_end, "verb": _verb_end, "iffalse": _fi_end,
               "comment": lambda text, found, lines: lines.end(found.end())}


def mask_latex_document(text: str) -> str:
    r"""Comments and verbatim text blanked out, and what follows ``\end{document}``, which LaTeX never reads."""
    masked = mask_latex(text)
    end = masked.find(r"\end{document}")
    return masked if end < 0 else masked[:end] + blank(masked[end:])


class _LineEnds:
    """Searches that stop at the end of a line, each line's end found once."""

    def __init__(self, text: str):
        self.text, self.line_end, self.absent = text, -1, set()

    def end(self, pos: int) -> int:
        if pos > self.line_end:
            close = self.text.find("\n", pos)
            self.line_end, self.absent = (len(self.text) if close < 0 else close), set()
        return self.line_end

    def find(self, char: str, pos: int) -> int:
        """Where ``char`` is next on this line, or -1 (a character not on the line is not searched again)."""
        end = self.end(pos)
        found = -1 if char in self.absent else self.text.find(char, pos, end)
        if found < 0:
            self.absent.add(char)
        return found


def front_matter(text: str) -> str:
    """The YAML front matter at the top of a Markdown file, or ''."""
    found = FRONT_MATTER.match(text) if text.startswith("---") else None
    return found.group() if found else ""


def mask_markdown(text: str) -> str:
    """The front matter, fenced and indented code blocks, code spans and HTML comments blanked out."""
    head = front_matter(text)
    lines = blank(head).split("\n")[:-1] if head else []
    lines += _mask_code_blocks(text[len(head):].split("\n"))
    return _mask_inline("\n".join(lines))


def _mask_code_blocks(lines: list[str]) -> list[str]:
    """Fenced blocks, and blocks indented four spaces past the list item they are in (after a blank
    line: an indented line cannot interrupt a paragraph)."""
    masked, fence, list_indent, after_blank = [], "", 0, True
    for line in lines:
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        opening = FENCE.match(line)
        if fence:
            masked.append(blank(line))
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            masked.append(blank(line))
            continue
        if not line.strip():
            masked.append(line)
            after_blank = True
            continue
        if after_blank and indent >= list_indent + 4:
            masked.append(blank(line))
            continue
        item = LIST_ITEM.match(line)
        if item:
            list_indent = len(item.group(1))
        elif indent < list_indent:
            list_indent = 0
        masked.append(line)
        after_blank = False
    return masked


def _mask_inline(text: str) -> str:
    """Code spans (a run of backticks up to the next run of the same length in the paragraph) and
    HTML comments. A mark whose closing was searched for in vain is not searched for again before
    the point where that search stopped."""
    pieces, copied, pos, absent_until, paragraph_end = [], 0, 0, {}, -1
    while (found := CODE_OR_COMMENT.search(text, pos)) is not None:
        start, mark = found.start(), found.group()
        pos = found.end()
        if pos < absent_until.get(mark, -1):
            continue
        if pos > paragraph_end:
            blank_line = PARAGRAPH_END.search(text, pos)
            paragraph_end = blank_line.start() if blank_line else len(text)
        end, stop = _closing(text, pos, mark, paragraph_end)
        if end < 0:
            absent_until[mark] = stop
            continue
        pieces.append(text[copied:start] + blank(text[start:end]))
        copied = pos = end
    pieces.append(text[copied:])
    return "".join(pieces)


def _closing(text: str, pos: int, mark: str, paragraph_end: int) -> tuple[int, int]:
    """The end of the code span or comment that ``mark`` opens at ``pos`` (or -1), and where the
    search stopped: a code span ends with its paragraph, a comment with the text."""
    if mark == "<!--":
        close = text.find("-->", pos)
        return (close + 3, close) if close >= 0 else (-1, len(text))
    found = re.compile(rf"(?<!`){mark}(?!`)").search(text, pos, paragraph_end)
    return (found.end(), found.start()) if found else (-1, paragraph_end)
