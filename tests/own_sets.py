"""A question set of a user's own, written to a folder outside the project, for the tests of the
command line and of the pytest plugin."""

from pathlib import Path

SCRIPT = '''
import sympy
from dgmderive import Derivation, Question, Words

x = sympy.Symbol("x", real=True)


def expand_square() -> Derivation:
    d = Derivation("1.1", "A square expanded")
    d.step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")
    return d


def positive() -> Derivation:
    d = Derivation("1.2", "A square plus one is positive")
    step = d.positive(x**2 + 1, "a square plus one")
    d.step(sympy.Float(0.25, 10), "<", sympy.Float(0.5, 10), "a measured ratio", measured="a toy measurement")
    d.answer(step, Words("positive", because=step))
    return d


QUESTION = Question("1", "Squares", (expand_square, positive))
'''


def write_set(root: Path, script: str = SCRIPT, name: str = "mysets", title: str = "") -> Path:
    """The folder ``root/name``: an ``__init__.py`` listing the one script, and the script."""
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text((f"TITLE = {title!r}\n" if title else "") + 'QUESTIONS = ["squares"]\n')
    (folder / "squares.py").write_text(script)
    return folder


DECLARED = '''
import sympy
from dgmderive import Derivation, Metadata, Question, part

x = sympy.Symbol("x", real=True)


@part("1.1", "A square expanded")
def expand_square(D: Derivation) -> None:
    D.step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")


@part("1.2", "A part whose script breaks")
def broken(D: Derivation) -> None:
    raise RuntimeError("this script breaks when it runs")


QUESTION = Question("1", "Squares", (expand_square, broken))
'''
