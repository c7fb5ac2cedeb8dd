"""The pipeline: derive every question, check every step, render, and write the outputs."""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dgmderive.checked import CheckedDerivation
from dgmderive.derivation import Derivation, Question
from dgmderive.export import entry, render_answers
from dgmderive.files import write_all
from dgmderive.latex.compile import (
    INSTALL_HINT,
    CompileError,
    compile_pdf,
    have_latexmk,
)
from dgmderive.latex.render import render_derivation
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
        parts = [part for part in question.derive() if _wanted(question, part, only)]
        if parts:
            chosen.append((question, parts))
    if only and not chosen:
        raise _nothing_called(only)
    return chosen


def _nothing_called(only: list[str]) -> BuildError:
    return BuildError(f"no question or part is called {', '.join(only)} (see `dgmderive list`)")


@dataclass(frozen=True)
class PartResult:
    """What checking one part yields for the outputs: plain strings and data, which a worker process
    can send back."""

    id: str
    tex: str
    entry: dict
    levels: tuple[str, ...]
    failures: tuple[str, ...]  # one line per refuted or unchecked step, or mismatched display
    seconds: float


def failure_lines(checked: CheckedDerivation) -> list[str]:
    lines = []
    for number, (step, verdict) in enumerate(checked.pairs, start=1):
        if not verdict.holds:
            line = f"{checked.derivation.id} step {number} ({step.why}): {step}: {verdict}"
            if verdict.counterexample and "counterexample" not in str(verdict):
                line += "; counterexample " + ", ".join(f"{k} = {v}" for k, v in verdict.counterexample)
            lines.append(line)
    for place, fragment, verdict in checked.display_failures:
        lines.append(f"{checked.derivation.id} {place}: the display {fragment!r} is not what was checked: {verdict}")
    return lines


def part_result(part: Derivation) -> PartResult:
    start = time.perf_counter()
    checked = CheckedDerivation.of(part)
    return PartResult(part.id, render_derivation(checked), entry(checked),
                      tuple(v.level.value for v in checked.verdicts), tuple(failure_lines(checked)),
                      time.perf_counter() - start)


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    parts: list[PartResult]

    @property
    def heading(self) -> str:
        return f"Question {self.question.number}: {self.question.title}"

    def summary(self) -> str:
        counts = Counter(level for part in self.parts for level in part.levels)
        shown = ", ".join(f"{counts[level.value]} {level.value}" for level in Level if counts[level.value])
        seconds = sum(part.seconds for part in self.parts)
        return (f"Q{self.question.number:<3} {self.question.title}: {len(self.parts)} parts, "
                f"{sum(counts.values())} steps ({shown}) in {seconds:.1f} s")


def _wanted(question: Question, part: Derivation, only: list[str] | None) -> bool:
    return not only or part.id in only or question.number in only


_work: dict = {}  # what forked workers need (the questions, the filter), inherited from the parent


def _task(task: tuple[int, int]) -> tuple:
    """In a worker: derive part j of question q and, when it is wanted, check and render it."""
    q, j = task
    question = _work["questions"][q]
    part = question.parts[j]()
    return q, j, part_result(part) if _wanted(question, part, _work["only"]) else None


def check_all(questions: list[Question], only: list[str] | None, say: Callable[[str], None],
              workers: int | None = None) -> list[QuestionResult]:
    """Derive, check and render every wanted part: in ``workers`` processes (default: one per core,
    where fork exists), each taking one part at a time, or in this process."""
    tasks = [(q, j) for q, question in enumerate(questions) for j in range(len(question.parts))]
    if workers is None:
        workers = min(os.cpu_count() or 1, len(tasks))
    with _rare_collections():
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _work.update(questions=questions, only=only)
            try:
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    outcomes = list(_announced(pool.imap_unordered(_task, tasks), questions, say))
            finally:
                _work.clear()
        else:
            outcomes = list(_announced(((q, j, part_result(part) if _wanted(question, part, only) else None)
                                        for q, question in enumerate(questions)
                                        for j, part in enumerate(question.derive())), questions, say))
    found = {(q, j): result for q, j, result in outcomes if result is not None}
    if only and not found:
        raise _nothing_called(only)
    return [QuestionResult(question, [found[q, j] for j in range(len(question.parts)) if (q, j) in found])
            for q, question in enumerate(questions) if any(key[0] == q for key in found)]


GC_THRESHOLDS = (50_000, 20, 20)  # Python's default (700, 10, 10) scans SymPy's many short-lived objects


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Fewer cyclic garbage collections while checking (about 4 % of the time at the default
    thresholds; SymPy's objects seldom form cycles). Forked workers inherit the setting, and the
    objects that exist already (modules, the questions) are frozen out of every collection."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def _announced(outcomes, questions: list[Question], say: Callable[[str], None]):
    """The outcomes, passed on; a progress line for each question as soon as its parts are all in."""
    pending = {q: len(question.parts) for q, question in enumerate(questions)}
    parts: dict[int, list] = {q: [] for q in pending}
    for outcome in outcomes:
        q, _, result = outcome
        pending[q] -= 1
        if result is not None:
            parts[q].append(result)
        if pending[q] == 0 and parts[q]:
            say(QuestionResult(questions[q], parts[q]).summary())
        yield outcome


def render_outputs(results: list[QuestionResult]) -> tuple[str, str]:
    """The sheet (LaTeX) and answers.json of checked questions."""
    tex = render_sheet(TITLE, [(r.heading, [p.tex for p in r.parts]) for r in results])
    return tex, render_answers([p.entry for r in results for p in r.parts])


def build(out: Path, only: list[str] | None = None, pdf: bool = True,
          say: Callable[[str], None] = print, questions: list[Question] | None = None,
          workers: int | None = None) -> int:
    """Derive, check and write ``solutions.tex``, ``answers.json`` and ``solutions.pdf``.

    Returns the exit status: 0 when every step holds and the files were written, 1 otherwise
    (and then nothing is written).
    """
    results = check_all(questions if questions is not None else load_questions(), only, say, workers)
    failed = [line for r in results for p in r.parts for line in p.failures]
    if failed:
        for line in failed:
            say(f"FAILED {line}")
        say(f"{len(failed)} step(s) failed; nothing was written")
        return 1
    tex, answers = render_outputs(results)
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
