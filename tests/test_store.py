"""The verdict store: a rebuild re-checks nothing, and any change to the claim misses the store."""

import pytest
import sympy

from dgmderive import Level, Step, Verdict
from dgmderive.checking import cascade, memory, store
from dgmderive.counting import counted_function

x = sympy.Symbol("x", real=True)


def test_a_stored_verdict_is_found_again_and_a_changed_claim_is_not(tmp_path, monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    step = Step((x + 1) ** 2, "=", x**2 + 2 * x + 1, "expand")
    verdict = cascade.decide(step)
    store.save(step, verdict)
    assert store.load(step) == verdict
    assert store.load(Step((x + 1) ** 2, "=", x**2 + 2 * x + 2, "expand")) is None
    assert store.load(Step((x + 1) ** 2, "<=", x**2 + 2 * x + 1, "expand")) is None
    refuted = Step(x**2, "<", 0, "wrong")
    store.save(refuted, cascade.decide(refuted))
    assert store.load(refuted).counterexample  # a refutation keeps its counterexample


def test_steps_with_python_defined_functions_are_never_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    ops = counted_function("ops_test", lambda tally, n: None)
    step = Step(ops(sympy.Symbol("n", integer=True, positive=True)), "=", 0, "count")
    assert store.key(step) is None
    store.save(step, cascade.decide(step))
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


def test_a_forged_or_malformed_entry_is_ignored_and_the_claim_checked_again(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    wrong = Step(x**2, "<", 0, "wrong")
    path = tmp_path / f"{store.key(wrong)}.json"
    forged = {"level": "PROVED", "method": "sign rules", "evidence": "forged"}
    for text in (json.dumps(forged), json.dumps({"body": json.dumps(forged), "signature": "0" * 64}), "{not json",
                 json.dumps({"body": "[]", "signature": 3}), json.dumps([1, 2])):
        path.write_text(text)
        assert store.load(wrong) is None
    store.save(wrong, cascade.decide(wrong))
    assert store.load(wrong).level.value == "REFUTED"
    entry = json.loads(path.read_text())
    entry["body"] = entry["body"].replace("REFUTED", "PROVED")  # a changed body no longer matches its signature
    path.write_text(json.dumps(entry))
    assert store.load(wrong) is None
    other = Step(x**2, ">=", 0, "right")
    (tmp_path / f"{store.key(other)}.json").write_text(json.dumps(json.loads(path.read_text())))  # signed for another key
    assert store.load(other) is None


def test_a_verdict_reached_after_a_budget_ran_out_is_not_stored(tmp_path, monkeypatch):
    from dgmderive.checking import budget

    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    step = Step(sympy.sin(x) ** 3, ">", -2, "slow")

    def forever(claim):
        while True:
            pass

    endless = cascade.Stage("endless", forever, cascade.DECIDES, 0.05)
    monkeypatch.setattr(cascade, "STAGES", (endless,))
    before = budget.exhausted()
    memory._known.clear()
    verdict = memory.check(step)
    assert verdict.level.value == "UNCHECKED" and budget.exhausted() > before and store.load(step) is None
    memory._known.clear()


def test_budgets_count_cpu_time_and_scale(monkeypatch):
    import time

    from dgmderive.checking import budget

    start = time.perf_counter()
    assert budget.within(0.05, lambda: time.sleep(0.3) or "slept") == "slept"  # sleeping uses no CPU
    assert time.perf_counter() - start >= 0.3
    before = budget.exhausted()
    assert budget.within(0.05, lambda: [sum(range(10**5)) for _ in range(10**4)]) is None
    assert budget.exhausted() == before + 1
    monkeypatch.setenv("DGMDERIVE_BUDGET_SCALE", "2")
    assert budget.scale() == 2
    monkeypatch.setenv("DGMDERIVE_BUDGET_SCALE", "fast")
    assert budget.scale() == 1


@pytest.mark.parametrize("home", ["", "/", "relative/path", "/no/such/folder"])
def test_without_a_usable_home_the_store_is_off_and_says_so(monkeypatch, capsys, home):
    store._say_once.cache_clear()
    monkeypatch.delenv("DGMDERIVE_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    assert store.directory() is None
    assert "the verdict store is off" in capsys.readouterr().err


def test_the_store_lives_in_the_cache_folders_people_set(monkeypatch, tmp_path):
    monkeypatch.delenv("DGMDERIVE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert store.directory() == tmp_path / "xdg" / "dgmderive"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store.directory() == tmp_path / ".cache" / "dgmderive"


def test_a_claims_entry_is_believed_only_as_signed(tmp_path, monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    refuted = Verdict(Level.REFUTED, "mpmath, 50 digits", "fails at a point", (("x", "-1"),), notes=("a note",))
    store.save_claim(r"\sqrt{x^2}", "=", "x", ("x real",), "Abs(x) = x", refuted)
    claim, verdict = store.load_claim(r"\sqrt{x^2}", "=", "x", ("x real",))
    assert (claim, verdict, verdict.notes) == ("Abs(x) = x", refuted, ("a note",))
    assert store.load_claim(r"\sqrt{x^2}", "=", "x", ()) is None  # other assumptions, another claim
    (entry,) = tmp_path.glob("*.json")
    entry.write_text(entry.read_text().replace("REFUTED", "PROVED"))
    assert store.load_claim(r"\sqrt{x^2}", "=", "x", ("x real",)) is None
