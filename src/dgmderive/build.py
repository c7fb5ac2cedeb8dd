"""The pipeline: derive every question, check every step, render, and write the outputs."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dgmderive.checked import CheckedDerivation
from dgmderive.checking.cascade import remember
from dgmderive.derivation import Question
from dgmderive.export import render_answers
from dgmderive.files import write_all
from dgmderive.latex.compile import INSTALL_HINT, CompileError, compile_pdf, have_latexmk
from dgmderive.latex.sheet import render_sheet
from dgmderive.verdict import Level

TITLE = "Deep generative models: solutions, checked step by step"


class BuildError(Exception):
    """The build cannot go on; the message says why in one line."""


def load_questions(package: str = "derivations") -> list[Question]:
    """The questions that the derivation package lists, in order."""
    module = importlib.import_module(package)
    return [importlib.import_module(f"{package}.{name}").QUESTION for name in module.QUESTIONS]


def select(questions: list[Question], only: list[str] | None) -> list[tuple[Question, list]]:
    """Derive each question and keep the parts named by ``only`` (``"6"`` or ``"6.3"``)."""
    chosen = []
    for question in questions:
        parts = question.derive()
        if only:
            parts = [p for p in parts if p.id in only or question.number in only]
        if parts:
            chosen.append((question, parts))
    if only and not chosen:
        raise BuildError(f"no question or part is called {', '.join(only)} (see `dgmderive list`)")
    return chosen


@dataclass(frozen=True)
class CheckedQuestion:
    question: Question
    parts: list[CheckedDerivation]
    seconds: float

    @property
    def heading(self) -> str:
        return f"Question {self.question.number}: {self.question.title}"

    def summary(self) -> str:
        counts = Counter(v.level for part in self.parts for v in part.verdicts)
        shown = ", ".join(f"{counts[level]} {level.value}" for level in Level if counts[level])
        steps = sum(counts.values())
        return (f"Q{self.question.number:<3} {self.question.title}: {len(self.parts)} parts, "
                f"{steps} steps ({shown}) in {self.seconds:.1f} s")


_selected: list = []  # what forked workers check, inherited from the parent process


def _check_parts(parts) -> tuple[list, float]:
    """The verdicts (of steps and of displays) of every part, and the seconds it took."""
    start = time.perf_counter()
    checked = [CheckedDerivation.of(p) for p in parts]
    return [(c.verdicts, c.displays) for c in checked], time.perf_counter() - start


def _check_selected(index: int):
    """In a worker: the verdicts of every part of one selected question."""
    return (index, *_check_parts(_selected[index][1]))


def _in_workers(selected, workers: int):
    """(index, verdicts per part, seconds) for every question, as the workers finish them."""
    global _selected
    _selected = selected
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap_unordered(_check_selected, range(len(selected)))
    finally:
        _selected = []


def check_all(selected, say: Callable[[str], None], workers: int | None = None) -> list[CheckedQuestion]:
    """Check every selected part, in ``workers`` processes (default: one per core, where fork exists);
    the verdicts are the same either way, and this process remembers them."""
    if workers is None:
        workers = min(os.cpu_count() or 1, len(selected))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        outcomes = _in_workers(selected, workers)
    else:
        outcomes = ((i, *_check_parts(parts)) for i, (_, parts) in enumerate(selected))
    results: dict[int, CheckedQuestion] = {}
    for index, verdicts, seconds in outcomes:
        question, parts = selected[index]
        checked = []
        for part, (part_verdicts, displays) in zip(parts, verdicts):
            for step, verdict in zip(part.steps, part_verdicts):
                remember(step, verdict)
            checked.append(CheckedDerivation(part, part_verdicts, displays))
        results[index] = CheckedQuestion(question, checked, seconds)
        say(results[index].summary())
    return [results[i] for i in sorted(results)]


def failures(results: list[CheckedQuestion]) -> list[str]:
    """One line per refuted or unchecked step, naming it."""
    lines = []
    for result in results:
        for part in result.parts:
            for number, (step, verdict) in enumerate(part.pairs, start=1):
                if not verdict.holds:
                    line = f"{part.derivation.id} step {number} ({step.why}): {step}: {verdict}"
                    if verdict.counterexample:
                        line += "; counterexample " + ", ".join(f"{k} = {v}" for k, v in verdict.counterexample)
                    lines.append(line)
            for fragment, verdict in part.display_failures:
                lines.append(f"{part.derivation.id} answer: the display {fragment!r} is not what was checked: {verdict}")
    return lines


def build(out: Path, only: list[str] | None = None, pdf: bool = True,
          say: Callable[[str], None] = print, questions: list[Question] | None = None,
          workers: int | None = None) -> int:
    """Derive, check and write ``solutions.tex``, ``answers.json`` and ``solutions.pdf``.

    Returns the exit status: 0 when every step holds and the files were written, 1 otherwise
    (and then nothing is written).
    """
    results = check_all(select(questions if questions is not None else load_questions(), only), say, workers)
    failed = failures(results)
    if failed:
        for line in failed:
            say(f"FAILED {line}")
        say(f"{len(failed)} step(s) failed; nothing was written")
        return 1
    tex = render_sheet(TITLE, [(r.heading, r.parts) for r in results])
    answers = render_answers([p for r in results for p in r.parts])
    files = {out / "solutions.tex": tex.encode(), out / "answers.json": answers.encode()}
    if pdf and have_latexmk():
        try:
            files[out / "solutions.pdf"] = compile_pdf(tex)
        except CompileError as error:
            say(f"pdflatex failed ({error}); nothing was written")
            return 1
    elif pdf:
        say(f"TeX is not installed, so no PDF was made; to make one: {INSTALL_HINT}")
    write_all(files)
    say("wrote " + ", ".join(str(p) for p in files))
    return 0
