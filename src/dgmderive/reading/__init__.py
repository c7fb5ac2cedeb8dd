"""Reading a LaTeX or Markdown document, in stages: the document (bytes, comments, macros), its
displays, their rows, the statements of a row, and the links of a chain ``a = b <= c``.

Only text here: what the pieces mean is :mod:`dgmderive.grade`'s business.
"""

from dgmderive.reading.document import Display, Document, Note, Prose, read_document, read_file
from dgmderive.reading.links import links, split_chain
from dgmderive.reading.rows import rows
from dgmderive.reading.source import DocumentError
from dgmderive.reading.statements import Statement, statements

__all__ = ["Display", "Document", "DocumentError", "Note", "Prose", "Statement", "links", "read_document", "read_file",
           "rows", "split_chain", "statements"]
