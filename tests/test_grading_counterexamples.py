"""Counterexamples as data: each entry says what it gives a value to, and grade reads that, not text."""

import sympy

from dgmderive.checking import memory
from dgmderive.claims import best_reading, claim_step, claim_steps
from dgmderive.grading import grade_text
from dgmderive.grading.chains import _in_context
from dgmderive.relation import Relation
from dgmderive.verdict import Entry, Kind, Level, Verdict


def refuted(lhs: str, rhs: str, rel: str = "=") -> Verdict:
    verdict = best_reading(claim_steps(lhs, rhs, rel))[1]
    assert verdict.level is Level.REFUTED
    return verdict


def test_sampling_says_what_each_entry_is(monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", "off")  # checked afresh: the store keeps names and values only
    monkeypatch.setattr(memory, "_known", {})
    assert [e.kind for e in refuted("(x+1)^2", "x^2+1").counterexample] == [Kind.SYMBOL, Kind.SIDE, Kind.SIDE]
    chosen = refuted("f(z)", "f(z+1)").counterexample
    assert chosen[0].kind is Kind.FUNCTION and chosen[0].name == "f" and chosen[1] == Entry("z", chosen[1].value,
                                                                                             Kind.SYMBOL)
    slope = refuted(r"\frac{df}{dz}", "0", ">").counterexample
    assert slope[0].kind is Kind.CALL and slope[0].name == "Derivative(f(z), z)"


def test_an_entry_reads_as_a_pair_and_shows_as_before():
    verdict = Verdict(Level.REFUTED, "m", "", (("x", "1"), Entry("lhs", "2", Kind.SIDE)))
    assert verdict.counterexample[0] == Entry("x", "1", Kind.UNSTATED)
    assert dict(verdict.counterexample) == {"x": "1", "lhs": "2"} and verdict.counterexample[1][1] == "2"
    assert str(verdict) == "REFUTED (m); counterexample: x = 1, lhs = 2"
    assert verdict.to_json()["counterexample"] == {"x": "1", "lhs": "2"}


def test_grade_decides_by_what_the_entries_are():
    step = claim_step("f(z)^2 + z", "z", ">")
    chosen = Verdict(Level.REFUTED, "m", "", (Entry("f(z)", "0", Kind.CALL), Entry("lhs", "0", Kind.SIDE)))
    assert _in_context(step, chosen).level is Level.UNCHECKED  # it needs a value of f: f is defined elsewhere
    symbols = Verdict(Level.REFUTED, "m", "", (Entry("f(z)", "0", Kind.SYMBOL),))
    assert _in_context(step, symbols).level is Level.REFUTED  # what an entry is, not how it is named
    unstated = Verdict(Level.REFUTED, "m", "", (("f(z)", "0"), ("lhs", "0")))
    assert _in_context(step, unstated).level is Level.UNCHECKED  # an unstated entry named as a call of the claim
    point = Verdict(Level.REFUTED, "m", "", (("z", "0"), ("(any point)", "1")))
    assert _in_context(step, point).level is Level.REFUTED
    plain = claim_step("z^2", "z", ">")
    assert _in_context(plain, Verdict(Level.REFUTED, "m", "", (Entry("z", "0", Kind.SYMBOL),))).level is Level.REFUTED


def test_a_verdict_read_back_from_the_store_grades_alike(tmp_path, monkeypatch):
    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    text = "$$ \\frac{df}{dz} > 0 $$\n$$ f(z)^2 + 1 > f(z) + z^2 $$\n$$ \\frac{df}{dz} + 1 = \\frac{df}{dz} $$"
    first = [link.status for chain in grade_text(text) for link in chain.links]
    monkeypatch.setattr(memory, "_known", {})
    again = [link.status for chain in grade_text(text) for link in chain.links]
    assert first == again == ["undecided", "undecided", "refuted"]
    assert any(tmp_path.glob("*.json"))  # the second run read the verdicts back, with their entries' kinds lost


def test_the_decision_procedure_and_the_store_say_what_each_entry_is(monkeypatch, tmp_path):
    from dgmderive.checking import decision, store
    from dgmderive.checking.claim import Claim

    f, z = sympy.Function("f"), sympy.Symbol("z", real=True)
    verdict = decision.decide(Claim(1 + sympy.Derivative(f(z), z), Relation.GT, sympy.Integer(0)))
    assert verdict.level is Level.REFUTED
    assert [e.kind for e in verdict.counterexample] == [Kind.CALL, Kind.SIDE, Kind.SIDE]
    monkeypatch.setenv("DGMDERIVE_CACHE", str(tmp_path))
    step = claim_step("1 + f'(z)", "0", ">")
    store.save(step, verdict)
    assert [e.kind for e in store.load(step).counterexample] == [Kind.CALL, Kind.SIDE, Kind.SIDE]
