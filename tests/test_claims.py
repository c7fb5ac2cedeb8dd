"""`check` in the Python API and on the command line: verdicts, readings, exit codes, and hostile input."""

import pytest

import sympy

from dgmderive import Level, check
from dgmderive.claims import claim_step, claim_steps
from dgmderive.cli import main
from dgmderive.parse import ParseError


@pytest.mark.parametrize("lhs, rhs, rel, assume, level", [
    (r"\log(e^{x})", "x", "=", [], Level.PROVED),
    (r"\sqrt{\sigma^2}", r"\sigma", "=", ["sigma>0"], Level.PROVED),
    (r"\sqrt{\sigma^2}", r"\sigma", "=", [], Level.REFUTED),          # sigma may be negative
    (r"\sum_{k=1}^{n} k", r"\frac{n(n+1)}{2}", "=", ["n integer", "n>0"], Level.PROVED),
    (r"\frac{d}{dx} x^3", "3x^2", "=", [], Level.PROVED),
    (r"\alpha^2(\alpha^2 - 4)", "0", "<", ["alpha>0", "alpha<2"], Level.PROVED),
    (r"\frac{1}{\sqrt{2\pi}}", r"\frac{1}{2\pi}", "=", [], Level.REFUTED),   # a normalising constant
    ("(1-x)^2", "1 - 2x + x^2", "=", [], Level.PROVED),
    ("(1-x)^2", "1 + 2x + x^2", "=", [], Level.REFUTED),                    # a sign
    ("1 + x^2", "0", ">=", [], Level.PROVED),
    ("x^2", "0", ">", [], Level.REFUTED),                                 # fails at x = 0, which is tried
    # determinants
    (r"\det(\begin{pmatrix}2&0\\0&2\end{pmatrix})", "4", "=", [], Level.PROVED),
    (r"\det\begin{pmatrix}2&0\\0&2\end{pmatrix}", "2", "=", [], Level.REFUTED),
    (r"\operatorname{det}\begin{pmatrix}a&b\\c&d\end{pmatrix}", "ad - bc", "=", [], Level.PROVED),
    (r"\mathrm{det}(\begin{pmatrix}a&b\\c&d\end{pmatrix})", "ad + bc", "=", [], Level.REFUTED),
    # a letter before a bracket, read with both sides together
    ("a(b+c)", "ab+ac", "=", [], Level.PROVED),
    ("a(b+c)", "ab+bc", "=", [], Level.REFUTED),
    ("a(b+c)", "ab+ac", "=", ["a function"], Level.REFUTED),              # declared a function
    (r"\pi(1+x)", r"\pi + \pi x", "=", [], Level.PROVED),
    ("x(1+y)", "x + xy", "=", [], Level.PROVED),
    ("f(x+1)", "f(x) + f(1)", "=", [], Level.REFUTED),                    # f is a function
    (r"\sum_{k=1}^n k(k+1)", "n(n+1)(n+2)/3", "=", ["n integer", "n>0"], Level.PROVED),
    (r"\sum_{k=1}^n k(k+1)", "n(n+1)(n+2)/2", "=", ["n integer", "n>0"], Level.REFUTED),
    (r"\sum_{k=1}^{n} \frac{1}{k(k+1)}", r"1 - \frac{1}{n+1}", "=", ["n integer", "n>=0"], Level.PROVED),
    (r"\sum_{k=1}^{n} \frac{1}{k(k+1)}", r"1 - \frac{1}{n}", "=", ["n integer", "n>0"], Level.REFUTED),
    # members of a family outside its sum
    (r"\sum_{k=1}^{3} x_k", "x_1 + x_2 + x_3", "=", [], Level.PROVED),
    (r"\sum_{k=1}^{3} x_k", "x_1 + x_2", "=", [], Level.REFUTED),
    (r"\prod_{k=1}^{2} x_k", "x_{1} x_{2}", "=", [], Level.PROVED),
    # an unbracketed logarithm of a product
    (r"\log \frac{1}{K}\sum_{i=1}^K w_i", r"\log \sum_{i=1}^K w_i - \log K", "=", ["K>0", "w>0"], Level.PROVED),
    (r"\log \frac{1}{3}\sum_{i=1}^3 w_i", r"\frac{1}{3} \log \sum_{i=1}^3 w_i", "=", ["w>0"], Level.REFUTED),
    (r"\log 2x", r"\log 2 + \log x", "=", ["x>0"], Level.PROVED),
    (r"\log 2x", r"2 \log x", "=", ["x>0"], Level.REFUTED),
    # decimals are exact
    ("0.1 + 0.2", "0.3", "=", [], Level.PROVED),
    ("0.1 + 0.2", "0.30000000000000004", "=", [], Level.REFUTED),
    ("x", "0.5", "<=", ["x>0.5"], Level.REFUTED),
    ("2x", "1", ">", ["x>0.5"], Level.PROVED),
])
def test_check_claims(lhs, rhs, rel, assume, level):
    assert check(lhs, rhs, rel, assume).level is level


