"""The build: all or nothing, deterministic, and honest about what failed."""

import dataclasses
import json
from pathlib import Path

import pytest
import sympy

from dgmderive import Derivation, Labeled, Question, Words, Written, verify
from dgmderive.build import BuildError, build

x = sympy.Symbol("x", real=True)


def _good() -> Derivation:
    d = Derivation("9.1", "A true step")
    expanded = d.step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")
    d.answer(expanded, value={"square": expanded.rhs})
    return d


def _bad() -> Derivation:
    d = Derivation("9.2", "A false step")
    d.step((x + 1) ** 2, "=", x**2 + 1, "a forgotten cross term")
    return d


def _unchecked() -> Derivation:
    d = Derivation("9.3", "A step nothing can check")
    S = sympy.MatrixSymbol("S", 2, 2)
    d.step(S[0, 0] * S[1, 1], "=", S[0, 1] ** 2, "hope")
    return d


def test_a_good_build_writes_tex_and_json(tmp_path):
    lines = []
    status = build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (_good,))])
    assert status == 0
    assert lines[0].startswith("Q9") and "1 PROVED" in lines[0]
    entries = json.loads((tmp_path / "answers.json").read_text())["parts"]
    assert entries[0]["id"] == "9.1" and entries[0]["steps"][0]["verdict"]["level"] == "PROVED"
    record, sheet = (tmp_path / "verification.tex").read_text(), (tmp_path / "solutions.tex").read_text()
    assert r"\verdict{PROVED}" in record and r"\stepno{9.1.1}" in record
    assert r"\verdict" not in sheet and r"\stepno{9.1.1}" in sheet  # the sheet points to the record


def _worked() -> Derivation:
    d = Derivation("9.7", "A general claim and a worked size")
    d.step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "the general claim")
    with d.record_only():
        d.step(sympy.Pow(3, 2, evaluate=False), "=", 9, "the worked size x = 2")
    d.remark("After the record.")
    return d


def test_record_items_stay_off_the_sheet_and_are_checked_all_the_same(tmp_path):
    assert build(tmp_path, pdf=False, say=lambda _: None, questions=[Question("9", "Test", (_worked,))]) == 0
    record, sheet = (tmp_path / "verification.tex").read_text(), (tmp_path / "solutions.tex").read_text()
    assert "the worked size" in record and "the worked size" not in sheet
    assert "After the record." in sheet and r"\stepno{9.7.1}" in sheet

    def wrong() -> Derivation:
        d = _worked()
        with d.record_only():
            d.step(sympy.Pow(3, 2, evaluate=False), "=", 8, "a wrong worked size")
        return d

    lines = []
    assert build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (wrong,))]) == 1
    assert any(line.startswith("FAILED 9.7 step 3") and "REFUTED" in line for line in lines)


@pytest.mark.parametrize("part, level", [(_bad, "REFUTED"), (_unchecked, "UNCHECKED")])
def test_a_failing_step_stops_the_build_and_writes_nothing(tmp_path, part, level):
    (tmp_path / "solutions.tex").write_text("previous sheet")
    lines = []
    status = build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (_good, part))])
    assert status == 1
    failed = [line for line in lines if line.startswith("FAILED")]
    assert len(failed) == 1 and "step 1" in failed[0] and level in failed[0]
    assert (tmp_path / "solutions.tex").read_text() == "previous sheet"
    assert not (tmp_path / "answers.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["solutions.tex"]  # no temporary files left


def _answered(*pieces, value=None) -> Derivation:
    d = Derivation("9.4", "An answer")
    step = d.step(sympy.sqrt(1 + x**2), ">=", 1, "a square root of at least 1")
    d.answer(*(step if piece == "step" else piece for piece in pieces), value=value)
    return d


def _failures(tmp_path, part) -> list[str]:
    lines = []
    status = build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (_good, part))])
    failed = [line for line in lines if line.startswith("FAILED")]
    assert (status == 1) == bool(failed) and ((tmp_path / "solutions.tex").exists() != bool(failed))
    return failed


