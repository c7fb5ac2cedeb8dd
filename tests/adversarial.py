"""The adversarial corpus (tests/data/adversarial_claims.json) through the checker: one verdict per
claim, and which verdicts contradict the claim's truth (settled by tests/adversarial_truth.py)."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "adversarial_claims.json"


def corpus() -> list[dict]:
    return json.loads(CORPUS.read_text())


def verdict_of(entry: dict) -> tuple[str, str, float]:
    """(level, or "UNREADABLE", the verdict's text, CPU seconds) of one entry, in this process."""
    from dgmderive.claims import check
    from dgmderive.parse import ParseError

    start = time.process_time()
    try:
        verdict = check(entry["lhs"], entry["rhs"], entry["rel"], entry["assume"])
        outcome = verdict.level.value, str(verdict)
    except ParseError as error:
        outcome = "UNREADABLE", str(error)
    return (*outcome, time.process_time() - start)


def verdicts(entries: list[dict], workers: int = 2) -> list[tuple[str, str, float]]:
    """The verdicts of ``entries``, checked in ``workers`` forked processes."""
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(verdict_of, entries, chunksize=4)
    return [verdict_of(entry) for entry in entries]


def mistake(entry: dict, level: str) -> str | None:
    """"false accept" or "false refutation" when the verdict contradicts the entry's truth."""
    if not entry["truth"] and level in ("PROVED", "EXACT", "NUMERIC"):
        return "false accept"
    if entry["truth"] and level == "REFUTED":
        return "false refutation"
    return None
