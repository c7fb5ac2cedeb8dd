"""Verdicts kept on disk between runs, keyed by a hash of the step and of the checker itself.

A rebuild with nothing changed re-checks nothing. The key covers the claim (both sides, relation,
conditions, instances, definitions, measurement), the checker's own source and the versions of
SymPy and mpmath, so any change to what is checked or to how it is checked misses the store. Steps
that use functions whose behaviour lives in Python code outside SymPy (an operation counter, say)
are never stored: their source is not part of the key.

``DGMDERIVE_CACHE`` names the directory (default: ``~/.cache/dgmderive``); ``off`` disables it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
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


@lru_cache(maxsize=1)
def _checker_fingerprint() -> str:
    digest = hashlib.sha256(f"sympy {sympy.__version__} mpmath {mpmath.__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for source in sorted([*package.glob("checking/*.py"), package / "derivation.py", package / "verdict.py"]):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _storable(step: Step, used: list) -> bool:
    """False when the claim calls functions defined by Python code outside SymPy."""
    for obj in (step.lhs, step.rhs, *(value for _, value in used)):
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
    if not _storable(step, used):
        return None
    text = "|".join([_checker_fingerprint(), _srepr(step.lhs), step.rel, _srepr(step.rhs),
                     _srepr(sympy.Tuple(*step.given)), repr([[(_srepr(s), _srepr(v)) for s, v in i]
                                                              for i in step.instances]),
                     repr([(_srepr(n) if isinstance(n, sympy.Basic) else str(n), _srepr(v)) for n, v in used]),
                     step.measured])
    return hashlib.sha256(_DUMMY_INDEX.sub("", text).encode()).hexdigest()


def load(step: Step) -> Verdict | None:
    folder = directory()
    name = key(step) if folder is not None else None
    if name is None:
        return None
    try:
        data = json.loads((folder / f"{name}.json").read_text())
    except (OSError, ValueError):
        return None
    return Verdict(Level(data["level"]), data["method"], data.get("evidence", ""),
                   tuple(tuple(pair) for pair in data.get("counterexample", [])), data.get("points", 0),
                   data.get("max_error", ""))


def save(step: Step, verdict: Verdict) -> None:
    folder = directory()
    name = key(step) if folder is not None else None
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