@pytest.mark.parametrize("pieces, value, problem", [
    (("step",), {"bound": 1}, None),                                            # a side of the step
    (("step", Words("so it is at least one", because=())), None, "not tied to checked steps"),
    ((r"\sqrt{1-x^2} \ge 1",), None, "does not hold"),                          # written text is read back
    ((r"\sqrt{1+x^2} \ge 1",), None, None),
    ((r"\mathcal{O}(x)",), None, "cannot be read back"),
    (("step",), {"bound": 2}, "is not a side of any checked step"),             # a value typed twice, and wrong
    (("step",), {"holds": True}, "is not a side of any checked step"),          # a truth value must be a step
    (("step",), {"count": "two"}, "is not a side of any checked step"),
    ((Labeled("b", sympy.Integer(2)),), None, "is not a side of any checked step"),
])
def test_an_answer_is_what_checked_steps_say(tmp_path, pieces, value, problem):
    failed = _failures(tmp_path, lambda: _answered(*pieces, value=value))
    if problem is None:
        assert failed == []
    else:
        assert len(failed) == 1 and failed[0].startswith("FAILED 9.4 answer:") and problem in failed[0], failed


def test_a_truth_value_is_the_step_that_says_it(tmp_path):
    def part():
        d = _answered("step")
        d.answer(Words("it exceeds one", because=d.steps[0]), value={"exceeds": d.steps[0]})
        return d

    assert _failures(tmp_path, part) == []
    entry = json.loads((tmp_path / "answers.json").read_text())["parts"][1]
    assert entry["answers"][1]["value"]["exceeds"]["value"] is True and entry["answers"][1]["traced"]["value exceeds"] == "step 1"


def test_an_answer_shows_its_steps_as_they_were_checked(tmp_path):
    assert _failures(tmp_path, lambda: _answered("step")) == []
    sheet = (tmp_path / "solutions.tex").read_text()
    assert r"\answer{\sqrt{x^{2} + 1} \geq 1}" in sheet  # the step's own relation, not one typed again


def _defined(shown: str) -> Derivation:
    d = Derivation("9.6", "A definition shown by a shorter formula")
    a = d.define(sympy.Symbol("a", positive=True), x**2 + 1)
    b = d.define(sympy.Symbol("b"), (x**2 + 1) ** 3 - 2, shown=shown)
    d.step(b + 2, "=", a**3, "by definition")
    d.define(sympy.Symbol("c"), sympy.Integer(12), described=r"\text{the number of months}")
    return d


@pytest.mark.parametrize("shown, holds", [("a^3 - 2", True), ("a^{3} + 2", False), ("a^2 - 2", False)])
def test_a_definition_formula_is_parsed_back(tmp_path, shown, holds):
    lines = []
    status = build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (lambda: _defined(shown),))])
    assert status == (0 if holds else 1)
    if holds:
        record, sheet = (tmp_path / "verification.tex").read_text(), (tmp_path / "solutions.tex").read_text()
        assert rf"b &:= {shown}" in sheet and r"c &:= {}^{\described}\, \text{the number of months}" in record
        assert r"c &:= 12" in sheet  # a value small enough to show is shown
    else:
        assert any(line.startswith("FAILED 9.6 the definition of b: the display") for line in lines)


def test_a_step_with_one_object_on_both_sides_is_refused():
    with pytest.raises(ValueError, match="same object on both sides"):
        Derivation("9.5", "tautology").step(x + 1, "=", 1 + x, "nothing")


def test_a_step_at_an_instance_of_a_general_claim_is_exact():
    d = Derivation("9.5", "instances")
    k = sympy.Symbol("k", integer=True)
    d.step(sympy.Sum(1 / (k * (k + 1)), (k, 1, 2)), "=", sympy.Rational(2, 3), "at n = 2", instance="n = 2")
    assert verify(d).verdicts[0].level.value == "EXACT" and "instance n = 2" in verify(d).verdicts[0].evidence


