"""Where question sets come from: a folder whose ``__init__.py`` lists ``QUESTIONS``, a .py file
with a ``QUESTION``, or the name of an importable module with either. The set's module may also give
its ``METADATA`` (title, author, legend and preamble of the documents; a bare ``TITLE`` string
names the title alone) and its ``SUB_QUESTIONS`` (the ids its parts must answer)."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from dgmderive.derivation import Metadata, Question


BUNDLED = "dgmderive.assignment"  # the assignment's questions, built when no source is named


class SourceError(Exception):
    """A source that names no question set; the message says why in one line."""


@dataclass(frozen=True)
class QuestionSet:
    """A set of questions with what the documents need to know of it."""

    questions: tuple[Question, ...]
    metadata: Metadata = Metadata()
    sub_questions: tuple[str, ...] | None = None
    source: str = ""


def load_source(source: str | None = None) -> QuestionSet:
    """The question set of ``source`` (the bundled assignment when it is None), in its order."""
    source = source or BUNDLED
    path = Path(source)
    if path.is_dir():
        module = _import_path(path / "__init__.py", package=True)
        return _question_set(module, _listed(module, source), source)
    if path.suffix == ".py":
        if not path.is_file():
            raise SourceError(f"{source}: no such file")
        module = _import_path(path)
    else:
        try:
            module = importlib.import_module(source)
        except ImportError as error:
            raise SourceError(f"{source}: not a folder, a .py file or an importable module ({error})") from None
    return _question_set(module, _questions(module, source), source)


def _question_set(module: ModuleType, questions: list[Question], source: str) -> QuestionSet:
    listed = getattr(module, "SUB_QUESTIONS", None)
    return QuestionSet(tuple(questions), _metadata(module, source), tuple(listed) if listed is not None else None,
                       source)


def _metadata(module: ModuleType, source: str) -> Metadata:
    declared = getattr(module, "METADATA", None)
    if declared is None:
        return Metadata(title=str(getattr(module, "TITLE", "")))
    if not isinstance(declared, Metadata):
        raise SourceError(f"{source}: METADATA must be a dgmderive.Metadata, not {type(declared).__name__}")
    return declared


def _questions(module: ModuleType, source: str) -> list[Question]:
    if isinstance(getattr(module, "QUESTION", None), Question):
        return [module.QUESTION]
    return _listed(module, source)


def _listed(module: ModuleType, source: str) -> list[Question]:
    names = getattr(module, "QUESTIONS", None)
    if not isinstance(names, (list, tuple)) or not names:
        raise SourceError(f"{source}: lists no QUESTIONS and defines no QUESTION")
    questions = []
    for name in names:
        try:
            question = importlib.import_module(f"{module.__name__}.{name}").QUESTION
        except (ImportError, AttributeError) as error:
            raise SourceError(f"{source}: {name} gives no QUESTION ({error})") from None
        questions.append(question)
    return questions


def _import_path(path: Path, package: bool = False) -> ModuleType:
    """The module at ``path``, under a name of its own (so that two sets with files of the same
    name do not meet in ``sys.modules``); a folder is imported as a package, whose scripts import as
    its submodules."""
    if not path.is_file():
        raise SourceError(f"{path.parent if package else path}: no {path.name} there")
    resolved = path.resolve()
    stem = resolved.parent.name if package else resolved.stem
    name = f"{stem}_{hashlib.sha1(str(resolved).encode()).hexdigest()[:10]}"
    if name in sys.modules:
        return sys.modules[name]
    locations = [str(resolved.parent)] if package else None
    spec = importlib.util.spec_from_file_location(name, resolved, submodule_search_locations=locations)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # noqa: BLE001 - a script that cannot be imported is named in one line
        del sys.modules[name]
        raise SourceError(f"{path}: cannot be imported: {type(error).__name__}: {error}") from None
    return module
