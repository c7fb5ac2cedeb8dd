"""Q1: receptive fields by three methods that share no code, and the errors a user can make."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dgmderive.assignment import q1_masked_convolutions as q1
from dgmderive import Level, Step, check
from tests.mutants import levels

# The assignment's masks, written out by hand (rows i = 1..3, columns j = 1..3).
MASK_A = [[0, 0, 0], [1, 0, 0], [1, 1, 1]]
MASK_B = [[0, 0, 0], [1, 1, 0], [1, 1, 1]]


def brute_force_field(masks, rows, cols, pixel, kernel, seed=0):
    """Inputs that change the output: unit impulses through a float convolution with random weights."""
    rng = random.Random(seed)
    half, centre = kernel // 2, (kernel + 1) // 2
    layers = []
    for kind in masks:
        keep = lambda i, j, kind=kind: (i == centre and (j < centre or (kind == "B" and j == centre))) or i > centre
        layers.append([[rng.uniform(0.5, 1.5) if keep(i, j) else 0.0 for j in range(1, kernel + 1)]
                       for i in range(1, kernel + 1)])

    def run(image):
        for weights in layers:
            out = [[0.0] * cols for _ in range(rows)]
            for r in range(rows):
                for c in range(cols):
                    for i in range(kernel):
                        for j in range(kernel):
                            rr, cc = r + i - half, c + j - half
                            if 0 <= rr < rows and 0 <= cc < cols:
                                out[r][c] += weights[i][j] * image[rr][cc]
            image = out
        return image[pixel[0] - 1][pixel[1] - 1]

    field = set()
    for r in range(rows):
        for c in range(cols):
            image = [[0.0] * cols for _ in range(rows)]
            image[r][c] = 1.0
            if run(image) != 0.0:  # positive weights: no cancellation
                field.add((r + 1, c + 1))
    return field


def test_masks_are_the_assignments():
    assert q1.mask("A").tolist() == MASK_A
    assert q1.mask("B").tolist() == MASK_B


@pytest.mark.parametrize("masks", q1.CASES)
def test_the_four_cases_agree_across_three_methods(masks):
    expected = brute_force_field(masks, 5, 5, (3, 4), 3)
    assert q1.receptive_field(masks, 5, (3, 4)) == expected
    assert q1.symbolic_receptive_field(masks, 5, (3, 4)) == expected


def test_answers_hold_the_grids():
    parts = {p.id: p for p in q1.QUESTION.derive()}
    for number, masks in enumerate(q1.CASES, start=1):
        part = parts[f"1.{number}"]
        (answer,) = part.answers
        grid = part.definitions[answer.value["field"]].tolist()
        assert grid == [[int((r, c) in brute_force_field(masks, 5, 5, (3, 4), 3)) for c in range(1, 6)]
                        for r in range(1, 6)]


def test_aa_misses_the_left_neighbour():
    assert (3, 3) not in q1.receptive_field("AA", 5, (3, 4))
    assert (3, 3) in q1.blind_spot("AA", 5, (3, 4))
    assert (3, 4) not in q1.receptive_field("AB", 5, (3, 4))  # causal: A first never sees the pixel


@settings(deadline=None, max_examples=30)
@given(st.text("AB", min_size=1, max_size=3), st.integers(1, 6), st.integers(1, 6), st.sampled_from([1, 3, 5]),
       st.data())
def test_random_configurations_agree(masks, rows, cols, kernel, data):
    pixel = (data.draw(st.integers(1, rows)), data.draw(st.integers(1, cols)))
    expected = brute_force_field(masks, rows, cols, pixel, kernel)
    assert q1.receptive_field(masks, (rows, cols), pixel, kernel) == expected
    assert q1.symbolic_receptive_field(masks, (rows, cols), pixel, kernel) == expected


def test_blind_spot_is_allowed_minus_field():
    for masks in ("A", "AB", "ABB", "BBA"):
        field = brute_force_field(masks, 7, 7, (3, 4), 3)
        assert q1.blind_spot(masks, 7, (3, 4)) == q1.allowed(masks, 7, (3, 4)) - field
        assert not field - q1.allowed(masks, 7, (3, 4))  # the masks never see a later pixel


@pytest.mark.parametrize("call, message", [
    (lambda: q1.receptive_field("AC", 5, (3, 4)), "masks must be a non-empty string"),
    (lambda: q1.receptive_field("", 5, (3, 4)), "masks must be a non-empty string"),
    (lambda: q1.receptive_field("AB", 5, (3, 4), kernel=4), "kernel must be an odd positive integer"),
    (lambda: q1.receptive_field("AB", 5, (6, 1)), "outside the 5x5 grid"),
    (lambda: q1.receptive_field("AB", (5, 3), (3, 4)), "outside the 5x3 grid"),
    (lambda: q1.mask("C"), "unknown mask 'C'"),
])
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_wrong_field_is_refuted():
    field = q1.receptive_field("AB", 5, (3, 4))
    right = q1.pixels(field)
    assert check(Step(right, "=", q1.pixels(set(field)), "same")).level is Level.PROVED
    assert check(Step(right, "=", q1.pixels(field | {(3, 4)}), "one pixel too many")).level is Level.REFUTED
    assert check(Step(right, "=", q1.pixels(field - {(3, 3)}), "one pixel too few")).level is Level.REFUTED
    big = q1.receptive_field("ABB", 12, (3, 6))
    assert check(Step(q1.pixels(big), "=", q1.pixels(big - {(4, 6)}), "large map")).level is Level.REFUTED


def test_every_step_of_q1_is_proved():
    assert set(levels(q1.QUESTION)) == {Level.PROVED}
