"""Mutants of the derivation scripts: how many the build catches (see tests/script_mutants.py).

Run from the repository root: `.venv/bin/python bench/bench_script_mutants.py [--sample 240] [--seed 0]
[--workers 2]`. Without --sample every mutant of every script is built. Prints the kill rate, the
equivalent mutants (same outputs as the original) and every survivor, to be classified.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.script_mutants import judge, modules, mutants, original, outputs  # noqa: E402

_references: dict = {}


def _judged(mutant):
    if mutant.module not in _references:
        _references[mutant.module] = outputs(mutant.module, original(mutant.module))[1]
    return mutant, judge(mutant, _references[mutant.module])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("DGMDERIVE_CACHE", tempfile.mkdtemp(prefix="dgmderive-mutants-"))
    every = [m for module in modules() for m in mutants(module)]
    chosen = random.Random(args.seed).sample(every, args.sample) if 0 < args.sample < len(every) else every
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        results = pool.map(_judged, chosen, chunksize=4)
    counts = Counter(outcome for _, outcome in results)
    real = len(results) - counts["equivalent"]
    print(f"{len(results)} of {len(every)} mutants in {time.perf_counter() - start:.0f} s: {counts['killed']} killed, "
          f"{counts['equivalent']} equivalent, {counts['survived']} survived")
    print(f"kill rate: {counts['killed'] / len(results):.1%} of all, {counts['killed'] / max(real, 1):.1%} of the "
          "non-equivalent")
    for mutant, outcome in results:
        if outcome == "survived":
            print(f"  survived: {mutant.module.split('.')[-1]}:{mutant.line} {mutant.description}")


if __name__ == "__main__":
    main()
