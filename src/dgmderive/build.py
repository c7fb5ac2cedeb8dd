"""The pipeline: derive every question, check every step, render, and write the outputs."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dgmderive.checked import CheckedDerivation
from dgmderive.derivation import Derivation, Metadata, Question
from dgmderive.questions import BuildError, declared_id, nothing_called, question_set, run_part, wanted
from dgmderive.export import entry, render_answers
from dgmderive.files import check_output_folder, write_set
from dgmderive.latex.compile import (
    INSTALL_HINT,
    CompileError,
    compile_pdfs,
    have_latexmk,
)
from dgmderive.latex.document import record_document, sheet_document
from dgmderive.render.latex import record_latex, sheet_latex
from dgmderive.sources import QuestionSet
from dgmderive.verdict import Level, Verdict



def id_problems(results: list[QuestionResult], expected: tuple[str, ...] | None, only: list[str] | None) -> list[str]:
    """What is wrong with the parts' ids: one used twice, one not in the list of sub-questions (and
    not marked as beyond the assignment), or, in a whole build, a sub-question with no part."""
    ids = [part.id for r in results for part in r.parts if not part.id.endswith(".?")]
    problems = [f"two parts are called {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if expected is None:
        return problems
    extra = {part.id for r in results for part in r.parts if part.extra}
    problems += [f"the part {i} is not a sub-question of the assignment ({', '.join(expected)}) and is not marked "
                 "extra" for i in ids if i not in expected and i not in extra]
    if not only:
        problems += [f"no part answers the sub-question {i}" for i in expected if i not in ids]
    return problems


@dataclass(frozen=True)
class PartResult:
    """What checking one part yields for the outputs: plain strings and data, which a worker process
    can send back."""

    id: str
    sheet: str  # LaTeX of the students' sheet ("" for a part beyond the assignment)
    record: str  # LaTeX of the verification record
    entry: dict
    levels: tuple[str, ...]
    failures: tuple[str, ...]  # one line per refuted or unchecked step, or mismatched display
    seconds: float
    extra: bool = False  # a part beyond the assignment's sub-questions


def step_lines(checked: CheckedDerivation, keep: Callable[[Verdict], bool]) -> list[str]:
    """One line for each step whose verdict ``keep`` picks: part, number, reason, claim, verdict, and
    the counterexample where the verdict's text does not give it."""
    lines = []
    for number, (step, verdict) in enumerate(checked.pairs, start=1):
        if keep(verdict):
            line = f"{checked.derivation.id} step {number} ({step.why}): {step}: {verdict}"
            if verdict.counterexample and "counterexample" not in str(verdict):
                line += "; counterexample " + ", ".join(f"{k} = {v}" for k, v in verdict.counterexample)
            lines.append(line)
    return lines


def failure_lines(checked: CheckedDerivation) -> list[str]:
    lines = step_lines(checked, lambda verdict: not verdict.holds)
    for place, fragment, verdict in checked.display_failures:
        lines.append(f"{checked.derivation.id} {place}: the display '{fragment}' is not what was checked: {verdict}")
    lines += [f"{checked.derivation.id} answer: {problem}" for problem in checked.answer_failures]
    return lines


def part_result(part: Derivation) -> PartResult:
    start = time.perf_counter()
    checked = CheckedDerivation.of(part)
    return PartResult(part.id, "" if part.extra else sheet_latex(checked), record_latex(checked), entry(checked),
                      tuple(v.level.value for v in checked.verdicts), tuple(failure_lines(checked)),
                      time.perf_counter() - start, part.extra)


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


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
        return (f"Q{self.question.number:<3} {self.question.title}: {_counted(len(self.parts), 'part')}, "
                f"{_counted(sum(counts.values()), 'step')} ({shown}) in {seconds:.1f} s")


_work: dict = {}  # what forked workers need (the questions, the filter), inherited from the parent


def _broken(question: Question, problem: str) -> PartResult:
    return PartResult(f"{question.number}.?", "", "", {}, (), (problem,), 0.0)


def outcome(question: Question, j: int, only: list[str] | None) -> PartResult | None:
    """Derive part j of ``question`` under the scripts' budget and, when it is wanted, check and
    render it; a script that fails or runs past its budget gives a result that names it. A part
    that declares an unwanted id is not run."""
    declared = declared_id(question, j)
    if declared is not None and not wanted(question, declared, only):
        return None
    try:
        part = run_part(question, j)
    except BuildError as error:
        return _broken(question, str(error))
    if not wanted(question, part.id, only):
        return None
    try:
        return part_result(part)
    except Exception as error:  # noqa: BLE001 - a part that cannot be checked or rendered fails, naming itself
        return _broken(question, f"{part.id} could not be checked: {type(error).__name__}: {error}")


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to report, once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _task(task: tuple[int, int]) -> tuple:
    """In a worker: part j of question q (see :func:`outcome`)."""
    q, j = task
    return q, j, outcome(_work["questions"][q], j, _work["only"])


