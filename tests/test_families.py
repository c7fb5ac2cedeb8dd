"""Families: members with an ellipsis as sums and products, sums without bounds, and the IWAE bound's
logarithm of an average."""

import pytest
from dgmderive import Level, check
from dgmderive.parse import ParseError, parse_expression

@pytest.mark.parametrize("lhs, rhs, assume, level", [
    (r"x_1 + x_2 + \dots + x_n", r"\sum_{i=1}^n x_i", [], Level.NUMERIC),
    (r"x_1 + \cdots + x_n", r"\sum_{i=2}^n x_i", ["n integer", "n>1"], Level.REFUTED),
    (r"w_1 w_2 \cdots w_K", r"\prod_{k=1}^K w_k", [], Level.NUMERIC),
    (r"w_1 \cdot \ldots \cdot w_K", r"\sum_{k=1}^K w_k", ["K integer", "K>1"], Level.REFUTED),
    (r"\frac{1}{K}\sum_{k} w_k", r"\frac{1}{K}\sum_{k=1}^K w_k", ["K integer", "K>0"], Level.PROVED),
    (r"\frac{1}{K}\sum_{k} w_k", r"\frac{1}{K}\sum_{k=1}^K w_k^2", ["K integer", "K>0"], Level.REFUTED),
])
def test_families_in_claims(lhs, rhs, assume, level):
    assert check(lhs, rhs, "=", assume).level is level


def test_the_log_of_an_average_bounds_the_average_of_logs():
    iwae, average = r"\log \frac{1}{2}\sum_{i=1}^{2} w_i", r"\frac{1}{2}\sum_{i=1}^2 \log w_i"
    assert check(iwae, average, ">=", ["w>0"]).holds
    assert check(iwae, average, "<=", ["w>0"]).level is Level.REFUTED
    assert str(parse_expression(r"\log \frac{1}{k}\sum_{i=1}^k w_i")) == "log(Sum(w[i], (i, 1, k))/k)"
    assert check(r"\log \frac{1}{k}\sum_{i=1}^k w_i", r"\log \frac{1}{k} \cdot \sum_{i=1}^k w_i", "=",
                 ["k integer", "k>0", "w>0"]).level is Level.PROVED


@pytest.mark.parametrize("latex, expected", [
    (r"x_1 + \dots + x_K", "Sum(x[j], (j, 1, K))"),
    (r"\frac{1}{K}\sum_k w_k", "Sum(w[k], (k, 1, K))/K"),
    (r"\sum_{k=1}^{3} w_k + \sum_k w_k", "2*Sum(w[k], (k, 1, 3))"),   # the range another sum gives
])
def test_families_read(latex, expected):
    assert str(parse_expression(latex)) == expected


@pytest.mark.parametrize("lhs, rhs, level", [
    # a sum whose range the text does not say runs to a count of its own, never computed
    (r"\sum_i w_i + \sum_i v_i", r"\sum_i (w_i + v_i)", Level.PROVED),
    (r"\log \prod_i s_i", r"\sum_i \log s_i", Level.PROVED),
    (r"\sum_i w_i", r"\sum_i w_i + 1", Level.REFUTED),                 # the count cancels
    (r"\sum_i 1", "3", Level.UNCHECKED),
    (r"\sum_i w_i", r"\sum_{i=1}^{2} w_i", Level.UNCHECKED),
])
def test_a_sum_without_its_range_runs_to_a_count_never_computed(lhs, rhs, level):
    assert check(lhs, rhs, assume=["s>0"]).level is level


@pytest.mark.parametrize("latex, message", [
    (r"x_1 + x_3 + \dots + x_K", "not consecutive"),
])
def test_families_that_cannot_be_read_are_refused(latex, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(latex)
