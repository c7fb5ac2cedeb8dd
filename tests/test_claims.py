"""`check` in the Python API and on the command line: verdicts and exit codes."""

import pytest

from dgmderive import Level, check
from dgmderive.cli import main


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
    ("x^2", "0", ">", [], Level.NUMERIC),                                 # fails only at x = 0
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
    assert main(["check", r"\det(S)", "1"]) in (1, 3)  # det of a symbol is a plain function: never proved
    capsys.readouterr()
