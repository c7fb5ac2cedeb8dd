"""The sheet compiles with pdflatex through latexmk, reproducibly."""

import pytest

from dgmderive.build import check_all, load_questions, render_outputs
from dgmderive.latex.compile import (
    INSTALL_HINT,
    CompileError,
    compile_pdf,
    have_latexmk,
)

needs_tex = pytest.mark.skipif(not have_latexmk(), reason=f"latexmk/pdflatex not installed ({INSTALL_HINT})")


@pytest.fixture(scope="module")
def sheet() -> str:
    return render_outputs(check_all(load_questions(), None, say=lambda _: None))[0]


@needs_tex
def test_the_sheet_compiles_and_is_byte_reproducible(sheet):
    first = compile_pdf(sheet)
    assert first.startswith(b"%PDF")
    assert compile_pdf(sheet) == first


@needs_tex
def test_a_latex_error_is_reported_not_swallowed():
    with pytest.raises(CompileError, match="Undefined control sequence"):
        compile_pdf("\\documentclass{article}\\begin{document}\\nosuchmacro\\end{document}\n")
