"""Verdicts kept on disk between runs, keyed by a hash of the step and of the checker itself.

A rebuild with nothing changed re-checks nothing. The key covers the claim (both sides, relation,
conditions, instances, definitions, measurement), the checker's own source and the versions of
SymPy and mpmath, so any change to what is checked or to how it is checked misses the store. The
verdicts of hand-written formulas read back (see :mod:`dgmderive.checked`) are kept too, keyed by
the formula, the expression, the definitions and every source file of the package. Claims that use
functions whose behaviour lives in Python code outside SymPy (an operation counter, say) are never
stored: their source is not part of the key.

``DGMDERIVE_CACHE`` names the directory (default: ``~/.cache/dgmderive``); ``off`` disables it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import mpmath
import sympy

from dgmderive.derivation import Step
from dgmderive.verdict import Level, Verdict

_DUMMY_INDEX = re.compile(r", dummy_index=\d+")


def directory() -> Path | None:
    setting = os.environ.get("DGMDERIVE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    return Path(setting) if setting else Path.home() / ".cache" / "dgmderive"


def _fingerprint(sources: list[Path], *versions: str) -> str:
    digest = hashlib.sha256(" ".join(versions).encode())
    for source in sorted(sources):
        digest.update(source.read_bytes())
    return digest.hexdigest()


PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def _checker_fingerprint() -> str:
    return _fingerprint([*PACKAGE.glob("checking/*.py"), PACKAGE / "derivation.py", PACKAGE / "verdict.py"],
                        f"sympy {sympy.__version__}", f"mpmath {mpmath.__version__}")


@lru_cache(maxsize=1)
def _reader_fingerprint() -> str:
    """Reading a formula back involves the parser as well as the checker: every source file of the
    package, and the ANTLR runtime's version."""
    try:
        antlr = metadata.version("antlr4-python3-runtime")
    except metadata.PackageNotFoundError:
        antlr = "absent"  # then nothing parses, and the verdicts say so
    return _fingerprint(list(PACKAGE.rglob("*.py")), f"sympy {sympy.__version__}", f"mpmath {mpmath.__version__}",
                        f"antlr {antlr}")


def _storable(objects) -> bool:
    """False when something calls functions defined by Python code outside SymPy."""
    for obj in objects:
        if not isinstance(obj, sympy.Basic):
            return False
        for f in obj.atoms(sympy.Function):
            module = type(f).__module__ or ""
            if not module.startswith("sympy") and not isinstance(type(f), sympy.core.function.UndefinedFunction):
                return False
    return True


def _used(step: Step) -> list:
    """The definitions the step's resolution substitutes: those it names, and those their values
    name, in order; definitions it never reaches cannot change its verdict."""
    def names(obj) -> set:
        if not isinstance(obj, sympy.Basic):
            return set()
        calls = {type(f) for f in obj.atoms(sympy.core.function.AppliedUndef)}
        return obj.free_symbols | calls | obj.atoms(sympy.MatrixSymbol)

    wanted = names(step.lhs) | names(step.rhs) | names(sympy.Tuple(*step.given))
    used = []
    for name, value in reversed(step.where):
        if name in wanted:
            used.append((name, value))
            wanted |= names(value)
    return used[::-1]


@lru_cache(maxsize=4096, typed=True)  # typed: 1, 1.0 and Integer(1) are equal keys but print differently
def _srepr(obj) -> str:
    """``srepr``, once per object: the same definitions recur in the keys of many steps."""
    return sympy.srepr(obj)


@lru_cache(maxsize=4096)
def key(step: Step) -> str | None:
    used = _used(step)
    if not _storable([step.lhs, step.rhs, *(value for _, value in used)]):
        return None
    text = "|".join([_checker_fingerprint(), _srepr(step.lhs), step.rel, _srepr(step.rhs),
                     _srepr(sympy.Tuple(*step.given)), repr([[(_srepr(s), _srepr(v)) for s, v in i]
                                                              for i in step.instances]),
                     _definitions(used), step.measured])
    return _hashed(text)


def display_key(fragment: str, expr, where: tuple) -> str | None:
    """The key of reading ``fragment`` back against ``expr`` with the definitions ``where``."""
    if not _storable([expr, *(value for _, value in where)]):
        return None
    return _hashed("|".join([_reader_fingerprint(), "display", fragment, _srepr(expr), _definitions(where)]))


def _definitions(pairs) -> str:
    return repr([(_srepr(n) if isinstance(n, sympy.Basic) else str(n), _srepr(v)) for n, v in pairs])


def _hashed(text: str) -> str:
    return hashlib.sha256(_DUMMY_INDEX.sub("", text).encode()).hexdigest()


def load(step: Step) -> Verdict | None:
    folder = directory()
    return _read(folder, key(step)) if folder is not None else None


def save(step: Step, verdict: Verdict) -> None:
    folder = directory()
    if folder is not None:
        _write(folder, key(step), verdict)


def load_display(fragment: str, expr, where: tuple) -> Verdict | None:
    folder = directory()
    return _read(folder, display_key(fragment, expr, where)) if folder is not None else None


def save_display(fragment: str, expr, where: tuple, verdict: Verdict) -> None:
    folder = directory()
    if folder is not None:
        _write(folder, display_key(fragment, expr, where), verdict)


def _read(folder: Path, name: str | None) -> Verdict | None:
    if name is None:
        return None
    try:
        data = json.loads((folder / f"{name}.json").read_text())
    except (OSError, ValueError):
        return None
    return Verdict(Level(data["level"]), data["method"], data.get("evidence", ""),
                   tuple(tuple(pair) for pair in data.get("counterexample", [])), data.get("points", 0),
                   data.get("max_error", ""))


def _write(folder: Path, name: str | None, verdict: Verdict) -> None:
    if name is None:
        return
    data = dict(verdict.to_json(), counterexample=[list(pair) for pair in verdict.counterexample])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data))
        os.replace(tmp, folder / f"{name}.json")
    except OSError:
        return  # a store that cannot be written is only a slower rebuild
