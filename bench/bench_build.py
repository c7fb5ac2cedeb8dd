"""The whole build, measured as whole processes: cold (empty verdict store) and warm, against the
time of `import sympy`; then the ten slowest steps with the method that checked them.

Run from the repository root: `.venv/bin/python bench/bench_build.py [--runs 5] [--tests]`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def seconds(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def slowest_steps(count: int = 10) -> list[tuple]:
    os.environ["DGMDERIVE_CACHE"] = "off"
    sys.path.insert(0, str(ROOT))
    from dgmderive.checking import cascade

    derivations = importlib.import_module("dgmderive.assignment")
    rows = []
    for name in derivations.QUESTIONS:
        for part in importlib.import_module(f"dgmderive.assignment.{name}").QUESTION.derive():
            for number, step in enumerate(part.steps, start=1):
                start = time.perf_counter()
                verdict = cascade.decide(step)
                rows.append((time.perf_counter() - start, f"{part.id} step {number}", verdict.level.value,
                             verdict.method, step.why))
    return sorted(rows, reverse=True)[:count], sum(r[0] for r in rows), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tests", action="store_true", help="also time the test suite (about a minute)")
    args = parser.parse_args()
    build = [str(BIN / "dgmderive"), "build", "--no-pdf", "--out"]
    rounds = []  # (import sympy, cold, warm): one of each per round, so that drift touches all three
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out")
        warm_env = dict(os.environ, DGMDERIVE_CACHE=str(Path(tmp) / "warm"))
        seconds(build + [out], warm_env)
        for i in range(args.runs):
            rounds.append((seconds([sys.executable, "-c", "import sympy"]),
                           seconds(build + [out], dict(os.environ, DGMDERIVE_CACHE=str(Path(tmp) / f"cold{i}"))),
                           seconds(build + [out], warm_env)))
    sympy_import, cold, warm = (statistics.median(r[k] for r in rounds) for k in range(3))
    cold_ratios = sorted(r[1] / r[0] for r in rounds)
    print(f"median of {args.runs} rounds, {os.cpu_count()} cores")
    print(f"  python -c 'import sympy'        {sympy_import:6.2f} s")
    print(f"  dgmderive build --no-pdf, cold  {cold:6.2f} s  ({cold / sympy_import:4.1f} x import sympy; "
          f"per round {cold_ratios[0]:.1f} to {cold_ratios[-1]:.1f} x, median {statistics.median(cold_ratios):.1f} x)")
    print(f"  dgmderive build --no-pdf, warm  {warm:6.2f} s  ({warm / sympy_import:4.1f} x import sympy)")
    rows, total, count = slowest_steps()
    print(f"checking every step in one process, no store: {total:.2f} s for {count} steps; the ten slowest:")
    for spent, where, level, method, why in rows:
        print(f"  {spent:5.2f} s  {where:<12} {level:<8} {method:<28} {why[:50]}")
    if args.tests:
        tests = seconds([sys.executable, "-m", "pytest", "-q"])
        print(f"test suite: {tests:.1f} s")


if __name__ == "__main__":
    main()
