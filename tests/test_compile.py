"""Both documents compile with pdflatex through latexmk, reproducibly; the students' sheet fits in
eight pages."""

from pathlib import Path

import pytest

from dgmderive.latex.compile import (
    INSTALL_HINT,
    CompileError,
    compile_pdf,
    compile_pdfs,
    have_latexmk,
    page_count,
)

needs_tex = pytest.mark.skipif(not have_latexmk(), reason=f"latexmk/pdflatex not installed ({INSTALL_HINT})")
SHEET_PAGES = 8  # what students are handed


OUTPUT = Path(__file__).resolve().parent.parent / "output"


@pytest.fixture(scope="module")
def pdfs() -> dict:
    """The committed documents (test_golden keeps them what the code builds), compiled."""
    documents = {name: (OUTPUT / f"{name}.tex").read_text() for name in ("solutions", "verification")}
    return {"sources": documents, **compile_pdfs(documents)}


@needs_tex
def test_both_documents_compile_and_are_byte_reproducible(pdfs):
    assert pdfs["solutions"].startswith(b"%PDF") and pdfs["verification"].startswith(b"%PDF")
    assert compile_pdf(pdfs["sources"]["solutions"], "solutions") == pdfs["solutions"]


@needs_tex
def test_the_students_sheet_fits_in_eight_pages_and_the_record_holds_more(pdfs):
    assert page_count(pdfs["solutions"]) <= SHEET_PAGES < page_count(pdfs["verification"])


@needs_tex
def test_a_latex_error_is_reported_not_swallowed():
    with pytest.raises(CompileError, match="Undefined control sequence"):
        compile_pdf("\\documentclass{article}\\begin{document}\\nosuchmacro\\end{document}\n")


def test_page_count_reads_the_page_tree_and_refuses_what_has_none():
    tree = b"%PDF-1.5\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n"
    assert page_count(tree) == 2
    with pytest.raises(CompileError):
        page_count(b"%PDF-1.5\n")