def _looping() -> Derivation:
    while True:
        pass


def _raising() -> Derivation:
    raise ZeroDivisionError("division by zero")


def _twice() -> Derivation:
    d = _good()
    return d


@pytest.mark.parametrize("part, problem", [(_looping, "ran past its budget"), (_raising, "the script failed"),
                                           (_twice, "two parts are called 9.1")])
def test_a_broken_script_fails_the_build_naming_its_part(tmp_path, monkeypatch, part, problem):
    import dgmderive.questions as building

    monkeypatch.setattr(building, "SCRIPT_SECONDS", 0.3)
    lines = []
    status = build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (_good, part))], workers=1)
    assert status == 1 and any(problem in line for line in lines if line.startswith("FAILED")), lines


def test_only_selects_parts_and_rejects_unknown_ids(tmp_path):
    questions = [Question("9", "Test", (_good, _bad))]
    assert build(tmp_path, only=["9.1"], pdf=False, say=lambda _: None, questions=questions) == 0
    with pytest.raises(BuildError, match="no question or part is called 7.7"):
        build(tmp_path, only=["7.7"], pdf=False, say=lambda _: None, questions=questions)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_leaves_garbage_collection_as_it_found_it(tmp_path, workers):
    import gc

    before = gc.get_threshold()
    build(tmp_path, pdf=False, say=lambda _: None, questions=[Question("9", "Test", (_good, _bad))], workers=workers)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def f(x):
    return x**2 + 1


def _python_map(shown_wrongly: bool) -> Derivation:
    d = Derivation("9.8", "A map written in Python")
    name = d.define_python(f, x)
    if shown_wrongly:  # what a typesetting that says something else would show
        d.items[-1] = dataclasses.replace(d.items[-1], shown="x^{2} - 1")
    d.step(name(x), ">", 0, "a square plus one")
    return d


@pytest.mark.parametrize("wrong", [False, True])
def test_a_python_map_is_shown_as_latexify_typesets_it_and_read_back(tmp_path, wrong):
    lines = []
    status = build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (lambda: _python_map(wrong),))])
    assert status == (1 if wrong else 0)
    if wrong:
        assert any("the definition of f: the display 'x^{2} - 1'" in line and "REFUTED" in line for line in lines)
    else:
        assert r"f{\left(x \right)} &:= x^{2} + 1" in (tmp_path / "solutions.tex").read_text()


def _written(latex: str) -> Derivation:
    d = Derivation("9.9", "A side written as a reader writes it")
    alpha, d_k, g_k = sympy.symbols("alpha d_k g_k", real=True)
    d.step(sympy.Derivative(x * (d_k + alpha * g_k), x), "=", Written(d_k + alpha * g_k, latex), "differentiate")
    return d


@pytest.mark.parametrize("latex, holds", [(r"d_k + \alpha g_k", True), (r"d_{k} + \alpha g_{k}", True),
                                          (r"d_k - \alpha g_k", False)])
def test_a_written_side_is_shown_as_written_and_read_back(tmp_path, latex, holds):
    lines = []
    status = build(tmp_path, pdf=False, say=lines.append, questions=[Question("9", "Test", (lambda: _written(latex),))])
    assert status == (0 if holds else 1)
    if holds:
        assert rf"&= {latex}" in (tmp_path / "solutions.tex").read_text()
    else:
        assert any("9.9 step 1, the right side: the display" in line and "REFUTED" in line for line in lines)


