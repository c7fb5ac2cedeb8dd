"""What a notebook shows of a derivation: Markdown whose formulas MathJax 3 typesets without an
error (MathJax itself, under node, with every TeX package but the two that hide errors)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy

from dgmderive import Derivation, Words, verify
from dgmderive.questions import load_questions
from dgmderive.render.notebook import MATH, markdown

ROOT = Path(__file__).resolve().parent.parent
TYPESET = Path(__file__).resolve().parent / "mathjax" / "typeset.js"


def _mathjax_errors(texts: list[tuple[str, bool]]) -> list[str | None]:
    """MathJax's error for each (TeX, display) pair, or None. MathJax must be installed
    (`make test` installs it): a test that cannot run it fails."""
    node = shutil.which("node")
    assert node, "node is not installed: MathJax cannot run (see README)"
    assert (ROOT / "node_modules" / "mathjax-full").is_dir(), "mathjax-full is not installed: run `npm install`"
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in texts])
    done = subprocess.run([node, str(TYPESET)], input=payload, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _formulas(text: str) -> list[tuple[str, bool]]:
    """The formulas of a Markdown text as a notebook finds them: $$...$$ displayed, $...$ inline."""
    return [(m[2:-2], True) if m.startswith("$$") else (m[1:-1], False) for m in MATH.findall(text)]


def _prose(text: str) -> str:
    return MATH.sub("", text)


@pytest.fixture(scope="module")
def checked() -> list:
    return [verify(part) for question in load_questions() for part in question.derive()]


@pytest.fixture(scope="module")
def shown(checked) -> list[str]:
    """What a notebook shows of every part of the assignment."""
    return [part._repr_markdown_() for part in checked]


def test_every_part_renders_in_mathjax_without_an_error(checked, shown):
    formulas = [formula for text in shown for formula in _formulas(text)]
    errors = _mathjax_errors(formulas)
    failed = [(tex[:120], error) for (tex, _), error in zip(formulas, errors) if error]
    assert not failed and len(formulas) > 100
    for part, text in zip(checked, shown):  # every step with its verdict, every answer boxed
        marks = re.findall(r"\\textsf\{(PROVED|EXACT|NUMERIC)\}", text)
        assert marks == [v.level.value for v in part.verdicts]
        assert text.count(r"\boxed{") == len(part.derivation.answers)


def test_the_prose_of_a_notebook_holds_no_latex_commands(shown):
    left = {command for text in shown for command in re.findall(r"\\[A-Za-z]+", _prose(text))}
    assert not left


def test_mathjax_reports_what_a_notebook_cannot_render():
    errors = _mathjax_errors([(r"x \why{y}", False), (r"\frac{1}{", True), (r"\verdict{PROVED}", False),
                              (r"\begin{aligned} a &= b && \text{by $x$}\quad \textsf{PROVED} \end{aligned}", True)])
    assert [error is not None for error in errors] == [True, True, True, False]


def test_a_derivation_shows_its_steps_verdicts_and_answer():
    x = sympy.Symbol("x", real=True)
    d = Derivation("0.9", "A notebook", r"Show that $x^2 + 1$ is \emph{positive}.")
    step = d.positive(x**2 + 1, r"a square plus one, by \emph{positivity}")
    d.remark(r"Hence the claim~holds --- see \textbf{the answer}.")
    d.answer(step, Words("positive", because=step))
    text = verify(d)._repr_markdown_()
    assert r"x^{2} + 1 &> 0" in text and r"\textsf{PROVED}" in text and r"\boxed{x^{2} + 1 > 0" in text
    assert "*positive*" in text and "**the answer**" in text and "\u2014" in text
    assert not re.findall(r"\\[A-Za-z]+", _prose(text)) and all(e is None for e in _mathjax_errors(_formulas(text)))
    assert markdown(r"\emph{a} $\emph{b}$") == r"*a* $\emph{b}$"  # formulas are left to MathJax
