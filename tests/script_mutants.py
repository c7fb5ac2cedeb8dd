"""Mutants of the derivation scripts themselves, and whether the build catches them.

A mutant changes one place of a script's source the way a slip of the pen would: a number one up
or down, + for - (and back), * for /, a comparison or a step's relation flipped or made (non-)strict,
a unary minus dropped. It is killed when building its question fails (a step refuted or unchecked,
an answer not traced to a checked step, a script that breaks or loops); it is equivalent when the
question builds to exactly the same outputs as the original.
"""

from __future__ import annotations

import ast
import importlib
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "derivations"

RELATIONS = {"=": "!=", "!=": "=", "<": "<=", "<=": "<", ">": ">=", ">=": ">"}
OPERATORS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
COMPARISONS = {ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}


@dataclass(frozen=True)
class Mutant:
    module: str  # dgmderive.assignment.q6_gan_dynamics
    line: int
    description: str
    source: str


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body and \
                isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            found.add(id(node.body[0].value))
    return found


def _changes(node: ast.AST, docstrings: set[int]) -> list[tuple[str, object]]:
    """The ways to mutate ``node``: (description, the replacement node)."""
    if isinstance(node, ast.Constant) and id(node) not in docstrings:
        value = node.value
        if isinstance(value, bool) or value is None:
            return []
        if isinstance(value, (int, float)):
            return [(f"{value!r} -> {value + 1!r}", ast.Constant(value + 1)),
                    (f"{value!r} -> {value - 1!r}", ast.Constant(value - 1))]
        if isinstance(value, str) and value in RELATIONS:
            return [(f"relation {value!r} -> {RELATIONS[value]!r}", ast.Constant(RELATIONS[value]))]
        return []
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        new = OPERATORS[type(node.op)]
        return [(f"{type(node.op).__name__} -> {new.__name__}", ast.BinOp(node.left, new(), node.right))]
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARISONS:
        new = COMPARISONS[type(node.ops[0])]
        return [(f"{type(node.ops[0]).__name__} -> {new.__name__}", ast.Compare(node.left, [new()], node.comparators))]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return [("unary minus dropped", node.operand)]
    return []


class _Replace(ast.NodeTransformer):
    """Replaces one node (by identity) of a tree."""

    def __init__(self, target: ast.AST, replacement: ast.AST):
        self.target, self.replacement = target, replacement

    def visit(self, node):
        if node is self.target:
            return ast.copy_location(self.replacement, node)
        return super().visit(node)


def _sites(tree: ast.AST) -> list[tuple[ast.AST, tuple[str, ast.AST]]]:
    """The places to mutate, outside docstrings and outside the ``if __name__ == "__main__"`` block
    (which only runs the script by hand)."""
    docstrings = _docstrings(tree)
    guards = [node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)]
    skipped = {id(n) for guard in guards for n in ast.walk(guard)}
    return [(node, change) for node in ast.walk(tree) if id(node) not in skipped
            for change in _changes(node, docstrings)]


def mutants(module: str) -> Iterator[Mutant]:
    """Every mutant of one script, in the order of ``ast.walk``; each is made on a fresh parse, at
    the site with the same index (the walk's order is deterministic)."""
    text = original(module)
    for k, (node, (description, _)) in enumerate(_sites(ast.parse(text))):
        tree = ast.parse(text)
        target, (_, replacement) = _sites(tree)[k]
        source = ast.unparse(ast.fix_missing_locations(_Replace(target, replacement).visit(tree)))
        yield Mutant(module, getattr(node, "lineno", 0), description, source)


def load(module: str, source: str) -> types.ModuleType:
    """The module compiled from ``source``, standing in for the script under its own name."""
    compiled = types.ModuleType(module)
    compiled.__file__ = str(SCRIPTS / f"{module.split('.')[-1]}.py")
    sys.modules[module] = compiled
    try:
        exec(compile(source, compiled.__file__, "exec"), compiled.__dict__)  # noqa: S102 - our own scripts
    finally:
        sys.modules.pop(module, None)
    return compiled


def outputs(module: str, source: str) -> tuple[bool, str]:
    """(whether the question builds, what it builds to): the parts' failures decide the first; the
    rendered parts and their answers.json entries make the second."""
    from dgmderive.build import outcome

    try:
        question = load(module, source).QUESTION
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a script that no longer loads is caught
        return False, f"{type(error).__name__}: {error}"
    results = [outcome(question, j, None) for j in range(len(question.parts))]
    if any(r is None or r.failures for r in results):
        return False, ""
    ids = [r.id for r in results]
    if len(set(ids)) != len(ids) or question.given_problems():
        return False, ""
    return True, repr([(r.id, r.sheet, r.record, r.entry) for r in results])


def original(module: str) -> str:
    return (SCRIPTS / f"{module.split('.')[-1]}.py").read_text()


def judge(mutant: Mutant, reference: str) -> str:
    """"killed", "equivalent" (builds to the same outputs) or "survived"."""
    builds, produced = outputs(mutant.module, mutant.source)
    if not builds:
        return "killed"
    return "equivalent" if produced == reference else "survived"


def modules() -> list[str]:
    package = importlib.import_module("dgmderive.assignment")
    return [f"dgmderive.assignment.{name}" for name in package.QUESTIONS]
