"""How long the commands that answer at once take to start: `dgmderive list`, `show 6.2`, and
`check` of a claim met before (warm store) and of a new one (store off), each as a whole process
against `python -c "import sympy"`.

Run from the repository root: ``.venv/bin/python bench/bench_startup.py [--rounds 7]``. Each round
runs every command once, in turn, so that the machine's drift touches all of them alike; the
median time and the median per-round ratio to ``import sympy`` are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CLAIM = [r"(x+1)^3", "x^3+3x^2+3x+1"]


def commands(store: str) -> dict[str, tuple[list[str], dict]]:
    warm, off = dict(os.environ, DGMDERIVE_CACHE=store), dict(os.environ, DGMDERIVE_CACHE="off")
    dgmderive = str(BIN / "dgmderive")
    return {
        "import sympy": ([sys.executable, "-c", "import sympy"], warm),
        "list": ([dgmderive, "list"], warm),
        "show 6.2 (warm store)": ([dgmderive, "show", "6.2"], warm),
        "check, a claim met before": ([dgmderive, "check", *CLAIM], warm),
        "check, a new claim (store off)": ([dgmderive, "check", *CLAIM], off),
    }


def timed(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as store:
        runs = commands(store)
        for argv, env in runs.values():  # warm-up: fills the store and the file cache
            timed(argv, env)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, (argv, env) in runs.items():
                times[name].append(timed(argv, env))
    base = times["import sympy"]
    print(f"{'command':<34} {'median':>8} {'x import sympy (median, range)':>32}")
    for name, values in times.items():
        ratios = [t / b for t, b in zip(values, base)]
        print(f"{name:<34} {statistics.median(values):>7.3f}s {statistics.median(ratios):>12.2f} "
              f"({min(ratios):.2f} to {max(ratios):.2f})")


if __name__ == "__main__":
    main()
