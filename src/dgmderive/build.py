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


_tasks: list = []  # the parts that forked workers check, inherited from the parent process


def _check_part(part) -> tuple:
    """The verdicts of one part's steps and displays, and the seconds they took."""
    start = time.perf_counter()
    checked = CheckedDerivation.of(part)
    return checked.verdicts, checked.displays, time.perf_counter() - start


def _check_task(index: int) -> tuple:
    return (index, *_check_part(_tasks[index]))


def _in_workers(parts: list, workers: int):
    """(index, verdicts, displays, seconds) for every part, as the workers finish them (one part at a
    time, so that a slow part does not hold up a queue behind it)."""
    global _tasks
    _tasks = parts
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap_unordered(_check_task, range(len(parts)))
    finally:
        _tasks = []


def check_all(selected, say: Callable[[str], None], workers: int | None = None) -> list[CheckedQuestion]:
    """Check every selected part, in ``workers`` processes (default: one per core, where fork exists);
    the verdicts are the same either way, and this process remembers them."""
    parts = [part for _, question_parts in selected for part in question_parts]
    owner = [q for q, (_, question_parts) in enumerate(selected) for _ in question_parts]
    if workers is None:
        workers = min(os.cpu_count() or 1, len(parts))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        outcomes = _in_workers(parts, workers)
    else:
        outcomes = ((i, *_check_part(part)) for i, part in enumerate(parts))
    checked: dict[int, tuple] = {}
    results: dict[int, CheckedQuestion] = {}
    for index, verdicts, displays, seconds in outcomes:
        for step, verdict in zip(parts[index].steps, verdicts):
            remember(step, verdict)
        checked[index] = (CheckedDerivation(parts[index], verdicts, displays), seconds)
        q = owner[index]
        mine = [i for i, o in enumerate(owner) if o == q]
        if all(i in checked for i in mine):
            results[q] = CheckedQuestion(selected[q][0], [checked[i][0] for i in mine],
                                         sum(checked[i][1] for i in mine))
            say(results[q].summary())
    return [results[q] for q in sorted(results)]


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