def test_verdicts_show_themselves():
    verdict = check("(x+1)^2", "x^2+1")
    assert "counterexample" in str(verdict) and verdict._repr_latex_().startswith("$")


@pytest.mark.parametrize("argv, status, stream, text", [
    (["check", "(x+1)^2", "x^2+2x+1"], 0, "out", "PROVED"),
    (["check", "(x+1)^2", "x^2+1"], 1, "out", "counterexample"),
    (["check", r"\frac{1}{", "x"], 2, "err", "dgmderive: cannot parse"),
    (["check", "x", "y", "--assume", "sigma>>0"], 2, "err", "cannot read the assumption"),
    (["check", "x", "y", "--rel", "~"], 2, "err", "unknown relation"),
    (["check", r"\sin(x)^2 + \cos(x)^2", "1", "--rel", "<="], 0, "out", "PROVED"),
])
def test_check_command(capsys, argv, status, stream, text):
    assert main(argv) == status
    captured = capsys.readouterr()
    output = captured.out if stream == "out" else captured.err
    assert text in output
    if stream == "err":
        assert output.count("\n") == 1 and "Traceback" not in output


def test_undecided_exits_3(capsys):
    # the sophomore's dream: true, but no rule proves it, and numbers are never proof
    assert main(["check", r"\int_0^1 x^{x} dx", r"\sum_{n=1}^{\infty} (-1)^{n+1} n^{-n}"]) == 3
    assert "UNCHECKED" in capsys.readouterr().out


@pytest.mark.parametrize("lhs, rhs, level, note", [
    ("f(x+1)", "f x + f", Level.PROVED,
     "with f read as a factor: PROVED; the claim, with f read as a function: REFUTED"),
    ("p(1-p)", "p - p^2", Level.PROVED, "with p read as a factor: PROVED"),
    ("p(1-p)", "p - 2p^2", Level.REFUTED, "refuted in every reading"),
    ("g(x)", "g", Level.REFUTED, "refuted in every reading"),
])
def test_a_claim_with_two_readings_is_refuted_only_when_both_are(lhs, rhs, level, note):
    verdict = check(lhs, rhs)
    assert verdict.level is level and note in verdict.notes[-1]
    assert len(claim_steps(lhs, rhs)) == 2


def test_a_claim_with_one_reading_has_no_note():
    assert check("a(b+c)", "ab+ac").notes == ()
    assert [step.why for step in claim_steps("f(x+1)", "f(x) + f(1)")] == ["the claim"]


def test_a_matrix_the_text_defines_is_multiplied_in_the_order_written():
    a, b = sympy.Symbol("A", real=True), sympy.Symbol("B", real=True)
    A, B = sympy.ImmutableMatrix([[1, 1], [0, 1]]), sympy.ImmutableMatrix([[1, 0], [1, 1]])
    step = claim_step("A B", "B A", where=((a, A), (b, B)))
    assert (step.lhs, step.rhs) == (A * B, B * A)
    assert check(step).level is Level.REFUTED
    assert check(claim_step(r"\det(A B)", "1", where=((a, A), (b, B)))).level is Level.PROVED


NESTED_FRACTIONS = "x"
for _ in range(1000):
    NESTED_FRACTIONS = r"\frac{1}{" + NESTED_FRACTIONS + "}"
HOSTILE = [  # (lhs, rhs, assumptions)
    (NESTED_FRACTIONS, "1", []),
    ("(" * 110 + "x" + ")" * 110, "x", []),
    ("x" * 1_000_000, "1", []),
    ("x", "1", ["x>1/0"]),
    ("x", "1", ["x>1..2"]),
    ("x", "1", ["x > 10^{10^{10}}"]),
    ("(x+1)^{10^{10}}", "1", []),
    ("10^{10^{10}}", "1", []),
    ("1", "x " * 3000, []),
]


@pytest.mark.parametrize("lhs, rhs, assume", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_raises_only_a_parse_error(lhs, rhs, assume):
    with pytest.raises(ParseError) as error:
        claim_step(lhs, rhs, assume=assume)
    assert "\n" not in str(error.value)
    with pytest.raises(ParseError):
        check(lhs, rhs, assume=assume)


def test_a_long_sum_is_a_claim():
    step = claim_step(" + ".join(f"x_{{{i}}}" for i in range(500)), "0")
    assert len(step.lhs.args) == 500
