"""Verdicts kept on disk between runs, keyed by a hash of the step and of the checker itself.

A rebuild with nothing changed re-checks nothing. The key covers the claim (both sides, relation,
conditions, instances, definitions, measurement), the checker's own source and the versions of
SymPy and mpmath, so any change to what is checked or to how it is checked misses the store. The
verdicts of hand-written formulas read back (see :mod:`dgmderive.checked`) are kept too, keyed by
the formula, the expression, the definitions and every source file of the package. Claims that use
functions whose behaviour lives in Python code outside SymPy (an operation counter, say) are never
stored: their source is not part of the key. Nor is a verdict reached after a budget ran out:
a faster machine might have decided more.

Every entry is signed with a secret kept in the store's directory, and checked when it is read:
an entry that is malformed, unsigned, signed for another key, or that names an unknown level is
ignored, and the claim is checked again.

``DGMDERIVE_CACHE`` names the directory (default: ``~/.cache/dgmderive``); ``off`` disables it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import re
from dataclasses import replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import mpmath
import sympy

from dgmderive.checking.unknowns import python_calls
from dgmderive.derivation import Step
from dgmderive.verdict import Entry, Kind, Level, Verdict

_DUMMY_INDEX = re.compile(r", dummy_index=\d+")


def directory() -> Path | None:
    """Where verdicts are kept: ``DGMDERIVE_CACHE``, else ``$XDG_CACHE_HOME/dgmderive``, else
    ``~/.cache/dgmderive``; None (no store) when it is turned off, or when neither the cache
    variable nor HOME names a usable folder (never the filesystem's root), which is said once."""
    setting = os.environ.get("DGMDERIVE_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    cache = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(cache):
        return Path(cache) / "dgmderive"
    home = Path(os.environ.get("HOME", ""))
    if home.is_absolute() and home.resolve() != Path(home.anchor) and home.is_dir():
        return home / ".cache" / "dgmderive"
    _say_once("dgmderive: HOME names no usable folder, so the verdict store is off "
              "(set DGMDERIVE_CACHE to a folder to keep verdicts)")
    return None


@lru_cache(maxsize=None)
def _say_once(notice: str) -> None:
    print(notice, file=sys.stderr)


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
    return all(isinstance(obj, sympy.Basic) and not python_calls(obj) for obj in objects)


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
                     _definitions(used), step.measured, step.instance])
    return _hashed(text)


def display_key(fragment: str, expr, where: tuple) -> str | None:
    """The key of reading ``fragment`` back against ``expr`` with the definitions ``where``."""
    if not _storable([expr, *(value for _, value in where)]):
        return None
    return _hashed("|".join([_reader_fingerprint(), "display", fragment, _srepr(expr), _definitions(where)]))


def claim_key(lhs: str, rel: str, rhs: str, assume: tuple[str, ...]) -> str:
    """The key of a claim as ``dgmderive check`` is given it: its text, read by this very reader."""
    return _hashed("|".join([_reader_fingerprint(), "claim", lhs, rel, rhs, repr(tuple(assume))]))


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


def load_claim(lhs: str, rel: str, rhs: str, assume: tuple[str, ...]) -> tuple[str, Verdict] | None:
    """The claim as read and its verdict (with its notes), when ``check`` has met this text before."""
    folder = directory()
    body = _read_body(folder, claim_key(lhs, rel, rhs, assume)) if folder is not None else None
    if body is None or not isinstance(body.get("claim"), str):
        return None
    notes, verdict = body.get("notes", []), _verdict(body)
    if verdict is None or not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        return None
    return body["claim"], replace(verdict, notes=tuple(notes))


def save_claim(lhs: str, rel: str, rhs: str, assume: tuple[str, ...], claim: str, verdict: Verdict) -> None:
    folder = directory()
    if folder is not None:
        _write(folder, claim_key(lhs, rel, rhs, assume), verdict, claim=claim, notes=list(verdict.notes))


SECRET = "secret"  # the file in the store's directory that holds the signing key


def _secret(folder: Path, create: bool) -> bytes | None:
    """The store's signing key, made on first use (readable by its owner only)."""
    path = folder / SECRET
    try:
        return path.read_bytes()
    except OSError:
        if not create:
            return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(os.urandom(32))
        return path.read_bytes()
    except FileExistsError:  # another process made it first
        return path.read_bytes()
    except OSError:
        return None


def _signature(secret: bytes, name: str, body: str) -> str:
    return hmac.new(secret, f"{name}|{body}".encode(), hashlib.sha256).hexdigest()


def _verdict(data) -> Verdict | None:
    """The verdict an entry's body describes, or None unless every field has its expected form."""
    if not isinstance(data, dict) or data.get("level") not in {level.value for level in Level}:
        return None
    text = (data.get("method"), data.get("evidence", ""), data.get("max_error", ""))
    entries, points = data.get("counterexample", []), data.get("points", 0)
    kinds = {kind.value for kind in Kind}
    if not all(isinstance(t, str) for t in text) or not isinstance(points, int) or points < 0 \
            or not isinstance(entries, list) \
            or not all(isinstance(e, list) and len(e) == 3 and all(isinstance(s, str) for s in e) and e[2] in kinds
                       for e in entries):
        return None
    return Verdict(Level(data["level"]), text[0], text[1], tuple(Entry(n, v, Kind(k)) for n, v, k in entries),
                   points, text[2])


def _read(folder: Path, name: str | None) -> Verdict | None:
    body = _read_body(folder, name)
    return _verdict(body) if body is not None else None


def _read_body(folder: Path, name: str | None) -> dict | None:
    """An entry's body, when the entry is well formed and its signature matches."""
    if name is None:
        return None
    secret = _secret(folder, create=False)
    try:
        entry = json.loads((folder / f"{name}.json").read_text())
        body, signature = entry["body"], entry["signature"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if secret is None or not isinstance(body, str) or not isinstance(signature, str) \
            or not hmac.compare_digest(signature, _signature(secret, name, body)):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _write(folder: Path, name: str | None, verdict: Verdict, **extra) -> None:
    if name is None:
        return
    secret = _secret(folder, create=True)
    if secret is None:
        return
    body = json.dumps(dict(verdict.to_json(), counterexample=[[e.name, e.value, e.kind.value]
                                                            for e in verdict.counterexample], **extra))
    try:
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"body": body, "signature": _signature(secret, name, body)}))
        os.replace(tmp, folder / f"{name}.json")
    except OSError:
        return  # a store that cannot be written is only a slower rebuild