def test_a_build_without_pdfs_leaves_no_stale_pdf_beside_its_sheet(tmp_path):
    (tmp_path / "solutions.pdf").write_bytes(b"%PDF of an older sheet")
    assert build(tmp_path, pdf=False, say=lambda _: None, questions=[Question("9", "Test", (_good,))]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json", "solutions.tex", "verification.tex"]


def test_answers_json_gives_each_value_as_latex_and_one_machine_form():
    from dgmderive.export import SCHEMA, machine_form, value_json

    x = sympy.Symbol("x", positive=True)
    grid = sympy.Symbol("G")
    shown = value_json({"ratio": sympy.Rational(3, 28), "count": sympy.Integer(4), "grid": grid,
                        "roots": [1 + sympy.I * x, sympy.Float(0.5)]}, {grid: sympy.Matrix([[0, 1], [1, 0]])})
    assert shown["ratio"] == {"latex": r"\frac{3}{28}", "srepr": "Rational(3, 28)"}
    assert sympy.parse_expr(shown["ratio"]["srepr"]) == sympy.Rational(3, 28)  # srepr reads back
    assert shown["count"] == {"latex": "4", "value": 4}
    assert shown["grid"]["name"] == "G" and shown["grid"]["value"] == [[0, 1], [1, 0]]
    assert sympy.parse_expr(shown["roots"][0]["srepr"]) == 1 + sympy.I * x and shown["roots"][1]["value"] == 0.5
    # a matrix with symbols, or a float finer than a double, is not forced into JSON
    assert "srepr" in machine_form(sympy.Matrix([[x, 1]])) and "srepr" in machine_form(sympy.Float("0.1", 40))
    with pytest.raises(TypeError, match="cannot write object"):
        machine_form(object())
    committed = json.loads((Path(__file__).resolve().parent.parent / "output" / "answers.json").read_text())
    assert committed["schema"] == SCHEMA and committed["question_set"]["source"] == "dgmderive.assignment"
    steps = [step for part in committed["parts"] for step in part["steps"]]
    assert all(set(step) == {"index", "label", "lhs", "relation", "rhs", "why", "verdict"} for step in steps)
    first = committed["parts"][0]["steps"]
    assert [s["index"] for s in first] == list(range(1, len(first) + 1)) and first[0]["label"].startswith("1.0.")


@pytest.mark.parametrize("text, refuted", [
    ("so $x^2 + 1 > 5$ for every real $x$", True),       # a false formula in words fails the build
    ("so $x^2 + 1 > 0$ for every real $x$", False),
    ("for $x > 3$ it exceeds ten", False),                # a hypothesis, not a claim
    ("and $y^2 + 1 > 5$ for some other $y$", False),      # not about the part's own quantities
])
def test_a_formula_in_an_answers_words_is_read_back_and_refuted_when_false(text, refuted):
    d = Derivation("9.5", "Words")
    step = d.step(x**2 + 1, ">", 0, "a square plus one")
    d.answer(step, Words(text, because=step))
    problems = verify(d).answer_failures
    assert bool(problems) is refuted
    if refuted:
        assert "the words say 'x^2 + 1 > 5', which is refuted" in problems[0]


def test_a_values_srepr_says_a_symbols_assumptions_the_same_way_whichever_was_made_first():
    from dgmderive.export import machine_form

    first = sympy.Symbol("K", real=True, integer=True, positive=True)  # SymPy keeps this one for both
    again = sympy.Symbol("K", integer=True, positive=True)
    assert machine_form(again + 1) == machine_form(first + 1) == {
        "srepr": "Add(Symbol('K', integer=True, positive=True), Integer(1))"}
    assert sympy.parse_expr(machine_form(first - 1)["srepr"]) == first - 1


def test_a_formula_in_words_is_read_under_the_conditions_of_the_steps_they_rest_on():
    d = Derivation("9.6", "Words under conditions")
    step = d.step(x + 1, ">", 0, "shifted", given=[x > 0])
    d.answer(step, Words("so $x + 1 > 1$", because=step))      # true where the step's condition holds
    assert verify(d).answer_failures == []
    wrong = Derivation("9.7", "Words under conditions")
    step = wrong.step(x + 1, ">", 0, "shifted", given=[x > 0])
    wrong.answer(step, Words("so $x + 1 > 2$", because=step))   # false at x = 1/2, which the condition allows
    assert "which is refuted" in verify(wrong).answer_failures[0]
