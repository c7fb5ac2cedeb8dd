"""Slips of the pen in the derivation scripts, in what the reader relies on (answer values, answer
text, strictness, conditions, the problem's data, part ids, a loop), are caught: the question no
longer builds. The full mutation run is bench/bench_script_mutants.py."""

import pytest

from tests.script_mutants import original, outputs

EDITS = [  # (script, what is written, the slip), each from a class of edits a reader would be misled by
    ("q2_reparameterization", "(2 * pi) ** (-K / 2) / Product(sigma_[k], (k, 1, K))",
     "(2 * pi) ** (-K / 3) / Product(sigma_[k], (k, 1, K))"),                       # 2.1's normalisation
    ("q2_reparameterization", 'ORDERS = {"diagonal": 1,', 'ORDERS = {"diagonal": 2,'),   # O(K^2) for O(K)
    ("q2_reparameterization", "S[row][j] = S[row][j] - factor * S[col][j]",
     "S[row][j] = S[row][j] + factor * S[col][j]"),                                      # a wrong LU elimination
    ("q3_amortized_inference", '"params_amortised": D.definitions[stored]', '"params_amortised": 3'),
    ("q3_amortized_inference", "mean -= rate * Fraction(", "mean += rate * Fraction("),  # a loop that never ends
    ("q5_flow_invertibility", "Mul(-1, c + 1, 1 / b_nonzero, evaluate=False)",
     "Mul(-1, c - 1, 1 / b_nonzero, evaluate=False)"),                                   # not a collision point
    ("q5_flow_invertibility", "given=[f_prime > -1])", "given=[f_prime >= -1])"),         # a condition weakened
    ("q1_masked_convolutions", "grid = D.define(Symbol(name), Matrix(as_grid(cells, rows, cols)), quiet=True)",
     "grid = D.define(Symbol(name), Matrix(as_grid(cells, rows, cols)[:3]), quiet=True)"),  # a grid cut short
    ("q1_masked_convolutions", "SIZE, TARGET, KERNEL = 5, (3, 4), 3",
     "SIZE, TARGET, KERNEL = 5, (3, 3), 3"),                                              # a given changed
    ("q1_masked_convolutions", '@part("1.5"', '@part("1.4"'),                    # two parts called 1.4
    ("q6_gan_dynamics", 'Labeled(r"(d^*, g^*)", Matrix(list(point)))',
     'Labeled(r"(d^*, g^*)", Matrix([0, 1 / alpha]))'),                                   # the fixed point
    ("q6_gan_dynamics", '"modulus": modulus.rhs', '"modulus": sqrt(1 + alpha)'),
    ("q6_gan_dynamics", '"diverges": outside', '"diverges": False'),
    ("q6_gan_dynamics", 'outside = D.step(sqrt(1 + alpha**2), ">", 1,',
     'outside = D.step(sqrt(1 + alpha**2), ">=", 1,'),                                    # |lambda| > 1 made >=
    ("q4_importance_weighting", 'values[name] = {"L": {1: elbo(q, p)}', 'values[name] = {"L": {1: elbo(q, p) / 2}'),
]


@pytest.mark.parametrize("script, written, slip", EDITS, ids=[f"{e[0][:2]}-{k}" for k, e in enumerate(EDITS)])
def test_a_slip_of_the_pen_is_caught(script, written, slip, monkeypatch):
    import dgmderive.questions as building

    monkeypatch.setattr(building, "SCRIPT_SECONDS", 1.0)  # the loop, found in a second
    text = original(f"dgmderive.assignment.{script}")
    assert text.count(written) == 1, f"the edit no longer applies to {script}: {written!r}"
    builds, _ = outputs(f"dgmderive.assignment.{script}", text.replace(written, slip))
    assert not builds


@pytest.mark.parametrize("script", sorted({e[0] for e in EDITS}))
def test_the_scripts_as_written_build(script):
    assert outputs(f"dgmderive.assignment.{script}", original(f"dgmderive.assignment.{script}"))[0]
