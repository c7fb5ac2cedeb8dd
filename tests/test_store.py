"""The verdict store: a rebuild re-checks nothing, and any change to the claim misses the store."""

import sympy

from dgmderive import Step
from dgmderive.checking import cascade, store
from dgmderive.counting import counted_function

x = sympy.Symbol("x", real=True)


def test_a_stored_verdict_is_found_again_and_a_changed_claim_is_not(tmp_path, monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    step = Step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")
    verdict = cascade._check(step)
    store.save(step, verdict)
    assert store.load(step) == verdict
    assert store.load(Step((x + 1) ** 2, "=", x**2 + 2 * x + 2, "expand")) is None
    assert store.load(Step((x + 1) ** 2, "<=", x**2 + 2 * x + 1, "expand")) is None
    refuted = Step(x**2, "<", 0, "wrong")
    store.save(refuted, cascade._check(refuted))
    assert store.load(refuted).counterexample  # a refutation keeps its counterexample


def test_steps_with_python_defined_functions_are_never_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    ops = counted_function("ops_test", lambda tally, n: None)
    step = Step(ops(sympy.Symbol("n", integer=True, positive=True)), "=", 0, "count")
    assert store.key(step) is None
    store.save(step, cascade._check(step))
    assert list(tmp_path.iterdir()) == []


def test_the_store_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", "off")
    assert store.directory() is None


def test_a_display_read_back_is_stored_and_a_changed_display_is_not(tmp_path, monkeypatch):
    from dgmderive.checked import displayed_matches

    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    right, wrong = r"\frac{x^2 - 1}{x + 1}", r"\frac{x^2 + 1}{x + 1}"
    assert displayed_matches(right, x - 1).holds
    assert store.load_display(right, x - 1, ()) == displayed_matches(right, x - 1)
    assert store.load_display(wrong, x - 1, ()) is None and store.load_display(right, x + 1, ()) is None
    assert displayed_matches(wrong, x - 1).level.value == "REFUTED"
    assert store.load_display(wrong, x - 1, ()).level.value == "REFUTED"
