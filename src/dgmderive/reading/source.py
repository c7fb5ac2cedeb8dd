"""Bytes in, text out: the size limit, and a one-line refusal of a PDF or of bytes that are not
UTF-8; and the line of an offset in a text."""

from __future__ import annotations

from pathlib import Path

MAX_BYTES = 2_000_000


class DocumentError(ValueError):
    """A document that is not read, with a one-line reason."""


def decode(data: bytes, path: Path | None = None) -> str:
    """The text of a document's bytes (a byte-order mark dropped, line ends made ``\\n``)."""
    name = str(path) if path else "the document"
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name} is over {MAX_BYTES:,} bytes, more than grade reads")
    if data.startswith(b"%PDF"):
        raise DocumentError(f"{name} is a PDF; grade reads the .tex or .md source that it was made from")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DocumentError(f"{name} is not UTF-8 text (byte {error.start + 1}, line {line}); "
                            "save it as UTF-8 and grade it again") from None
    if "\x00" in text:
        raise DocumentError(f"{name} holds NUL bytes, so it is not a text file; grade reads the .tex or .md")
    return bounded(text, path)


def bounded(text: str, path: Path | None = None) -> str:
    """A text within the size limit, its line ends made ``\\n``."""
    if len(text) > MAX_BYTES:
        raise DocumentError(f"{path or 'the document'} is over {MAX_BYTES:,} characters, more than grade reads")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


class LineCounter:
    """The line of an offset in a text, counted on from the offset asked before."""

    def __init__(self, text: str):
        self.text, self.offset, self.line = text, 0, 1

    def __call__(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line
