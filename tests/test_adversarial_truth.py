"""The adversarial corpus for `dgmderive check`: every claim's stated truth is confirmed with mpmath,
independently of dgmderive (see tests/adversarial_truth.py)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.adversarial_truth import CATEGORIES, confirm

CORPUS = json.loads((Path(__file__).parent / "data" / "adversarial_claims.json").read_text())


@pytest.mark.parametrize("entry", CORPUS, ids=[entry["id"] for entry in CORPUS])
def test_stated_truth_is_confirmed(entry):
    confirm(entry)


def test_corpus_size_balance_and_coverage():
    assert len(CORPUS) >= 200
    assert len({entry["id"] for entry in CORPUS}) == len(CORPUS), "duplicate ids"
    assert sum(not entry["truth"] for entry in CORPUS) >= 0.4 * len(CORPUS)
    per_category = Counter(entry["category"] for entry in CORPUS)
    for category in CATEGORIES:
        assert per_category[category] >= 8, category
    assert sum(entry.get("expect_readable") is False for entry in CORPUS) <= 15
