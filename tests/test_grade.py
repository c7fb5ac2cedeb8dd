"""`grade`: chains found in LaTeX and Markdown, each link checked, the first failure reported."""

from pathlib import Path

from dgmderive.cli import main
from dgmderive.grade import grade_text, report, split_chain

RIGHT_AND_WRONG = r"""
Some prose with $x$ inline, which is not a display.
$$ (a+b)^2 = a^2 + 2ab + b^2 \le 2a^2 + 2b^2 $$
\begin{align}
\frac{d}{dx} e^{2x} &= 2 e^{2x} \\
  &= 2 e^{x} e^{x} \nonumber
\end{align}
\[ \log(x y) = \log x + \log y = \log(x + y) \]
$$ (1 - t)^2 = 1 - 2t + t^2 = 1 + 2t + t^2 $$
$$ \frac{1}{\sqrt{2\pi}} = \frac{1}{2\pi} \quad \text{and} \quad \int_0^1 x \, dx = \frac12 $$
$$ \mathbb{E}_q[\log p] = \mathcal{L} $$
$$ \begin{bmatrix} x_1 \\ y_1 \end{bmatrix} = \begin{bmatrix} 1, 2 \\ 3, 4 \end{bmatrix} \begin{bmatrix} x \\ y \end{bmatrix} = \begin{bmatrix} x + 2y \\ 3x + 4y \end{bmatrix} = \begin{bmatrix} x + 2y, & 3x + 4y \end{bmatrix} $$
"""


def test_split_chain_outside_braces():
    parts, rels = split_chain(r"\frac{a}{b=c} = d \leq e \left(f\right) \ge g")
    assert rels == ["=", "<=", ">="] and parts[0] == r"\frac{a}{b=c}"


def test_grading_finds_the_wrong_links():
    results = grade_text(RIGHT_AND_WRONG, ("x>0", "y>0"))
    failures = [(c.line, c.links.index(c.first_failure) + 1) for c in results if c.first_failure]
    # log(xy) = log x + log y holds, = log(x+y) does not; the sign; the normalising constant; and a
    # matrix product written as a row (its first link defines x_1, y_1 and is not a claim)
    assert [f[1] for f in failures] == [2, 2, 1, 2]
    statuses = [link.status for c in results for link in c.links]
    assert statuses.count("holds") == 7 and statuses.count("unparsed") == 1
    lines = report(results)
    assert lines[-1].startswith("summary:") and "4 refuted" in lines[-1] and "1 unparsed" in lines[-1]


def test_a_display_that_opens_with_a_relation_continues_the_chain():
    text = "$$ (a+b)^2 = a^2 + 2ab + b^2 $$\nsome words\n$$ = (a - b)^2 + 4ab $$\n$$ = a^2 + b^2 $$"
    results = grade_text(text)
    assert [len(c.links) for c in results] == [1, 1, 1]
    assert [link.status for c in results for link in c.links] == ["holds", "holds", "refuted"]
    assert results[2].links[0].left == "(a - b)^2 + 4ab"


def test_grade_command(tmp_path, capsys):
    answers = tmp_path / "answers.md"
    answers.write_text(RIGHT_AND_WRONG)
    assert main(["grade", str(answers), "--assume", "x>0", "--assume", "y>0"]) == 1
    assert "first failing link 2" in capsys.readouterr().out
    good = tmp_path / "good.tex"
    good.write_text(r"\[ (a+b)^2 = a^2 + 2ab + b^2 \]")
    assert main(["grade", str(good)]) == 0
    assert main(["grade", str(tmp_path / "missing.tex")]) == 2
    assert capsys.readouterr().err.startswith("dgmderive: cannot read")


def test_the_student_answers_are_graded_and_the_wrong_matrix_product_found(capsys):
    sheet = Path(__file__).resolve().parents[2] / "shared" / "assignment" / "assignment-and-student-answers.md"
    if not sheet.exists():
        return
    assert main(["grade", str(sheet)]) == 1
    out = capsys.readouterr().out
    assert "summary:" in out
    assert "shapes (2, 1) and (2, 2) differ" in out  # Answer 6.1: A (d_k, g_k) written as a 2x2 matrix