def _workers() -> int:
    """How many processes a build uses: ``DGMDERIVE_WORKERS``, else one per core."""
    try:
        return max(1, int(os.environ.get("DGMDERIVE_WORKERS", "")))
    except ValueError:
        return os.cpu_count() or 1


def check_all(questions: list[Question], only: list[str] | None, say: Callable[[str], None],
              workers: int | None = None) -> list[QuestionResult]:
    """Derive, check and render every wanted part: in ``workers`` processes (default: one per core,
    where fork exists), each taking one part at a time, or in this process."""
    tasks = [(q, j) for q, question in enumerate(questions) for j in range(len(question.parts))]
    if workers is None:
        workers = min(_workers(), len(tasks))
    with _rare_collections():
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _work.update(questions=questions, only=only)
            try:
                with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts) as pool:
                    outcomes = list(_announced(pool.imap_unordered(_task, tasks), questions, say))
            finally:
                _work.clear()
        else:
            outcomes = list(_announced(((q, j, outcome(questions[q], j, only)) for q, j in tasks), questions, say))
    found = {(q, j): result for q, j, result in outcomes if result is not None}
    if only and not found:
        raise nothing_called(only)
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


def _givens(question: Question) -> str:
    """The question's data, as declared once and used by its scripts."""
    if not question.givens:
        return ""
    return r"\textbf{Given:} " + "; ".join(g.text for g in question.givens) + "."


@dataclass(frozen=True)
class Outputs:
    """The documents of a build: the students' sheet and the verification record (LaTeX), and
    answers.json."""

    sheet: str
    record: str
    answers: str

    def files(self) -> dict[str, bytes]:
        return {"solutions.tex": self.sheet.encode(), "verification.tex": self.record.encode(),
                "answers.json": self.answers.encode()}


def render_outputs(results: list[QuestionResult], metadata: Metadata = Metadata(), source: str = "") -> Outputs:
    """The documents of checked questions, with what the question set says of itself."""
    sheet = sheet_document(metadata, [(r.heading, [_givens(r.question), *(p.sheet for p in r.parts)]) for r in results])
    record = record_document(metadata,
                             [(r.heading, [_givens(r.question), *(p.record for p in r.parts)]) for r in results])
    return Outputs(sheet, record, render_answers([p.entry for r in results for p in r.parts], metadata, source))


def build(out: Path, only: list[str] | None = None, pdf: bool = True,
          say: Callable[[str], None] = print, questions: list[Question] | None = None,
          workers: int | None = None, source: str | None = None) -> int:
    """Derive, check and write the students' sheet ``solutions.tex``, the verification record
    ``verification.tex``, ``answers.json``, and the PDF of both documents.

    The questions are those of ``source`` (a folder, a .py file or a module: see
    :func:`dgmderive.sources.load_source`; the bundled assignment by default), or ``questions``.
    Returns the exit status: 0 when every step holds and the files were written, 1 otherwise
    (and then nothing is written).
    """
    check_output_folder(out)
    chosen_set = QuestionSet(tuple(questions)) if questions is not None else question_set(source)
    results = check_all(list(chosen_set.questions), only, say, workers)
    failed = [line for r in results for p in r.parts for line in p.failures]
    failed += id_problems(results, chosen_set.sub_questions, only)
    failed += [problem for r in results for problem in r.question.given_problems()]
    if failed:
        for line in failed:
            say(f"FAILED {line}")
        say(f"{_counted(len(failed), 'failure')}; nothing was written")
        return 1
    outputs = render_outputs(results, chosen_set.metadata, chosen_set.source)
    files = outputs.files()
    if pdf and have_latexmk():
        try:
            pdfs = compile_pdfs({"solutions": outputs.sheet, "verification": outputs.record})
            files.update({f"{name}.pdf": pdf for name, pdf in pdfs.items()})
        except CompileError as error:
            say(f"pdflatex failed ({error}); nothing was written")
            return 1
    elif pdf:
        say(f"TeX is not installed, so no PDF was made; to make one: {INSTALL_HINT}")
    stale = ("solutions.pdf", "verification.pdf")  # of an earlier build, unless made anew
    write_set(out, files, stale)
    say("wrote " + ", ".join(str(out / name) for name in files))
    return 0
