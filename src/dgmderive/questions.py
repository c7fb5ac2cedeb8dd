"""The parts of a question set: loaded from their source, listed as they declare themselves, and
derived (run) one at a time under the scripts' CPU budget, each failure named in one line.

Only the scripts run here, never the checker: ``dgmderive list`` and ``show`` start from this.
"""

from __future__ import annotations

from dgmderive.derivation import Derivation, Part, Question
from dgmderive.errors import BuildError
from dgmderive.sources import QuestionSet, SourceError, load_source


SCRIPT_SECONDS = 60.0  # the CPU budget of one part's script (scaled like every budget)


def load_questions(source: str | None = None) -> list[Question]:
    """The questions of a source (see :func:`dgmderive.sources.load_source`; the bundled assignment
    by default), in order."""
    return list(question_set(source).questions)


def question_set(source: str | None) -> QuestionSet:
    try:
        return load_source(source)
    except SourceError as error:
        raise BuildError(str(error)) from None


def run_part(question: Question, j: int) -> Derivation:
    """Part j of the question, derived under the scripts' CPU budget; a script that fails or runs
    past it is a BuildError that names it."""
    from dgmderive.checking.budget import OutOfTime, can_interrupt, cpu_budget

    declared = question.parts[j]
    name = f"part {declared.id}" if isinstance(declared, Part) else getattr(declared, "__name__", f"part {j + 1}")
    try:
        if not can_interrupt():
            return question.parts[j]()
        with cpu_budget(SCRIPT_SECONDS):
            return question.parts[j]()
    except OutOfTime:
        raise BuildError(f"question {question.number}, {name}: the script ran past its budget of "
                         f"{SCRIPT_SECONDS:.0f} CPU seconds") from None
    except Exception as error:  # noqa: BLE001 - whatever a script raises is reported in one line
        raise BuildError(f"question {question.number}, {name}: the script failed: "
                         f"{type(error).__name__}: {error}") from None


def contents(question: Question) -> list[tuple[str, str]]:
    """The id and title of each part: as declared, or, for a part that declares none, by running it."""
    return [(part.id, part.title) if isinstance(part, Part) else (lambda d: (d.id, d.title))(run_part(question, j))
            for j, part in enumerate(question.parts)]


def derived(question: Question) -> list[Derivation]:
    """The question's parts (see :func:`_script`)."""
    return [run_part(question, j) for j in range(len(question.parts))]


def select(questions: list[Question], only: list[str] | None) -> list[tuple[Question, list]]:
    """Derive each question and keep the parts named by ``only`` (``"6"`` or ``"6.3"``)."""
    chosen = []
    for question in questions:
        runs = [j for j in range(len(question.parts))
                if (declared := declared_id(question, j)) is None or wanted(question, declared, only)]
        parts = [part for part in (run_part(question, j) for j in runs) if wanted(question, part.id, only)]
        if parts:
            chosen.append((question, parts))
    if only and not chosen:
        raise nothing_called(only)
    return chosen


def nothing_called(only: list[str]) -> BuildError:
    return BuildError(f"no question or part is called {', '.join(only)} (see `dgmderive list`)")


def wanted(question: Question, part_id: str, only: list[str] | None) -> bool:
    """Whether ``only`` names the part or its question (``6``, ``Q6`` and ``q6`` name question 6)."""
    if not only:
        return True
    named = {name[1:] if name[:1] in "Qq" else name for name in only}
    return part_id in named or question.number in named


def declared_id(question: Question, j: int) -> str | None:
    """The id that part j declares where it is defined (see :func:`dgmderive.derivation.part`), or
    None when it must run to say."""
    part = question.parts[j]
    return part.id if isinstance(part, Part) else None
