"""The pytest plugin (`pytest --dgmderive SOURCE`) and the assertion helpers, run by pytester on a
question set of a user's own, outside the project."""

import pytest

from dgmderive.sources import SourceError, load_source
from tests.own_sets import SCRIPT, write_set

pytest_plugins = ["pytester"]

def _set(pytester, script: str = SCRIPT):
    return write_set(pytester.path, script)


def test_each_part_is_an_item_and_numeric_steps_are_listed(pytester):
    _set(pytester)
    result = pytester.runpytest("--dgmderive", "mysets", "-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*mysets::1.1 PASSED*", "*mysets::1.2 PASSED*",
                                 "*dgmderive: 1 NUMERIC step(s)*", "1.2 step 2 (a measured ratio)*NUMERIC*"])


def test_a_planted_wrong_step_fails_its_part_with_the_counterexample(pytester):
    _set(pytester, script=SCRIPT.replace("x**2 + 2 * x + 1, \"expand\"", "x**2 + 2 * x + 2, \"expand\""))
    result = pytester.runpytest("--dgmderive", "mysets", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*1.1 step 1 (expand): (x + 1)**2 = x**2 + 2*x + 2: REFUTED*counterexample: x = *"
                                 "lhs = *rhs = *", "FAILED *mysets::1.1*"])


def test_an_unchecked_step_fails_and_strict_fails_numeric_steps(pytester):
    unchecked = SCRIPT.replace('d.step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")',
                               'd.step(x, "=", sympy.Matrix([[x, 1]]), "a number is not a matrix")')
    _set(pytester, script=unchecked)
    result = pytester.runpytest("--dgmderive", "mysets", "-p", "no:cacheprovider", "--dgmderive-strict")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*1.1 step 1 (a number is not a matrix)*UNCHECKED*",
                                 "*1.2 step 2*NUMERIC*--dgmderive-strict: NUMERIC is not enough*"])


def test_an_answer_not_tied_to_a_checked_step_fails_its_part(pytester):
    untied = SCRIPT.replace('d.answer(step, Words("positive", because=step))',
                            'd.answer(step, value={"bound": sympy.Integer(7)})')
    _set(pytester, script=untied)
    result = pytester.runpytest("--dgmderive", "mysets", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*1.2 answer: the value bound = '7' is not a side of any checked step*"])


def test_k_selects_a_part_and_a_py_file_is_a_source(pytester):
    pytester.makepyfile(squares=SCRIPT)
    result = pytester.runpytest("--dgmderive", "squares.py", "-k", "1.2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, deselected=1)


def test_parts_run_on_two_workers_without_the_store(pytester):
    _set(pytester)
    result = pytester.runpytest_subprocess("--dgmderive", "mysets", "-n", "2", "--dgmderive-no-store", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_a_source_that_names_no_questions_is_a_one_line_usage_error(pytester):
    result = pytester.runpytest("--dgmderive", "no_such_set", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*dgmderive: no_such_set: not a folder, a .py file or an importable module*"])


def test_load_source_refuses_what_lists_no_questions(tmp_path):
    (tmp_path / "empty.py").write_text("X = 1\n")
    with pytest.raises(SourceError, match="lists no QUESTIONS and defines no QUESTION"):
        load_source(str(tmp_path / "empty.py"))
    with pytest.raises(SourceError, match="no such file"):
        load_source(str(tmp_path / "missing.py"))
    bundled = load_source()
    assert [q.number for q in bundled.questions] == ["1", "2", "3", "4", "5", "6"]
    assert bundled.metadata.title == "Deep generative models" and len(bundled.sub_questions) == 20


def test_assert_holds_and_assert_refuted_in_a_plain_test(pytester):
    pytester.makepyfile(test_claims=r'''
import sympy
from dgmderive.testing import assert_holds, assert_refuted

x = sympy.Symbol("x", real=True)


def test_expansion():
    assert_holds(r"(x+1)^2", "=", r"x^2 + 2x + 1", at_least="PROVED")
    assert_holds(x**2, ">=", 0)


def test_my_mistake_is_refuted():
    assert_refuted(r"\sqrt{x^2}", "=", "x")


def test_a_wrong_claim_fails_with_its_counterexample():
    assert_holds(r"\sqrt{x^2}", "=", "x")


def test_a_true_claim_is_not_refuted_and_evidence_is_not_proof():
    import pytest

    with pytest.raises(AssertionError, match="expected REFUTED, got PROVED"):
        assert_refuted(x**2, ">=", 0)
    with pytest.raises(AssertionError, match="expected PROVED or stronger, got NUMERIC"):
        assert_holds(r"\sin(x)", "<=", "x", assume=("x > 0",), at_least="PROVED")
''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["E*AssertionError: Abs(x) = x: expected NUMERIC or stronger, got REFUTED*"
                                 "counterexample: x = *, lhs = *, rhs = *"])


def test_a_script_that_raises_is_one_failing_item_and_the_rest_still_run(pytester):
    folder = _set(pytester)
    (folder / "__init__.py").write_text('QUESTIONS = ["squares", "broken"]\n')
    (folder / "broken.py").write_text(SCRIPT.replace('QUESTION = Question("1"', 'QUESTION = Question("2"')
                                      .replace('d = Derivation("1.1"', 'raise ValueError("a slip"); d = None #'))
    result = pytester.runpytest("--dgmderive", "mysets", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*question 2, expand_square: the script failed: ValueError: a slip*"])
