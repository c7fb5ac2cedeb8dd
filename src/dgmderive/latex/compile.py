"""Compile the sheet with pdflatex through latexmk, reproducibly, when TeX is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TEX_PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-pictures latexmk lmodern"
INSTALL_HINT = f"apt-get install {TEX_PACKAGES}"


class CompileError(Exception):
    """pdflatex stopped on an error; the message holds the first error lines of its log."""


def have_latexmk() -> bool:
    return shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None


def compile_pdf(tex: str, name: str = "solutions") -> bytes:
    """The PDF of ``tex``, built in a scratch directory with fixed dates (byte-reproducible)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory(prefix="dgmderive-tex-") as tmp:
        source = Path(tmp) / f"{name}.tex"
        source.write_text(tex, encoding="utf-8")
        result = subprocess.run(
            ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-norc", source.name],
            cwd=tmp, env=env, capture_output=True, text=True, timeout=300,
        )
        pdf = source.with_suffix(".pdf")
        if result.returncode != 0 or not pdf.exists():
            log = source.with_suffix(".log")
            text = log.read_text(errors="replace") if log.exists() else result.stdout + result.stderr
            lines = text.splitlines()
            errors = [line for line in lines if line.startswith("!") or line.startswith("l.")]
            raise CompileError("; ".join(errors[:4]) or "latexmk failed")
        return pdf.read_bytes()


def compile_pdfs(documents: dict[str, str]) -> dict[str, bytes]:
    """The PDF of each named document, compiled side by side (each latexmk is its own process)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(documents) or 1) as pool:
        pdfs = pool.map(lambda named: compile_pdf(named[1], named[0]), documents.items())
        return dict(zip(documents, pdfs))


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF that pdflatex wrote: the /Count of its page tree's root, which
    may sit in a compressed object stream."""
    import re
    import zlib

    texts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            texts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    counts = [int(count) for text in texts
              for tree in re.findall(rb"<<[^<>]*?/Type\s*/Pages\b[^<>]*>>", text)
              for count in re.findall(rb"/Count\s+(\d+)", tree)]
    if not counts:
        raise CompileError("the PDF has no page tree")
    return max(counts)
