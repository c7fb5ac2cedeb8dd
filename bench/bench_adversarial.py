"""The checker on the adversarial corpus (tests/data/adversarial_claims.json): claims per second,
how many end at each level, and every wrong verdict (a false claim that holds, a true claim refuted).

Run from the repository root: `.venv/bin/python bench/bench_adversarial.py [--workers 2] [--slowest 10]`.
Each claim is checked in a fresh state of the checker (no verdict store); times are CPU seconds
of the process that checked it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.adversarial import corpus, mistake, verdicts  # noqa: E402


def run(workers: int) -> list[tuple[dict, tuple[str, str, float]]]:
    os.environ["DGMDERIVE_CACHE"] = "off"
    entries = corpus()
    return list(zip(entries, verdicts(entries, workers)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slowest", type=int, default=10)
    args = parser.parse_args()
    start = time.perf_counter()
    results = run(args.workers)
    wall = time.perf_counter() - start
    cpu = sum(seconds for _, (_, _, seconds) in results)
    print(f"{len(results)} claims in {wall:.1f} s with {args.workers} workers: {len(results) / cpu:.1f} claims per "
          f"CPU second ({cpu:.1f} CPU s in all)")
    for truth in (True, False):
        levels = Counter(level for entry, (level, _, _) in results if entry["truth"] is truth)
        print(f"  {'true' if truth else 'false'} claims: " + ", ".join(f"{n} {level}" for level, n in levels.most_common()))
    mistakes = [(kind, entry, text) for entry, (level, text, _) in results if (kind := mistake(entry, level))]
    counts = Counter(kind for kind, _, _ in mistakes)
    print(f"false accepts: {counts['false accept']}  (PROVED: "
          f"{sum(1 for k, e, t in mistakes if k == 'false accept' and t.startswith('PROVED'))}), "
          f"false refutations: {counts['false refutation']}")
    for kind, entry, text in mistakes:
        print(f"  {kind}: {entry['id']} ({entry['category']}) {entry['lhs']} {entry['rel']} {entry['rhs']} "
              f"{entry['assume']}: {text[:160]}")
    print(f"the {args.slowest} slowest:")
    for entry, (level, _, seconds) in sorted(results, key=lambda r: -r[1][2])[:args.slowest]:
        print(f"  {seconds:6.2f} s  {entry['id']:<14} {level}")


if __name__ == "__main__":
    main()
