"""Where question sets come from: a folder whose ``__init__.py`` lists ``QUESTIONS``, a .py file
with a ``QUESTION``, or the name of an importable module with either."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from dgmderive.derivation import Question


class SourceError(Exception):
    """A source that names no question set; the message says why in one line."""


def load_source(source: str) -> list[Question]:
    """The questions of ``source``, in the order it lists them."""
    path = Path(source)
    if path.is_dir():
        return _listed(_import_path(path / "__init__.py", package=True), source)
    if path.suffix == ".py":
        if not path.is_file():
            raise SourceError(f"{source}: no such file")
        return _questions(_import_path(path), source)
    try:
        module = importlib.import_module(source)
    except ImportError as error:
        raise SourceError(f"{source}: not a folder, a .py file or an importable module ({error})") from None
    return _questions(module, source)


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
